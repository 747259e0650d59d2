import { AppError } from '../../domain/errors.ts';
import type { CliArgs, CliCommand } from '../../adapters/cli/command.ts';

// `dues …` commands: flags mapped onto the dues contract operations; no business logic here.

const s = (args: CliArgs, key: string): string | undefined => args.values[key] as string | undefined;

export function intFlag(args: CliArgs, key: string): number {
  const v = s(args, key) ?? '';
  if (!/^\d+$/.test(v)) throw new AppError('USAGE', `--${key} 应为整数：${v}`);
  return Number(v);
}

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
    usage: 'dues base set --id 公民身份号码 --year 2023 --category 在职 --income 6200.00 [--from 2023-01] [--amount 农民金额] [--override 金额 --reason 原因] [--draft]',
    options: {
      id: { type: 'string' }, year: { type: 'string' }, category: { type: 'string' }, income: { type: 'string' }, from: { type: 'string' },
      amount: { type: 'string' }, override: { type: 'string' }, reason: { type: 'string' }, 'approved-by': { type: 'string' }, draft: { type: 'boolean' },
    },
    required: ['id', 'year', 'category'],
    async run(io, args) {
      const r = await io.call('dues.setBase', {
        idNumber: s(args, 'id'), year: intFlag(args, 'year'), fromMonth: s(args, 'from') ?? null, category: s(args, 'category')!,
        income: s(args, 'income') ?? null, farmerAmount: s(args, 'amount') ?? null, overrideAmount: s(args, 'override') ?? null,
        overrideReason: s(args, 'reason') ?? null, approvedBy: s(args, 'approved-by') ?? null, draft: Boolean(args.values.draft),
      });
      for (const w of r.warnings) io.err(`提示：${w}`);
      io.out(io.json ? r.standard : `${r.standard.fromMonth} 起 ${r.standard.category} 基数 ${r.standard.base ?? '—'} 比例 ${r.standard.rateLabel} 月交纳 ${r.standard.amount}`);
    },
  },
  {
    words: ['dues', 'pay'],
    usage: 'dues pay --id 公民身份号码 --months 2023-01..2023-03 --amount 279.00 --date 2023-03-05 [--method 转账] [--receipt NO] [--confirm]',
    options: {
      id: { type: 'string' }, months: { type: 'string' }, amount: { type: 'string' }, date: { type: 'string' }, method: { type: 'string' },
      receipt: { type: 'string' }, note: { type: 'string' }, confirm: { type: 'boolean' },
    },
    required: ['id', 'months', 'amount', 'date'],
    async run(io, args) {
      const r = await io.call('dues.pay', {
        idNumber: s(args, 'id'), months: s(args, 'months')!, amount: s(args, 'amount')!, paidOn: s(args, 'date')!,
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
        io.out(list.map((e) => ({ idNumber: e.idNumber, name: e.name, org: e.org, monthsOwed: e.monthsOwed, amountOwed: e.amountOwed, consecutiveMonths: e.consecutiveMonths, risk: e.risk })));
        return;
      }
      if (!list.length) io.out('没有欠交党费的党员');
      for (const e of list) io.out(`${e.org}\t${e.name}\t${e.idNumber}\t欠交${e.monthsOwed.length}个月 ${e.amountOwed}元\t连续${e.consecutiveMonths}个月${e.levelText ? `\t${e.levelText}` : ''}`);
    },
  },
  {
    words: ['dues', 'waiver', 'add'],
    usage: 'dues waiver add --id 公民身份号码 --type 免交|少交 --from 2023-01 --to 2023-12 [--amount 少交后金额] --approved-by 批准组织 --approved-on 2023-01-10 [--reason 原因]',
    options: {
      id: { type: 'string' }, type: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' }, amount: { type: 'string' },
      'approved-by': { type: 'string' }, 'approved-on': { type: 'string' }, reason: { type: 'string' },
    },
    required: ['id', 'type', 'from', 'to', 'approved-by', 'approved-on'],
    async run(io, args) {
      const type = s(args, 'type');
      if (type !== '免交' && type !== '少交') throw new AppError('USAGE', '--type 应为 免交 或 少交');
      const r = await io.call('dues.addWaiver', {
        idNumber: s(args, 'id'), type, fromMonth: s(args, 'from')!, toMonth: s(args, 'to')!, reducedAmount: s(args, 'amount') ?? null,
        approvalBody: s(args, 'approved-by')!, approvalDate: s(args, 'approved-on')!, reason: s(args, 'reason') ?? null,
      });
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
    usage: 'dues voluntary --id 公民身份号码 --amount 1000.00 --date 2023-07-01 [--method 转账] [--receipt NO] [--note 说明]',
    options: { id: { type: 'string' }, amount: { type: 'string' }, date: { type: 'string' }, method: { type: 'string' }, receipt: { type: 'string' }, note: { type: 'string' } },
    required: ['id', 'amount', 'date'],
    async run(io, args) {
      const r = await io.call('dues.voluntary', {
        idNumber: s(args, 'id'), amount: s(args, 'amount')!, paidOn: s(args, 'date')!, method: s(args, 'method') ?? null,
        receiptNo: s(args, 'receipt') ?? null, note: s(args, 'note') ?? null,
      });
      if (r.info) io.err(`提示：${r.info}`);
      io.out(io.json ? r.payment : `已登记一次性自愿多交 ${r.payment.amount} 元，收据号 ${r.payment.receiptNo}`);
    },
  },
];
