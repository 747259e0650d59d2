import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cell, makeFixture, type Fixture, type MemberSeed } from './fixture.ts';

// The statistics' figures of the work report (docs/domain/report.md#membership-and-organizations):
// 发展党员, 转入, 转出, 死亡, 出党 are the lines A3, A7, E5, E4, E2 of 党员数量变化情况 at the level of the
// chosen organization, and take the place of the core module's provisional definitions. A move between
// two branches of a subtree is neither 转入 nor 转出 at the subtree's level; a record on the period's last
// day counts in it. Over a year of generated movements every figure equals its line of the table for the
// same organization and period, at every level.

const TODAY = '2027-01-15';
let f: Fixture;
let unit: number;
let general: number;
let b1: number;
let b2: number;
let b3: number;
let outside: number;
let o1: number;
let unit2: number;
let branches2: number[];
let now = `${TODAY}T08:00:00.000Z`;
const m: Record<string, { id: number; idNumber: string }> = {};

/** a small deterministic PRNG (mulberry32) */
function rng(seed: number) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

beforeAll(async () => {
  f = await makeFixture(TODAY);
  f.ctx.clock = { today: () => TODAY, now: () => now };
  // the hand-made committee: a 党总支 with two branches, and a branch of its own
  unit = f.org('中共某某局机关委员会', '党委');
  general = f.org('中共某某局机关业务处室总支部委员会', '党总支', unit);
  b1 = f.org('中共某某局机关第一党支部', '党支部', general);
  b2 = f.org('中共某某局机关第二党支部', '党支部', general);
  b3 = f.org('中共某某局机关第三党支部', '党支部', unit);
  outside = f.org('中共某某县委员会', '党委');
  o1 = f.org('中共某某县某某镇党支部', '党支部', outside);
  const member = (key: string, org: number, more: Partial<MemberSeed> = {}) =>
    (m[key] = f.member({ name: key, org, ...more }));
  const move = (key: string, date: string, from: number, to: number) => {
    f.event(m[key].id, { type: '调整', date, from, to });
    f.db.sqlite.prepare('UPDATE members SET org_id = ? WHERE id = ?').run(to, m[key].id);
  };

  // a. a move inside the 党总支: none at its level nor the committee's; 转出 of 第一支部, 转入 of 第二支部
  member('甲', b1);
  move('甲', '2026-03-15', b1, b2);
  // b. a move out of the 党总支 into 第三支部: 转出 of the 党总支, none at the committee's level
  member('乙', b2);
  move('乙', '2026-04-20', b2, b3);
  // c. a move out of the committee to the county's branch: 转出 of the committee, 转入 of the county
  member('丙', b3);
  move('丙', '2026-05-10', b3, o1);
  // d. a transfer in from outside on the half-year's last day (the member had left in 2020)
  member('丁', b1, { roll: '转出', leftOn: '2020-05-01' });
  f.event(m['丁'].id, { type: '转出', date: '2020-05-01', from: b1 });
  await f.call('members.recordEvent', { member: m['丁'].idNumber, type: '转入', date: '2026-06-30', toOrg: b1 });
  // e. a transfer out on the year's last day
  member('戊', b2);
  await f.call('members.recordEvent', { member: m['戊'].idNumber, type: '转出', date: '2026-12-31', detail: '某市某局机关党委' });
  // f. a death on the half-year's last day; g. an exit dated by its month only
  member('己', b1);
  await f.call('members.recordEvent', { member: m['己'].idNumber, type: '死亡', date: '2026-06-30' });
  member('庚', b3);
  f.event(m['庚'].id, { type: '出党', date: '2026-02', from: b3, subtype: '退党除名' });
  f.db.sqlite.prepare(`UPDATE members SET roll = '出党', left_on = '2026-02' WHERE id = ?`).run(m['庚'].id);
  // h. 党籍 stopped in March, removed in April: left the count by 停止党籍, not counted again as 出党
  member('辛', b2);
  await f.call('members.recordEvent', { member: m['辛'].idNumber, type: '停止党籍', date: '2026-03-01' });
  await f.call('members.recordEvent', { member: m['辛'].idNumber, type: '出党', date: '2026-04-01', detail: '自行脱党除名' });
  // i. admissions: one in January, one dated by its month in August; j. an arrival recorded on the member
  // (增加方式 转入, 进入本组织日期) without an event
  member('壬', b1, { category: '预备党员', joinedOn: '2026-01-15', confirmedOn: null });
  member('癸', b3, { category: '预备党员', joinedOn: '2026-08', confirmedOn: null });
  member('子', b2, { increaseType: '转入', enteredOn: '2026-09-01' });
  for (let i = 0; i < 6; i++) member(`在册${i}`, [b1, b2, b3][i % 3]);

  // a second committee with a year of generated movements among its branches and the county's
  unit2 = f.org('中共某某局直属单位委员会', '党委');
  branches2 = [1, 2, 3].map((i) => f.org(`中共某某局直属单位第${i}党支部`, '党支部', unit2));
  const all = [...branches2, o1];
  const r = rng(20260630);
  const pool: { id: number; idNumber: string; org: number }[] = [];
  for (let i = 0; i < 120; i++) {
    const org = all[i % 4];
    pool.push({ ...f.member({ name: `党员${i}`, org, seq: 300 + i * 2 + 1 }), org });
  }
  const day = (month0: number) => `2026-${String(month0 + 1).padStart(2, '0')}-${String(1 + Math.floor(r() * 30)).padStart(2, '0')}`.replace(/-02-(29|30)$/, '-02-28');
  let next = 0;
  for (let month = 0; month < 12; month++) {
    const moved = pool[next++];
    const to = all.filter((o) => o !== moved.org)[Math.floor(r() * 3)];
    f.event(moved.id, { type: '调整', date: day(month), from: moved.org, to });
    f.db.sqlite.prepare('UPDATE members SET org_id = ? WHERE id = ?').run(to, moved.id);
    const out = pool[next++];
    await f.call('members.recordEvent', { member: out.idNumber, type: '转出', date: day(month), detail: '外单位' });
    if (month % 2 === 0) {
      const died = pool[next++];
      await f.call('members.recordEvent', { member: died.idNumber, type: '死亡', date: day(month) });
    }
    if (month % 3 === 0) {
      const ex = pool[next++];
      await f.call('members.recordEvent', { member: ex.idNumber, type: '出党', date: day(month), detail: '劝退' });
    }
    if (month % 4 === 1) {
      const back = f.member({ name: `回来${month}`, org: all[month % 4], roll: '转出', leftOn: '2024-03-01', seq: 700 + month * 2 + 1 });
      f.event(back.id, { type: '转出', date: '2024-03-01', from: all[month % 4] });
      await f.call('members.recordEvent', { member: back.idNumber, type: '转入', date: day(month), toOrg: all[month % 4] });
    }
    f.member({ name: `新党员${month}`, org: all[(month + 1) % 4], category: '预备党员', joinedOn: day(month), confirmedOn: null, seq: 800 + month * 2 + 1 });
  }
}, 120_000);
afterAll(async () => f?.close());

const KEYS = ['newMembers', 'transfersIn', 'transfersOut', 'deaths', 'exits'] as const;
const LINES = { newMembers: 'A3', transfersIn: 'A7', transfersOut: 'E5', deaths: 'E4', exits: 'E2' } as const;

async function values(org: number, period: string, withSubOrgs = true): Promise<Record<string, unknown>> {
  const r = await f.call('report.figures', { org, period, withSubOrgs, track: false });
  return Object.fromEntries(r.figures.map((x) => [x.param ? `${x.key}:${x.param}` : x.key, x.value]));
}
const movements = async (org: number, period: string, withSubOrgs = true) => {
  const v = await values(org, period, withSubOrgs);
  return Object.fromEntries(KEYS.map((k) => [k, v[k]]));
};

describe('the statistics’ figures of the work report', () => {
  it('take the place of the core module’s provisional definitions', async () => {
    const cat = await f.call('report.catalogue', {});
    for (const key of KEYS) expect(cat.figures.filter((x) => x.key === key).map((x) => x.module), key).toEqual(['stats']);
    expect(cat.figures.find((x) => x.key === 'members')!.module).toBe('core');
    expect(cat.figures.find((x) => x.key === 'deaths')!.rule).toContain('党员数量变化情况表 E4 行');
    const r = await f.call('report.figures', { org: unit, period: '2026', track: false });
    for (const key of KEYS) expect(r.figures.filter((x) => x.key === key).map((x) => x.module), key).toEqual(['stats']);
  });

  it('a move between two branches of a subtree is neither 转入 nor 转出 at its level, but is at each branch’s', async () => {
    expect(await movements(b1, '2026-H1')).toEqual({ newMembers: 1, transfersIn: 1, transfersOut: 1, deaths: 1, exits: 0 }); // 壬; 丁; 甲; 己
    expect(await movements(b2, '2026-H1')).toEqual({ newMembers: 0, transfersIn: 1, transfersOut: 1, deaths: 0, exits: 0 }); // 甲; 乙; 辛 not an exit
    expect(await movements(b3, '2026-H1')).toEqual({ newMembers: 0, transfersIn: 1, transfersOut: 1, deaths: 0, exits: 1 }); // 乙; 丙; 庚
    // the 党总支: 甲's move inside it is none; 乙 left it for 第三支部
    expect(await movements(general, '2026-H1')).toEqual({ newMembers: 1, transfersIn: 1, transfersOut: 1, deaths: 1, exits: 0 });
    // the committee: only 丁 came in from outside and 丙 left for the county
    expect(await movements(unit, '2026-H1')).toEqual({ newMembers: 1, transfersIn: 1, transfersOut: 1, deaths: 1, exits: 1 });
    // the committee's own roll alone: nothing
    expect(await movements(unit, '2026-H1', false)).toEqual({ newMembers: 0, transfersIn: 0, transfersOut: 0, deaths: 0, exits: 0 });
    // the branches' sum is more than the subtree's by the moves inside it (甲 and 乙, each once in and once out)
    const parts = await Promise.all([b1, b2, b3].map((b) => movements(b, '2026-H1')));
    const whole = await movements(unit, '2026-H1');
    const sum = (k: string) => parts.reduce((s, p) => s + Number(p[k]), 0);
    expect([sum('transfersIn') - Number(whole.transfersIn), sum('transfersOut') - Number(whole.transfersOut)]).toEqual([2, 2]);
    // additive ones add up
    for (const k of ['newMembers', 'deaths', 'exits']) expect(sum(k), k).toBe(whole[k]);
    // the county: 丙 arrived
    expect((await movements(o1, '2026-05')).transfersIn).toBeGreaterThanOrEqual(1);
  });

  it('a record dated on the period’s last day counts in it, and not in the next; a month-only date by its month', async () => {
    expect((await movements(unit, '2026-06')).transfersIn).toBe(1); // 丁 on 06-30
    expect((await movements(unit, '2026-H2')).transfersIn).toBe(1); // 子, entered 09-01 (no event)
    expect((await movements(unit, '2026-Q2')).deaths).toBe(1); // 己 on 06-30
    expect((await movements(unit, '2026-H2')).deaths).toBe(0);
    expect((await movements(unit, '2026-12')).transfersOut).toBe(1); // 戊 on 12-31
    expect((await movements(unit, '2026')).transfersOut).toBe(2); // 丙, 戊
    expect((await movements(unit, '2027-01')).transfersOut).toBe(0);
    expect((await movements(unit, '2026-02')).exits).toBe(1); // 庚, '2026-02'
    expect((await movements(unit, '2026-08')).newMembers).toBe(1); // 癸, '2026-08'
    expect(await movements(unit, '2026')).toEqual({ newMembers: 2, transfersIn: 2, transfersOut: 2, deaths: 1, exits: 1 });
  });

  it('agree with 党员数量变化情况 of the same organization and period, at every level', async () => {
    const periods: [string, string][] = [['2026-01', '2026-01-31'], ['2026-Q1', '2026-03-31'], ['2026-H1', '2026-06-30'], ['2026-01-01..2026-09-30', '2026-09-30'], ['2026', '2026-12-31']];
    let nonZero = 0;
    for (const org of [unit, general, b1, b2, b3, outside, o1, unit2, ...branches2]) {
      for (const sub of [true, false]) {
        for (const [period, asOf] of periods) {
          const table = await f.call('stats.table', { name: 'stats-change', org, includeSubOrgs: sub, asOf });
          const v = await movements(org, period, sub);
          for (const k of KEYS) {
            expect(v[k], `${org} ${sub} ${period} ${k}`).toBe(cell(table, LINES[k], '人数'));
            if (v[k]) nonZero++;
          }
        }
      }
    }
    expect(nonZero).toBeGreaterThan(100);
  });

  it('each figure opens its records: the member, what was recorded, the organization it counted in', async () => {
    const out = await f.call('report.explain', { org: unit, period: '2026', key: 'transfersOut' });
    expect(out).toMatchObject({ value: 2, total: 2 });
    expect(out.records.map((r) => [r.date, r.kind, r.org, r.title])).toEqual([
      ['2026-05-10', '调整', '中共某某局机关第三党支部', '丙 调整'],
      ['2026-12-31', '转出', '中共某某局机关第二党支部', '戊 转出'],
    ]);
    const into = await f.call('report.explain', { org: unit, period: '2026', key: 'transfersIn' });
    expect(into.records.map((r) => [r.date, r.kind, r.org, r.title])).toEqual([
      ['2026-06-30', '转入', '中共某某局机关第一党支部', '丁 转入'],
      ['2026-09-01', '转入', '中共某某局机关第二党支部', '子 转入'],
    ]);
    const county = await f.call('report.explain', { org: o1, period: '2026-05', key: 'transfersIn' });
    expect(county.records).toContainEqual(expect.objectContaining({ kind: '调整', org: '中共某某县某某镇党支部', title: '丙 调整' }));
    for (const key of KEYS) {
      for (const org of [unit2, ...branches2]) {
        const e = await f.call('report.explain', { org, period: '2026', key });
        expect(e.records.length, `${org} ${key}`).toBe(e.value);
        expect(new Set(e.records.map((r) => `${r.kind}-${r.id}`)).size).toBe(e.records.length);
      }
    }
  });

  it('a figure changed since the last run names the records entered in between', async () => {
    now = '2027-01-15T09:00:00.000Z';
    const first = await f.call('report.figures', { org: unit, period: '2026' });
    expect(first.figures.filter((x) => x.changed)).toEqual([]);
    now = '2027-01-15T10:00:00.000Z';
    await f.call('members.recordEvent', { member: m['在册0'].idNumber, type: '死亡', date: '2026-11-11' });
    now = '2027-01-15T11:00:00.000Z';
    const second = await f.call('report.figures', { org: unit, period: '2026' });
    const deaths = second.figures.find((x) => x.key === 'deaths')!;
    expect(deaths.value).toBe(2);
    expect(deaths.changed?.reason).toMatch(/增加 1 人：其间新录入或修改的记录 1 条（在册0 死亡）/);
  });
});
