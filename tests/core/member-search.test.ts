import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { memberQuery } from '../../src-main/modules/core/services/member-query.ts';
import { openTestDb, type TestDb } from '../support/db.ts';
import { makeId } from '../support/id-numbers.ts';
import { SAMPLE_MEMBER } from '../support/seed.ts';

// The roster's search box: full pinyin (zhangwei) besides initials (zw), and an ID-number fragment answered
// from an index (migrations/core/0011_pinyin_search.ts, 0012_id_number_search.ts) that every writer keeps
// in step.

let f: TestDb;
beforeEach(async () => {
  f = await openTestDb();
  await f.call('orgs.save', { org: { name: '中共某局机关委员会', type: '党委' } });
  await f.call('orgs.save', { org: { name: '机关第一党支部', type: '党支部', parent: '中共某局机关委员会' } });
});
afterEach(async () => {
  await f.close();
});

const names = async (search: string) => (await f.call('members.list', { search, limit: 50 })).rows.map((m) => m.name).sort();

async function add(name: string, birth: string, seq: string) {
  return (await f.call('members.save', { member: { ...SAMPLE_MEMBER, name, idNumber: makeId(birth, seq) } })).member;
}

async function plan(search: string): Promise<string> {
  const q = await memberQuery(f.ctx.kysely, { search }, { today: '2025-01-10' });
  const { sql, parameters } = q.compile();
  const rows = f.db.sqlite.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...(parameters as never[])) as { detail: string }[];
  return rows.map((r) => r.detail).join('\n');
}

describe('full-pinyin search', () => {
  it('finds 张伟 by zhangwei, zhang wei, a prefix, mixed case and by initials', async () => {
    await add('张伟', '19900307', '231');
    await add('张卫国', '19880101', '111');
    await add('章薇', '19920202', '222');
    await add('魏张', '19930303', '333');
    // the start of the full pinyin: zhangwei is also the start of zhangweiguo
    const zhangwei = ['张伟', '张卫国', '章薇'].sort();
    expect(await names('zhangwei')).toEqual(zhangwei);
    expect(await names('zhang wei')).toEqual(zhangwei);
    expect(await names('ZhangWei')).toEqual(zhangwei);
    expect(await names('zhangweig')).toEqual(['张卫国']);
    expect(await names('zw')).toEqual(['张伟', '张卫国', '章薇'].sort());
    expect(await names('weizhang')).toEqual(['魏张']);
    expect(await names('wangwu')).toEqual([]);
  });

  it('runs on an index range, not a scan of the roll', async () => {
    expect(await plan('zhangwei')).toMatch(/members_pinyin_flat/);
  });
});

describe('ID-number fragment search', () => {
  it('finds a fragment anywhere in the number; follows edits; a final x matches X', async () => {
    const a = await add('甲', '19900307', '231');
    await add('乙', '19851224', '112');
    expect(await names('0307')).toEqual(['甲']);
    expect(await names('19851224')).toEqual(['乙']);
    expect(await names('110101')).toEqual(['乙', '甲'].sort());
    // the number corrected: the old fragment no longer finds it, the new one does
    await f.call('members.save', { id: a.id, member: { name: '甲', idNumber: makeId('19900409', '231') } });
    expect(await names('0307')).toEqual([]);
    expect(await names('0409')).toEqual(['甲']);
    // an X check character, searched in lower case
    const x = Array.from({ length: 1000 }, (_, i) => makeId('19700101', String(i).padStart(3, '0'))).find((id) => id.endsWith('X'))!;
    await f.call('members.save', { member: { ...SAMPLE_MEMBER, name: '丙', idNumber: x } });
    expect(await names(x.slice(-5).toLowerCase())).toEqual(['丙']);
    // short fragments still work (by looking at each number)
    expect((await names('12')).includes('乙')).toBe(true);
  });

  it('runs on the trigram index, not a scan of the roll', async () => {
    expect(await plan('0307')).toMatch(/members_id_fts/);
  });

  it('members written by the import and removed by its undo are found and forgotten', async () => {
    const { default: ExcelJS } = await import('exceljs');
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('花名册');
    ws.addRow(['姓名', '公民身份号码', '人员类别', '所在党支部', '入党日期', '转正日期']);
    ws.addRow(['丁', makeId('19770707', '555'), '正式党员', '机关第一党支部', '2000-07', '2001-07']);
    const bytes = new Uint8Array(await wb.xlsx.writeBuffer());
    const { jobId } = (await f.call('import.commit', { bytes, fileName: 'x.xlsx', mode: 'insert' } as never)) as unknown as { jobId: string };
    const r = (await f.ctx.jobs.wait(jobId)) as { inserted: number; batchId: number };
    expect(r.inserted).toBe(1);
    expect(await names('19770707')).toEqual(['丁']);
    await f.call('members.save', { member: { ...SAMPLE_MEMBER, name: '戊', idNumber: makeId('19660606', '777') } });
    expect(await names('19660606')).toEqual(['戊']);
    await f.call('import.undo', { batchId: r.batchId });
    expect(await names('19770707')).toEqual([]);
    // the index holds exactly the members' numbers
    const check = f.db.sqlite.prepare(`INSERT INTO members_id_fts (members_id_fts, rank) VALUES ('integrity-check', 1)`);
    expect(() => check.run()).not.toThrow();
  });

  it('members added, corrected or removed before any search are indexed as they are when the search comes', async () => {
    const integrity = () => f.db.sqlite.prepare(`INSERT INTO members_id_fts (members_id_fts, rank) VALUES ('integrity-check', 1)`).run();
    const a = await add('甲', '19900307', '231');
    const b = await add('乙', '19851224', '112');
    // not yet indexed: corrected, and the other removed (as an import undo would), before anyone searches
    await f.call('members.save', { id: a.id, member: { name: '甲', idNumber: makeId('19900409', '231') } });
    f.db.sqlite.prepare('DELETE FROM members WHERE id = ?').run(b.id);
    expect(await names('0307')).toEqual([]);
    expect(await names('0409')).toEqual(['甲']);
    expect(await names('19851224')).toEqual([]);
    expect(() => integrity()).not.toThrow();
    // once indexed, the triggers keep it: corrected and removed again
    await f.call('members.save', { id: a.id, member: { name: '甲', idNumber: makeId('19900510', '231') } });
    expect(await names('0409')).toEqual([]);
    expect(await names('0510')).toEqual(['甲']);
    f.db.sqlite.prepare('DELETE FROM members WHERE id = ?').run(a.id);
    expect(await names('0510')).toEqual([]);
    expect(() => integrity()).not.toThrow();
  });
});
