import type { ModuleHandlers, ServiceContext } from '../../services/context.ts';
import { resolveMember as findMember, resolveOrg as findOrg } from '../../services/refs.ts';
import { auditHistories } from '../../services/audit.ts';
import { AppError } from '../../domain/errors.ts';
import type { duesOps } from './contract.ts';
import { PAYER_CATEGORIES } from './domain/categories.ts';
import { monthOf, parseMonth } from '../../domain/periods.ts';
import { DEDUCTION_PROFILES } from './domain/payslip.ts';
import { rateTableFor } from './domain/rates.ts';
import { getDuesConfig, inTx, orgName, orgSettings, requireMember, requireOrg, saveDuesConfig } from './services/common.ts';
import { addWaiver, calculateStandard, copyYear, listStandards, profileFor, setBase } from './services/standards.ts';
import { listPayments, pay, recordVoluntary, recordWholeMonth, reversePayment } from './services/payments.ts';
import { computeArrears } from './services/arrears.ts';
import { branchGrid, ensureOrgYear, yearSummary } from './services/ledger-views.ts';
import { addRemittance, addSpending, balanceDto, balanceOf, listRemittances, listSpending, setOpening } from './services/accounts.ts';
import { importAssessment } from './services/import-assessment.ts';
import type { Tx } from '../../services/context.ts';

// Service functions of the dues operations (docs/domain/dues.md); the work is in services/.

async function configDto(db: Tx) {
  return { ...(await getDuesConfig(db)), categories: PAYER_CATEGORIES, rateTable: rateTableFor(), profiles: DEDUCTION_PROFILES };
}

async function orgSettingsDto(db: Tx, orgId: number) {
  const s = await orgSettings(db, orgId);
  return { orgId, advanceLimit: s.advanceLimit, remitShareBp: s.remitShareBp, nextReceipt: s.nextReceipt, deductionProfile: await profileFor(db, orgId) };
}

/** names and ID numbers become ids here, through the one resolver (services/refs.ts) */
async function refs<T extends { orgId?: number | null; org?: string | null; memberId?: number | null; idNumber?: string | null }>(
  ctx: ServiceContext,
  input: T,
): Promise<T> {
  const out = { ...input };
  if (out.orgId == null && out.org) out.orgId = (await findOrg(ctx.kysely, out.org)).id;
  if ('org' in out) out.org = null;
  if (out.memberId == null && out.idNumber) out.memberId = (await findMember(ctx.kysely, out.idNumber)).id;
  return out;
}

/** an organization named by id or name: the one in the tree, or (a name it does not know) null */
async function orgInTree(ctx: ServiceContext, ref: number | string | null | undefined, field: string): Promise<number | null> {
  if (ref == null || ref === '') return null;
  try {
    return (await findOrg(ctx.kysely, ref, field)).id;
  } catch (e) {
    if (e instanceof AppError && e.code === 'NOT_FOUND' && typeof ref === 'string') return null;
    throw e;
  }
}

export const handlers: ModuleHandlers<typeof duesOps> = {
  // the calculator runs without a database (CLI needsDb:false): ctx.db is then null
  'dues.standard': (ctx, input) => calculateStandard(ctx.db ? ctx.kysely : null, input),
  'dues.getConfig': (ctx) => configDto(ctx.kysely),
  'dues.saveConfig': async (ctx, input) => {
    await inTx(ctx, (trx) => saveDuesConfig(trx, input));
    return configDto(ctx.kysely);
  },
  'dues.getOrgSettings': async (ctx, { orgId }) => orgSettingsDto(ctx.kysely, (await requireOrg(ctx.kysely, { orgId })).id),
  'dues.saveOrgSettings': async (ctx, input) => {
    const org = await requireOrg(ctx.kysely, { orgId: input.orgId });
    await inTx(ctx, async (trx) => {
      const cur = await orgSettings(trx, org.id);
      const stored = await trx.selectFrom('dues_org_settings').selectAll().where('org_id', '=', org.id).executeTakeFirst();
      const values = {
        advance_limit: input.advanceLimit !== undefined ? input.advanceLimit : (stored?.advance_limit ?? null),
        remit_share_bp: input.remitShareBp !== undefined ? input.remitShareBp : cur.remitShareBp,
        next_receipt: input.nextReceipt ?? cur.nextReceipt,
        deduction_profile: input.deductionProfile !== undefined ? (input.deductionProfile ? JSON.stringify(input.deductionProfile) : null) : cur.deductionProfile,
      };
      await trx.insertInto('dues_org_settings').values({ org_id: org.id, ...values }).onConflict((oc) => oc.column('org_id').doUpdateSet(values)).execute();
    });
    return orgSettingsDto(ctx.kysely, org.id);
  },
  'dues.setBase': async (ctx, input) => setBase(ctx, await refs(ctx, input)),
  'dues.memberLedger': async (ctx, input) => {
    const m = await requireMember(ctx.kysely, await refs(ctx, input));
    const ids = async (table: 'dues_standards' | 'dues_payments') =>
      (await ctx.kysely.selectFrom(table).select('id').where('member_id', '=', m.id).execute()).map((r) => r.id);
    const history = await auditHistories(ctx.kysely, [
      { entity: 'dues_standard', ids: await ids('dues_standards') },
      { entity: 'dues_payment', ids: await ids('dues_payments') },
    ], 200);
    return {
      member: { id: m.id, name: m.name, idNumber: m.id_number, org: await orgName(ctx.kysely, m.org_id) },
      standards: await listStandards(ctx.kysely, m.id),
      payments: await listPayments(ctx.kysely, m.id),
      history,
    };
  },
  'dues.copyYear': async (ctx, input) => copyYear(ctx, await refs(ctx, input)),
  'dues.addWaiver': async (ctx, input) => addWaiver(ctx, await refs(ctx, input)),
  'dues.pay': async (ctx, input) => pay(ctx, await refs(ctx, input)),
  'dues.reverse': (ctx, input) => reversePayment(ctx, input),
  'dues.voluntary': async (ctx, input) => recordVoluntary(ctx, await refs(ctx, input)),
  'dues.recordMonth': (ctx, input) => recordWholeMonth(ctx, input),
  'dues.grid': (ctx, input) =>
    // filling the year's month rows is a cache fill; it runs in its own transaction before the read
    inTx(ctx, async (trx) => {
      await ensureOrgYear(ctx, trx, input.orgId, input.year);
      return branchGrid(trx, { orgId: input.orgId, year: input.year, asOf: input.asOf ? parseMonth(input.asOf) : monthOf(ctx.clock.today()) });
    }),
  'dues.arrears': async (ctx, input) => {
    const r = await refs(ctx, input);
    const scope = r.orgId != null ? await requireOrg(ctx.kysely, r) : null;
    return computeArrears(ctx.kysely, { asOf: input.asOf ? parseMonth(input.asOf, 'asOf') : monthOf(ctx.clock.today()), scope });
  },
  'dues.remit': async (ctx, input) => {
    const r = await refs(ctx, input);
    const toOrgId = await orgInTree(ctx, input.toOrg, 'toOrg');
    return addRemittance(ctx, {
      ...r, orgId: (await requireOrg(ctx.kysely, r)).id, toOrgId, toOrg: toOrgId === null && typeof input.toOrg === 'string' ? input.toOrg : null,
    });
  },
  'dues.spend': async (ctx, input) => {
    const r = await refs(ctx, input);
    const toOrgId = input.toOrgId ?? (input.toOrg != null && input.toOrg !== '' ? (await findOrg(ctx.kysely, input.toOrg, 'toOrg')).id : null);
    return addSpending(ctx, { ...r, orgId: (await requireOrg(ctx.kysely, r)).id, toOrgId });
  },
  'dues.setOpening': async (ctx, input) => {
    const r = await refs(ctx, input);
    return setOpening(ctx, { ...r, orgId: (await requireOrg(ctx.kysely, r)).id });
  },
  'dues.accounts': async (ctx, input) => {
    const org = await requireOrg(ctx.kysely, await refs(ctx, input));
    return {
      balance: balanceDto(await balanceOf(ctx.kysely, org.id, input.year)),
      remittances: await listRemittances(ctx.kysely, org.id, input.year),
      spending: await listSpending(ctx.kysely, org.id, input.year),
      summary: await yearSummary(ctx.kysely, { year: input.year, scope: org, today: ctx.clock.today() }),
    };
  },
  'dues.importAssessment': async (ctx, input) => importAssessment(ctx, await refs(ctx, input)),
};
