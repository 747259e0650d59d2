// Which number formats make a numeric cell a date, and how an Excel serial becomes a calendar date.

/**
 * Built-in format ids that are dates: 14–17 and 22 (date/date-time), and the East-Asian built-ins
 * 27–36 and 50–58 (yyyy"年"m"月"d"日" and friends in zh-CN Excel/WPS, which store no formatCode).
 * 18–21 and 45–47 are times of day, not dates.
 */
const BUILTIN_DATE_IDS = new Set([14, 15, 16, 17, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 50, 51, 52, 53, 54, 55, 56, 57, 58]);

export function isDateFormat(id: number, code: string | undefined): boolean {
  if (code === undefined) return BUILTIN_DATE_IDS.has(id);
  // drop quoted literals, escaped characters, [colour]/[$-804]/[DBNum1] brackets and "General"
  const bare = code
    .replace(/"[^"]*"/g, '')
    .replace(/\\./g, '')
    .replace(/\[[^\]]*\]/g, '')
    .replace(/general/gi, '');
  if (/E[+-]/i.test(bare)) return false; // scientific
  return /[yd]/i.test(bare) || /[年月日]/.test(code);
}

const DAY_MS = 86_400_000;
const EPOCH_1900 = Date.UTC(1899, 11, 30);
const EPOCH_1904 = Date.UTC(1904, 0, 1);

/**
 * Excel serial → YYYY-MM-DD, computed in UTC so the machine's time zone can never shift the day.
 * 1900 system: day 1 = 1900-01-01, and Excel counts a non-existent 1900-02-29 (serial 60), so serials
 * from 61 use the epoch 1899-12-30 and serials 1–59 the epoch 1899-12-31 (docs/domain/import.md#date-forms).
 */
export function serialToIsoDate(serial: number, date1904 = false): string | null {
  if (!Number.isFinite(serial) || serial < 1 || serial > 2_958_465) return null; // 9999-12-31
  // a time of day never moves the date; guard against 0.9999999 float noise
  const days = Math.floor(serial + 1e-7);
  let ms: number;
  if (date1904) ms = EPOCH_1904 + days * DAY_MS;
  else if (days >= 61) ms = EPOCH_1900 + days * DAY_MS;
  else if (days === 60) return '1900-02-28'; // Excel's phantom 1900-02-29: the nearest real date
  else ms = EPOCH_1900 + (days + 1) * DAY_MS;
  return new Date(ms).toISOString().slice(0, 10);
}
