import ExcelJS from 'exceljs';
import os from 'node:os';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cli } from '../support/cli.ts';
import { operatorLabel } from '../../src-main/contract/shared.ts';
import { openTestDb, type TestDb } from '../support/db.ts';
import { makeId } from '../support/id-numbers.ts';
import { SAMPLE_MEMBER } from '../support/seed.ts';
import { runExport } from '../support/db.ts';

// The operator (docs/domain/members.md#operator): no placeholder word is ever stored as a person. With no
// clerk named in 设置, writes store an empty operator and the computer's name; records stored earlier with the
// word 经办人 show 未填写.

let f: TestDb;
beforeEach(async () => {
  f = await openTestDb();
  await f.call('orgs.save', { org: { name: '中共某局机关委员会', type: '党委' } });
  await f.call('orgs.save', { org: { name: '机关第一党支部', type: '党支部', parent: '中共某局机关委员会' } });
});
afterEach(async () => {
  await f.close();
});

const HOST = os.hostname();
const auditRows = () =>
  f.db.sqlite.prepare('SELECT entity, action, actor, machine FROM audit_log ORDER BY id').all() as { entity: string; action: string; actor: string; machine: string }[];

describe('who made a change', () => {
  it('no clerk named: every write stores an empty operator and this computer, never 经办人', async () => {
    const { member } = await f.call('members.save', { member: SAMPLE_MEMBER });
    await f.call('members.recordEvent', { member: member.id, type: '失联', date: '2024-01-01' });
    const { id } = await f.call('campaign.create', { name: '2024', year: 2024, start: '2024-01-01', end: '2024-12-31' });
    await f.call('campaign.sign', { campaignId: id, memberId: member.id, date: '2024-02-01' });
    const rows = auditRows();
    expect(rows.length).toBeGreaterThanOrEqual(5);
    for (const r of rows) expect(r).toMatchObject({ actor: '', machine: HOST });
    const ev = f.db.sqlite.prepare('SELECT recorded_by FROM member_events').get() as { recorded_by: string };
    expect(ev.recorded_by).toBe('');
    const cm = f.db.sqlite.prepare('SELECT signed_by FROM campaign_members').get() as { signed_by: string };
    expect(cm.signed_by).toBe('');
    const all = JSON.stringify(f.db.sqlite.prepare('SELECT * FROM audit_log').all());
    expect(all).not.toContain('经办人');
  });

  it('the CLI writes the same way', async () => {
    // the CLI opens the same file with its own connection (as a script would, beside the app)
    const r = await cli(['member', 'add', '--json', JSON.stringify({ ...SAMPLE_MEMBER, name: '李四', idNumber: makeId('19900308', '233') })], { db: f.file, env: { DANGWU_TODAY: '2025-01-10' } });
    expect(r.code, r.stderr).toBe(0);
    const last = auditRows().at(-1)!;
    expect(last).toMatchObject({ entity: 'member', action: 'create', actor: '', machine: HOST });
  });

  it('a named clerk is stored by name, with the computer', async () => {
    await f.call('settings.save', { clerkName: '王文书' });
    const { member } = await f.call('members.save', { member: SAMPLE_MEMBER });
    const { history } = await f.call('members.get', { id: member.id });
    expect(history[0]).toMatchObject({ actor: '王文书', machine: HOST });
    expect(operatorLabel(history[0].actor, history[0].machine)).toBe('王文书');
  });

  it('shows 未填写 for nobody named and for the placeholder stored by earlier versions', () => {
    expect(operatorLabel('', 'PC-01')).toBe('未填写（PC-01）');
    expect(operatorLabel(null)).toBe('未填写');
    expect(operatorLabel('经办人')).toBe('未填写');
    expect(operatorLabel(' 经办人 ', '')).toBe('未填写');
    expect(operatorLabel('张文书', 'PC-01')).toBe('张文书');
  });

  it('the 承诺书签订台账 prints 未填写 for a signature recorded with the placeholder, never 经办人', async () => {
    const { member } = await f.call('members.save', { member: SAMPLE_MEMBER });
    const { id } = await f.call('campaign.create', { name: '2024', year: 2024, start: '2024-01-01', end: '2024-12-31' });
    await f.call('campaign.sign', { campaignId: id, memberId: member.id, date: '2024-02-01' });
    // as an earlier version stored it
    f.db.sqlite.prepare(`UPDATE campaign_members SET signed_by = '经办人'`).run();
    const file = await runExport(f.ctx, 'religion-ledger', { campaignId: id });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(file.bytes) as never);
    const rows: string[][] = [];
    wb.worksheets[0].eachRow((r) => {
      rows.push((r.values as unknown[]).slice(1).map((v) => (v == null ? '' : String(v))));
    });
    const header = rows.find((r) => r.includes('经办人'))!;
    const line = rows.find((r) => r.includes('张三'))!;
    expect(line[header.indexOf('经办人')]).toBe('未填写');
    expect(rows.filter((r) => r !== header).flat().join('|')).not.toMatch(/(^|\|)经办人(\||$)/);
  });
});
