import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runExport } from '../support/db.ts';
import { cell, idOf, makeFixture, type Fixture } from './fixture.ts';

// The statistical member fields (专业技术职务, 台湾省籍, 农民工, 新社会阶层, 生活不能自理) through the member
// form's operation and the import; organizations' 撤销日期 through the organization form; column choice
// on a statistical table, for a date of either band version.

let f: Fixture;
let root: number;
let a: number;

beforeAll(async () => {
  f = await makeFixture('2027-01-15');
  root = f.org('中共某某镇委员会', '党委');
  a = f.org('中共某某镇某某村党支部', '党支部', root, { shortName: '某某村支部' });
});
afterAll(async () => f?.close());

describe('the statistical member fields', () => {
  it('are kept by members.save (the form) with the registry’s rules, and counted', async () => {
    const { member } = await f.call('members.save', {
      member: {
        name: '外出务工', idNumber: idOf('1985-05-05', 71), category: '正式党员', joinedOn: '2010-07-01', confirmedOn: '2011-07-01', orgId: a,
        jobPosition: '非公有企业工勤岗位', migrantWorker: true, taiwan: false, selfCareUnable: false, profTitle: '中级职称', newStratum: '自由职业人员',
      },
    });
    expect(member).toMatchObject({ migrantWorker: true, profTitle: '中级', newStratum: '自由职业人员', taiwan: false, selfCareUnable: false });
    await expect(f.call('members.save', { member: { name: '错值', idNumber: idOf('1986-05-05', 73), category: '正式党员', joinedOn: '2010-07-01', confirmedOn: '2011-07-01', orgId: a, profTitle: '特级', newStratum: '网红' } }))
      .rejects.toThrow(/从事专业技术职务应为：高级、中级、初级、无.*新社会阶层类型“网红”不在列表中/s);
    const t = await f.call('stats.table', { name: 'stats-basic', org: a, asOf: '2026-12-31' });
    expect(t.rows.filter((r) => r.label === '其中：农民工').map((r) => r.values[0])).toEqual([0, 1]); // 公有制, 非公有制
    expect(cell(t, '企业和民办非企业单位中具有中级专业技术职务的党员', '总数')).toBe(1);
    const jt = await f.call('stats.table', { name: 'stats-join-time', org: a, asOf: '2026-12-31' });
    expect(cell(jt, '自由职业人员', '总数')).toBe(1);
  });

  it('are read by the member import from their usual headings', async () => {
    const csv = [
      '姓名,公民身份号码,人员类别,入党日期,转正日期,所在党支部,工作岗位,是否农民工,台湾省籍,生活不能自理,专业技术职务,新社会阶层类型',
      `台胞,${idOf('1950-01-01', 75)},正式党员,1980-07-01,1981-07-01,某某村支部,退休人员,否,是,是,无,`,
    ].join('\n');
    const { jobId } = await f.call('import.commit', { bytes: new TextEncoder().encode(csv), fileName: '名册.csv' });
    expect(((await f.ctx.jobs.wait(jobId)) as { inserted: number }).inserted).toBe(1);
    const m = f.db.sqlite.prepare(`SELECT taiwan, self_care_unable, migrant_worker, prof_title, new_stratum FROM members WHERE name = '台胞'`).get();
    expect(m).toEqual({ taiwan: 1, self_care_unable: 1, migrant_worker: 0, prof_title: '无', new_stratum: null });
    const t = await f.call('stats.table', { name: 'stats-basic', org: a, asOf: '2026-12-31' });
    expect(cell(t, '总计', '台湾省籍')).toBe(1);
    expect(cell(t, '生活不能自理或无劳动能力的党员', '总数')).toBe(1);
  });
});

describe('organizations founded and dissolved', () => {
  it('撤销日期 is kept by the organization form and the table of organizations counts by it', async () => {
    const o = await f.call('orgs.save', { org: { name: '中共某某镇原砖厂党支部', type: '党支部', parentId: root, establishedOn: '1998-03-01', dissolvedOn: '2026-09-30' } });
    expect(o.dissolvedOn).toBe('2026-09-30');
    await expect(f.call('orgs.save', { id: o.id, org: { name: o.name, type: '党支部', parentId: root, establishedOn: '2027-01-01', dissolvedOn: '2026-09-30' } })).rejects.toThrow(/撤销日期早于成立日期|成立日期不能晚于今天/);
    // an edit that leaves the date out keeps it
    const kept = await f.call('orgs.save', { id: o.id, org: { name: o.name, type: '党支部', parentId: root, establishedOn: '1998-03-01' } });
    expect(kept.dissolvedOn).toBe('2026-09-30');
    const cli = await f.cli('org', 'add', '--name', '中共某某镇新建党支部', '--type', '党支部', '--parent', '中共某某镇委员会', '--established', '2026-10-01');
    expect(cli.code).toBe(0);
    const before = await f.call('stats.table', { name: 'stats-orgs', org: root, asOf: '2026-06-30' });
    const after = await f.call('stats.table', { name: 'stats-orgs', org: root, asOf: '2026-12-31' });
    expect(cell(before, '党支部', '数量')).toBe(2); // 某某村, 原砖厂
    expect(cell(after, '党支部', '数量')).toBe(2); // 某某村, 新建
  });
});

describe('column choice on a statistical table', () => {
  it('the clerk leaves out columns; the label column stays; a 2014-dated table keeps its own bands in order', async () => {
    const file = await runExport(f.ctx, 'stats-basic', { org: root, asOf: '2026-12-31' }, ['总数', '年龄/30岁及以下', '年龄/71岁及以上']);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(file.bytes) as never);
    const rows = wb.worksheets[0].getSheetValues().filter(Boolean).map((r) => (r as unknown[]).slice(1));
    const header = rows.find((r) => r[0] === '项目')!;
    expect([...new Set(header.filter(Boolean))]).toEqual(['项目', '总数', '年龄']); // 年龄 merged over its two columns
    expect(header.length).toBe(4);
    const leaf = rows[rows.indexOf(header) + 1];
    expect(leaf.slice(2, 4)).toEqual(['30岁及以下', '71岁及以上']);

    const old = await runExport(f.ctx, 'stats-basic', { org: root, asOf: '2016-12-31' });
    const wb2 = new ExcelJS.Workbook();
    await wb2.xlsx.load(Buffer.from(old.bytes) as never);
    const rows2 = wb2.worksheets[0].getSheetValues().filter(Boolean).map((r) => (r as unknown[]).slice(1));
    const h2 = rows2.findIndex((r) => r[0] === '项目');
    expect(rows2[h2 + 1].filter(Boolean)).toEqual(['项目', '总数', '预备党员', '女', '少数民族', '台湾省籍', '35岁及以下', '36-45岁', '46-60岁', '61岁及以上']);
  });
});
