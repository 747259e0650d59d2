import type { FileResult } from '../../../contract/define.ts';
import type { RefusedRow } from '../contract.ts';
import { AppError } from '../../../domain/errors.ts';
import { normalizeIdNumber } from '../../../domain/id-number.ts';
import { CATEGORY_RULES, normalizeCategory } from '../domain/categories.ts';
import { parseYuan } from '../../../domain/money.ts';
import type { CellValue, GridRow } from '../../../excel/read/grid.ts';
import type { ServiceContext } from '../../../services/context.ts';
import { actor as actorOf, getSettings } from '../../../services/settings.ts';
import { inTx, requireOrg } from './common.ts';
import { calculateStandard, setBaseInTx } from './standards.ts';

// Reads a filled-in 党员月交纳党费数额核定表 (the sheet exported by exportAssessment,
// docs/domain/dues.md#assessment-sheet) back as this year's standards: header row found by its labels (the
// title/填报单位 rows are skipped, docs/domain/import.md#header-detection), rows stop at the 合计/注/填表人
// footer. Like the member import, every row is checked first; the valid rows are committed in one
// transaction and the refused rows listed with their reasons and returned as an error workbook (the
// original cells plus 错误原因). A row left blank (no category, base or amount) is skipped, not refused.

const HEADERS = {
  idNumber: ['公民身份号码', '身份证号', '身份证号码'],
  category: ['交纳类别', '类别'],
  base: ['月收入基数', '计算基数', '税后工资总额', '月工资收入'],
  amount: ['每月应交纳党费金额', '月交纳金额', '月应交党费'],
  name: ['姓名', '党员姓名'],
};
const FOOTER = /^(合计|注|填表人|负责人|审核人)/;

const text = (v: CellValue): string => (v === null || v === undefined ? '' : typeof v === 'number' ? v.toFixed(2) : typeof v === 'object' ? v.date : String(v)).trim();

export async function importAssessment(
  ctx: ServiceContext,
  input: { orgId?: number | null; year: number; fileName: string; bytes: Uint8Array; fromMonth?: string | null },
): Promise<{ imported: number; skipped: number; refused: RefusedRow[]; warnings: string[]; errorReport: FileResult | null }> {
  const org = await requireOrg(ctx.kysely, input);
  const { readSpreadsheet } = await import('../../../excel/read/index.ts');
  const grid = await readSpreadsheet(input.bytes, input.fileName);
  let header = -1;
  let rows: (GridRow | undefined)[] = [];
  const col: Record<keyof typeof HEADERS, number> = { idNumber: -1, category: -1, base: -1, amount: -1, name: -1 };
  for (const sheet of grid.sheets) {
    header = sheet.rows.findIndex((r) => r?.some((v) => HEADERS.idNumber.includes(text(v))) && r.some((v) => HEADERS.category.includes(text(v))));
    if (header >= 0) {
      rows = sheet.rows;
      const labels = rows[header]!.map(text);
      for (const key of Object.keys(HEADERS) as (keyof typeof HEADERS)[]) col[key] = labels.findIndex((l) => HEADERS[key].includes(l));
      break;
    }
  }
  if (header < 0) throw new AppError('UNREADABLE', '没有找到核定表的表头（需要“公民身份号码”和“交纳类别”两列）', 'bytes');
  const headings = rows[header]!.map(text);
  const cell = (r: GridRow, c: number) => (c >= 0 ? text(r[c]) : '');
  const refused: (RefusedRow & { cells: string[] })[] = [];
  const planned: { row: number; memberId: number; category: string; income: string | null; farmerAmount: string | null }[] = [];
  let skipped = 0;
  const seen = new Map<string, number>();
  for (let i = header + 1; i < rows.length; i++) {
    const r = rows[i];
    if (!r || r.every((v) => text(v) === '')) continue;
    if (FOOTER.test(text(r[0])) || FOOTER.test(text(r[1]))) break;
    const rowNo = i + 1;
    // a row with nothing to assess (only 序号/姓名/身份证号 left) is skipped on purpose
    if (!cell(r, col.category) && !cell(r, col.base) && !cell(r, col.amount)) {
      skipped++;
      continue;
    }
    const name = cell(r, col.name);
    const idRaw = cell(r, col.idNumber);
    const reject = (message: string) => refused.push({ row: rowNo, name, idNumber: idRaw, message, cells: r.map(text) });
    const id = normalizeIdNumber(idRaw);
    const category = normalizeCategory(cell(r, col.category));
    if (!id) { reject('缺少公民身份号码'); continue; }
    if (!category) { reject(`交纳类别“${cell(r, col.category)}”不正确`); continue; }
    const member = await ctx.kysely.selectFrom('members as m').innerJoin('orgs as o', 'o.id', 'm.org_id').select(['m.id', 'o.path', 'm.roll'])
      .where('m.id_number', '=', id).executeTakeFirst();
    if (!member) { reject(`找不到公民身份号码为 ${id} 的党员`); continue; }
    if (!member.path.startsWith(org.path)) { reject(`${id} 不是${org.name}的党员`); continue; }
    if (seen.has(id)) { reject(`与第${seen.get(id)}行是同一名党员`); continue; }
    const kind = CATEGORY_RULES[category].kind;
    const base = cell(r, col.base);
    const amount = cell(r, col.amount);
    if ((kind === 'salary' || kind === 'retiree') && parseYuan(base) === null) { reject(`月收入基数“${base}”不是金额`); continue; }
    if (kind === 'farmer' && parseYuan(amount) === null) { reject('农民党员须填写每月交纳金额'); continue; }
    const p = { row: rowNo, memberId: member.id, category, income: kind === 'salary' || kind === 'retiree' ? base : null, farmerAmount: kind === 'farmer' ? amount : null };
    try {
      // the rules of the standard, checked before anything is written
      await calculateStandard(ctx.kysely, { category, income: p.income, amount: p.farmerAmount });
    } catch (e) {
      if (e instanceof AppError) { reject(e.message); continue; }
      throw e;
    }
    seen.set(id, rowNo);
    planned.push(p);
  }
  const actor = await actorOf(ctx.kysely);
  const warnings: string[] = [];
  if (planned.length) {
    await inTx(ctx, async (trx) => {
      for (const p of planned) {
        const r = await setBaseInTx(ctx, trx, { memberId: p.memberId, year: input.year, fromMonth: input.fromMonth ?? null, category: p.category, income: p.income, farmerAmount: p.farmerAmount }, actor);
        warnings.push(...r.warnings.map((w) => `第${p.row}行：${w}`));
      }
    });
  }
  if (!planned.length && !refused.length) throw new AppError('VALIDATION', '核定表中没有需要核定的党员数据（各行均为空）', 'bytes');
  return {
    imported: planned.length,
    skipped,
    refused: refused.map(({ cells: _c, ...x }) => x),
    warnings,
    errorReport: refused.length ? await errorWorkbook(ctx, org.name, input.year, headings, refused) : null,
  };
}

/** the refused rows as they were in the file, with 行号 and 错误原因, to correct and import again */
async function errorWorkbook(ctx: ServiceContext, orgName: string, year: number, headings: string[], refused: { row: number; message: string; cells: string[] }[]): Promise<FileResult> {
  const { signaturesFrom, writeWorkbook } = await import('../../../excel/layout.ts');
  const settings = await getSettings(ctx.kysely);
  const used = headings.map((h, i) => ({ h: h || `第${i + 1}列`, i })).filter((x) => refused.some((r) => (r.cells[x.i] ?? '') !== '') || headings[x.i]);
  const bytes = await writeWorkbook([{
    sheetName: '未导入的行',
    title: `${orgName}${year}年度党费核定表未导入的行`,
    reportingUnit: settings.effectiveReportingUnit,
    reportDate: ctx.clock.today(),
    signatures: signaturesFrom(settings),
    columns: [
      { header: '行号', width: 6, type: 'number', value: (r: (typeof refused)[number]) => r.row },
      { header: '错误原因', width: 30, wrap: true, value: (r: (typeof refused)[number]) => r.message },
      ...used.map((u) => ({ header: u.h, key: `c${u.i}`, width: u.h.includes('身份') ? 21 : 12, type: 'text' as const, value: (r: (typeof refused)[number]) => r.cells[u.i] ?? '' })),
    ],
    rows: refused,
    notes: ['注：请按“错误原因”改正后，把这些行放回核定表再次导入（已导入的行再次导入时按修改处理）。'],
  }]);
  return { fileName: `${orgName}-${year}年度党费核定表-未导入的行.xlsx`, bytes };
}
