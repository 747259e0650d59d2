import type { CellValue, GridRow, GridSheet } from '../../../excel/read/grid.ts';
import { IGNORED_KEY, type ImportFieldKey } from '../domain/fields.ts';
import { cellText } from './header.ts';
import { matchHeadingText } from './heading.ts';

// One-person forms (docs/domain/import.md#one-person-forms): the national 党员基本信息采集表 and its local
// copies put each item's label beside its value ("1.姓名 | 张三 | 2.性别 | 男"), sometimes the value under the
// label. A sheet with no roster header whose cells pair at least four labels with values, 姓名 or 公民身份号码
// among them, is read as one member. Signature lines and titles are not labels and are passed over.

export interface FormEntry {
  field: ImportFieldKey;
  /** the label as the form prints it, trimmed */
  label: string;
  /** where the value is (0-based) */
  row: number;
  col: number;
  value: CellValue;
}

export const FORM_MAX_ROWS = 150;
const MIN_LABELS = 4;

function labelOf(v: CellValue): ImportFieldKey | null {
  if (typeof v !== 'string' || v.length > 60 || /^\s*\d+\s*$/.test(v)) return null;
  const t = matchHeadingText(v);
  return t && t !== IGNORED_KEY ? (t as ImportFieldKey) : null;
}

const isLabel = (v: CellValue) => labelOf(v) !== null;

/** the column after a cell's merged range (a label often spans two cells) */
function endOf(sheet: GridSheet, r: number, c: number): number {
  for (const m of sheet.merges) if (m.top <= r && m.bottom >= r && m.left <= c && m.right >= c) return m.right;
  return c;
}

/** the entries of a one-person form, or null when the sheet is not one */
export function readForm(sheet: GridSheet): FormEntry[] | null {
  const entries = new Map<ImportFieldKey, FormEntry>();
  const labelRows = new Set<number>();
  const rows = sheet.rows.slice(0, FORM_MAX_ROWS);
  rows.forEach((row: GridRow | undefined, r) => {
    if (!row) return;
    for (let c = 0; c < row.length; c++) {
      const field = labelOf(row[c]);
      if (!field) continue;
      labelRows.add(r);
      if (entries.has(field)) continue;
      const label = cellText(row[c]);
      let found: { row: number; col: number; value: CellValue } | null = null;
      // the value to the right, up to the next label
      for (let x = endOf(sheet, r, c) + 1; x < row.length; x++) {
        const v = row[x];
        if (isLabel(v)) break;
        if (cellText(v)) {
          found = { row: r, col: x, value: v };
          break;
        }
      }
      // or under it, when the form puts values in the row below its labels
      if (!found) {
        const below = sheet.rows[r + 1]?.[c];
        if (cellText(below) && !isLabel(below)) found = { row: r + 1, col: c, value: below };
      }
      entries.set(field, { field, label, row: found?.row ?? r, col: found?.col ?? c, value: found?.value ?? null });
    }
  });
  const withValue = [...entries.values()];
  if (withValue.length < MIN_LABELS || labelRows.size < 2) return null;
  if (!entries.has('name') && !entries.has('idNumber')) return null;
  // 联系电话 holding a mobile and a landline ("13800138000 / 0531-88888888"): one each
  const phone = entries.get('phone');
  if (phone && typeof phone.value === 'string' && !entries.has('landline')) {
    const parts = phone.value.split(/[/、,，;；\s]+/).filter(Boolean);
    const mobile = parts.find((p) => /^1\d{10}$/.test(p.replace(/-/g, '')));
    const landline = parts.find((p) => /^\(?0\d{2,3}\)?-?\d{7,8}$/.test(p));
    if (mobile && landline) {
      entries.set('phone', { ...phone, value: mobile });
      entries.set('landline', { ...phone, field: 'landline', value: landline });
    }
  }
  return [...entries.values()];
}
