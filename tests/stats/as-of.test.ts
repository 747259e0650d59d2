import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ageAt, type StatMember } from '../../src-main/modules/stats/domain/roster.ts';
import { cell, idOf, makeFixture, type Fixture } from './fixture.ts';

// The rules of the issue, each on a real roster: counts as of a statistics date from the registry and the
// members' dated events (docs/domain/statistics.md#basics).

let f: Fixture;
let root: number;
let a: number;
let b: number;
const table = (name: string, asOf: string, org: number | string = root) => f.call('stats.table', { name, org, asOf });

beforeAll(async () => {
  f = await makeFixture('2027-01-15');
  root = f.org('中共某某局机关委员会', '党委');
  a = f.org('中共某某局机关第一党支部', '党支部', root, { shortName: '第一支部' });
  b = f.org('中共某某局机关第二党支部', '党支部', root, { shortName: '第二支部' });
});
afterAll(async () => f?.close());

describe('age in 周岁 on the statistics date', () => {
  it('born 1995-01-01 is 30 on 2025-12-31 and 31 on 2026-01-01; born 1995-12-31 turns 30 on 2025-12-31; born 1994-12-31 turns 31 that day', async () => {
    f.member({ name: '元旦生', org: a, birth: '1995-01-01', joinedOn: '2016-07-01' });
    f.member({ name: '除夕生', org: a, birth: '1995-12-31', joinedOn: '2016-07-01' });
    f.member({ name: '早一年', org: a, birth: '1994-12-31', joinedOn: '2016-07-01' });

    const ye = await table('stats-basic', '2025-12-31', a);
    expect(cell(ye, '总计', '总数')).toBe(3);
    expect(cell(ye, '总计', '30岁及以下')).toBe(2); // 元旦生 30, 除夕生 30 (today)
    expect(cell(ye, '总计', '31-35岁')).toBe(1); // 早一年 turned 31 on 2025-12-31 itself

    const before = await table('stats-basic', '2025-12-30', a);
    expect(cell(before, '总计', '30岁及以下')).toBe(3); // 早一年 still 30 the day before

    const next = await table('stats-basic', '2026-01-01', a);
    expect(cell(next, '总计', '30岁及以下')).toBe(1); // 除夕生 30
    expect(cell(next, '总计', '31-35岁')).toBe(2); // 元旦生 now 31

    const p = { birthDate: '1995-12-31' } as StatMember;
    expect(ageAt(p, '2025-12-30')).toBe(29);
    expect(ageAt(p, '2025-12-31')).toBe(30);
  });
});

describe('joining-time bands to the day', () => {
  it('入党 1949-09-30 and 1949-10-01 land in different bands', async () => {
    const c = f.org('老干部党支部', '党支部', root);
    f.member({ name: '九月入党', org: c, birth: '1925-03-01', joinedOn: '1949-09-30', job: '离休干部' });
    f.member({ name: '十月入党', org: c, birth: '1925-03-02', joinedOn: '1949-10-01', job: '离休干部' });
    const t = await table('stats-join-time', '2026-12-31', c);
    expect(cell(t, '总计', '总数')).toBe(2);
    expect(cell(t, '总计', '1945年9月3日至1949年9月')).toBe(1);
    expect(cell(t, '总计', '1949年10月至1966年4月')).toBe(1);
    expect(cell(t, '五、离退休人员', '1945年9月3日至1949年9月')).toBe(1);
    // the 2014 bands (before the 2017 form) put both before and after the founding too
    const old = await table('stats-join-time', '2016-12-31', c);
    expect(old.columns).toContain('1949年9月及以前');
    expect(cell(old, '总计', '1949年9月及以前')).toBe(1);
    expect(cell(old, '总计', '1949年10月至1966年4月')).toBe(1);
  });
});

describe('transfers and the roll on a day', () => {
  it('a member transferred out on 12-30 is not counted on 12-31 but is in 转出组织关系 of the year', async () => {
    const d = f.org('转出测试党支部', '党支部', root);
    f.member({ name: '留下', org: d });
    const out = f.member({ name: '转走', org: d, roll: '转出', leftOn: '2026-12-30' });
    f.event(out.id, { type: '转出', date: '2026-12-30', from: d, detail: '某市某局机关党委' });
    expect(cell(await table('stats-basic', '2026-12-29', d), '总计', '总数')).toBe(2);
    expect(cell(await table('stats-basic', '2026-12-31', d), '总计', '总数')).toBe(1);
    const ch = await table('stats-change', '2026-12-31', d);
    expect(cell(ch, 'A1', '人数')).toBe(2);
    expect(cell(ch, 'E5', '人数')).toBe(1);
    expect(cell(ch, 'E8', '人数')).toBe(1);
    expect(cell(ch, 'E7', '人数')).toBe(1);
  });

  it('整建制 transfers count in 转入/转出 and again in their 其中 line; a move between branches is no transfer at the committee level', async () => {
    const unit = f.org('整建制测试党委', '党委');
    const u1 = f.org('整建制测试第一支部', '党支部', unit);
    const u2 = f.org('整建制测试第二支部', '党支部', unit);
    // two members of u1 leave with their whole branch; one arrives with a whole branch; one arrives alone
    for (const name of ['随队转出甲', '随队转出乙']) {
      const m = f.member({ name, org: u1, roll: '转出', leftOn: '2026-05-01' });
      f.event(m.id, { type: '转出', date: '2026-05-01', from: u1, wholeOrg: true });
    }
    const inWhole = f.member({ name: '随队转入', org: u2, joinedOn: '2001-07-01' });
    f.event(inWhole.id, { type: '转出', date: '2000-01-01', from: u2 }); // its earlier life elsewhere does not matter here
    f.event(inWhole.id, { type: '转入', date: '2026-06-01', to: u2, wholeOrg: true });
    const inOne = f.member({ name: '单独转入', org: u2, increaseType: '转入', enteredOn: '2026-08-01', joinedOn: '2010-07-01' });
    // moved from u1 to u2 inside the committee
    const moved = f.member({ name: '支部间调整', org: u2 });
    f.event(moved.id, { type: '调整', date: '2026-09-01', from: u1, to: u2 });

    const ch = await table('stats-change', '2026-12-31', unit);
    expect(cell(ch, 'A7', '人数')).toBe(2);
    expect(cell(ch, 'A8', '人数')).toBe(1);
    expect(cell(ch, 'E5', '人数')).toBe(2);
    expect(cell(ch, 'E6', '人数')).toBe(2);
    expect(cell(ch, '六、实有数与应有数之差', '人数')).toBe(0);
    // at the branch level the move is a transfer: out of u1, into u2
    const c1 = await table('stats-change', '2026-12-31', u1);
    expect(cell(c1, 'E5', '人数')).toBe(3);
    expect(cell(c1, 'E6', '人数')).toBe(2);
    const c2 = await table('stats-change', '2026-12-31', u2);
    expect(cell(c2, 'A7', '人数')).toBe(3);
    expect(cell(c2, 'A8', '人数')).toBe(1);
    expect(cell(c2, '六、实有数与应有数之差', '人数')).toBe(0);
    expect(inOne.id).toBeGreaterThan(0);
  });
});

describe('party age and status', () => {
  it('a 预备党员 has no 党龄; after 转正 the 党龄 counts from the 转正日期', async () => {
    const e = f.org('党龄测试党支部', '党支部', root);
    f.member({ name: '新党员', org: e, birth: '2000-02-02', joinedOn: '2025-06-01', confirmedOn: '2026-06-01', increaseType: '发展党员' });
    f.member({ name: '老党员', org: e, birth: '1950-02-02', joinedOn: '1975-06-01', confirmedOn: '1976-06-01' });
    const y25 = await table('stats-party-age', '2025-12-31', e);
    expect(cell(y25, '总计', '总数')).toBe(2);
    expect(cell(y25, '总计', '预备党员（无党龄）')).toBe(1);
    expect(cell(y25, '总计', '40-49年')).toBe(1); // 49 full years on 2025-12-31
    const y26 = await table('stats-party-age', '2026-12-31', e);
    expect(cell(y26, '总计', '预备党员（无党龄）')).toBe(0);
    expect(cell(y26, '总计', '不满5年')).toBe(1);
    expect(cell(y26, '总计', '50年及以上')).toBe(1);
    expect(cell(await table('stats-basic', '2025-12-31', e), '总计', '预备党员')).toBe(1);
    expect(cell(await table('stats-basic', '2026-12-31', e), '总计', '预备党员')).toBe(0);
  });

  it('members whose 党籍 is stopped are not in 总数 or E8: they left through E3; 恢复党籍 brings them back through A5/A6', async () => {
    const g = f.org('停止党籍测试党支部', '党支部', root);
    f.member({ name: '正常甲', org: g });
    const stopped = f.member({ name: '停止乙', org: g, status: '停止党籍' });
    f.event(stopped.id, { type: '失联', date: '2025-06-01' });
    f.event(stopped.id, { type: '停止党籍', date: '2026-03-01' });
    const restored = f.member({ name: '恢复丙', org: g });
    f.event(restored.id, { type: '停止党籍', date: '2025-03-01' });
    f.event(restored.id, { type: '恢复党籍', date: '2026-09-01' });
    const ch = await table('stats-change', '2026-12-31', g);
    expect(cell(ch, 'A1', '人数')).toBe(2); // 正常甲, 停止乙 (恢复丙 was stopped at the end of 2025)
    expect(cell(ch, 'E3', '人数')).toBe(1);
    expect(cell(ch, 'A5', '人数')).toBe(1);
    expect(cell(ch, 'A6', '人数')).toBe(1);
    expect(cell(ch, 'E8', '人数')).toBe(2);
    expect(cell(ch, '六、实有数与应有数之差', '人数')).toBe(0);
    expect(cell(await table('stats-basic', '2026-12-31', g), '总计', '总数')).toBe(2);
    expect(cell(await table('stats-basic', '2026-06-30', g), '总计', '总数')).toBe(1);
  });
});

describe('admissions by 入党日期', () => {
  it('a member imported without an admission record whose 入党日期 falls in the year counts as 发展党员 (新发展 unless the file says otherwise)', async () => {
    const h = f.org('导入测试党支部', '党支部', root);
    const csv = [
      '姓名,性别,民族,公民身份号码,学历,所在党支部,人员类别,入党日期,转正日期',
      `新入党,男,汉族,${idOf('1998-01-01', 11)},大学本科,导入测试党支部,预备党员,2026-04-01,`,
      `老同志,女,汉族,${idOf('1970-01-01', 22)},大学本科,导入测试党支部,正式党员,1995-07-01,1996-07-01`,
      `重新入党者,男,回族,${idOf('1975-01-01', 31)},大学专科,导入测试党支部,预备党员,2026-05-01,`,
    ].join('\n');
    const bytes = new TextEncoder().encode(`\uFEFF${csv}\n`);
    const { jobId } = await f.call('import.commit', { bytes, fileName: '花名册.csv' });
    const summary = (await f.ctx.jobs.wait(jobId)) as { inserted: number };
    expect(summary.inserted).toBe(3);
    // the file said 重新入党 for one of them (the import's 入党类型 column, as the registry keeps it)
    f.db.sqlite.prepare(`UPDATE members SET join_type = '重新入党' WHERE name = '重新入党者'`).run();

    const ch = await table('stats-change', '2026-12-31', h);
    expect(cell(ch, 'A1', '人数')).toBe(1);
    expect(cell(ch, 'A3', '人数')).toBe(2);
    expect(cell(ch, 'A4', '人数')).toBe(1);
    expect(cell(ch, 'E8', '人数')).toBe(3);
    expect(cell(ch, '六、实有数与应有数之差', '人数')).toBe(0);
    const dev = await table('stats-development', '2026-12-31', h);
    expect(cell(dev, '总计', '发展党员数')).toBe(2);
    expect(cell(dev, '总计', '重新入党')).toBe(1);
    expect(cell(dev, '总计', '少数民族')).toBe(1);
    expect(cell(dev, '总计', '35岁及以下')).toBe(1); // 28 on admission; the other 51
    // the year before, neither had joined
    expect(cell(await table('stats-basic', '2025-12-31', h), '总计', '总数')).toBe(1);
  });
});
