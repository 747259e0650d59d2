import type { ModuleHandlers } from '../../services/handler-types.ts';
import type { duesOps } from './contract.ts';
import { PAYER_CATEGORIES } from './domain/categories.ts';
import { monthOf, parseMonth } from './domain/months.ts';
import { DEDUCTION_PROFILES } from './domain/payslip.ts';
import { rateTableFor } from './domain/rates.ts';
import { getDuesConfig, inTx, orgName, orgSettings, resolveMember, resolveOrg, saveDuesConfig, type Sqlite } from './services/common.ts';
import { addWaiver, calculateStandard, copyYear, listStandards, profileFor, setBase, transferMember } from './services/standards.ts';
import { listPayments, pay, recordVoluntary, recordWholeMonth, reversePayment } from './services/payments.ts';
import { computeArrears } from './services/arrears.ts';
import { branchGrid, ensureOrgYear, yearSummary } from './services/ledger-views.ts';
import { addRemittance, addSpending, balanceDto, balanceOf, listRemittances, listSpending, setOpening } from './services/accounts.ts';
import { exportAssessment, exportPublicity, exportSummary, exportUsage } from './services/exports.ts';
import { importAssessment } from './services/import-assessment.ts';

// Service functions of the dues operations (domain-reference §3); the work is in services/dues/*.

function configDto(sqlite: Sqlite) {
  return { ...getDuesConfig(sqlite), categories: PAYER_CATEGORIES, rateTable: rateTableFor(), profiles: DEDUCTION_PROFILES };
}

function orgSettingsDto(sqlite: Sqlite, orgId: number) {
  const s = orgSettings(sqlite, orgId);
  return { orgId, advanceLimit: s.advanceLimit, remitShareBp: s.remitShareBp, nextReceipt: s.nextReceipt, deductionProfile: profileFor(sqlite, orgId) };
}

export const duesHandlers: ModuleHandlers<typeof duesOps> = {
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
  'dues.setBase': (ctx, input) => setBase(ctx, input),
  'dues.memberLedger': (ctx, input) => {
    const sqlite = ctx.db.sqlite;
    const m = resolveMember(sqlite, input);
    const history = (sqlite.prepare(`SELECT id, at, actor, action, before, after FROM audit_log
        WHERE (entity = 'dues_standard' AND entity_id IN (SELECT id FROM dues_standards WHERE member_id = ?))
           OR (entity = 'dues_payment' AND entity_id IN (SELECT id FROM dues_payments WHERE member_id = ?))
        ORDER BY id DESC LIMIT 200`).all(m.id, m.id) as { id: number; at: string; actor: string | null; action: string; before: string | null; after: string | null }[])
      .map((h) => ({ id: h.id, at: h.at, actor: h.actor ?? '', action: h.action, before: h.before ? JSON.parse(h.before) : null, after: h.after ? JSON.parse(h.after) : null }));
    return {
      member: { id: m.id, name: m.name, idNumber: m.id_number, org: orgName(sqlite, m.org_id) },
      standards: listStandards(sqlite, m.id),
      payments: listPayments(sqlite, m.id),
      history,
    };
  },
  'dues.copyYear': (ctx, input) => copyYear(ctx, input),
  'dues.addWaiver': (ctx, input) => addWaiver(ctx, input),
  'dues.transfer': (ctx, input) => transferMember(ctx, input),
  'dues.pay': (ctx, input) => pay(ctx, input),
  'dues.reverse': (ctx, input) => reversePayment(ctx, input),
  'dues.voluntary': (ctx, input) => recordVoluntary(ctx, input),
  'dues.recordMonth': (ctx, input) => recordWholeMonth(ctx, input),
  'dues.grid': (ctx, input) =>
    // filling the year's month rows is a cache fill; it runs in its own transaction before the read
    inTx(ctx, async () => {
      ensureOrgYear(ctx.db.sqlite, input.orgId, input.year, monthOf(ctx.clock.today()));
      return branchGrid(ctx.db.sqlite, { orgId: input.orgId, year: input.year, asOf: input.asOf ? parseMonth(input.asOf) : monthOf(ctx.clock.today()) });
    }),
  'dues.arrears': (ctx, input) => computeArrears(ctx.db.sqlite, { ...input, asOf: input.asOf ?? monthOf(ctx.clock.today()) }),
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
  'dues.exportPublicity': (ctx, input) => exportPublicity(ctx, input),
  'dues.exportSummary': (ctx, input) => exportSummary(ctx, input),
  'dues.exportUsage': (ctx, input) => exportUsage(ctx, input),
  'dues.exportAssessment': (ctx, input) => exportAssessment(ctx, input),
  'dues.importAssessment': (ctx, input) => importAssessment(ctx, input),
};

