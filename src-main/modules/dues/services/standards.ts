import type { StandardDto } from '../contract.ts';
import { AppError } from '../../../domain/errors.ts';
import { CATEGORY_RULES, categoryHasBase, normalizeCategory, PAYER_CATEGORIES, type PayerCategory } from '../domain/categories.ts';
import { formatFen } from '../../../domain/money.ts';
import { parseMonth, type Month } from '../../../domain/periods.ts';
import { computeBaseFromPayslip, WIDE_DEDUCTION_PROFILE, type DeductionProfile } from '../domain/payslip.ts';
import { computeStandard, type StandardResult } from '../domain/standard.ts';
import { WAIVER_TYPES } from '../domain/ledger.ts';
import { audit } from '../../../services/audit.ts';
import type { ServiceContext, Tx } from '../../../services/context.ts';
import { actor as actorOf, type Actor } from '../../../services/settings.ts';
import { fenFrom, getDuesConfig, inTx, orgSettings, requireMember, requireOrg } from './common.ts';
import { rebuildMemberMonths } from './ledger.ts';

// Standards (应交标准): assessed per member from a month until the next assessment
// (docs/domain/dues.md#assessment), reduced/waived only with an approval (docs/domain/dues.md#who-when-where),
// overridden only upward (自愿多交).

export function parseCategory(text: string): PayerCategory {
  const c = normalizeCategory(text);
  if (!c) throw new AppError('VALIDATION', `交纳类别不正确：${text}（应为：${PAYER_CATEGORIES.join('、')}）`, 'category');
  return c;
}

/** the calculator behind `dues standard` and the form's live preview; needs no database */
export async function calculateStandard(
  db: Tx | null | undefined,
  input: { category: string; income?: string | null; amount?: string | null; rounding?: string | null },
): Promise<StandardResult & { amount: string; category: PayerCategory }> {
  const category = parseCategory(input.category);
  const cfg = await getDuesConfig(db);
  const rounding = (input.rounding as typeof cfg.rounding | null) ?? cfg.rounding;
  const kind = CATEGORY_RULES[category].kind;
  // fixed categories ignore the income
  const baseFen = categoryHasBase(category) && input.income != null ? fenFrom(input.income, 'income', '月收入基数') : null;
  const farmerFen = kind === 'farmer' && input.amount != null ? fenFrom(input.amount, 'amount', '交纳金额') : null;
  const r = computeStandard({ category, baseFen, farmerFen }, { rounding });
  return { ...r, amount: formatFen(r.amountFen), category };
}

type StandardRow = {
  id: number; member_id: number; year: number; from_month: string; category: string; base_fen: number | null; farmer_fen: number | null;
  rule_fen: number; override_fen: number | null; override_reason: string | null; amount_fen: number; rate_label: string;
  table_version: string; rounding: string; draft: number; computation: string | null; assessed_on: string | null; approved_by: string | null;
};

export function standardDto(r: StandardRow): StandardDto {
  return {
    id: r.id, memberId: r.member_id, year: r.year, fromMonth: r.from_month, category: r.category,
    base: r.base_fen === null ? null : formatFen(r.base_fen), ruleAmount: formatFen(r.rule_fen), amount: formatFen(r.amount_fen),
    amountFen: r.amount_fen, override: r.override_fen === null ? null : formatFen(r.override_fen), overrideReason: r.override_reason,
    rateLabel: r.rate_label, tableVersion: r.table_version, draft: r.draft === 1, computation: r.computation,
    assessedOn: r.assessed_on, approvedBy: r.approved_by,
  };
}

export interface SetBaseInput {
  memberId?: number | null;
  idNumber?: string | null;
  year: number;
  fromMonth?: string | null;
  category: string;
  income?: string | null;
  farmerAmount?: string | null;
  /** 自愿多交: a monthly amount above the rule, with a reason */
  overrideAmount?: string | null;
  overrideReason?: string | null;
  /**
   * payslip helper: items in yuan, computed with the organization's deduction profile
   * (docs/domain/dues.md#base, U6)
   */
  payslip?: { item: string; amount: string }[] | null;
  approvedBy?: string | null;
  assessedOn?: string | null;
  draft?: boolean;
}

export async function setBase(ctx: ServiceContext, input: SetBaseInput): Promise<{ standard: StandardDto; warnings: string[] }> {
  const actor = await actorOf(ctx.kysely);
  return inTx(ctx, (trx) => setBaseInTx(ctx, trx, input, actor));
}

/** one standard inside the caller's transaction (the form, the CLI, and the assessment-sheet import) */
export async function setBaseInTx(ctx: ServiceContext, trx: Tx, input: SetBaseInput, actor: Actor): Promise<{ standard: StandardDto; warnings: string[] }> {
  const member = await requireMember(trx, input);
  const category = parseCategory(input.category);
  const fromMonth: Month = input.fromMonth ? parseMonth(input.fromMonth, 'fromMonth') : `${input.year}-01`;
  if (Number(fromMonth.slice(0, 4)) !== input.year) {
    throw new AppError('VALIDATION', `起始月份 ${fromMonth} 不在核定年度 ${input.year} 内`, 'fromMonth');
  }
  const warnings: string[] = [];
  let income = input.income ?? null;
  let computation: string | null = null;
  if (input.payslip?.length) {
    const profile = await profileFor(trx, member.org_id);
    const comp = computeBaseFromPayslip(input.payslip.map((p) => ({ item: p.item, fen: fenFrom(p.amount, 'payslip', p.item) })), profile);
    income = formatFen(comp.baseFen);
    computation = `${profile.name}：${comp.text}`;
  }
  if (categoryHasBase(category) && income == null) throw new AppError('VALIDATION', `${category}党员须填写月收入基数`, 'income');
  const cfg = await getDuesConfig(trx);
  const std = await calculateStandard(trx, { category, income, amount: input.farmerAmount ?? null, rounding: cfg.rounding });
  let amountFen = std.amountFen;
  let overrideFen: number | null = null;
  if (input.overrideAmount != null && input.overrideAmount !== '') {
    overrideFen = fenFrom(input.overrideAmount, 'overrideAmount', '自愿多交标准');
    // never silently below the rule: a lower amount needs an approved 少交
    if (overrideFen < std.amountFen) {
      throw new AppError('VALIDATION', `自愿多交标准 ${formatFen(overrideFen)} 低于按规定应交的 ${std.amount} 元；少交须经批准，请登记少交/免交`, 'overrideAmount');
    }
    if (!input.overrideReason?.trim()) throw new AppError('VALIDATION', '自愿多交须填写原因', 'overrideReason');
    amountFen = overrideFen;
  }
  if (amountFen > 100_000) warnings.push('月交纳党费超过1000元（部分地方规定普通月交纳上限1000元，超出部分为自愿多交；仅提示，U9）');
  const now = ctx.clock.now();
  {
    const before = await trx.selectFrom('dues_standards').selectAll().where('member_id', '=', member.id).where('from_month', '=', fromMonth).executeTakeFirst();
    const values = {
      year: input.year, category, base_fen: categoryHasBase(category) ? fenFrom(income!, 'income', '月收入基数') : null,
      farmer_fen: CATEGORY_RULES[category].kind === 'farmer' ? std.amountFen : null, rule_fen: std.amountFen,
      override_fen: overrideFen, override_reason: overrideFen === null ? null : input.overrideReason!.trim(), amount_fen: amountFen,
      rate_label: std.rateLabel, table_version: std.tableVersion, rounding: cfg.rounding, draft: input.draft ? 1 : 0, computation,
      assessed_on: input.assessedOn ?? ctx.clock.today(), approved_by: input.approvedBy ?? null,
    };
    let id: number;
    if (before) {
      id = before.id;
      await trx.updateTable('dues_standards').set({ ...values, updated_at: now }).where('id', '=', id).execute();
    } else {
      const r = await trx.insertInto('dues_standards').values({ ...values, member_id: member.id, from_month: fromMonth, created_at: now, updated_at: now }).returning('id').executeTakeFirstOrThrow();
      id = r.id;
    }
    rebuildMemberMonths(ctx.db.sqlite, member.id);
    const after = await trx.selectFrom('dues_standards').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    await audit(trx, {
      actor, at: now, entity: 'dues_standard', entityId: id, action: before ? '修改党费标准' : '核定党费标准',
      before: before ? standardDto(before) : undefined, after: { member: member.name, ...standardDto(after) },
    });
    return { standard: standardDto(after), warnings };
  }
}

export async function profileFor(db: Tx, orgId: number): Promise<DeductionProfile> {
  // the organization's own profile, else its nearest ancestor's, else the wider default (U6)
  const path = (await db.selectFrom('orgs').select('path').where('id', '=', orgId).executeTakeFirst())?.path ?? '';
  const ids = path.split('/').filter(Boolean).map(Number).reverse();
  for (const id of ids.length ? ids : [orgId]) {
    const p = (await orgSettings(db, id)).deductionProfile;
    if (p) return JSON.parse(p) as DeductionProfile;
  }
  return WIDE_DEDUCTION_PROFILE;
}

export async function listStandards(db: Tx, memberId: number): Promise<StandardDto[]> {
  return (await db.selectFrom('dues_standards').selectAll().where('member_id', '=', memberId).orderBy('from_month').execute()).map(standardDto);
}

/** yearly cycle: copy each member's latest standard as this year's DRAFT (provisional until assessed) */
export async function copyYear(ctx: ServiceContext, input: { year: number; orgId?: number | null }): Promise<{ copied: number }> {
  const org = input.orgId != null ? await requireOrg(ctx.kysely, input) : null;
  const now = ctx.clock.now();
  const actor = await actorOf(ctx.kysely);
  return inTx(ctx, async (trx) => {
    let q = trx
      .selectFrom('dues_standards as s')
      .innerJoin('members as m', 'm.id', 's.member_id')
      .innerJoin('orgs as o', 'o.id', 'm.org_id')
      .selectAll('s')
      .where('m.roll', '=', '在册')
      .where((eb) => eb('s.from_month', '=', eb.selectFrom('dues_standards as x').select((x) => x.fn.max('x.from_month').as('m')).whereRef('x.member_id', '=', 's.member_id').where('x.year', '<', input.year)))
      .where((eb) => eb.not(eb.exists(eb.selectFrom('dues_standards as y').select('y.id').whereRef('y.member_id', '=', 's.member_id').where('y.year', '=', input.year))));
    if (org) q = q.where('o.path', 'like', `${org.path}%`);
    const rows = await q.execute();
    for (const r of rows) {
      const { id: _id, member_id, created_at: _c, updated_at: _u, assessed_on: _a, approved_by: _b, ...rest } = r;
      await trx.insertInto('dues_standards').values({
        ...rest, member_id, year: input.year, from_month: `${input.year}-01`, draft: 1, assessed_on: null, approved_by: null, created_at: now, updated_at: now,
      }).execute();
      rebuildMemberMonths(ctx.db.sqlite, member_id);
    }
    await audit(trx, { actor, at: now, entity: 'dues_year', entityId: input.year, action: '复制上年基数为草稿', after: { orgId: org?.id ?? null, copied: rows.length } });
    return { copied: rows.length };
  });
}

/**
 * 少交/免交 with the approving body and date (branch discusses, next level approves). Months already paid
 * keep their money: the warning says so, and the tables mark them.
 */
export async function addWaiver(
  ctx: ServiceContext,
  input: { memberId?: number | null; type: string; fromMonth: string; toMonth: string; reducedAmount?: string | null; approvalBody: string; approvalDate: string; reason?: string | null },
): Promise<{ id: number; warnings: string[] }> {
  const member = await requireMember(ctx.kysely, input);
  if (!(WAIVER_TYPES as readonly string[]).includes(input.type)) throw new AppError('VALIDATION', '类型应为少交或免交', 'type');
  const from = parseMonth(input.fromMonth, 'fromMonth');
  const to = parseMonth(input.toMonth, 'toMonth');
  if (to < from) throw new AppError('VALIDATION', '结束月份早于起始月份', 'toMonth');
  if (!input.approvalBody.trim()) throw new AppError('VALIDATION', '少交/免交须填写批准组织', 'approvalBody');
  if (!/^\d{4}-\d{2}-\d{2}$/.test(input.approvalDate)) throw new AppError('VALIDATION', '请填写批准日期（YYYY-MM-DD）', 'approvalDate');
  const reducedFen = input.type === '少交' ? fenFrom(input.reducedAmount ?? '', 'reducedAmount', '少交后每月金额') : null;
  const now = ctx.clock.now();
  const actor = await actorOf(ctx.kysely);
  return inTx(ctx, async (trx) => {
    const r = await trx.insertInto('dues_waivers').values({
      member_id: member.id, type: input.type, from_month: from, to_month: to, reduced_fen: reducedFen,
      approval_body: input.approvalBody.trim(), approval_date: input.approvalDate, reason: input.reason ?? null, revoked_at: null, created_at: now,
    }).returning('id').executeTakeFirstOrThrow();
    rebuildMemberMonths(ctx.db.sqlite, member.id);
    const over = await trx.selectFrom('dues_months').select(['month', 'due_fen', 'paid_fen']).where('member_id', '=', member.id)
      .where('month', '>=', from).where('month', '<=', to).whereRef('paid_fen', '>', 'due_fen').orderBy('month').execute();
    const warnings = over.length
      ? [`${over.map((m) => m.month).join('、')} 已交 ${formatFen(over.reduce((a, m) => a + m.paid_fen - m.due_fen, 0))} 元，超过${input.type}后的应交数，请按规定退还或转作自愿多交（公示表备注中注明）`]
      : [];
    await audit(trx, { actor, at: now, entity: 'dues_waiver', entityId: r.id, action: `批准${input.type}`, after: { member: member.name, ...input } });
    return { id: r.id, warnings };
  });
}
