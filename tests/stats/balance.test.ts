import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cell, idOf, makeFixture, type Fixture } from './fixture.ts';

// The balance of 党员数量变化情况 (docs/domain/statistics.md#balance-equation) over a year of generated
// movements recorded through the registry's own operations: E8 − E7 = 0 at every level; then the registry
// edited around the events (a status, an organization, a roll changed without their event, an event
// recorded twice): ≠ 0, with exactly the members that explain it, and signing off refused until resolved.

let f: Fixture;
let unit: number;
let branches: number[];
const EXIT = ['开除党籍', '退党除名', '劝退', '自行脱党除名', '取消预备党员资格'];

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

/** the expected lines per scope, counted by the generator itself */
type Lines = Record<string, number>;
const expected = new Map<number | 'unit', Lines>();
const bump = (scope: number | 'unit', line: string, n = 1) => {
  const l = expected.get(scope) ?? {};
  l[line] = (l[line] ?? 0) + n;
  expected.set(scope, l);
};
const day = (r: () => number, month0: number) => `2026-${String(month0 + 1).padStart(2, '0')}-${String(1 + Math.floor(r() * 28)).padStart(2, '0')}`;

beforeAll(async () => {
  f = await makeFixture('2027-01-15');
  unit = f.org('中共某某局机关委员会', '党委');
  branches = [1, 2, 3].map((i) => f.org(`中共某某局机关第${i}党支部`, '党支部', unit));
  const r = rng(20260101);
  const ids: { id: number; idNumber: string; org: number }[] = [];
  for (let i = 0; i < 240; i++) {
    const org = branches[i % 3];
    const birth = `19${50 + Math.floor(r() * 45)}-0${1 + Math.floor(r() * 9)}-1${Math.floor(r() * 9)}`;
    const joined = `${Math.min(2024, Math.max(Number(birth.slice(0, 4)) + 20, 1975) + Math.floor(r() * 20))}-07-01`;
    const m = f.member({ name: `党员${i}`, org, birth, joinedOn: joined, seq: 100 + i * 2 + (i % 2), gender: i % 2 ? '男' : '女' });
    ids.push({ ...m, org });
  }
  // out of contact since 2024 and stopped in 2025 (docs/domain/members.md#membership-status), restored in 2026
  for (const m of ids.slice(0, 6)) {
    await f.call('members.recordEvent', { member: m.idNumber, type: '失联', date: '2024-09-01' });
    await f.call('members.recordEvent', { member: m.idNumber, type: '停止党籍', date: '2025-04-01' });
  }
  const r2 = rng(7);
  const stopped: { idNumber: string; id: number }[] = [];
  let next = 0;
  const take = () => ids[6 + next++];
  for (let month = 0; month < 12; month++) {
    // restorations: the six stopped in 2025, one a month
    if (month < 6) {
      const m = ids[month];
      const back = day(r2, month);
      await f.call('members.recordEvent', { member: m.idNumber, type: '找回', date: back });
      await f.call('members.recordEvent', { member: m.idNumber, type: '恢复党籍', date: back });
      for (const s of [m.org, 'unit'] as const) { bump(s, 'A5'); bump(s, 'A6'); }
    }
    // a transfer out, a death, an exit, a stop, a move between branches
    const out = take();
    await f.call('members.recordEvent', { member: out.idNumber, type: '转出', date: day(r2, month), detail: '某县某局机关党委' });
    for (const s of [out.org, 'unit'] as const) bump(s, 'E5');
    const died = take();
    await f.call('members.recordEvent', { member: died.idNumber, type: '死亡', date: day(r2, month) });
    for (const s of [died.org, 'unit'] as const) bump(s, 'E4');
    if (month % 2 === 0) {
      const ex = take();
      const subtype = EXIT[month / 2 % EXIT.length];
      // 取消预备党员资格 ends a probation: this one was admitted in 2025
      if (subtype === '取消预备党员资格') f.db.sqlite.prepare(`UPDATE members SET category = '预备党员', joined_on = '2025-10-01', confirmed_on = NULL WHERE id = ?`).run(ex.id);
      await f.call('members.recordEvent', { member: ex.idNumber, type: '出党', subtype, date: day(r2, month) });
      for (const s of [ex.org, 'unit'] as const) bump(s, 'E2');
    }
    if (month % 3 === 1) {
      const st = take();
      await f.call('members.recordEvent', { member: st.idNumber, type: '失联', date: '2025-06-01' });
      await f.call('members.recordEvent', { member: st.idNumber, type: '停止党籍', date: day(r2, month) });
      stopped.push(st);
      for (const s of [st.org, 'unit'] as const) bump(s, 'E3');
    }
    const mv = take();
    const to = branches[(branches.indexOf(mv.org) + 1) % 3];
    const date = day(r2, month);
    f.event(mv.id, { type: '调整', date, from: mv.org, to });
    f.db.sqlite.prepare('UPDATE members SET org_id = ? WHERE id = ?').run(to, mv.id);
    bump(mv.org, 'E5');
    bump(to, 'A7');
    // admissions through the registry's form: 入党日期 in the year
    const org = branches[month % 3];
    await f.call('members.save', {
      member: { name: `新党员${month}`, idNumber: idOf('2000-01-01', 500 + month * 2 + 1), category: '预备党员', joinedOn: day(r2, month), orgId: org, education: '大学本科', ethnicity: '汉族' },
    });
    for (const s of [org, 'unit'] as const) bump(s, 'A3');
    // a transfer in: a member who left in 2024 comes back
    const back = f.member({ name: `回来${month}`, org: branches[(month + 1) % 3], roll: '转出', leftOn: '2024-03-01', seq: 700 + month * 2 + 1, birth: '1980-02-02' });
    f.event(back.id, { type: '转出', date: '2024-03-01', from: branches[(month + 1) % 3] });
    await f.call('members.recordEvent', { member: back.idNumber, type: '转入', date: day(r2, month), toOrg: branches[(month + 1) % 3] });
    for (const s of [branches[(month + 1) % 3], 'unit'] as const) bump(s, 'A7');
  }
  // a member stopped in February is removed (自行脱党除名) in December: already out of the count through E3,
  // the removal is not a second decrease (but is in 党员出党情况)
  await f.call('members.recordEvent', { member: stopped[0].idNumber, type: '出党', subtype: '自行脱党除名', date: '2026-12-15' });
  // a whole branch arrives in December
  for (let i = 0; i < 4; i++) {
    const m = f.member({ name: `整建制${i}`, org: branches[2], roll: '转出', leftOn: '2020-01-01', seq: 800 + i * 2 + 1, birth: '1985-03-03' });
    f.event(m.id, { type: '转出', date: '2020-01-01', from: branches[2] });
    await f.call('members.recordEvent', { member: m.idNumber, type: '转入', date: '2026-12-01', toOrg: branches[2], wholeOrg: true });
    for (const s of [branches[2], 'unit'] as const) { bump(s, 'A7'); bump(s, 'A8'); }
  }
}, 120_000);
afterAll(async () => f?.close());

const change = (org: number, asOf = '2026-12-31') => f.call('stats.table', { name: 'stats-change', org, asOf });
const six = (t: Awaited<ReturnType<typeof change>>) => cell(t, '六、实有数与应有数之差', '人数');

describe('a year of generated movements', () => {
  it('balances at the committee and at every branch, line by line as generated', async () => {
    for (const [scope, org] of [['unit', unit], ...branches.map((b) => [b, b])] as [number | 'unit', number][]) {
      const t = await change(org);
      const want = expected.get(scope)!;
      for (const line of ['A3', 'A5', 'A6', 'A7', 'A8', 'E2', 'E3', 'E4', 'E5']) expect(cell(t, line, '人数'), `${scope} ${line}`).toBe(want[line] ?? 0);
      expect(cell(t, 'A2', '人数')).toBe(cell(t, 'A3', '人数') + cell(t, 'A5', '人数') + cell(t, 'A7', '人数'));
      expect(cell(t, 'E1', '人数')).toBe(cell(t, 'E2', '人数') + cell(t, 'E3', '人数') + cell(t, 'E4', '人数') + cell(t, 'E5', '人数'));
      expect(cell(t, 'E7', '人数')).toBe(cell(t, 'A1', '人数') + cell(t, 'A2', '人数') - cell(t, 'E1', '人数'));
      expect(six(t), `${scope}: ${JSON.stringify(t.checks.find((c) => !c.ok))}`).toBe(0);
      expect(t.checks.every((c) => c.ok)).toBe(true);
      // E8 is the registry's count on the day: the 总数 of 党员基本情况
      const basic = await f.call('stats.table', { name: 'stats-basic', org, asOf: '2026-12-31' });
      expect(cell(t, 'E8', '人数')).toBe(cell(basic, '总计', '总数'));
    }
    // the committee: the moves between its branches are not transfers at its level
    const u = await change(unit);
    const info = u.checks.find((c) => c.rule.startsWith('已停止党籍的党员再出党'))!;
    expect(info.members).toEqual([expect.objectContaining({ reason: expect.stringContaining('2026-12-15 出党') })]);
    const exits = await f.call('stats.table', { name: 'stats-exits', org: unit, asOf: '2026-12-31' });
    expect(cell(exits, '总计', '合计')).toBe(cell(u, 'E2', '人数') + 1);
    expect(cell(exits, '总计', '自行脱党除名')).toBeGreaterThanOrEqual(1);
    expect(exits.checks.every((c) => c.ok)).toBe(true);
    expect(cell(u, 'A1', '人数')).toBe(240 - 6);
    expect(cell(u, 'E8', '人数')).toBe(240 - 6 + 6 + 12 + 12 + 4 - (12 + 12 + 6 + 4));
  });

  it('a half-year report runs from 1 January to 30 June and balances too', async () => {
    const t = await change(unit, '2026-06-30');
    expect(t.periodStart).toBe('2026-01-01');
    expect(cell(t, 'A5', '人数')).toBe(6);
    expect(six(t)).toBe(0);
    expect(t.rows.find((r) => r.code === 'E8')!.label).toBe('五、期末实有数');
  });
});

describe('the registry edited around the events', () => {
  it('≠ 0 with the explaining members listed; signing off is refused until resolved, then next year opens with the signed-off members', async () => {
    const [b1, b2] = branches;
    const pick = (name: string) => ({ name, ...(f.db.sqlite.prepare('SELECT id, id_number AS idNumber, org_id AS orgId FROM members WHERE name = ?').get(name) as { id: number; idNumber: string; orgId: number }) });
    // 1. 党籍状态 changed without a 停止党籍 record (the form refuses it now; older records and imports have it)
    const s = pick('党员200');
    f.db.sqlite.prepare(`UPDATE members SET status = '停止党籍' WHERE id = ?`).run(s.id);
    // 2. the organization changed on the form after a 转入 record into another branch
    const moved = pick('回来0'); // came back into branch 2 in January
    expect(moved.orgId).toBe(b2);
    await f.call('members.save', { id: moved.id, member: { name: moved.name, idNumber: moved.idNumber, orgId: b1 } });
    // 3. the roll changed without its event
    const dead = pick('党员201');
    f.db.sqlite.prepare(`UPDATE members SET roll = '死亡', left_on = '2026-11-11' WHERE id = ?`).run(dead.id);
    // 4. a 转出 recorded twice
    const twice = f.db.sqlite.prepare(`SELECT member_id, date, from_org_id FROM member_events WHERE type = '转出' AND date > '2026-01-01' ORDER BY id LIMIT 1`).get() as { member_id: number; date: string; from_org_id: number };
    f.event(twice.member_id, { type: '转出', date: twice.date, from: twice.from_org_id });

    const t = await change(unit);
    const check = t.checks.find((c) => c.rule.startsWith('六'))!;
    expect(check.ok).toBe(false);
    expect(six(t)).toBe(-1); // 1 and 3 count −1 each, 4 counts +1 at the committee; 2 stays inside it
    const who = Object.fromEntries(check.members!.map((m) => [m.name, m.reason]));
    expect(Object.keys(who).sort()).toEqual(['党员200', '党员201', f.db.sqlite.prepare('SELECT name FROM members WHERE id = ?').pluck().get(twice.member_id) as string].sort());
    expect(who['党员200']).toMatch(/^-1：党籍状态为“停止党籍”，但没有停止党籍的记录/);
    expect(who['党员201']).toMatch(/在册情况为“死亡”，但没有死亡的记录/);
    expect(Object.values(who).some((w) => /^\+1：.*转出记录重复（2条）/.test(w!))).toBe(true);
    // at the branches the organization edit shows too
    const c1 = await change(b1);
    const c1six = c1.checks.find((c) => c.rule.startsWith('六'))!;
    expect(c1six.members!.find((m) => m.name === '回来0')?.reason).toMatch(/^\+1：所在党组织为“中共某某局机关第1党支部”，但按转入、调整记录应在“中共某某局机关第2党支部”/);

    // signing off is refused while 六 ≠ 0, naming the members
    const refused = await f.cli('stats', 'finalize', '--name', '党员数量变化', '--org', '中共某某局机关委员会', '--as-of', '2026-12-31');
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/本年底实有数与应有数不符（相差 -1），不能上报/);
    expect(refused.err).toContain('党员200');

    // resolved: the events recorded, the duplicate removed, the roll put back (the clerk's fixes)
    f.db.sqlite.prepare(`UPDATE members SET status = '正常' WHERE id = ?`).run(s.id);
    await f.call('members.recordEvent', { member: s.idNumber, type: '失联', date: '2026-05-01' });
    await f.call('members.recordEvent', { member: s.idNumber, type: '停止党籍', date: '2026-12-20' });
    f.db.sqlite.prepare(`UPDATE members SET roll = '在册', left_on = NULL WHERE id = ?`).run(dead.id);
    await f.call('members.recordEvent', { member: dead.idNumber, type: '死亡', date: '2026-11-11' });
    f.db.sqlite.prepare(`DELETE FROM member_events WHERE id = (SELECT MAX(id) FROM member_events WHERE member_id = ? AND type = '转出')`).run(twice.member_id);
    const fixed = await change(unit);
    expect(six(fixed)).toBe(0);
    const ok = await f.cli('stats', 'finalize', '--name', 'stats-change', '--org', '中共某某局机关委员会', '--as-of', '2026-12-31', '--json');
    expect(ok.code).toBe(0);
    const final = JSON.parse(ok.out) as { finalized: { by: string } | null };
    expect(final.finalized).not.toBeNull();
    // a signed-off table is kept as it was: later edits do not change it
    const again = await change(unit);
    expect(again.finalized).not.toBeNull();

    // next year opens with the signed-off count and members; a member moved out of the committee on the form
    // (no record) is named in 2027's difference
    const other = f.org('中共另一单位委员会', '党委');
    const leaver = pick('党员150');
    await f.call('members.save', { id: leaver.id, member: { name: leaver.name, idNumber: leaver.idNumber, orgId: other } });
    const y27 = await f.call('stats.table', { name: 'stats-change', org: unit, asOf: '2027-12-31' });
    expect(cell(y27, 'A1', '人数')).toBe(cell(again, 'E8', '人数'));
    expect(y27.checks.find((c) => c.rule.startsWith('上年底总数取自已上报'))).toBeTruthy();
    const y27six = y27.checks.find((c) => c.rule.startsWith('六'))!;
    expect(six(y27)).toBe(-1);
    expect(y27six.members).toEqual([expect.objectContaining({ name: '党员150', reason: expect.stringMatching(/上年底已上报的实有数含该党员，现所在党组织为“中共另一单位委员会”，但没有转出或调整的记录/) })]);
  });
});
