import type { ModuleHandlers, ServiceContext } from '../../services/context.ts';
import { resolveMember as findMember, resolveOrg as findOrg } from '../../services/refs.ts';
import { auditHistories } from '../../services/audit.ts';
import type { duesOps } from './contract.ts';
import { PAYER_CATEGORIES } from './domain/categories.ts';
import { monthOf, parseMonth } from '../../domain/periods.ts';
import { DEDUCTION_PROFILES } from './domain/payslip.ts';
import { rateTableFor } from './domain/rates.ts';
import { getDuesConfig, inTx, orgName, orgSettings, resolveMember, resolveOrg, saveDuesConfig, type Sqlite } from './services/common.ts';
import { addWaiver, calculateStandard, copyYear, listStandards, profileFor, setBase, transferMember } from './services/standards.ts';
import { listPayments, pay, recordVoluntary, recordWholeMonth, reversePayment } from './services/payments.ts';
import { computeArrears } from './services/arrears.ts';
import { branchGrid, ensureOrgYear, yearSummary } from './services/ledger-views.ts';
import { addRemittance, addSpending, balanceDto, balanceOf, listRemittances, listSpending, setOpening } from './services/accounts.ts';
import { importAssessment } from './services/import-assessment.ts';

// Service functions of the dues operations (docs/domain/dues.md); the work is in services/dues/*.

function configDto(sqlite: Sqlite) {
  return { ...getDuesConfig(sqlite), categories: PAYER_CATEGORIES, rateTable: rateTableFor(), profiles: DEDUCTION_PROFILES };
}

function orgSettingsDto(sqlite: Sqlite, orgId: number) {
  const s = orgSettings(sqlite, orgId);
  return { orgId, advanceLimit: s.advanceLimit, remitShareBp: s.remitShareBp, nextReceipt: s.nextReceipt, deductionProfile: profileFor(sqlite, orgId) };
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

export const handlers: ModuleHandlers<typeof duesOps> = {
  // the calculator runs without a database (CLI needsDb:false): ctx.db is then null
  'dues.standard': (ctx, input) => calculateStandard(ctx.db?.sqlite ?? null, input),
  'dues.getConfig': (ctx) => configDto(ctx.db.sqlite),
  'dues.saveConfig': async (ctx, input) => {
    await inTx(ctx, async () => saveDuesConfig(ctx.db.sqlite, input));
    return configDto(ctx.db.sqlite);
  },
  'dues.getOrgSettings': (ctx, { orgId }) => orgSettingsDto(ctx.db.sqlite, resolveOrg(ctx.db.sqlite, { orgId }).id),
  'dues.saveOrgSettings': async (ctx, input) => {
    const sqlite = ctx.db.sqlite;
    const org = resolveOrg(sqlite, { orgId: input.orgId });
    await inTx(ctx, async () => {
      const cur = orgSettings(sqlite, org.id);
      const stored = sqlite.prepare('SELECT * FROM dues_org_settings WHERE org_id = ?').get(org.id) as Record<string, unknown> | undefined;
      sqlite.prepare(`INSERT INTO dues_org_settings (org_id, advance_limit, remit_share_bp, next_receipt, deduction_profile) VALUES (?, ?, ?, ?, ?)
        ON CONFLICT(org_id) DO UPDATE SET advance_limit = excluded.advance_limit, remit_share_bp = excluded.remit_share_bp, next_receipt = excluded.next_receipt, deduction_profile = excluded.deduction_profile`)
        .run(
          org.id,
          input.advanceLimit !== undefined ? input.advanceLimit : ((stored?.advance_limit as number | null) ?? null),
          input.remitShareBp !== undefined ? input.remitShareBp : cur.remitShareBp,
          input.nextReceipt ?? cur.nextReceipt,
          input.deductionProfile !== undefined ? (input.deductionProfile ? JSON.stringify(input.deductionProfile) : null) : cur.deductionProfile,
        );
    });
    return orgSettingsDto(sqlite, org.id);
  },
  'dues.setBase': async (ctx, input) => setBase(ctx, await refs(ctx, input)),
  'dues.memberLedger': async (ctx, input) => {
    const sqlite = ctx.db.sqlite;
    const m = resolveMember(sqlite, await refs(ctx, input));
    const ids = (sql: string) => (sqlite.prepare(sql).pluck().all(m.id) as number[]);
    const history = await auditHistories(ctx.kysely, [
      { entity: 'dues_standard', ids: ids('SELECT id FROM dues_standards WHERE member_id = ?') },
      { entity: 'dues_payment', ids: ids('SELECT id FROM dues_payments WHERE member_id = ?') },
    ], 200);
    return {
      member: { id: m.id, name: m.name, idNumber: m.id_number, org: orgName(sqlite, m.org_id) },
      standards: listStandards(sqlite, m.id),
      payments: listPayments(sqlite, m.id),
      history,
    };
  },
  'dues.copyYear': async (ctx, input) => copyYear(ctx, await refs(ctx, input)),
  'dues.addWaiver': async (ctx, input) => addWaiver(ctx, await refs(ctx, input)),
  'dues.transfer': async (ctx, input) => transferMember(ctx, await refs(ctx, input)),
  'dues.pay': async (ctx, input) => pay(ctx, await refs(ctx, input)),
  'dues.reverse': (ctx, input) => reversePayment(ctx, input),
  'dues.voluntary': async (ctx, input) => recordVoluntary(ctx, await refs(ctx, input)),
  'dues.recordMonth': (ctx, input) => recordWholeMonth(ctx, input),
  'dues.grid': (ctx, input) =>
    // filling the year's month rows is a cache fill; it runs in its own transaction before the read
    inTx(ctx, async () => {
      ensureOrgYear(ctx.db.sqlite, input.orgId, input.year, monthOf(ctx.clock.today()));
      return branchGrid(ctx.db.sqlite, { orgId: input.orgId, year: input.year, asOf: input.asOf ? parseMonth(input.asOf) : monthOf(ctx.clock.today()) });
    }),
  'dues.arrears': async (ctx, input) => computeArrears(ctx.db.sqlite, { ...(await refs(ctx, input)), asOf: input.asOf ?? monthOf(ctx.clock.today()) }),
  'dues.remit': (ctx, input) => addRemittance(ctx, input),
  'dues.spend': (ctx, input) => addSpending(ctx, input),
  'dues.setOpening': (ctx, input) => setOpening(ctx, input),
  'dues.accounts': (ctx, { orgId, year }) => {
    const sqlite = ctx.db.sqlite;
    return {
      balance: balanceDto(balanceOf(sqlite, orgId, year)),
      remittances: listRemittances(sqlite, orgId, year),
      spending: listSpending(sqlite, orgId, year),
      summary: yearSummary(sqlite, { year, orgId, today: ctx.clock.today() }),
    };
  },
  'dues.importAssessment': async (ctx, input) => importAssessment(ctx, await refs(ctx, input)),
};

