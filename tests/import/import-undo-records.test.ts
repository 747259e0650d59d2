import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestDb, type TestDb } from '../support/db.ts';
import { makeId } from '../support/id-numbers.ts';

// Undoing an import must not silently delete what was recorded about its members since: a member who has
// signed the 承诺书 (or been screened) is named, and nothing is undone.

let f: TestDb;
beforeEach(async () => {
  f = await openTestDb();
  await f.call('orgs.save', { org: { name: '中共某局机关委员会', type: '党委' } });
  await f.call('orgs.save', { org: { name: '机关第一党支部', type: '党支部', parent: '中共某局机关委员会' } });
});
afterEach(async () => {
  await f.close();
});

async function importRows(rows: unknown[][]): Promise<number> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('花名册');
  ws.addRow(['姓名', '公民身份号码', '人员类别', '所在党支部', '入党日期', '转正日期']);
  for (const r of rows) ws.addRow(r);
  const bytes = new Uint8Array(await wb.xlsx.writeBuffer());
  const { jobId } = (await f.call('import.commit', { bytes, fileName: 'roster.xlsx', mode: 'insert' } as never)) as unknown as { jobId: string };
  return ((await f.ctx.jobs.wait(jobId)) as { batchId: number }).batchId;
}

const count = () => (f.db.sqlite.prepare('SELECT count(*) AS n FROM members').get() as { n: number }).n;

describe('import undo and the records made since', () => {
  it('refuses, naming the member and the campaign, when a signed 承诺书 would go with them', async () => {
    const batchId = await importRows([
      ['甲', makeId('19800101', '111'), '正式党员', '机关第一党支部', '2000-07', '2001-07'],
      ['乙', makeId('19800202', '222'), '正式党员', '机关第一党支部', '2000-07', '2001-07'],
    ]);
    const { id } = await f.call('campaign.create', { name: '2024年专项整治', year: 2024, start: '2024-01-01', end: '2024-12-31' });
    const a = (await f.call('members.list', { search: '甲' })).rows[0];
    await f.call('campaign.sign', { campaignId: id, memberId: a.id, date: '2024-03-01' });

    const undo = f.call('import.undo', { batchId });
    await expect(undo).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(undo).rejects.toThrow(/1 人已有专项工作记录（甲：“2024年专项整治”承诺书已签订）/);
    expect(count()).toBe(2);
    const signed = f.db.sqlite.prepare(`SELECT sign_status FROM campaign_members WHERE member_id = ?`).get(a.id) as { sign_status: string };
    expect(signed.sign_status).toBe('已签订');
  });

  it('undoes a batch whose members only appear on a checklist with nothing recorded', async () => {
    const batchId = await importRows([['丙', makeId('19800303', '333'), '正式党员', '机关第一党支部', '2000-07', '2001-07']]);
    const { id } = await f.call('campaign.create', { name: '2024年专项整治', year: 2024, start: '2024-01-01', end: '2024-12-31' });
    expect((await f.call('campaign.checklist', { campaignId: id })).total).toBe(1);
    await f.call('import.undo', { batchId });
    expect(count()).toBe(0);
  });

  it('refuses, naming each member and record, when training or a dues payment rests on an added member', async () => {
    const batchId = await importRows([
      ['丁', makeId('19800404', '444'), '正式党员', '机关第一党支部', '2000-07', '2001-07'],
      ['戊', makeId('19800505', '555'), '正式党员', '机关第一党支部', '2000-07', '2001-07'],
      ['己', makeId('19800606', '666'), '正式党员', '机关第一党支部', '2000-07', '2001-07'],
    ]);
    const id = (name: string) => (f.db.sqlite.prepare('SELECT id FROM members WHERE name = ?').get(name) as { id: number }).id;
    await f.call('training.add', { title: '党务干部培训班', kind: '其他', level: '单位', org: '机关第一党支部', start: '2025-01-05', end: '2025-01-05', hours: 4, participants: [id('丁')] } as never);
    await f.call('dues.setBase', { idNumber: makeId('19800505', '555'), year: 2025, category: '在职', income: '4500.00', assessedOn: '2025-01-02' });
    await f.call('dues.pay', { idNumber: makeId('19800505', '555'), months: '2025-01', amount: '22.50', paidOn: '2025-01-08' });
    // 己 has a standard only: it goes with the member, as when a member is deleted by hand
    await f.call('dues.setBase', { idNumber: makeId('19800606', '666'), year: 2025, category: '在职', income: '4500.00', assessedOn: '2025-01-02' });

    const undo = f.call('import.undo', { batchId });
    await expect(undo).rejects.toMatchObject({ code: 'CONFLICT', details: { members: ['丁', '戊'] } });
    await expect(undo).rejects.toThrow(/2 人已有其他业务记录：丁（组织生活：培训记录 1 条）、戊（党费管理：党费交纳记录 1 笔/);
    expect(count()).toBe(3);
  });

  it('refuses when an added member is named in the development register (培养联系人, a JSON list without a foreign key)', async () => {
    const geng = makeId('19800707', '777');
    const batchId = await importRows([['庚', geng, '正式党员', '机关第一党支部', '2000-07', '2001-07']]);
    const zhao = makeId('20000808', '888');
    await f.call('dev.add', { name: '赵某', idNumber: zhao, org: '机关第一党支部', appliedOn: '2024-03-01', talkedOn: '2024-03-20' });
    await f.call('dev.advance', { person: zhao, stage: '积极分子', date: '2024-06-01', contacts: [geng] });
    await expect(f.call('import.undo', { batchId })).rejects.toThrow(/1 人已有其他业务记录：庚（发展党员：赵某的培养联系人）/);
    expect(count()).toBe(1);
  });
});
