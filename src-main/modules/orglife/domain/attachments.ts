// Attachments (签到表 scans, photos, materials) are kept inside the database with their activity
// (docs/domain/org-life.md#attachments): bounded so that the one database file stays easy to copy and
// back up. Pure.

export const ATTACH_MAX_BYTES = 10 * 1024 * 1024;
export const ATTACH_MAX_FILES = 20;
export const ATTACH_MAX_TOTAL = 50 * 1024 * 1024;

const MIME: Record<string, string> = {
  jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png', gif: 'image/gif', webp: 'image/webp', bmp: 'image/bmp',
  tif: 'image/tiff', tiff: 'image/tiff', heic: 'image/heic', pdf: 'application/pdf',
  doc: 'application/msword', docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xls: 'application/vnd.ms-excel', xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  ppt: 'application/vnd.ms-powerpoint', pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  wps: 'application/vnd.ms-works', txt: 'text/plain', mp3: 'audio/mpeg', m4a: 'audio/mp4', mp4: 'video/mp4',
};

/** the file's own name without any folder part */
export const baseFileName = (name: string): string => name.replace(/^.*[\\/]/, '').trim();

export function mimeOf(fileName: string): string {
  const ext = (/\.([^.]+)$/.exec(fileName)?.[1] ?? '').toLowerCase();
  return MIME[ext] ?? 'application/octet-stream';
}

export const sizeText = (bytes: number): string =>
  bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;
