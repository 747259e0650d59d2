import type { CellValue, GridRow } from '../../../excel/read/grid.ts';
import { cellText, type HeaderInfo } from './header.ts';

// What a row under the header is (docs/domain/import.md#rows-that-are-not-members). Nothing is dropped
// silently: a row is a member (imported or refused with its reasons), or skipped with a reason the report
// shows — a header repeated on a printed page, a note or instruction block (注意事项, 填写说明, an example
// row), a footer (合计, 填表人 …) and whatever follows it, a seal or signature line (公章, 签字, 年 月 日), or
// a pre-printed 序号 with nothing else.

export interface RowContext {
  header: HeaderInfo;
  /** 0-based columns of 姓名 and 公民身份号码, -1 when the sheet has none */
  nameCol: number;
  idCol: number;
  /** columns whose values are imported (mapped to a field) */
  fieldCols: Set<number>;
}

export type RowVerdict = { kind: 'blank' } | { kind: 'data' } | { kind: 'skip'; reason: string; footer?: boolean };

const BLANK: RowVerdict = { kind: 'blank' };
const DATA: RowVerdict = { kind: 'data' };

/** footers that end the data (合计, 填表人 …) and footer-like lines that do not (小计, 联系人) */
const ENDING_FOOTER = /^(填表人|填报人|制表人|审核人|审批人|负责人|单位负责人|主要负责人|分管领导|合计|总计)/;
const FOOTER_LINE = /^(小计|联系人|联系电话[:：]|填表日期|填报日期|制表日期|报送日期)/;
const NOTE = /^(注[:：\d、.．]|注$|注意|说明[:：]|填表说明|填写说明|温馨提示|提示[:：]|特别提示|备注[:：]|※|\*+[^\d]|★|▲)/;
const SEAL = /公章|盖章|签字|签名|签章|[(（]章[)）]/;
const DATE_BLANKS = /^年\s+月\s+日$|^\s*年\s*月\s*日\s*$|^[（(]?\s*年\s+月\s+日\s*[)）]?$/;
/** words of an instruction or example row in a template (an ID cell saying "18位", a name cell saying "必填") */
const INSTRUCTION = /必填|选填|请填写|请输入|请选择|下拉选择|从下拉|格式[:：为]|如[:：]|例[:：如]|示例|样例|填写全称|\d+位|yyyy|YYYY|不要输入|不能为空|只能填|填写说明/;
/** a 序号 as pre-printed templates number their rows */
const SEQ = /^[(（]?\d{1,6}[)）.、．]?$/;

const snippet = (t: string) => {
  const one = t.replace(/\s+/g, ' ').trim();
  return one.length > 24 ? `${one.slice(0, 24)}…` : one;
};

/** a value that can only be an ID number: the row is a member's, whatever else it holds */
function idLike(v: CellValue): boolean {
  if (typeof v === 'number') return v >= 1e14;
  if (typeof v !== 'string' || v.length < 15 || v.length > 24) return false;
  const c = v.charCodeAt(0);
  return (c >= 48 && c <= 57) || c === 32 || c === 0x3000 || c === 39 || (c >= 0xff10 && c <= 0xff19);
}

export function classifyRow(row: GridRow | undefined, ctx: RowContext): RowVerdict {
  if (!row) return BLANK;
  // the common case first: a member row with its ID
  if (ctx.idCol >= 0 && idLike(row[ctx.idCol])) return DATA;
  const cells: { c: number; t: string }[] = [];
  for (let c = 0; c < row.length; c++) {
    const v = row[c];
    if (v === null || v === undefined || v === '') continue;
    const t = cellText(v);
    if (t) cells.push({ c, t });
  }
  if (!cells.length) return BLANK;
  const first = cells[0].t.replace(/[\s\u3000]+/g, '');

  // the header again (printed pages repeat it): at least three cells equal to the header's text in their column
  let same = 0;
  for (const { c, t } of cells) {
    if (/^\d+$/.test(t)) continue; // placeholder numbers in a template's label row are not headings
    if (ctx.header.texts.some((level) => level[c] === t)) same++;
  }
  if (same >= Math.min(3, ctx.header.columns.length) && same * 2 >= cells.length) return { kind: 'skip', reason: '重复的表头行' };

  if (ENDING_FOOTER.test(first)) return { kind: 'skip', reason: `表尾（“${snippet(cells[0].t)}”）`, footer: true };
  if (FOOTER_LINE.test(first)) return { kind: 'skip', reason: `表尾（“${snippet(cells[0].t)}”）` };
  if (NOTE.test(first)) return { kind: 'skip', reason: `说明文字（“${snippet(cells[0].t)}”）` };
  const seal = cells.find(({ t }) => SEAL.test(t) || DATE_BLANKS.test(t));
  if (seal) return { kind: 'skip', reason: `盖章、签字栏（“${snippet(seal.t)}”）` };
  const instruction = cells.find(({ t }) => INSTRUCTION.test(t));
  if (instruction) return { kind: 'skip', reason: `填写说明或示例（“${snippet(instruction.t)}”）` };

  // nothing in any imported column: a pre-printed 序号, a group title, a stray note
  if (!cells.some(({ c }) => ctx.fieldCols.has(c))) {
    if (cells.every(({ t }) => SEQ.test(t))) return { kind: 'skip', reason: '只有序号，没有党员信息' };
    return { kind: 'skip', reason: `没有可导入的党员信息（“${snippet(cells.map((x) => x.t).join(' '))}”）` };
  }
  // one long text in a row of its own, outside the name and ID columns: a note or a group title
  if (cells.length === 1 && cells[0].c !== ctx.nameCol && cells[0].c !== ctx.idCol && (cells[0].t.length >= 16 || /[:：；;。]/.test(cells[0].t))) {
    return { kind: 'skip', reason: `说明文字（“${snippet(cells[0].t)}”）` };
  }
  return DATA;
}
