import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestDb, type TestDb } from '../support/db.ts';
import { addEvent, addMember, addOrg } from '../support/seed.ts';

// Service tests of the campaign module on a real SQLite file.

let f: TestDb;
beforeEach(async () => {
  f = await openTestDb({ today: '2023-10-10' });
});
afterEach(async () => {
  await f.close();
});

const PERIOD = { year: 2023, start: '2023-04-01', end: '2023-09-30' };

function tree() {
  const root = addOrg(f, '中共某局委员会', { type: '党委' });
  const general = addOrg(f, '机关党总支', { parent: root, type: '党总支' });
  const b1 = addOrg(f, '机关第一党支部', { parent: general });
  const b2 = addOrg(f, '机关第二党支部', { parent: general });
  const b3 = addOrg(f, '离退休党支部', { parent: root });
  return { root, general, b1, b2, b3 };
}

async function checklistNames(campaignId: number, extra: Record<string, unknown> = {}) {
  const { rows } = await f.call('campaign.checklist', { campaignId, limit: null, ...extra });
  return rows.map((r) => r.name).sort();
}

describe('scope', () => {
  it('covers the chosen organizations with their sub-organizations, all when none named', async () => {
    const o = tree();
    addMember(f, { name: '甲', org: o.b1, joinedOn: '2000-01-01' });
    addMember(f, { name: '乙', org: o.b2, joinedOn: '2000-01' });
    addMember(f, { name: '丙', org: o.b3, joinedOn: '2000-01-01' });
    addMember(f, { name: '丁', org: o.general, joinedOn: '2000-01-01' });
    const { id: some } = await f.call('campaign.create', { name: '机关', ...PERIOD, orgs: ['机关党总支'] });
    expect(await checklistNames(some)).toEqual(['丁', '乙', '甲'].sort());
    const { id: all } = await f.call('campaign.create', { name: '全部', ...PERIOD });
    expect(await checklistNames(all)).toEqual(['丁', '丙', '乙', '甲'].sort());
    const { id: branch } = await f.call('campaign.create', { name: '一支部', ...PERIOD, orgIds: [o.b1] });
    expect(await checklistNames(branch)).toEqual(['甲']);
  });

  it('judges by the members\' own dates: join/transfer-in during → added later, leave during → kept and marked, not counted', async () => {
    const o = tree();
    addMember(f, { name: '老党员', org: o.b1, joinedOn: '1990-07-01' });
    addMember(f, { name: '新党员', org: o.b1, joinedOn: '2023-06-30', category: '预备党员' });
    const moved = addMember(f, { name: '转入者', org: o.b1, joinedOn: '2005-01-01' });
    addEvent(f, moved, '转入', '2023-07-15');
    const leaver = addMember(f, { name: '转出者', org: o.b1, joinedOn: '2005-01-01', leftOn: '2023-08-01' });
    addEvent(f, leaver, '转出', '2023-08-01');
    const dead = addMember(f, { name: '去世者', org: o.b1, joinedOn: '1960-01-01' });
    addEvent(f, dead, '死亡', '2023-05-05');
    addMember(f, { name: '早已转出', org: o.b1, joinedOn: '2005-01-01', leftOn: '2022-12-31' });
    addMember(f, { name: '太晚入党', org: o.b1, joinedOn: '2023-10-08' });
    const { id } = await f.call('campaign.create', { name: '2023', ...PERIOD });
    const { rows } = await f.call('campaign.checklist', { campaignId: id, limit: null });
    const by = Object.fromEntries(rows.map((r) => [r.name, r]));
    expect(Object.keys(by).sort()).toEqual(['去世者', '新党员', '老党员', '转入者', '转出者'].sort());
    expect(by['新党员'].addedLater).toBe(true);
    expect(by['转入者']).toMatchObject({ addedLater: true, arrivedOn: '2023-07-15' });
    expect(by['老党员']).toMatchObject({ addedLater: false, leftOn: null });
    expect(by['转出者'].leftOn).toBe('2023-08-01');
    expect(by['去世者'].leftOn).toBe('2023-05-05');
    const p = await f.call('campaign.progress', { campaignId: id });
    expect(p.total.members).toBe(3);
    expect(await checklistNames(id, { addedLater: true })).toEqual(['新党员', '转入者'].sort());
    expect(await checklistNames(id, { includeLeft: false })).toEqual(['新党员', '老党员', '转入者'].sort());
  });

  it('a campaign created later still covers members entered afterwards (scope refreshed on read)', async () => {
    const o = tree();
    const { id } = await f.call('campaign.create', { name: '2023', ...PERIOD });
    expect(await checklistNames(id)).toEqual([]);
    addMember(f, { name: '后录入', org: o.b2, joinedOn: '2001-03' });
    expect(await checklistNames(id)).toEqual(['后录入']);
  });
});

describe('per-member records', () => {
  it('screens with defaults, warns outside the period, refuses handling without a finding, accepts aliases', async () => {
    const o = tree();
    const a = addMember(f, { name: '甲', org: o.b1, joinedOn: '2000-01-01' });
    const b = addMember(f, { name: '乙', org: o.b1, joinedOn: '2000-01-01' });
    const { id } = await f.call('campaign.create', { name: '2023', ...PERIOD });

    const r1 = await f.call('campaign.screen', { campaignId: id, memberId: a, date: '2023-05-10' });
    expect(r1.row).toMatchObject({ screenStatus: '已排查', finding: '未发现问题', screenMethod: '谈心谈话', screenedBy: '经办人' });
    expect(r1.warnings).toEqual([]);
    await expect(f.call('campaign.handle', { campaignId: id, memberId: a, outcome: '教育转化', date: '2023-06-01' })).rejects.toMatchObject({ code: 'VALIDATION' });
    await expect(f.call('campaign.handle', { campaignId: id, memberId: b, outcome: '教育转化', date: '2023-06-01' })).rejects.toMatchObject({ code: 'VALIDATION' });

    const r2 = await f.call('campaign.screen', { campaignId: id, memberId: b, date: '2023-10-10', religion: '佛教', manifestations: '常去寺庙烧香' });
    expect(r2.row).toMatchObject({ finding: '已信仰宗教', religion: '佛教' });
    expect(r2.warnings[0].message).toContain('不在本次工作期间');
    const r3 = await f.call('campaign.handle', { campaignId: id, memberId: b, outcome: '批评教育', date: '2023-06-01' });
    expect(r3.row).toMatchObject({ outcome: '教育转化', outcomeCode: '02' });
    const r4 = await f.call('campaign.handle', { campaignId: id, memberId: b, outcome: '劝而不退除名', date: '2023-07-01' });
    expect(r4.row).toMatchObject({ outcome: '除名', outcomeCode: '05' });
    await expect(f.call('campaign.handle', { campaignId: id, memberId: b, outcome: '罚款', date: '2023-07-01' })).rejects.toThrow(/处置方式应为/);
    await expect(f.call('campaign.screen', { campaignId: id, memberId: b, date: '2023-05-10', finding: '未发现问题', religion: '道教' })).rejects.toMatchObject({ code: 'VALIDATION' });

    // re-screening keeps the old values in the history
    await f.call('campaign.screen', { campaignId: id, memberId: b, date: '2023-08-01', finding: '理想信念动摇', religion: '道教' });
    const h = await f.call('campaign.history', { campaignId: id, memberId: b });
    expect(h.map((e) => e.action)).toEqual(['排查', '处置', '处置', '排查']);
    expect(h[0]).toMatchObject({ actor: '经办人', before: { finding: '已信仰宗教', religion: '佛教', screened_on: '2023-10-10' }, after: { finding: '理想信念动摇', religion: '道教' } });
  });

  it('records a not-signed reason, then a 补签 date, with the template version', async () => {
    const o = tree();
    const a = addMember(f, { name: '甲', org: o.b1, joinedOn: '2000-01-01' });
    const { id } = await f.call('campaign.create', { name: '2023', ...PERIOD });
    const r1 = await f.call('campaign.sign', { campaignId: id, memberId: a, notSignedReason: '外出', paperLocation: '党支部档案柜' });
    expect(r1.row).toMatchObject({ signStatus: '未签订', notSignedReason: '外出', paperLocation: '党支部档案柜' });
    await f.call('campaign.saveTemplate', { title: '承诺书', body: '本人{姓名}承诺。' });
    const r2 = await f.call('campaign.sign', { campaignId: id, memberId: a, makeupDate: '2023-08-08' });
    expect(r2.row).toMatchObject({ signStatus: '已签订', makeupSignedOn: '2023-08-08', notSignedReason: '外出', templateVersion: 2 });
  });

  it('refuses a member outside the campaign and an unknown ID number', async () => {
    const o = tree();
    addMember(f, { name: '甲', org: o.b1, joinedOn: '2000-01-01' });
    const late = addMember(f, { name: '晚', org: o.b1, joinedOn: '2024-01-01' });
    const { id } = await f.call('campaign.create', { name: '2023', ...PERIOD });
    await expect(f.call('campaign.screen', { campaignId: id, memberId: late, date: '2023-05-10' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(f.call('campaign.screen', { campaignId: id, idNumber: '110105194912310021', date: '2023-05-10' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('bulk actions', () => {
  it('marks a branch signed and screened in one go, never clobbering recorded findings', async () => {
    const o = tree();
    const ids = ['甲', '乙', '丙'].map((n) => addMember(f, { name: n, org: o.b1, joinedOn: '2000-01-01' }));
    const other = addMember(f, { name: '丁', org: o.b2, joinedOn: '2000-01-01' });
    const { id } = await f.call('campaign.create', { name: '2023', ...PERIOD });
    await f.call('campaign.screen', { campaignId: id, memberId: ids[0], date: '2023-05-01', religion: '基督教' });
    await f.call('campaign.sign', { campaignId: id, memberId: ids[1], notSignedReason: '病休' });
    const s = await f.call('campaign.bulk', { campaignId: id, action: 'screenedNoFinding', date: '2023-05-20', filter: { orgId: o.b1 } });
    expect(s.updated).toBe(2);
    const g = await f.call('campaign.bulk', { campaignId: id, action: 'signed', date: '2023-05-21', filter: { orgId: o.b1 } });
    expect(g.updated).toBe(3);
    const { rows } = await f.call('campaign.checklist', { campaignId: id, limit: null });
    const by = Object.fromEntries(rows.map((r) => [r.memberId, r]));
    expect(by[ids[0]]).toMatchObject({ finding: '已信仰宗教', religion: '基督教', signStatus: '已签订', signedOn: '2023-05-21' });
    expect(by[ids[1]]).toMatchObject({ finding: '未发现问题', signStatus: '已签订', signedOn: null, makeupSignedOn: '2023-05-21' });
    expect(by[other]).toMatchObject({ screenStatus: '未排查', signStatus: '未签订' });
    const audits = f.db.sqlite.prepare(`SELECT count(*) AS n FROM audit_log WHERE action LIKE '批量%'`).get() as { n: number };
    expect(audits.n).toBe(5);
  });

  it('is one transaction: a failure mid-way leaves nothing written', async () => {
    const o = tree();
    const ids = Array.from({ length: 10 }, (_, i) => addMember(f, { name: `党员${i}`, org: o.b1, joinedOn: '2000-01-01' }));
    const { id } = await f.call('campaign.create', { name: '2023', ...PERIOD });
    const auditBefore = (f.db.sqlite.prepare('SELECT count(*) AS n FROM audit_log').get() as { n: number }).n;
    // the 7th row's update fails inside the statement, after the audit rows and six updates were done
    f.db.sqlite.exec(`CREATE TRIGGER boom BEFORE UPDATE OF sign_status ON campaign_members WHEN NEW.member_id = ${ids[6]}
      BEGIN SELECT RAISE(ABORT, 'disk full'); END`);
    await expect(f.call('campaign.bulk', { campaignId: id, action: 'signed', date: '2023-05-21', memberIds: ids })).rejects.toThrow(/disk full/);
    const signed = f.db.sqlite.prepare(`SELECT count(*) AS n FROM campaign_members WHERE sign_status = '已签订'`).get() as { n: number };
    expect(signed.n).toBe(0);
    expect((f.db.sqlite.prepare('SELECT count(*) AS n FROM audit_log').get() as { n: number }).n).toBe(auditBefore);
    f.db.sqlite.exec('DROP TRIGGER boom');
    // a selection with a member outside the campaign is refused as a whole
    const outsider = addMember(f, { name: '外人', org: o.b1, joinedOn: '2024-01-01' });
    await expect(f.call('campaign.bulk', { campaignId: id, action: 'signed', date: '2023-05-21', memberIds: [...ids, outsider] })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect((f.db.sqlite.prepare(`SELECT count(*) AS n FROM campaign_members WHERE sign_status = '已签订'`).get() as { n: number }).n).toBe(0);
    expect((await f.call('campaign.bulk', { campaignId: id, action: 'signed', date: '2023-05-21', memberIds: ids })).updated).toBe(10);
  });
});

describe('progress board', () => {
  it('matches a hand-computed fixture: direct members per org, lagging first, total = sum, left not counted', async () => {
    const o = tree();
    // 机关党总支 (direct): 2 members; 一支部: 4 (+1 left); 二支部: 3; 离退休: 0 in scope
    const g = [addMember(f, { name: '总支甲', org: o.general, joinedOn: '2000-01-01' }), addMember(f, { name: '总支乙', org: o.general, joinedOn: '2000-01-01' })];
    const b1 = ['一甲', '一乙', '一丙', '一丁'].map((n) => addMember(f, { name: n, org: o.b1, joinedOn: '2000-01-01' }));
    const left = addMember(f, { name: '一戊', org: o.b1, joinedOn: '2000-01-01', leftOn: '2023-06-01' });
    const b2 = ['二甲', '二乙', '二丙'].map((n) => addMember(f, { name: n, org: o.b2, joinedOn: '2000-01-01' }));
    addMember(f, { name: '未来', org: o.b3, joinedOn: '2024-01-01' });
    const { id } = await f.call('campaign.create', { name: '2023', ...PERIOD });
    const c = { campaignId: id };
    // 总支: both screened, both signed                               → 100 %
    for (const m of g) await f.call('campaign.screen', { ...c, memberId: m, date: '2023-05-01' });
    await f.call('campaign.bulk', { ...c, action: 'signed', date: '2023-05-02', memberIds: g });
    // 一支部: 甲 佛教 → 教育转化; 乙 理想信念动摇 → 限期改正; 丙 clean; 丁 nothing; 甲乙 signed → (3+2)/8
    await f.call('campaign.screen', { ...c, memberId: b1[0], date: '2023-05-01', religion: '佛教' });
    await f.call('campaign.handle', { ...c, memberId: b1[0], outcome: '教育转化', date: '2023-06-01' });
    await f.call('campaign.screen', { ...c, memberId: b1[1], date: '2023-05-01', finding: '理想信念动摇' });
    await f.call('campaign.handle', { ...c, memberId: b1[1], outcome: '限期改正', date: '2023-06-01' });
    await f.call('campaign.screen', { ...c, memberId: b1[2], date: '2023-05-01' });
    await f.call('campaign.bulk', { ...c, action: 'signed', date: '2023-05-02', memberIds: [b1[0], b1[1]] });
    // the member who left: screened as a believer and signed — counted nowhere
    await f.call('campaign.screen', { ...c, memberId: left, date: '2023-05-01', religion: '道教' });
    await f.call('campaign.sign', { ...c, memberId: left, date: '2023-05-03' });
    // 二支部: 甲 screened only → (1+0)/6
    await f.call('campaign.screen', { ...c, memberId: b2[0], date: '2023-05-01' });

    const p = await f.call('campaign.progress', c);
    const rows = p.orgs.map((r) => ({ org: r.org, members: r.members, screened: r.screened, signed: r.signed, believers: r.believers, converted: r.converted, handled: r.handled }));
    expect(rows).toEqual([
      { org: '机关第二党支部', members: 3, screened: 1, signed: 0, believers: 0, converted: 0, handled: 0 },
      { org: '机关第一党支部', members: 4, screened: 3, signed: 2, believers: 2, converted: 1, handled: 2 },
      { org: '机关党总支', members: 2, screened: 2, signed: 2, believers: 0, converted: 0, handled: 0 },
    ]);
    expect(p.total).toEqual({ members: 9, screened: 6, signed: 4, believers: 2, converted: 1, handled: 2, screenRate: 66.7, signRate: 44.4 });
    expect(p.orgs[1]).toMatchObject({ screenRate: 75, signRate: 50 });
  });
});

describe('status and letters', () => {
  it('a finished campaign is frozen: no edits, no new members; reopening allows both again', async () => {
    const o = tree();
    const a = addMember(f, { name: '甲', org: o.b1, joinedOn: '2000-01-01' });
    const { id } = await f.call('campaign.create', { name: '2023', ...PERIOD });
    await f.call('campaign.setStatus', { campaignId: id, status: '已完成' });
    await expect(f.call('campaign.screen', { campaignId: id, memberId: a, date: '2023-05-01' })).rejects.toMatchObject({ code: 'CONFLICT' });
    addMember(f, { name: '补录', org: o.b1, joinedOn: '2000-01-01' });
    expect(await checklistNames(id)).toEqual(['甲']);
    await f.call('campaign.setStatus', { campaignId: id, status: '进行中' });
    expect(await checklistNames(id)).toEqual(['甲', '补录'].sort());
  });

  it('letters: one page per member of the branch, from the current template version; unsigned only on request', async () => {
    const o = tree();
    const a = addMember(f, { name: '甲', org: o.b1, joinedOn: '2000-01-01' });
    addMember(f, { name: '乙', org: o.b1, joinedOn: '2000-01-01' });
    addMember(f, { name: '丙', org: o.b2, joinedOn: '2000-01-01' });
    const { id } = await f.call('campaign.create', { name: '2023', ...PERIOD });
    const first = await f.call('campaign.letters', { campaignId: id, orgId: o.b1 });
    expect(first.template.version).toBe(1);
    expect(first.pages.map((p) => p.name).sort()).toEqual(['乙', '甲']);
    const t = await f.call('campaign.saveTemplate', { title: '承诺书', body: '本人{姓名}（{党组织}）承诺。' });
    expect(t.version).toBe(2);
    await f.call('campaign.sign', { campaignId: id, memberId: a, date: '2023-05-01' });
    const second = await f.call('campaign.letters', { campaignId: id, orgId: o.general, includeSigned: false });
    expect(second.template).toMatchObject({ version: 2, title: '承诺书' });
    expect(second.pages.map((p) => p.name).sort()).toEqual(['丙', '乙'].sort());
  });
});
