import { AppError } from '../../domain/errors.ts';
import type { CliArgs, CliCommand } from '../../adapters/cli/command.ts';

// `dues …` commands: flags mapped onto the dues contract operations; no business logic here.

const s = (args: CliArgs, key: string): string | undefined => args.values[key] as string | undefined;

export function intFlag(args: CliArgs, key: string): number {
  const v = s(args, key) ?? '';
  if (!/^\d+$/.test(v)) throw new AppError('USAGE', `--${key} 应为整数：${v}`);
  return Number(v);
}

/** a member on the dues commands: --id-number, with --id kept as its alias (docs/architecture.md#cli) */
const ID_OPTIONS = { 'id-number': { type: 'string' }, id: { type: 'string' } } as const;
function idNumber(args: CliArgs, usage: string): string {
  const v = s(args, 'id-number') ?? s(args, 'id');
  if (!v) throw new AppError('USAGE', `缺少参数 --id-number\n用法：${usage}`);
  return v;
}

/** the account line of `dues accounts` (yuan, two decimals) */
const accountJson = (b: { opening: string; income: string; remitted: string; spent: string; allocated: string; dueToCentre: string; closing: string }) => ({
  opening: b.opening, income: b.income, remitted: b.remitted, spent: b.spent, allocated: b.allocated, dueToCentre: b.dueToCentre, closing: b.closing,
});

export const commands: CliCommand[] = [
  {
    words: ['dues', 'standard'],
    usage: 'dues standard --category 在职 --income 4500.00 | --category 农民 --amount 0.50',
    needsDb: false,
    options: { category: { type: 'string' }, income: { type: 'string' }, amount: { type: 'string' }, rounding: { type: 'string' } },
    required: ['category'],
    async run(io, args) {
      const r = await io.call('dues.standard', {
        category: s(args, 'category')!,
        income: s(args, 'income') ?? null,
        amount: s(args, 'amount') ?? null,
        rounding: (s(args, 'rounding') as 'half-up' | 'down' | 'up' | undefined) ?? null,
      });
      io.out(io.json ? r : r.amount);
    },
  },
  {
    words: ['dues', 'base', 'set'],
    usage: 'dues base set --id-number 公民身份号码 --year 2023 --category 在职 --income 6200.00 [--from 2023-01] [--amount 农民金额] [--override 金额 --reason 原因] [--draft]',
    options: {
      ...ID_OPTIONS, year: { type: 'string' }, category: { type: 'string' }, income: { type: 'string' }, from: { type: 'string' },
      amount: { type: 'string' }, override: { type: 'string' }, reason: { type: 'string' }, 'approved-by': { type: 'string' }, draft: { type: 'boolean' },
    },
    required: ['year', 'category'],
    async run(io, args) {
      const r = await io.call('dues.setBase', {
        idNumber: idNumber(args, this.usage), year: intFlag(args, 'year'), fromMonth: s(args, 'from') ?? null, category: s(args, 'category')!,
        income: s(args, 'income') ?? null, farmerAmount: s(args, 'amount') ?? null, overrideAmount: s(args, 'override') ?? null,
        overrideReason: s(args, 'reason') ?? null, approvedBy: s(args, 'approved-by') ?? null, draft: Boolean(args.values.draft),
      });
      for (const w of r.warnings) io.err(`提示：${w}`);
      io.out(io.json ? r.standard : `${r.standard.fromMonth} 起 ${r.standard.category} 基数 ${r.standard.base ?? '—'} 比例 ${r.standard.rateLabel} 月交纳 ${r.standard.amount}`);
    },
  },
  {
    words: ['dues', 'pay'],
    usage: 'dues pay --id-number 公民身份号码 --months 2023-01..2023-03 --amount 279.00 --date 2023-03-05 [--method 转账] [--receipt NO] [--confirm]',
    options: {
      ...ID_OPTIONS, months: { type: 'string' }, amount: { type: 'string' }, date: { type: 'string' }, method: { type: 'string' },
      receipt: { type: 'string' }, note: { type: 'string' }, confirm: { type: 'boolean' },
    },
    required: ['months', 'amount', 'date'],
    async run(io, args) {
      const r = await io.call('dues.pay', {
        idNumber: idNumber(args, this.usage), months: s(args, 'months')!, amount: s(args, 'amount')!, paidOn: s(args, 'date')!,
        method: s(args, 'method') ?? null, receiptNo: s(args, 'receipt') ?? null, note: s(args, 'note') ?? null, confirm: Boolean(args.values.confirm),
      });
      for (const w of r.warnings) io.err(`提示：${w}`);
      const p = r.payment;
      io.out(io.json ? p : `已登记 收据号 ${p.receiptNo} 金额 ${p.amount}：${p.months.map((m) => `${m.month} ${m.amount}`).join('，')}`);
    },
  },
  {
    words: ['dues', 'arrears'],
    usage: 'dues arrears [--as-of 2023-06] [--org 组织] [--json]',
    options: { 'as-of': { type: 'string' }, org: { type: 'string' } },
    async run(io, args) {
      const list = await io.call('dues.arrears', { asOf: s(args, 'as-of') ?? null, org: s(args, 'org') ?? null });
      if (io.json) {
        io.out(list.map((e) => ({
          idNumber: e.idNumber, name: e.name, org: e.org, monthsOwed: e.monthsOwed, amountOwed: e.amountOwed, consecutiveMonths: e.consecutiveMonths, risk: e.risk,
          unassessed: e.unassessed, left: e.left,
        })));
        return;
      }
      if (!list.length) io.out('没有欠交党费的党员');
      for (const e of list) {
        const what = e.unassessed && !e.monthsOwed.length ? '未核定党费标准' : `欠交${e.monthsOwed.length}个月 ${e.amountOwed}元\t连续${e.consecutiveMonths}个月`;
        io.out(`${e.org}\t${e.name}\t${e.idNumber}\t${what}${e.left ? `\t已于${e.left.on}${e.left.type}` : ''}${e.levelText ? `\t${e.levelText}` : ''}`);
      }
    },
  },
  {
    words: ['dues', 'waiver', 'add'],
    usage: 'dues waiver add --id-number 公民身份号码 --type 免交|少交 --from 2023-01 --to 2023-12 [--amount 少交后金额] --approved-by 批准组织 --approved-on 2023-01-10 [--reason 原因]',
    options: {
      ...ID_OPTIONS, type: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' }, amount: { type: 'string' },
      'approved-by': { type: 'string' }, 'approved-on': { type: 'string' }, reason: { type: 'string' },
    },
    required: ['type', 'from', 'to', 'approved-by', 'approved-on'],
    async run(io, args) {
      const type = s(args, 'type');
      if (type !== '免交' && type !== '少交') throw new AppError('USAGE', '--type 应为 免交 或 少交');
      const r = await io.call('dues.addWaiver', {
        idNumber: idNumber(args, this.usage), type, fromMonth: s(args, 'from')!, toMonth: s(args, 'to')!, reducedAmount: s(args, 'amount') ?? null,
        approvalBody: s(args, 'approved-by')!, approvalDate: s(args, 'approved-on')!, reason: s(args, 'reason') ?? null,
      });
      for (const w of r.warnings) io.err(`提示：${w}`);
      io.out(io.json ? r : `已登记（编号 ${r.id}）`);
    },
  },
  {
    words: ['dues', 'reverse'],
    usage: 'dues reverse --payment 编号 --reason 原因 [--date YYYY-MM-DD]',
    options: { payment: { type: 'string' }, reason: { type: 'string' }, date: { type: 'string' } },
    required: ['payment', 'reason'],
    async run(io, args) {
      const r = await io.call('dues.reverse', { paymentId: intFlag(args, 'payment'), reason: s(args, 'reason')!, date: s(args, 'date') ?? null });
      io.out(io.json ? r.payment : `已冲正（冲正记录编号 ${r.payment.id}，金额 ${r.payment.amount}）`);
    },
  },
  {
    words: ['dues', 'copy-year'],
    usage: 'dues copy-year --year 2024 [--org 组织]',
    options: { year: { type: 'string' }, org: { type: 'string' } },
    required: ['year'],
    async run(io, args) {
      const r = await io.call('dues.copyYear', { year: intFlag(args, 'year'), org: s(args, 'org') ?? null });
      io.out(io.json ? r : `已复制 ${r.copied} 名党员的上年基数为草稿`);
    },
  },
  {
    words: ['dues', 'voluntary'],
    usage: 'dues voluntary --id-number 公民身份号码 --amount 1000.00 --date 2023-07-01 [--method 转账] [--receipt NO] [--note 说明]',
    options: { ...ID_OPTIONS, amount: { type: 'string' }, date: { type: 'string' }, method: { type: 'string' }, receipt: { type: 'string' }, note: { type: 'string' } },
    required: ['amount', 'date'],
    async run(io, args) {
      const r = await io.call('dues.voluntary', {
        idNumber: idNumber(args, this.usage), amount: s(args, 'amount')!, paidOn: s(args, 'date')!, method: s(args, 'method') ?? null,
        receiptNo: s(args, 'receipt') ?? null, note: s(args, 'note') ?? null,
      });
      if (r.info) io.err(`提示：${r.info}`);
      io.out(io.json ? r.payment : `已登记一次性自愿多交 ${r.payment.amount} 元，收据号 ${r.payment.receiptNo}`);
    },
  },
  {
    words: ['dues', 'opening'],
    usage: 'dues opening --org 组织 --year 2026 --amount 1000.00    （上年结余）',
    options: { org: { type: 'string' }, year: { type: 'string' }, amount: { type: 'string' } },
    required: ['org', 'year', 'amount'],
    async run(io, args) {
      await io.call('dues.setOpening', { org: s(args, 'org')!, year: intFlag(args, 'year'), amount: s(args, 'amount')! });
      io.out(io.json ? { ok: true } : `已设置 ${s(args, 'org')} ${s(args, 'year')} 年的上年结余 ${s(args, 'amount')} 元`);
    },
  },
  {
    words: ['dues', 'remit'],
    usage: 'dues remit --org 支部 [--to-org 上级党委（默认为上级组织）] --period 2026-Q2 [--amount 金额（默认按上缴比例）] --date YYYY-MM-DD [--voucher 收据号] [--method 转账]',
    options: {
      org: { type: 'string' }, 'to-org': { type: 'string' }, period: { type: 'string' }, amount: { type: 'string' }, date: { type: 'string' },
      voucher: { type: 'string' }, method: { type: 'string' }, note: { type: 'string' },
    },
    required: ['org', 'period', 'date'],
    async run(io, args) {
      const r = await io.call('dues.remit', {
        org: s(args, 'org')!, toOrg: s(args, 'to-org') ?? null, period: s(args, 'period')!, amount: s(args, 'amount') ?? null, paidOn: s(args, 'date')!,
        voucherNo: s(args, 'voucher') ?? null, method: s(args, 'method') ?? null, note: s(args, 'note') ?? null,
      });
      io.out(io.json ? r : `已登记上缴 ${r.amount} 元${r.toOrg ? `至${r.toOrg}` : ''}（编号 ${r.id}）`);
    },
  },
  {
    words: ['dues', 'spend'],
    usage: 'dues spend --org 组织 --amount 金额 --date YYYY-MM-DD --category 培训党员 --decision 决定文号或会议 --approver 批准人 [--note 说明]',
    options: {
      org: { type: 'string' }, amount: { type: 'string' }, date: { type: 'string' }, category: { type: 'string' }, decision: { type: 'string' },
      approver: { type: 'string' }, note: { type: 'string' },
    },
    required: ['org', 'amount', 'date', 'category', 'decision', 'approver'],
    async run(io, args) {
      const r = await io.call('dues.spend', {
        org: s(args, 'org')!, kind: '使用', category: s(args, 'category')!, amount: s(args, 'amount')!, spentOn: s(args, 'date')!,
        decisionRef: s(args, 'decision')!, approver: s(args, 'approver')!, note: s(args, 'note') ?? null,
      });
      io.out(io.json ? r : `已登记使用 ${s(args, 'amount')} 元（编号 ${r.id}）`);
    },
  },
  {
    words: ['dues', 'allocate'],
    usage: 'dues allocate --org 党委 --to-org 支部 --amount 金额 --date YYYY-MM-DD --decision 决定文号或会议 --approver 批准人 [--category 用途] [--note 说明]    （下拨）',
    options: {
      org: { type: 'string' }, 'to-org': { type: 'string' }, amount: { type: 'string' }, date: { type: 'string' }, category: { type: 'string' },
      decision: { type: 'string' }, approver: { type: 'string' }, note: { type: 'string' },
    },
    required: ['org', 'to-org', 'amount', 'date', 'decision', 'approver'],
    async run(io, args) {
      const r = await io.call('dues.spend', {
        org: s(args, 'org')!, kind: '下拨', toOrg: s(args, 'to-org')!, category: s(args, 'category') ?? null, amount: s(args, 'amount')!, spentOn: s(args, 'date')!,
        decisionRef: s(args, 'decision')!, approver: s(args, 'approver')!, note: s(args, 'note') ?? null,
      });
      io.out(io.json ? r : `已登记下拨 ${s(args, 'amount')} 元至${s(args, 'to-org')}（编号 ${r.id}）`);
    },
  },
  {
    words: ['dues', 'accounts'],
    usage: 'dues accounts --org 组织 --year 2026 [--json]    （上年结余 + 收入 − 上缴 − 下拨及使用 = 结余）',
    options: { org: { type: 'string' }, year: { type: 'string' } },
    required: ['org', 'year'],
    async run(io, args) {
      const r = await io.call('dues.accounts', { org: s(args, 'org')!, year: intFlag(args, 'year') });
      const b = r.balance;
      if (io.json) return io.out(accountJson(b));
      io.out([
        `上年结余 ${b.opening}　本年收入 ${b.income}　上缴 ${b.remitted}　下拨及使用 ${b.spent}（其中下拨 ${b.allocated}）　结余 ${b.closing}`,
        `应上缴中央（一次自愿多交1000元以上）${b.dueToCentre}`,
      ].join('\n'));
    },
  },
];
