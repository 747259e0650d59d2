import { z } from 'zod';
import type { ArrearsLevel } from './domain/arrears.ts';
import type { MonthStatus } from './domain/ledger.ts';
import { op, type FileResult } from '../../contract/define.ts';
import { fields, labelled } from '../../contract/labels.ts';
import type { StandardResult } from './domain/standard.ts';
import type { PayerCategory } from './domain/categories.ts';
import type { DeductionProfile } from './domain/payslip.ts';
import type { RateTable } from './domain/rates.ts';
import { ROUNDING_LABELS, ROUNDING_MODES } from './domain/rounding.ts';
import type { AuditEntryDto } from '../core/contract.ts';

// Operations of the dues module (declared once; the adapters loop over the contract table).
// Money crosses the contract as yuan TEXT ('45.00') in inputs and both text and fen in outputs.
// Every field carries the label the dues pages show (src-main/contract/labels.ts).

const text = z.string().max(2000);
const optText = z.union([text, z.null()]).optional();
const yuan = z.union([z.string().max(40), z.number()]).transform(String);
const optYuan = z.union([yuan, z.null()]).optional();
const month = z.string().max(20);
const date = z.string().max(20);
const year = labelled(z.number().int().min(2000).max(2100), '年度');
const orgId = labelled(z.number().int(), '党组织');
const rounding = labelled(z.enum(ROUNDING_MODES), '计算取整', ROUNDING_LABELS);
const shareBp = labelled(z.number().int().min(0).max(10_000).nullable().optional(), '上缴比例');
const method = labelled(optText, '交纳方式');
const receiptNo = labelled(optText, '收据号');
const note = labelled(optText, '说明');
const memberRef = { memberId: labelled(z.number().int().nullable().optional(), '党员'), idNumber: labelled(optText, '公民身份号码') };
const orgRef = { orgId: orgId.nullable().optional(), org: labelled(optText, '党组织') };
/** what the standard is computed from (dues.standard, dues.setBase) */
const STANDARD_LABELS = { category: '交纳类别', income: '月收入基数', amount: '每月交纳金额', farmerAmount: '每月交纳金额' };

export interface DuesConfigDto {
  rounding: 'half-up' | 'down' | 'up';
  advanceLimit: number;
  categories: readonly PayerCategory[];
  rateTable: RateTable;
  profiles: readonly DeductionProfile[];
}

export interface OrgDuesSettingsDto {
  orgId: number;
  advanceLimit: number;
  remitShareBp: number | null;
  nextReceipt: number;
  deductionProfile: DeductionProfile;
}

export interface BalanceDto {
  opening: string; income: string; remitted: string; spent: string; closing: string;
  openingFen: number; incomeFen: number; remittedFen: number; spentFen: number; closingFen: number;
}

export interface StandardDto {
  id: number;
  memberId: number;
  year: number;
  fromMonth: string;
  category: string;
  base: string | null;
  ruleAmount: string;
  amount: string;
  amountFen: number;
  override: string | null;
  overrideReason: string | null;
  rateLabel: string;
  tableVersion: string;
  draft: boolean;
  computation: string | null;
  assessedOn: string | null;
  approvedBy: string | null;
}

export interface PaymentDto {
  id: number;
  memberId: number;
  kind: string;
  paidOn: string;
  amount: string;
  method: string;
  receiptNo: string | null;
  months: { month: string; amount: string }[];
  reversesId: number | null;
  toCentral: boolean;
  note: string | null;
  recordedBy: string;
  recordedAt: string;
}

export interface GridCell {
  month: string;
  status: MonthStatus;
  dueFen: number;
  paidFen: number;
  provisional: boolean;
}

export interface GridRow {
  memberId: number;
  name: string;
  idNumber: string;
  category: string | null;
  standard: string | null;
  standardFen: number | null;
  rateLabel: string | null;
  provisional: boolean;
  /** 12 cells, null where nothing is owed (before admission / no standard) */
  cells: (GridCell | null)[];
  paidThrough: string | null;
  owedMonths: number;
}

export interface GridDto {
  orgId: number;
  org: string;
  year: number;
  months: string[];
  rows: GridRow[];
}

export interface SummaryRow {
  orgId: number;
  org: string;
  members: number;
  dueFen: number;
  paidFen: number;
  arrearsFen: number;
  openingFen: number;
  incomeFen: number;
  remittedFen: number;
  spentFen: number;
  closingFen: number;
}

export interface ArrearsEntry {
  memberId: number;
  idNumber: string;
  name: string;
  org: string;
  orgId: number;
  monthsOwed: string[];
  amountOwed: string;
  amountOwedFen: number;
  consecutiveMonths: number;
  risk: boolean;
  level: ArrearsLevel;
  levelText: string;
  /** 党费交至年月 */
  paidThrough: string | null;
}

export interface SpendingDto { id: number; kind: string; category: string; amount: string; amountFen: number; spentOn: string; toOrg: string | null; decisionRef: string; approver: string; note: string | null; recordedBy: string }

export interface RemittanceDto { id: number; period: string; amount: string; amountFen: number; shareBp: number | null; toOrg: string | null; paidOn: string; voucherNo: string | null; method: string | null; note: string | null }

export const duesOps = {
  /** the monthly standard by the rules (docs/domain/dues.md#rates); needs no database */
  'dues.standard': op<StandardResult & { amount: string; category: PayerCategory }>()(
    z.strictObject(fields({ category: text, income: optYuan, amount: optYuan, rounding: rounding.nullable().optional() }, STANDARD_LABELS)),
  ),
  'dues.getConfig': op<DuesConfigDto>()(z.strictObject({})),
  'dues.saveConfig': op<DuesConfigDto>()(
    z.strictObject({ rounding: rounding.optional(), advanceLimit: labelled(z.number().int().min(0).max(24).optional(), '预交上限（月）') }),
  ),
  'dues.getOrgSettings': op<OrgDuesSettingsDto>()(z.strictObject({ orgId })),
  'dues.saveOrgSettings': op<OrgDuesSettingsDto>()(
    z.strictObject(fields({
      orgId,
      advanceLimit: z.number().int().min(0).max(24).nullable().optional(),
      remitShareBp: shareBp,
      nextReceipt: z.number().int().min(1).optional(),
      deductionProfile: z.strictObject(fields(
        { name: text, add: z.array(text), subtract: z.array(text) },
        { name: '扣除口径名称', add: '计入基数的项目', subtract: '扣除的项目' },
      )).nullable().optional(),
    }, { advanceLimit: '本组织预交上限（月）', nextReceipt: '下一个收据号', deductionProfile: '工资条扣除口径' })),
  ),
  'dues.setBase': op<{ standard: StandardDto; warnings: string[] }>()(
    z.strictObject(fields({
      ...memberRef,
      year,
      fromMonth: optText,
      category: text,
      income: optYuan,
      farmerAmount: optYuan,
      overrideAmount: optYuan,
      overrideReason: optText,
      payslip: z.array(z.strictObject(fields({ item: text, amount: yuan }, { item: '工资项目', amount: '金额' }))).max(50).nullable().optional(),
      approvedBy: optText,
      assessedOn: optText,
      draft: z.boolean().optional(),
    }, {
      ...STANDARD_LABELS,
      year: '核定年度',
      fromMonth: '起始月份',
      overrideAmount: '自愿多交标准',
      overrideReason: '自愿多交原因',
      payslip: '工资条',
      approvedBy: '审批人',
      assessedOn: '核定日期',
      draft: '暂定（草稿）',
    })),
  ),
  'dues.memberLedger': op<{
    member: { id: number; name: string; idNumber: string; org: string };
    standards: StandardDto[];
    payments: PaymentDto[];
    history: AuditEntryDto[];
  }>()(z.strictObject({ ...memberRef })),
  'dues.copyYear': op<{ copied: number }>()(z.strictObject({ year, ...orgRef })),
  'dues.addWaiver': op<{ id: number }>()(
    z.strictObject(fields({
      ...memberRef,
      type: z.enum(['少交', '免交']),
      fromMonth: month,
      toMonth: month,
      reducedAmount: optYuan,
      approvalBody: text,
      approvalDate: date,
      reason: optText,
    }, {
      type: '少交/免交', fromMonth: '起始月份', toMonth: '截止月份', reducedAmount: '少交后每月金额',
      approvalBody: '批准组织', approvalDate: '批准日期', reason: '原因',
    })),
  ),
  'dues.transfer': op<{ moved: number }>()(
    z.strictObject(fields({ ...memberRef, month, toOrgId: z.number().int() }, { month: '转移起始月份', toOrgId: '转入的党组织' })),
  ),
  'dues.pay': op<{ payment: PaymentDto; warnings: string[] }>()(
    z.strictObject(fields({
      ...memberRef,
      months: z.union([text, z.array(month).min(1).max(120)]),
      amount: yuan,
      paidOn: date,
      method,
      receiptNo,
      note,
      confirm: z.boolean().optional(),
    }, { months: '交纳月份', amount: '交纳金额', paidOn: '交纳日期', confirm: '确认登记' })),
  ),
  'dues.reverse': op<{ payment: PaymentDto }>()(
    z.strictObject(fields({ paymentId: z.number().int(), reason: text, date: optText }, { paymentId: '交纳记录', reason: '冲正原因', date: '冲正日期' })),
  ),
  'dues.voluntary': op<{ payment: PaymentDto; info: string | null }>()(
    z.strictObject(fields({ ...memberRef, amount: yuan, paidOn: date, method, receiptNo, note }, { amount: '自愿多交金额', paidOn: '交纳日期' })),
  ),
  /** "本月全部按标准已交" for a whole branch, in one transaction, then the exceptions one by one */
  'dues.recordMonth': op<{ recorded: number; amount: string }>()(
    z.strictObject(fields(
      { orgId, month, paidOn: date, method, exceptMemberIds: z.array(z.number().int()).max(100_000).optional() },
      { month: '交纳月份', paidOn: '交纳日期', exceptMemberIds: '除外的党员' },
    )),
  ),
  'dues.grid': op<GridDto>()(z.strictObject({ orgId, year, asOf: labelled(z.string().max(20).nullable().optional(), '截至月份') })),
  'dues.arrears': op<ArrearsEntry[]>()(z.strictObject({ asOf: labelled(z.string().max(20).nullable().optional(), '截至月份'), ...orgRef })),
  'dues.remit': op<{ id: number; amount: string; suggested: string | null }>()(
    z.strictObject(fields({
      orgId, period: text, amount: optYuan, shareBp,
      toOrg: optText, paidOn: date, voucherNo: optText, method: optText, note,
    }, { period: '上缴期间', amount: '上缴金额', toOrg: '上缴至', paidOn: '上缴日期', voucherNo: '收据号', method: '上缴方式' })),
  ),
  'dues.spend': op<{ id: number }>()(
    z.strictObject(fields({
      orgId, kind: text, category: text, amount: yuan, spentOn: date, toOrgId: z.number().int().nullable().optional(),
      decisionRef: text, approver: text, note,
    }, {
      kind: '下拨/使用', category: '用途', amount: '金额', spentOn: '日期', toOrgId: '下拨至',
      decisionRef: '集体研究决定', approver: '审批人',
    })),
  ),
  'dues.setOpening': op<{ ok: true }>()(z.strictObject({ orgId, year, amount: labelled(yuan, '上年结余') })),
  'dues.accounts': op<{ balance: BalanceDto; remittances: RemittanceDto[]; spending: SpendingDto[]; summary: SummaryRow[] }>()(
    z.strictObject({ orgId, year }),
  ),
  /** the filled-in 核定表 back as this year's standards (one transaction; any bad row refuses the file) */
  'dues.importAssessment': op<{ imported: number; warnings: string[] }>()(
    z.strictObject(fields(
      { ...orgRef, year, fromMonth: optText, fileName: text, bytes: z.instanceof(Uint8Array) },
      { year: '核定年度', fromMonth: '起始月份', fileName: '文件名', bytes: '文件内容' },
    )),
  ),
};

declare module '../../contract/registry.ts' {
  interface ContractRegistry {
    dues: typeof duesOps;
  }
}

// pure code the dues pages show (the renderer's door: docs/architecture.md#layers)
export { CATEGORY_RULES, PAYER_CATEGORIES, type PayerCategory } from './domain/categories.ts';
export { PAYMENT_METHODS, SPENDING_CATEGORIES, SPENDING_KINDS } from './domain/uses.ts';
export { WAIVER_TYPES, type MonthStatus } from './domain/ledger.ts';
export { ROUNDING_LABELS, ROUNDING_MODES, type RoundingMode } from './domain/rounding.ts';
export { computeBaseFromPayslip, WIDE_DEDUCTION_PROFILE } from './domain/payslip.ts';
