import type { LayoutColumn } from '../excel/layout.ts';
import type { ExportColumnChoice } from './context.ts';

// A table's column catalogue from its layout columns (declared once, in the export): key = the column's
// key, else its header path; 序号 and 姓名 are always printed.

const REQUIRED = new Set(['序号', '姓名']);

export const columnKey = (c: Pick<LayoutColumn<unknown>, 'key' | 'header'>): string =>
  c.key ?? (Array.isArray(c.header) ? c.header.join('/') : c.header);

export function columnChoices(columns: readonly LayoutColumn<any>[], required: ReadonlySet<string> = REQUIRED): ExportColumnChoice[] {
  return columns.map((c) => {
    const label = Array.isArray(c.header) ? c.header.join('·') : c.header;
    return { key: columnKey(c), label, required: required.has(label) };
  });
}
