import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestDb, type TestDb } from '../support/db.ts';
import { makeId } from '../support/id-numbers.ts';
import { addMember, seedBureau, type Bureau } from '../support/seed.ts';

// Service tests through the contract: standards, payments, arrears.

let f: TestDb & Bureau;
const ZHANG = makeId('19800101', '011');
const LI = makeId('19850505', '022');
const WANG = makeId('19900909', '033');

beforeEach(async () => {
  const t = await openTestDb({ today: '2023-06-15' });
  f = { ...t, ...seedBureau(t, ['第一支部', '第二支部']) };
});
afterEach(async () => {
  await f.close();
});

const arrearsOf = async (asOf: string, id: string) => (await f.call('dues.arrears', { asOf })).find((e) => e.idNumber === id);
const cells = (memberId: number, from: string, to: string) =>
  f.db.sqlite.prepare('SELECT month, due_fen, paid_fen, status, org_id FROM dues_months WHERE member_id = ? AND month BETWEEN ? AND ? ORDER BY month').all(memberId, from, to) as
    { month: string; due_fen: number; paid_fen: number; status: string; org_id: number }[];

describe('standards', () => {
  it('a base set for the year gives 12 months; re-assessment from a month changes later months only; history kept', async () => {
    const id = addMember(f, { name: '张三', idNumber: ZHANG, org: f.branchA });
    const r = await f.call('dues.setBase', { idNumber: ZHANG, year: 2023, category: '在职', income: '6200.00' });
    expect(r.standard).toMatchObject({ amount: '93.00', rateLabel: '1.5%', fromMonth: '2023-01' });
    expect(cells(id, '2023-01', '2023-12')).toHaveLength(12);
    await f.call('dues.setBase', { idNumber: ZHANG, year: 2023, fromMonth: '2023-07', category: '在职', income: '4000.00' });
    const c = cells(id, '2023-01', '2023-12');
    expect(c[5].due_fen).toBe(9300);
    expect(c[6].due_fen).toBe(4000);
    // the same month again is a change, with old → new in history
    await f.call('dues.setBase', { idNumber: ZHANG, year: 2023, fromMonth: '2023-07', category: '在职', income: '4100.00' });
    const ledger = await f.call('dues.memberLedger', { idNumber: ZHANG });
    expect(ledger.standards).toHaveLength(2);
    const change = ledger.history.find((h) => h.action === '修改党费标准');
    expect(change?.before).toMatchObject({ base: '4000.00' });
    expect(change?.after).toMatchObject({ base: '4100.00' });
  });

  it('voluntary override only upward, with a reason', async () => {
    addMember(f, { name: '张三', idNumber: ZHANG, org: f.branchA });
    await expect(f.call('dues.setBase', { idNumber: ZHANG, year: 2023, category: '在职', income: '6200.00', overrideAmount: '50.00', overrideReason: 'x' })).rejects.toMatchObject({ code: 'VALIDATION', field: 'overrideAmount' });
    await expect(f.call('dues.setBase', { idNumber: ZHANG, year: 2023, category: '在职', income: '6200.00', overrideAmount: '120.00' })).rejects.toMatchObject({ field: 'overrideReason' });
    const r = await f.call('dues.setBase', { idNumber: ZHANG, year: 2023, category: '在职', income: '6200.00', overrideAmount: '120.00', overrideReason: '自愿多交' });
    expect(r.standard).toMatchObject({ ruleAmount: '93.00', amount: '120.00' });
  });

  it('payslip helper computes the base with the deduction profile and keeps the computation', async () => {
    addMember(f, { name: '张三', idNumber: ZHANG, org: f.branchA });
    const r = await f.call('dues.setBase', {
      idNumber: ZHANG, year: 2023, category: '在职',
      payslip: [{ item: '职务职级工资', amount: '2000' }, { item: '级别工资', amount: '2100' }, { item: '规范津贴补贴', amount: '3900' }, { item: '养老保险', amount: '640' },
        { item: '职业年金', amount: '320' }, { item: '医疗保险', amount: '160' }, { item: '住房公积金', amount: '960' }, { item: '个人所得税', amount: '58.80' }],
    });
    expect(r.standard).toMatchObject({ base: '5861.20', amount: '87.92' });
    expect(r.standard.computation).toContain('5861.20');
  });

  it('copy last year as draft: provisional until assessed; arrears before assessment use the carried-over standard', async () => {
    const id = addMember(f, { name: '张三', idNumber: ZHANG, org: f.branchA });
    await f.call('dues.setBase', { idNumber: ZHANG, year: 2023, category: '在职', income: '4500.00' });
    await f.call('dues.pay', { idNumber: ZHANG, months: '2023-01..2023-12', amount: '540.00', paidOn: '2023-12-20', confirm: true });
    // 2024 before any assessment: owed provisionally
    const a = await arrearsOf('2024-02', ZHANG);
    expect(a).toMatchObject({ monthsOwed: ['2024-01', '2024-02'], amountOwed: '90.00', consecutiveMonths: 2 });
    const { copied } = await f.call('dues.copyYear', { year: 2024 });
    expect(copied).toBe(1);
    const grid = await f.call('dues.grid', { orgId: f.branchA, year: 2024, asOf: '2024-02' });
    expect(grid.rows[0]).toMatchObject({ provisional: true, standard: '45.00' });
    expect(cells(id, '2024-01', '2024-12')).toHaveLength(12);
  });
});

describe('payments', () => {
  beforeEach(async () => {
    addMember(f, { name: '张三', idNumber: ZHANG, org: f.branchA });
    await f.call('dues.setBase', { idNumber: ZHANG, year: 2023, category: '在职', income: '6200.00' });
  });

  it('a multi-month payment is applied oldest first; a shortfall leaves the last month 部分', async () => {
    const r = await f.call('dues.pay', { idNumber: ZHANG, months: '2023-01..2023-03', amount: '279.00', paidOn: '2023-03-05', method: '转账' });
    expect(r.payment.months.map((m) => m.amount)).toEqual(['93.00', '93.00', '93.00']);
    expect(r.payment.receiptNo).toBe('000001');
    expect(r.payment.recordedBy).toBe('经办人');
    const r2 = await f.call('dues.pay', { idNumber: ZHANG, months: '2023-04..2023-06', amount: '200.00', paidOn: '2023-06-05' });
    expect(r2.payment.months).toEqual([{ month: '2023-04', amount: '93.00' }, { month: '2023-05', amount: '93.00' }, { month: '2023-06', amount: '14.00' }]);
    expect(r2.payment.receiptNo).toBe('000002');
    expect(r2.warnings.join()).toContain('部分');
    const a = await arrearsOf('2023-06', ZHANG);
    expect(a).toMatchObject({ monthsOwed: ['2023-06'], amountOwed: '79.00', consecutiveMonths: 1, risk: false });
  });

  it('a month without a standard is refused; a paid month cannot be paid again', async () => {
    await expect(f.call('dues.pay', { idNumber: ZHANG, months: '2022-12..2023-01', amount: '93.00', paidOn: '2023-01-05' })).rejects.toMatchObject({ code: 'VALIDATION', message: expect.stringContaining('2022-12') });
    await f.call('dues.pay', { idNumber: ZHANG, months: '2023-01', amount: '93.00', paidOn: '2023-01-05' });
    await expect(f.call('dues.pay', { idNumber: ZHANG, months: '2023-01', amount: '93.00', paidOn: '2023-01-06' })).rejects.toMatchObject({ message: expect.stringContaining('已交清') });
  });

  it('补交 over 6 months and 预交 beyond the limit need confirmation; nothing is written without it', async () => {
    await expect(f.call('dues.pay', { idNumber: ZHANG, months: '2023-01..2023-07', amount: '651.00', paidOn: '2023-08-01' })).rejects.toMatchObject({ code: 'NEEDS_CONFIRMATION', message: expect.stringContaining('补交党费一般不超过6个月') });
    expect(f.db.sqlite.prepare('SELECT COUNT(*) AS n FROM dues_payments').get()).toEqual({ n: 0 });
    // exactly 6 back months is allowed (docs/domain/dues.md#worked-examples)
    await f.call('dues.pay', { idNumber: ZHANG, months: '2023-01..2023-06', amount: '558.00', paidOn: '2023-07-01' });
    // advance: 3 months is the default limit (U8)
    await f.call('dues.pay', { idNumber: ZHANG, months: '2023-07..2023-10', amount: '372.00', paidOn: '2023-07-01' });
    await expect(f.call('dues.pay', { idNumber: ZHANG, months: '2023-11..2023-12', amount: '186.00', paidOn: '2023-07-02' })).rejects.toMatchObject({ code: 'NEEDS_CONFIRMATION' });
    const ok = await f.call('dues.pay', { idNumber: ZHANG, months: '2023-11..2023-12', amount: '186.00', paidOn: '2023-07-02', confirm: true });
    expect(ok.warnings.join()).toContain('预交');
    const grid = await f.call('dues.grid', { orgId: f.branchA, year: 2023, asOf: '2023-07' });
    expect(grid.rows[0].cells.map((c) => c?.status)).toEqual(['已交', '已交', '已交', '已交', '已交', '已交', '已交', '预交', '预交', '预交', '预交', '预交']);
    expect(grid.rows[0].paidThrough).toBe('2023-12');
  });

  it('an amount above what is owed needs confirmation (recorded as 多交 on the last month)', async () => {
    await expect(f.call('dues.pay', { idNumber: ZHANG, months: '2023-01', amount: '100.00', paidOn: '2023-01-05' })).rejects.toMatchObject({ code: 'NEEDS_CONFIRMATION' });
    const r = await f.call('dues.pay', { idNumber: ZHANG, months: '2023-01', amount: '100.00', paidOn: '2023-01-05', confirm: true });
    expect(r.payment.months).toEqual([{ month: '2023-01', amount: '100.00' }]);
  });

  it('a payment is never deleted: a reversal entry restores the months', async () => {
    const r = await f.call('dues.pay', { idNumber: ZHANG, months: '2023-01..2023-02', amount: '186.00', paidOn: '2023-02-05' });
    const rev = await f.call('dues.reverse', { paymentId: r.payment.id, reason: '金额录错', date: '2023-02-06' });
    expect(rev.payment).toMatchObject({ kind: '冲正', amount: '-186.00', reversesId: r.payment.id });
    expect(f.db.sqlite.prepare('SELECT COUNT(*) AS n FROM dues_payments').get()).toEqual({ n: 2 });
    expect((await arrearsOf('2023-02', ZHANG))?.monthsOwed).toEqual(['2023-01', '2023-02']);
    await expect(f.call('dues.reverse', { paymentId: r.payment.id, reason: 'again' })).rejects.toMatchObject({ code: 'CONFLICT' });
    const ledger = await f.call('dues.memberLedger', { idNumber: ZHANG });
    expect(ledger.history.map((h) => h.action)).toEqual(expect.arrayContaining(['登记交纳', '冲正', '核定党费标准']));
  });

  it('a voluntary one-off payment of 1,000 元 or more is flagged to go upward whole (V21)', async () => {
    const r = await f.call('dues.voluntary', { idNumber: ZHANG, amount: '1000.00', paidOn: '2023-07-01' });
    expect(r.payment).toMatchObject({ kind: '自愿多交', toCentral: true });
    expect(r.info).toContain('全部上缴中央');
    const small = await f.call('dues.voluntary', { idNumber: ZHANG, amount: '999.99', paidOn: '2023-07-01' });
    expect(small.payment.toCentral).toBe(false);
  });
});

describe('arrears, admission, transfer, waivers', () => {
  it('months owed from the first assessed month; run and risk at 6 consecutive months (V18)', async () => {
    addMember(f, { name: '张三', idNumber: ZHANG, org: f.branchA });
    await f.call('dues.setBase', { idNumber: ZHANG, year: 2023, category: '在职', income: '4500.00' });
    const a = await arrearsOf('2023-06', ZHANG);
    expect(a).toMatchObject({ name: '张三', org: '中共某某局机关第一党支部', amountOwed: '270.00', consecutiveMonths: 6, risk: true, level: 'risk' });
    expect(a?.monthsOwed).toHaveLength(6);
    expect((await arrearsOf('2023-05', ZHANG))).toMatchObject({ consecutiveMonths: 5, risk: false, level: 'escalate' });
    expect((await arrearsOf('2023-03', ZHANG))).toMatchObject({ consecutiveMonths: 3, level: 'warn' });
    await f.call('dues.pay', { idNumber: ZHANG, months: '2023-06', amount: '45.00', paidOn: '2023-06-10' });
    expect(await arrearsOf('2023-06', ZHANG)).toMatchObject({ consecutiveMonths: 0, monthsOwed: ['2023-01', '2023-02', '2023-03', '2023-04', '2023-05'] });
  });

  it('a 预备党员 admitted mid-year owes from the admission month only', async () => {
    const id = addMember(f, { name: '李四', idNumber: LI, org: f.branchA, joinedOn: '2023-04-18', category: '预备党员' });
    await f.call('dues.setBase', { idNumber: LI, year: 2023, category: '学生' });
    expect(cells(id, '2023-01', '2023-12').map((c) => c.month)[0]).toBe('2023-04');
    await expect(f.call('dues.pay', { idNumber: LI, months: '2023-03', amount: '0.20', paidOn: '2023-04-20' })).rejects.toMatchObject({ code: 'VALIDATION' });
    const a = await arrearsOf('2023-06', LI);
    expect(a).toMatchObject({ monthsOwed: ['2023-04', '2023-05', '2023-06'], amountOwed: '0.60', consecutiveMonths: 3 });
  });

  it('a mid-year transfer: the transfer month stays with the sending branch, later months go to the receiving one', async () => {
    const id = addMember(f, { name: '王五', idNumber: WANG, org: f.branchA });
    await f.call('dues.setBase', { idNumber: WANG, year: 2023, category: '离退休', income: '4800.00' });
    await f.call('dues.pay', { idNumber: WANG, months: '2023-01..2023-03', amount: '72.00', paidOn: '2023-03-01' });
    f.db.sqlite.prepare('UPDATE members SET org_id = ? WHERE id = ?').run(f.branchB, id); // the registry's move
    const { moved } = await f.call('dues.transfer', { idNumber: WANG, month: '2023-04', toOrgId: f.branchB });
    expect(moved).toBe(8);
    const c = cells(id, '2023-01', '2023-12');
    expect(c.filter((x) => x.org_id === f.branchA).map((x) => x.month)).toEqual(['2023-01', '2023-02', '2023-03', '2023-04']);
    const gridA = await f.call('dues.grid', { orgId: f.branchA, year: 2023, asOf: '2023-06' });
    expect(gridA.rows.map((r) => r.name)).toEqual(['王五']);
    expect(gridA.rows[0].cells.filter(Boolean)).toHaveLength(4);
    const gridB = await f.call('dues.grid', { orgId: f.branchB, year: 2023, asOf: '2023-06' });
    expect(gridB.rows[0].cells.filter(Boolean).map((x) => x!.month)[0]).toBe('2023-05');
    // the sending branch records the transfer month once
    await f.call('dues.recordMonth', { orgId: f.branchA, month: '2023-04', paidOn: '2023-04-10' });
    await expect(f.call('dues.pay', { idNumber: WANG, months: '2023-04', amount: '24.00', paidOn: '2023-05-10' })).rejects.toMatchObject({ message: expect.stringContaining('已交清') });
    const a = await arrearsOf('2023-06', WANG);
    expect(a).toMatchObject({ monthsOwed: ['2023-05', '2023-06'], consecutiveMonths: 2 });
  });

  it('approved waivers are excluded and need an approval body and date', async () => {
    addMember(f, { name: '张三', idNumber: ZHANG, org: f.branchA });
    await f.call('dues.setBase', { idNumber: ZHANG, year: 2023, category: '在职', income: '4500.00' });
    await expect(f.call('dues.addWaiver', { idNumber: ZHANG, type: '免交', fromMonth: '2023-01', toMonth: '2023-03', approvalBody: ' ', approvalDate: '2023-01-10' })).rejects.toMatchObject({ field: 'approvalBody' });
    await f.call('dues.addWaiver', { idNumber: ZHANG, type: '免交', fromMonth: '2023-01', toMonth: '2023-03', approvalBody: '中共某某局机关委员会', approvalDate: '2023-01-10', reason: '生活困难' });
    await f.call('dues.addWaiver', { idNumber: ZHANG, type: '少交', fromMonth: '2023-04', toMonth: '2023-04', reducedAmount: '10.00', approvalBody: '中共某某局机关委员会', approvalDate: '2023-01-10' });
    const a = await arrearsOf('2023-06', ZHANG);
    expect(a).toMatchObject({ monthsOwed: ['2023-04', '2023-05', '2023-06'], amountOwed: '100.00', consecutiveMonths: 3 });
    await expect(f.call('dues.pay', { idNumber: ZHANG, months: '2023-02', amount: '45.00', paidOn: '2023-02-01' })).rejects.toMatchObject({ message: expect.stringContaining('免交') });
  });
});

describe('the branch grid', () => {
  it('本月全部按标准已交 records the whole branch in one transaction, except the exceptions', async () => {
    const a = addMember(f, { name: '张三', idNumber: ZHANG, org: f.branchA });
    const b = addMember(f, { name: '李四', idNumber: LI, org: f.branchA });
    addMember(f, { name: '王五', idNumber: WANG, org: f.branchA }); // no standard: nothing owed
    await f.call('dues.setBase', { idNumber: ZHANG, year: 2023, category: '在职', income: '4500.00' });
    await f.call('dues.setBase', { idNumber: LI, year: 2023, category: '学生' });
    const r = await f.call('dues.recordMonth', { orgId: f.branchA, month: '2023-01', paidOn: '2023-01-08', exceptMemberIds: [b] });
    expect(r).toEqual({ recorded: 1, amount: '45.00' });
    const r2 = await f.call('dues.recordMonth', { orgId: f.branchA, month: '2023-01', paidOn: '2023-01-09' });
    expect(r2).toEqual({ recorded: 1, amount: '0.20' });
    const grid = await f.call('dues.grid', { orgId: f.branchA, year: 2023, asOf: '2023-01' });
    expect(grid.rows).toHaveLength(3);
    const byName = Object.fromEntries(grid.rows.map((row) => [row.name, row]));
    expect(byName['张三'].cells[0]?.status).toBe('已交');
    expect(byName['王五'].cells.every((c) => c === null)).toBe(true);
    expect(f.db.sqlite.prepare(`SELECT COUNT(*) AS n FROM audit_log WHERE entity = 'dues_payment'`).get()).toEqual({ n: 2 });
    void a;
  });
});

describe('a move made in the registry', () => {
  it('later unpaid months follow the member when the receiving branch opens its grid; the current month stays with the sender', async () => {
    const id = addMember(f, { name: '王五', idNumber: WANG, org: f.branchA });
    await f.call('dues.setBase', { idNumber: WANG, year: 2023, category: '在职', income: '4500.00' });
    f.db.sqlite.prepare('UPDATE members SET org_id = ? WHERE id = ?').run(f.branchB, id); // members.move, today 2023-06-15
    const grid = await f.call('dues.grid', { orgId: f.branchB, year: 2023, asOf: '2023-06' });
    expect(grid.rows[0].cells.filter(Boolean).map((c) => c!.month)).toEqual(['2023-07', '2023-08', '2023-09', '2023-10', '2023-11', '2023-12']);
    const a = (await f.call('dues.arrears', { asOf: '2023-06', orgId: f.branchA }))[0];
    expect(a).toMatchObject({ name: '王五', consecutiveMonths: 6 });
  });
});
