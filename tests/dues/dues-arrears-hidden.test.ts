import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestDb, type TestDb } from '../support/db.ts';
import { makeId } from '../support/id-numbers.ts';
import { addMember, seedBureau, type Bureau } from '../support/seed.ts';
import { longestOpenRun } from '../../src-main/modules/dues/domain/arrears.ts';

// Arrears are not hidden by later payments (docs/domain/dues.md#non-payment): standards for January set in
// December, then the whole-month button for September–December — the 76 members owing January–August must
// still be reminded, and the button must not mark a later month paid while earlier months are open without
// saying so.

let f: TestDb & Bureau;
const IDS = Array.from({ length: 4 }, (_, i) => makeId('19800101', String(101 + i * 2).padStart(3, '0')));

beforeEach(async () => {
  const t = await openTestDb({ today: '2026-12-20' });
  f = { ...t, ...seedBureau(t, ['第一支部', '第二支部']) };
  IDS.forEach((id, i) => addMember(f, { name: `党员${i + 1}`, idNumber: id, org: f.branchA }));
  // the year's standards, set late (in December), from January
  for (const id of IDS) await f.call('dues.setBase', { idNumber: id, year: 2026, category: '在职', income: '4500.00', assessedOn: '2026-12-01' });
});
afterEach(async () => {
  await f.close();
});

describe('arrears hidden by later payments', () => {
  it('the whole-month button names the members who owe earlier months and records nothing until told what to do', async () => {
    const ask = f.call('dues.recordMonth', { orgId: f.branchA, month: '2026-09', paidOn: '2026-12-20' });
    await expect(ask).rejects.toMatchObject({ code: 'NEEDS_CONFIRMATION', field: 'earlierOpen' });
    const e = (await ask.catch((x: unknown) => x)) as { message: string; details: { members: { name: string; months: string[] }[] } };
    expect(e.message).toContain('4 名党员在2026-09之前还有未交的月份');
    expect(e.message).toContain('党员1（2026-01至2026-08，8个月）');
    expect(e.details.members[0].months).toEqual(['2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06', '2026-07', '2026-08']);
    expect(f.db.sqlite.prepare('SELECT COUNT(*) AS n FROM dues_payments').get()).toEqual({ n: 0 });
  });

  it('oldest first: each member’s month of dues goes to the oldest open month, the reminder keeps counting', async () => {
    const r = await f.call('dues.recordMonth', { orgId: f.branchA, month: '2026-09', paidOn: '2026-12-20', earlierOpen: 'oldest-first' });
    expect(r).toMatchObject({ recorded: 4, amount: '180.00', olderFirst: 4, stillOwingEarlier: 0 });
    const cells = f.db.sqlite.prepare(`SELECT month, status FROM dues_months WHERE member_id = 1 AND month IN ('2026-01', '2026-09') ORDER BY month`).all();
    expect(cells).toEqual([{ month: '2026-01', status: '已交' }, { month: '2026-09', status: '未交' }]);
    const a = (await f.call('dues.arrears', { asOf: '2026-12' }))[0];
    expect(a).toMatchObject({ monthsOwed: ['2026-02', '2026-03', '2026-04', '2026-05', '2026-06', '2026-07', '2026-08', '2026-09', '2026-10', '2026-11', '2026-12'], consecutiveMonths: 11, risk: true, paidThrough: '2026-01' });
  });

  it('this month anyway: September–December recorded, yet January–August stay a six-month-plus risk with its reminder', async () => {
    for (const m of ['09', '10', '11', '12']) {
      const r = await f.call('dues.recordMonth', { orgId: f.branchA, month: `2026-${m}`, paidOn: '2026-12-20', earlierOpen: 'this-month' });
      expect(r).toMatchObject({ recorded: 4, stillOwingEarlier: 4 });
    }
    const list = await f.call('dues.arrears', { asOf: '2026-12' });
    expect(list).toHaveLength(4);
    expect(list[0]).toMatchObject({ monthsOwed: ['2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06', '2026-07', '2026-08'], consecutiveMonths: 8, risk: true, level: 'risk' });
    const reminders = await f.call('reminders.list', { asOf: '2026-12-20' });
    expect(reminders.filter((x) => x.kind === 'arrears-risk')).toHaveLength(4);
    // a single payment of a later month while earlier ones are open is recorded with a warning
    const p = await f.call('dues.pay', { idNumber: IDS[0], months: '2026-08', amount: '45.00', paidOn: '2026-12-20' });
    expect(p.warnings.join()).toContain('在2026-01至2026-07还有 7 个月未交');
  });

  it('the run: waived months bridge without counting; a paid month breaks it', () => {
    // Jan–Aug open, Sep–Dec paid → 8
    expect(longestOpenRun([0, 1, 2, 3, 4, 5, 6, 7])).toBe(8);
    // Jan, Feb open, Mar waived, Apr, May open → 4
    expect(longestOpenRun([0, 1, 3, 4], new Set([2]))).toBe(4);
    // Jan, Feb open, Mar paid, Apr open → 2
    expect(longestOpenRun([0, 1, 3])).toBe(2);
    expect(longestOpenRun([])).toBe(0);
  });
});
