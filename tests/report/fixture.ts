import { dispatch } from '../../src-main/adapters/dispatch.ts';
import type { Db } from '../../src-main/db/connection.ts';
import type { ServiceContext } from '../../src-main/services/context.ts';
import { nthId } from '../support/id-numbers.ts';
import { addMember, addOrg, seedBureau, type Bureau } from '../support/seed.ts';

// The bureau of the report tests, seen on 2026-07-10: a 党委 with two branches, an organization outside it,
// members who move, die, leave and arrive around the half-year's last day, dues paid, remitted and
// allocated, a screening campaign. Every number the tests expect follows from the lines below.

export const TODAY = '2026-07-10';
export const NOW = '2026-07-10T02:00:00.000Z';

export interface ReportFixture extends Bureau {
  outside: number;
  ids: Record<string, number>;
  idNumbers: Record<string, string>;
}

type Target = { db: Db; ctx: ServiceContext };

let serial = 0;

/** an event with its organizations, as the registry records it */
export function event(t: { db: Db }, memberId: number, type: string, date: string, from: number | null, to: number | null, recordedAt = '2026-01-01T00:00:00.000Z'): number {
  return Number(
    t.db.sqlite
      .prepare('INSERT INTO member_events (member_id, type, date, from_org_id, to_org_id, detail, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(memberId, type, date, from, to, type === '转出' ? '外单位' : null, recordedAt).lastInsertRowid,
  );
}

export async function seedReport(t: Target): Promise<ReportFixture> {
  const call = (name: string, input: unknown) => dispatch(t.ctx, name, input) as Promise<any>;
  const b = seedBureau(t);
  const outside = addOrg(t, '中共某某局离退休干部党支部');
  const ids: Record<string, number> = {};
  const idNumbers: Record<string, string> = {};
  const member = (name: string, org: number, extra: Record<string, unknown> = {}) => {
    const idNumber = nthId(700_000 + serial++ * 7);
    idNumbers[name] = idNumber;
    ids[name] = addMember(t, { name, org, idNumber, joinedOn: '2005-07-01', ...extra });
    return ids[name];
  };
  // 第一支部: 4 on the roll at 06-30 (one of them 预备) — 赵六 died on 06-30, 孙八 left the party in February
  member('张三', b.branchA);
  member('李四', b.branchA);
  member('王五', b.branchA, { category: '预备党员', joinedOn: '2026-01-15' });
  member('周九', b.branchA, { category: '正式党员', joinedOn: '2025-07-20' });
  t.db.sqlite.prepare("UPDATE members SET confirmed_on = '2026-07-20' WHERE id = ?").run(ids['周九']); // still 预备 on 06-30
  member('赵六', b.branchA, { roll: '死亡', leftOn: '2026-06-30' });
  event(t, ids['赵六'], '死亡', '2026-06-30', b.branchA, null);
  member('孙八', b.branchA, { roll: '出党', leftOn: '2026-02' });
  event(t, ids['孙八'], '出党', '2026-02', b.branchA, null);
  // 第二支部: 钱七 moved in from 第一支部 on 03-15 (inside the committee), 吴十 transferred in from outside
  // on 06-30, 郑一 joined after the half-year, 冯二 had his 党籍 stopped in April
  member('钱七', b.branchB);
  event(t, ids['钱七'], '调整', '2026-03-15', b.branchA, b.branchB);
  member('吴十', b.branchB);
  event(t, ids['吴十'], '转出', '2020-05-01', b.branchB, null);
  event(t, ids['吴十'], '转入', '2026-06-30', outside, b.branchB);
  member('郑一', b.branchB, { joinedOn: '2026-07-05', category: '预备党员' });
  member('冯二', b.branchB);
  event(t, ids['冯二'], '停止党籍', '2026-04-01', null, null);
  t.db.sqlite.prepare("UPDATE members SET status = '停止党籍' WHERE id = ?").run(ids['冯二']);
  member('陈三', b.branchB);
  // the committee's own member
  member('党委书记', b.committee);

  // dues for 2026: 张三 93.00 a month (6200 在职), 李四 24.00 (离退休 4800), 钱七 93.00
  await call('dues.setBase', { idNumber: idNumbers['张三'], year: 2026, category: '在职', income: '6200.00' });
  await call('dues.setBase', { idNumber: idNumbers['李四'], year: 2026, category: '离退休', income: '4800.00' });
  await call('dues.setBase', { idNumber: idNumbers['钱七'], year: 2026, category: '在职', income: '6200.00' });
  await call('dues.pay', { idNumber: idNumbers['张三'], months: '2026-01..2026-03', amount: '279.00', paidOn: '2026-03-05' });
  await call('dues.pay', { idNumber: idNumbers['张三'], months: '2026-04..2026-06', amount: '279.00', paidOn: '2026-06-30' });
  await call('dues.pay', { idNumber: idNumbers['李四'], months: '2026-01..2026-03', amount: '50.00', paidOn: '2026-03-31' }); // 24 + 24 + 2 部分
  await call('dues.pay', { idNumber: idNumbers['钱七'], months: '2026-01..2026-06', amount: '558.00', paidOn: '2026-01-10', confirm: true });
  await call('dues.pay', { idNumber: idNumbers['钱七'], months: '2026-07', amount: '93.00', paidOn: '2026-07-01' });
  // remitted: the first branch's Q1 share paid in April, the committee's half-year share paid in July
  await call('dues.remit', { orgId: b.branchA, period: '2026-Q1', amount: '100.00', paidOn: '2026-04-10' });
  await call('dues.remit', { orgId: b.committee, period: '2026-H1', amount: '55.55', paidOn: '2026-07-05' });
  await call('dues.remit', { orgId: b.committee, period: '2025-Q4', amount: '66.00', paidOn: '2026-01-08' });
  // allocated down on the half-year's last day; a use (使用) is not an allocation
  const spend = { kind: '下拨', category: '三会一课及主题党日等组织生活', decisionRef: '党委会2026年第3次会议', approver: '党委书记' };
  await call('dues.spend', { ...spend, orgId: b.committee, amount: '1200.00', spentOn: '2026-06-30', toOrgId: b.branchA });
  await call('dues.spend', { ...spend, orgId: b.committee, amount: '800.00', spentOn: '2026-07-01', toOrgId: b.branchB });
  await call('dues.spend', { ...spend, orgId: b.branchA, kind: '使用', category: '培训党员', amount: '300.00', spentOn: '2026-05-01', toOrgId: null });

  // the screening campaign of the half-year
  const { id: campaignId } = await call('campaign.create', { name: '2026年党员信教问题专项整治', year: 2026, start: '2026-04-01', end: '2026-09-30' });
  for (const name of ['张三', '李四', '钱七']) await call('campaign.screen', { campaignId, idNumber: idNumbers[name], date: '2026-06-30' });
  await call('campaign.screen', { campaignId, idNumber: idNumbers['陈三'], date: '2026-07-02' });
  await call('campaign.sign', { campaignId, idNumber: idNumbers['张三'], date: '2026-05-20' });
  await call('campaign.sign', { campaignId, idNumber: idNumbers['钱七'], date: '2026-06-30' });
  await call('campaign.sign', { campaignId, idNumber: idNumbers['陈三'], date: '2026-07-02' });
  return { ...b, outside, ids, idNumbers };
}
