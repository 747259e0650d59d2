import { AppError, type Issue } from '../../../domain/errors.ts';
import { normalizeIdNumber } from '../../../domain/id-number.ts';
import { CATEGORY_RULES, normalizeCategory } from '../domain/categories.ts';
import { parseYuan } from '../../../domain/money.ts';
import type { CellValue, GridRow } from '../../../excel/read/grid.ts';
import type { ServiceContext } from '../../../services/context.ts';
import { actor as actorOf } from '../../../services/settings.ts';
import { inTx, resolveOrg } from './common.ts';
import { setBaseInTx } from './standards.ts';

// Reads a filled-in 党员月交纳党费数额核定表 (the sheet exported by exportAssessment,
// docs/domain/dues.md#assessment-sheet) back as this year's standards: header row found by its labels (the
// title/填报单位 rows are skipped, docs/domain/import.md#header-detection), rows stop at the 合计/注/填表人 footer.
// Every row is checked first; one bad row refuses the whole file (nothing half-written) with its row number.

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
  input: { orgId?: number | null; org?: string | null; year: number; fileName: string; bytes: Uint8Array; fromMonth?: string | null },
): Promise<{ imported: number; warnings: string[] }> {
  const sqlite = ctx.db.sqlite;
  const org = resolveOrg(sqlite, input);
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
  const issues: Issue[] = [];
  const planned: { row: number; memberId: number; category: string; income: string | null; farmerAmount: string | null }[] = [];
  for (let i = header + 1; i < rows.length; i++) {
    const r = rows[i];
    if (!r || r.every((v) => text(v) === '')) continue;
    if (FOOTER.test(text(r[0])) || FOOTER.test(text(r[1]))) break;
    const rowNo = i + 1;
    const id = normalizeIdNumber(text(r[col.idNumber]));
    const category = normalizeCategory(text(r[col.category]));
    if (!id) { issues.push({ field: `row${rowNo}`, message: `第${rowNo}行：缺少公民身份号码` }); continue; }
    if (!category) { issues.push({ field: `row${rowNo}`, message: `第${rowNo}行：交纳类别“${text(r[col.category])}”不正确` }); continue; }
    const member = sqlite.prepare('SELECT m.id, o.path FROM members m JOIN orgs o ON o.id = m.org_id WHERE m.id_number = ?').get(id) as { id: number; path: string } | undefined;
    if (!member) { issues.push({ field: `row${rowNo}`, message: `第${rowNo}行：找不到公民身份号码为 ${id} 的党员` }); continue; }
    if (!member.path.startsWith(org.path)) { issues.push({ field: `row${rowNo}`, message: `第${rowNo}行：${id} 不是${org.name}的党员` }); continue; }
    const kind = CATEGORY_RULES[category].kind;
    const base = col.base >= 0 ? text(r[col.base]) : '';
    const amount = col.amount >= 0 ? text(r[col.amount]) : '';
    if ((kind === 'salary' || kind === 'retiree') && parseYuan(base) === null) { issues.push({ field: `row${rowNo}`, message: `第${rowNo}行：月收入基数“${base}”不是金额` }); continue; }
    if (kind === 'farmer' && parseYuan(amount) === null) { issues.push({ field: `row${rowNo}`, message: `第${rowNo}行：农民党员须填写每月交纳金额` }); continue; }
    planned.push({ row: rowNo, memberId: member.id, category, income: kind === 'salary' || kind === 'retiree' ? base : null, farmerAmount: kind === 'farmer' ? amount : null });
  }
  if (issues.length) throw new AppError('VALIDATION', issues.slice(0, 20).map((x) => x.message).join('；') + (issues.length > 20 ? `；另有 ${issues.length - 20} 处错误` : ''), issues[0].field, { issues });
  if (!planned.length) throw new AppError('VALIDATION', '核定表中没有党员数据', 'bytes');
  const actor = await actorOf(ctx.kysely);
  return inTx(ctx, async (trx) => {
    const warnings: string[] = [];
    for (const p of planned) {
      try {
        const r = await setBaseInTx(ctx, trx, { memberId: p.memberId, year: input.year, fromMonth: input.fromMonth ?? null, category: p.category, income: p.income, farmerAmount: p.farmerAmount }, actor);
        warnings.push(...r.warnings.map((w) => `第${p.row}行：${w}`));
      } catch (e) {
        if (e instanceof AppError) throw new AppError(e.code, `第${p.row}行：${e.message}`, e.field, e.details);
        throw e;
      }
    }
    return { imported: planned.length, warnings };
  });
}
