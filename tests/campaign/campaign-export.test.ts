import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { openTestDb, runExport, type TestDb } from '../support/db.ts';
import { addMember, addOrg } from '../support/seed.ts';
import type { FileResult } from '../../src-main/contract/define.ts';

// The three campaign tables written through the shared layout helper and read back.

let f: TestDb;
let campaignId: number;
let ids: Record<string, number>;

beforeEach(async () => {
  f = await openTestDb({ today: '2023-10-10' });
  await f.call('settings.save', { reportingUnit: '中共某局机关委员会', clerkName: '王经办', reviewer: '李审核', principal: '赵书记', clerkPhone: '0871-1234567' });
  const root = addOrg(f, '中共某局机关委员会', { type: '党委' });
  const b1 = addOrg(f, '第一党支部', { parent: root });
  const b2 = addOrg(f, '第二党支部', { parent: root });
  ids = {
    甲: addMember(f, { name: '甲', org: b1, joinedOn: '2000-01-01' }),
    乙: addMember(f, { name: '乙', org: b1, joinedOn: '2000-01-01', category: '预备党员' }),
    丙: addMember(f, { name: '丙', org: b2, joinedOn: '2000-01-01' }),
    丁: addMember(f, { name: '丁', org: b2, joinedOn: '2000-01-01', isLost: true }),
    戊: addMember(f, { name: '戊', org: b2, joinedOn: '2000-01-01', status: '停止党籍' }),
  };
  ({ id: campaignId } = await f.call('campaign.create', { name: '2023年专项整治', year: 2023, start: '2023-04-01', end: '2023-09-30' }));
  const c = { campaignId };
  await f.call('campaign.screen', { ...c, memberId: ids['甲'], date: '2023-05-01', religion: '佛教', manifestations: '经常烧香拜佛' });
  await f.call('campaign.handle', { ...c, memberId: ids['甲'], outcome: '教育转化', date: '2023-06-01' });
  await f.call('campaign.screen', { ...c, memberId: ids['丙'], date: '2023-05-01', finding: '党员意识不强', religion: '基督教' });
  await f.call('campaign.screen', { ...c, memberId: ids['乙'], date: '2023-05-01' });
  await f.call('campaign.bulk', { ...c, action: 'signed', date: '2023-05-20', memberIds: [ids['甲'], ids['乙'], ids['丁']] });
});
afterEach(async () => {
  await f.close();
});

async function exportTable(table: 'progress' | 'findings' | 'ledger'): Promise<ExcelJS.Workbook> {
  const file = await runExport(f.ctx, `religion-${table}`, { campaignId });
  expect(file.fileName).toMatch(/\.xlsx$/);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(file.bytes) as never);
  return wb;
}

/** every row as an array of plain values (formulas would show up as objects) */
function rowsOf(ws: ExcelJS.Worksheet): unknown[][] {
  const out: unknown[][] = [];
  ws.eachRow({ includeEmpty: true }, (row) => {
    out.push((row.values as unknown[]).slice(1));
  });
  return out;
}

const textOf = (rows: unknown[][]) => rows.map((r) => r.map((v) => (v == null ? '' : String(v))).join('|')).join('\n');

describe('campaign exports', () => {
  it('推进情况统计表: one row per organization with its own figures as values, a 合计 row, the settings in header and footer', async () => {
    const wb = await exportTable('progress');
    const ws = wb.worksheets[0];
    const rows = rowsOf(ws);
    const all = textOf(rows);
    expect(all).toContain('2023年专项整治党员信教问题专项整治工作推进情况统计表');
    expect(all).toContain('填报单位（盖章）：中共某局机关委员会');
    expect(all).toMatch(/填报日期：2023年10月10日/);
    for (const who of ['王经办', '李审核', '赵书记', '0871-1234567']) expect(all).toContain(who);
    const header2 = rows.find((r) => r.includes('已排查党员数'))!;
    const col = (label: string) => header2.indexOf(label);
    const b1 = rows.find((r) => r[1] === '第一党支部')!;
    const b2 = rows.find((r) => r[1] === '第二党支部')!;
    expect(b1[col('已排查党员数')]).toBe(2);
    expect(b1[col('排查覆盖率(%)')]).toBe(100);
    expect(b1[col('已签订人数')]).toBe(2);
    expect(b1[col('教育转化')]).toBe(1);
    expect(b1[col('佛教')]).toBe(1);
    expect(b2[col('党员意识不强')]).toBe(1);
    expect(b2[col('签订率(%)')]).toBe(33.3);
    const total = rows.find((r) => r[0] === '合计')!;
    expect(total[2]).toBe(5);
    expect(total[col('已排查党员数')]).toBe(3);
    for (const r of [b1, b2, total]) for (const v of r) expect(typeof v === 'object' && v !== null).toBe(false);
    expect(ws.pageSetup.paperSize).toBe(9);
  });

  it('排查出的党员信教情况统计表: one row per member found, marked 内部资料 注意保密', async () => {
    const wb = await exportTable('findings');
    const rows = rowsOf(wb.worksheets[0]);
    expect(rows[0][0]).toBe('内部资料 注意保密');
    const all = textOf(rows);
    expect(all).toContain('排查出的党员信教情况统计表');
    const data = rows.filter((r) => r[0] === 1 || r[0] === 2);
    expect(data.map((r) => r[2])).toEqual(['甲', '丙']);
    const header = rows.find((r) => r.includes('情形认定'))!;
    const religionHeader = rows.find((r) => r.includes('佛教'))!;
    expect(data[0][religionHeader.indexOf('佛教')]).toBe('√');
    expect(data[0][header.indexOf('情形认定')]).toBe('已信仰宗教');
    expect(data[0][header.indexOf('主要表现')]).toBe('经常烧香拜佛');
    expect(data[0][header.indexOf('处置方式/结果')]).toBe('教育转化');
    expect(data[1][religionHeader.indexOf('基督教')]).toBe('√');
    expect(all).not.toContain('|乙|');
  });

  it('承诺书签订台账: lost-contact and 停止党籍 members on a separate sheet, summary 应签/已签/签订率', async () => {
    const wb = await exportTable('ledger');
    expect(wb.worksheets.map((w) => w.name)).toEqual(['承诺书签订台账', '失联及停止党籍']);
    const main = textOf(rowsOf(wb.worksheets[0]));
    const apart = textOf(rowsOf(wb.worksheets[1]));
    expect(main).toContain('应签人数 3 人，已签人数 2 人，签订率 66.7%');
    expect(main).toMatch(/\|甲\|/);
    expect(main).not.toMatch(/\|丁\|/);
    expect(apart).toMatch(/\|丁\|/);
    expect(apart).toMatch(/\|戊\|/);
    expect(apart).toContain('停止党籍');
  });

  it('uses the clerk\'s stored choice and order of columns', async () => {
    await f.call('exports.saveColumns', { name: 'religion-findings', columns: ['name', 'finding', 'org', 'religion:基督教'] });
    const again = await f.call('exports.columns', { name: 'religion-findings' });
    // 序号 is always printed: it is put first
    expect(again.chosen).toEqual(['seq', 'name', 'finding', 'org', 'religion:基督教']);
    const rows = rowsOf((await exportTable('findings')).worksheets[0]);
    const data = rows.filter((r) => r[1] === '甲' || r[1] === '丙');
    expect(data.map((r) => [0, 1, 2, 3, 4].map((i) => r[i] ?? ''))).toEqual([[1, '甲', '已信仰宗教', '第一党支部', ''], [2, '丙', '党员意识不强', '第二党支部', '√']]);
    await expect(f.call('exports.saveColumns', { name: 'religion-findings', columns: ['bogus'] })).rejects.toMatchObject({ code: 'VALIDATION' });
  });
});

describe('sensitive data', () => {
  it('findings never reach the general member list, member history or the roster export', async () => {
    const list = await f.call('members.list', { roll: 'all', limit: null });
    expect(JSON.stringify(list)).not.toMatch(/已信仰宗教|佛教|党员意识不强|烧香/);
    const one = await f.call('members.get', { id: ids['甲'] });
    expect(JSON.stringify(one)).not.toMatch(/已信仰宗教|佛教|教育转化|烧香/);
    const file = await runExport(f.ctx, 'roster');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(file.bytes) as never);
    const text = wb.worksheets.map((ws) => textOf(rowsOf(ws))).join('\n');
    expect(text).toContain('甲');
    expect(text).not.toMatch(/已信仰宗教|佛教|党员意识不强|烧香|教育转化/);
  });
});
