import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultCampaignPeriod } from '../../src-main/modules/campaign/contract.ts';
import { cli } from '../support/cli.ts';
import { openTestDb, runExport, type TestDb } from '../support/db.ts';
import { addEvent, addMember, addOrg, type MemberSeed } from '../support/seed.ts';

/** the campaign tests' shorthand over tests/support */
async function makeFixture() {
  const t = await openTestDb({ today: '2023-10-10', prefix: 'dangwu-campaign-' });
  return Object.assign(t, {
    org: (name: string, parent?: number, type = '党支部') => addOrg(t, name, { parent, type }),
    member: (m: MemberSeed) => addMember(t, m),
    event: (memberId: number, type: string, date: string) => addEvent(t, memberId, type, date),
  });
}
type Fixture = Awaited<ReturnType<typeof makeFixture>>;

// What a clerk who erred needs from a campaign: the bulk 已排查 never invents a method (and the 推进情况统计表
// counts only the methods recorded), a campaign can be renamed, re-dated and deleted (refused while records
// depend on it, saying which), and its suggested period is not already over.

let f: Fixture;
let ids: Record<string, number>;
let b1: number;

beforeEach(async () => {
  f = await makeFixture();
  const root = f.org('中共某局机关委员会', undefined, '党委');
  b1 = f.org('第一党支部', root);
  ids = {
    甲: f.member({ name: '甲', org: b1, joinedOn: '2000-01-01' }),
    乙: f.member({ name: '乙', org: b1, joinedOn: '2000-01-01' }),
    丙: f.member({ name: '丙', org: b1, joinedOn: '2000-01-01' }),
    丁: f.member({ name: '丁', org: b1, joinedOn: '2023-06-15' }),
  };
});
afterEach(async () => {
  await f.close();
});

const PERIOD = { year: 2023, start: '2023-04-01', end: '2023-09-30' };

function cmRow(campaignId: number, memberId: number) {
  return f.db.sqlite.prepare('SELECT screen_status, screen_method, finding, in_scope FROM campaign_members WHERE campaign_id = ? AND member_id = ?').get(campaignId, memberId) as
    { screen_status: string; screen_method: string | null; finding: string | null; in_scope: number };
}

async function progressRows(campaignId: number): Promise<{ rows: unknown[][]; text: string }> {
  const file = await runExport(f.ctx, 'religion-progress', { campaignId });
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(file.bytes) as never);
  const rows: unknown[][] = [];
  wb.worksheets[0].eachRow({ includeEmpty: true }, (r) => {
    rows.push((r.values as unknown[]).slice(1));
  });
  return { rows, text: rows.map((r) => r.map((v) => (v == null ? '' : String(v))).join('|')).join('\n') };
}

describe('bulk 标记已排查·未发现信教 records only the method the clerk chose', () => {
  it('no method chosen: none stored, none in the history, none counted as 谈心谈话', async () => {
    const { id } = await f.call('campaign.create', { name: '2023', ...PERIOD });
    const r = await f.call('campaign.bulk', { campaignId: id, action: 'screenedNoFinding', date: '2023-05-10', memberIds: [ids['甲'], ids['乙']] });
    expect(r.updated).toBe(2);
    expect(cmRow(id, ids['甲'])).toMatchObject({ screen_status: '已排查', finding: '未发现问题', screen_method: null });
    const h = await f.call('campaign.history', { campaignId: id, memberId: ids['甲'] });
    expect(h[0].after).toMatchObject({ screen_method: null });

    // one more screened by a chosen method, one by the single form choosing 走访
    await f.call('campaign.bulk', { campaignId: id, action: 'screenedNoFinding', date: '2023-05-11', method: '谈心谈话', memberIds: [ids['丙']] });
    expect(cmRow(id, ids['丙']).screen_method).toBe('谈心谈话');
    await f.call('campaign.screen', { campaignId: id, memberId: ids['丁'], date: '2023-07-01', method: '走访' });

    const { rows, text } = await progressRows(id);
    const header = rows.find((r) => r.includes('谈心谈话人次'))!;
    const b = rows.find((r) => r[1] === '第一党支部')!;
    expect(b[header.indexOf('已排查党员数')]).toBe(4);
    expect(b[header.indexOf('谈心谈话人次')]).toBe(1);
    expect(b[header.indexOf('走访人次')]).toBe(1);
    expect(text).toContain('另有 2 名已排查党员未登记排查方式');
  });

  it('a method outside the list is refused, and a method on 标记已签订 too; nothing is written', async () => {
    const { id } = await f.call('campaign.create', { name: '2023', ...PERIOD });
    await expect(f.call('campaign.bulk', { campaignId: id, action: 'screenedNoFinding', date: '2023-05-10', method: '电话', memberIds: [ids['甲']] })).rejects.toThrow(/排查方式应为/);
    await expect(f.call('campaign.bulk', { campaignId: id, action: 'signed', date: '2023-05-10', method: '走访', memberIds: [ids['甲']] })).rejects.toThrow(/排查方式只用于/);
    expect(cmRow(id, ids['甲']).screen_status).toBe('未排查');
  });
});

describe('renaming, re-dating and deleting a campaign', () => {
  it('renames and re-dates, audited; members whose records leave the period keep them, with a warning', async () => {
    const { id } = await f.call('campaign.create', { name: '2023年专项整治', ...PERIOD });
    await f.call('campaign.sign', { campaignId: id, memberId: ids['丁'], date: '2023-07-01' });
    const r = await f.call('campaign.update', { campaignId: id, name: '2023年党员信教问题专项整治', end: '2023-05-31' });
    expect(r.campaign).toMatchObject({ name: '2023年党员信教问题专项整治', start: '2023-04-01', end: '2023-05-31' });
    // 丁 joined 2023-06-15: after the new end, out of the checklist, the signed record kept
    expect(r.warnings.map((w) => w.message).join()).toMatch(/1 名已登记排查或承诺书的党员不在本次范围内/);
    expect(cmRow(id, ids['丁']).in_scope).toBe(0);
    const list = await f.call('campaign.checklist', { campaignId: id });
    expect(list.rows.map((x) => x.name).sort()).toEqual(['丙', '乙', '甲'].sort());
    const audit = f.db.sqlite.prepare(`SELECT action, before, after FROM audit_log WHERE entity = 'campaign' AND entity_id = ? ORDER BY id`).all(id) as { action: string; before: string; after: string }[];
    expect(audit.map((a) => a.action)).toEqual(['新建专项工作', '修改专项工作']);
    expect(JSON.parse(audit[1].before)).toEqual({ name: '2023年专项整治', end: '2023-09-30' });
    expect(JSON.parse(audit[1].after)).toEqual({ name: '2023年党员信教问题专项整治', end: '2023-05-31' });

    // back to the old end: 丁 and the signature are there again
    await f.call('campaign.update', { campaignId: id, end: '2023-09-30' });
    expect(cmRow(id, ids['丁']).in_scope).toBe(1);
    const d = (await f.call('campaign.checklist', { campaignId: id })).rows.find((x) => x.name === '丁')!;
    expect(d.signStatus).toBe('已签订');
  });

  it('refuses an end before the start, and new dates for a finished campaign', async () => {
    const { id } = await f.call('campaign.create', { name: '2023', ...PERIOD });
    await expect(f.call('campaign.update', { campaignId: id, end: '2023-03-01' })).rejects.toThrow(/结束日期不能早于开始日期/);
    await f.call('campaign.setStatus', { campaignId: id, status: '已完成' });
    await expect(f.call('campaign.update', { campaignId: id, start: '2023-05-01' })).rejects.toThrow(/已完成，工作期间不能再修改/);
    // renaming a finished campaign is fine
    expect((await f.call('campaign.update', { campaignId: id, name: '2023年度' })).campaign.name).toBe('2023年度');
  });

  it('deletes a campaign with no records (audited); refuses one with records, naming whom and what', async () => {
    const mistaken = await f.call('campaign.create', { name: '建错了', ...PERIOD });
    const r = await f.call('campaign.delete', { campaignId: mistaken.id });
    expect(r).toEqual({ deleted: true, name: '建错了' });
    expect((await f.call('campaign.list', {})).map((c) => c.name)).toEqual([]);
    const gone = f.db.sqlite.prepare(`SELECT action, before FROM audit_log WHERE entity = 'campaign' AND entity_id = ? ORDER BY id DESC`).get(mistaken.id) as { action: string; before: string };
    expect(gone.action).toBe('删除专项工作');
    expect(JSON.parse(gone.before)).toMatchObject({ name: '建错了', start: '2023-04-01', end: '2023-09-30' });

    const { id } = await f.call('campaign.create', { name: '2023年专项整治', ...PERIOD });
    await f.call('campaign.sign', { campaignId: id, memberId: ids['乙'], date: '2023-05-01' });
    await f.call('campaign.screen', { campaignId: id, memberId: ids['甲'], date: '2023-05-01', method: '走访' });
    const refusal = f.call('campaign.delete', { campaignId: id });
    await expect(refusal).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(refusal).rejects.toThrow(/不能删除“2023年专项整治”.*1 人有排查记录，1 人有承诺书记录：(甲、乙|乙、甲)）/);
    expect((await f.call('campaign.list', {})).map((c) => c.name)).toEqual(['2023年专项整治']);
  });
});

describe('the CLI', () => {
  it('campaign update and campaign delete map onto the operations; a refusal exits 1 with the reason', async () => {
    const { id } = await f.call('campaign.create', { name: '2023', ...PERIOD });
    await f.call('campaign.sign', { campaignId: id, memberId: ids['甲'], date: '2023-05-01' });
    const run = async (...args: string[]) => {
      const r = await cli(args, { db: f.file, env: { DANGWU_TODAY: '2023-10-10' } });
      return { code: r.code, out: r.stdout, err: r.stderr };
    };
    const u = await run('campaign', 'update', '--campaign', String(id), '--name', '2023年专项整治', '--end', '2023-08-31');
    expect(u.code, u.err).toBe(0);
    expect(u.out).toContain('2023年专项整治（2023-04-01 至 2023-08-31）');
    const d = await run('campaign', 'delete', '--campaign', String(id));
    expect(d.code).toBe(1);
    expect(d.err).toMatch(/不能删除“2023年专项整治”.*甲/);
    const empty = await f.call('campaign.create', { name: '多余的', ...PERIOD });
    expect((await run('campaign', 'delete', '--campaign', String(empty.id))).out).toContain('已删除专项工作：多余的');
  });
});

describe('the suggested period of a new campaign', () => {
  it('starts today and is never already over', () => {
    expect(defaultCampaignPeriod('2025-12-15')).toEqual({ year: 2025, start: '2025-12-15', end: '2026-05-31', name: '2025年党员信教问题专项整治' });
    expect(defaultCampaignPeriod('2026-02-28')).toMatchObject({ start: '2026-02-28', end: '2026-07-31' });
    for (const today of ['2025-01-01', '2025-10-01', '2025-12-31']) {
      const p = defaultCampaignPeriod(today);
      expect(p.start <= today && p.end > today).toBe(true);
    }
  });
});
