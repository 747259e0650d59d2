import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli as dangwu } from '../support/cli.ts';
import { openTestDb, type TestDb } from '../support/db.ts';
import { docxParagraphs, makeTemplate } from './docx-text.ts';
import { TODAY, seedReport, type ReportFixture } from './fixture.ts';

// The report CLI as its contract states it (docs/domain/report.md#cli), through the CLI's own entry
// (in-process, output captured): exit 0 done, 1 refused, 2 usage.

let t: TestDb;
let f: ReportFixture;

async function cli(...args: string[]) {
  const r = await dangwu(args, { db: t, env: { DANGWU_TODAY: TODAY } });
  return { code: r.code, out: r.stdout, err: r.stderr, json: () => r.json() };
}

beforeAll(async () => {
  t = await openTestDb({ today: TODAY });
  f = await seedReport(t);
  await t.closeDb(); // the CLI opens the file itself
});
afterAll(() => t.close());

describe('report figures', () => {
  it('--json: the period, the organization and every figure {key, label, unit, value, param?}', async () => {
    const r = await cli('report', 'figures', '--org', '中共某某局机关委员会', '--period', '2026-H1', '--json');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const j = r.json();
    expect(j.period).toEqual({ from: '2026-01-01', to: '2026-06-30' });
    expect(j.org).toBe('中共某某局机关委员会');
    expect(j.figures.find((x: { key: string }) => x.key === 'members')).toEqual({ key: 'members', label: '党员总数', unit: '人', value: 8 });
    expect(j.figures.find((x: { key: string }) => x.key === 'duesCollected')).toEqual({ key: 'duesCollected', label: '党费收缴额', unit: '元', value: '1166.00', valueFen: 116600 });
    expect(j.figures.find((x: { key: string; param?: string }) => x.param === '党支部')).toEqual({ key: 'orgsByType', param: '党支部', label: '基层党组织数', unit: '个', value: 2 });
    expect(j.figures.find((x: { key: string }) => x.key === 'duesCollectionRate')).toMatchObject({ unit: '%', value: 92.54 });
  });

  it('--period takes a range of days; --compare adds compareValue and difference; --no-sub-orgs the organization alone', async () => {
    const range = (await cli('report', 'figures', '--org', '中共某某局机关委员会', '--period', '2026-03-01..2026-05-31', '--json')).json();
    expect(range.period).toEqual({ from: '2026-03-01', to: '2026-05-31' });
    const cmp = (await cli('report', 'figures', '--org', '第二党支部', '--period', '2026-H1', '--compare', '2025-H1', '--json')).json();
    expect(cmp.compare).toEqual({ from: '2025-01-01', to: '2025-06-30' });
    expect(cmp.figures.find((x: { key: string }) => x.key === 'transfersIn')).toEqual({ key: 'transfersIn', label: '转入党员数', unit: '人', value: 2, compareValue: 0, difference: 2 });
    const own = (await cli('report', 'figures', '--org', '中共某某局机关委员会', '--period', '2026-H1', '--no-sub-orgs', '--json')).json();
    expect(own.figures.find((x: { key: string }) => x.key === 'members').value).toBe(1);
  });

  it('--explain KEY --json lists the records behind the figure', async () => {
    const r = await cli('report', 'figures', '--org', '中共某某局机关委员会', '--period', '2026-H1', '--explain', 'transfersIn', '--json');
    expect(r.code).toBe(0);
    expect(r.json()).toMatchObject({
      key: 'transfersIn', label: '转入党员数', value: 1,
      records: [{ kind: '转入', id: expect.any(Number), date: '2026-06-30', org: '中共某某局机关第二党支部', title: '吴十 转入' }],
    });
    const money = (await cli('report', 'figures', '--org', '中共某某局机关委员会', '--period', '2026-H1', '--explain', 'duesAllocated', '--json')).json();
    expect(money.records).toEqual([expect.objectContaining({ kind: '下拨', date: '2026-06-30', amount: '1200.00', org: '中共某某局机关委员会' })]);
    const text = await cli('report', 'figures', '--org', '中共某某局机关委员会', '--period', '2026-H1', '--explain', 'deaths');
    expect(text.out).toBe('死亡党员数：1 人（共 1 条记录）\n口径：期间内在范围内组织去世的党员人数（党员数量变化情况表 E4 行）\n2026-06-30\t死亡\t中共某某局机关第一党支部\t赵六 死亡\n');
  });

  it('prints a table without --json', async () => {
    const first = await cli('report', 'figures', '--org', '第一党支部', '--period', '2026-H1', '--compare', '2025-H1');
    expect(first.code).toBe(0);
    const lines = first.out.trim().split('\n');
    expect(lines[0]).toBe('中共某某局机关第一党支部（含下级组织） 2026年上半年 对比 2025年上半年');
    expect(lines).toContain('党员总数\t4 人\t2025年上半年 5 人\t增减 -1'); // 钱七 moved to 第二支部
    expect(lines).toContain('党费收缴额\t608.00 元\t2025年上半年 0.00 元\t增减 608.00');
    expect(lines).toContain('党费收缴率\t86.61%\t2025年上半年 —\t增减 —');
    expect(lines.filter((l) => l.includes('与上次计算'))).toEqual([]);
  });

  it('refuses what it cannot do: exit 1 with a Chinese sentence; usage errors exit 2', async () => {
    const unknown = await cli('report', 'figures', '--org', '中共某某局机关委员会', '--period', '2026-H1', '--explain', 'firstTopicStudiesTotal', '--json');
    expect(unknown.code).toBe(1);
    expect(unknown.err).toMatch(/^没有名为“firstTopicStudiesTotal”的指标。可用的指标：/);
    const badPeriod = await cli('report', 'figures', '--org', '中共某某局机关委员会', '--period', '2026-H3');
    expect(badPeriod).toMatchObject({ code: 1, out: '' });
    expect(badPeriod.err).toMatch(/^期间格式不正确：2026-H3/);
    const noOrg = await cli('report', 'figures', '--org', '不存在的支部', '--period', '2026');
    expect(noOrg.code).toBe(1);
    expect(noOrg.err).toMatch(/找不到党组织“不存在的支部”/);
    const usage = await cli('report', 'figures', '--period', '2026');
    expect(usage.code).toBe(2);
    expect(usage.err).toMatch(/^缺少参数 --org\n用法：report figures/);
  });
});

describe('report docx', () => {
  it('writes the built-in draft to --out', async () => {
    const out = path.join(t.dir, 'out', '工作总结.docx');
    const r = await cli('report', 'docx', '--org', '中共某某局机关委员会', '--period', '2026-H1', '--out', out);
    expect(r).toMatchObject({ code: 0, out: '' });
    expect(r.err).toBe(`已生成：${out}\n`);
    const p = docxParagraphs(new Uint8Array(fs.readFileSync(out)));
    expect(p).toContain('一、主要工作情况');
    expect(p).toContain('收缴党费0.12万元，党费收缴率92.54%，向上级党委上缴党费0.02万元，按时拨付基层党建工作经费0.12万元。');
  });

  it('fills a --template, and refuses one naming an unknown placeholder, naming it', async () => {
    const good = path.join(t.dir, '模板.docx');
    fs.writeFileSync(good, await makeTemplate([['{单位名称}党员', '{党员总数}', '名，预备党员{预备党员数}名']]));
    const out = path.join(t.dir, 'filled.docx');
    const r = await cli('report', 'docx', '--org', '第一党支部', '--period', '2026-H1', '--template', good, '--out', out, '--json');
    expect(r.code).toBe(0);
    expect(r.json()).toMatchObject({ out, fileName: '模板-中共某某局机关第一党支部2026年上半年.docx' });
    expect(docxParagraphs(new Uint8Array(fs.readFileSync(out)))).toEqual(['中共某某局机关第一党支部党员4名，预备党员2名']);

    const bad = path.join(t.dir, '坏模板.docx');
    fs.writeFileSync(bad, await makeTemplate([['{单位名称}', '{党员总人数}']]));
    const refused = await cli('report', 'docx', '--org', '第一党支部', '--period', '2026-H1', '--template', bad, '--out', path.join(t.dir, 'x.docx'));
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('Word 模板中有本软件不认识的占位符：{党员总人数}');
    expect(fs.existsSync(path.join(t.dir, 'x.docx'))).toBe(false);
    const missing = await cli('report', 'docx', '--org', '第一党支部', '--period', '2026-H1', '--template', path.join(t.dir, 'nope.docx'), '--out', out);
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/无法读取文件/);
  });
});

describe('report placeholders and sections', () => {
  it('lists every placeholder', async () => {
    const r = await cli('report', 'placeholders');
    expect(r.code).toBe(0);
    expect(r.out).toContain('{党费收缴额（万元）}\t同上，以万元计，两位小数');
    const j = (await cli('report', 'placeholders', '--json')).json();
    expect(j.map((p: { text: string }) => p.text)).toContain('{基层党组织数:党支部}');
  });

  it('writes and shows the clerk’s parts of a period', async () => {
    const saved = await cli('report', 'sections', '--org', '第一党支部', '--period', '2026-H1', '--problems', '学习形式单一。', '--json');
    expect(saved.code).toBe(0);
    expect(saved.json().sections).toMatchObject({ problems: '学习形式单一。', plans: '' });
    const next = await cli('report', 'sections', '--org', '第一党支部', '--period', '2026-H2');
    expect(next.err).toBe('提示：2026年下半年尚未填写，以下沿用2026年上半年的内容\n');
    expect(next.out).toContain('【存在问题】\n学习形式单一。');
  });
});

describe('export report-figures', () => {
  it('writes 基层党建工作情况统计表 with the period and the comparison period', async () => {
    const out = path.join(t.dir, '统计表.xlsx');
    const r = await cli('export', 'report-figures', '--org', '中共某某局机关委员会', '--period', '2026-H1', '--compare', '2025-H1', '--out', out);
    expect(r.code).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    const rows: string[][] = [];
    wb.worksheets[0].eachRow((row) => rows.push((row.values as unknown[]).slice(1).map((v) => (v === null || v === undefined ? '' : String(v)))));
    expect(rows[0][0]).toBe('中共某某局机关委员会2026年上半年基层党建工作情况统计表');
    const header = rows.find((x) => x[0] === '序号')!;
    expect(header).toEqual(['序号', '指标', '单位', '2026年上半年', '2025年上半年', '增减', '计算口径']);
    const members = rows.find((x) => x[1] === '党员总数')!;
    expect(members.slice(2, 6)).toEqual(['人', '8', '8', '0']);
    const money = rows.find((x) => x[1] === '党费收缴额')!;
    expect(money.slice(2, 6)).toEqual(['元', '1166.00', '0.00', '+1166.00']);
    expect(rows.find((x) => x[1] === '基层党组织数（党支部）')!.slice(2, 4)).toEqual(['个', '2']);
    expect(rows.flat().join('')).toMatch(/填表人/);
    const usage = await cli('export', 'report-figures', '--org', '中共某某局机关委员会', '--out', out);
    expect(usage.code).toBe(2);
    expect(usage.err).toMatch(/缺少参数 --period/);
  });
});

describe('a figure changed since the last run', () => {
  it('says so, with its reason, when the records behind it were entered in between (the last test: it writes)', async () => {
    await cli('report', 'figures', '--org', '第一党支部', '--period', '2026-H1');
    await new Promise((r) => setTimeout(r, 5));
    expect((await cli('dues', 'pay', '--id', f.idNumbers['李四'], '--months', '2026-04', '--amount', '24.00', '--date', '2026-07-09')).code).toBe(0);
    const second = await cli('report', 'figures', '--org', '第一党支部', '--period', '2026-H1');
    const changed = second.out.split('\n').find((l) => l.startsWith('党费收缴额'))!;
    expect(changed).toMatch(/^党费收缴额\t632\.00 元\t与上次计算（.+）相比增加 24\.00 元：其间新录入或修改的记录 1 条（李四 实交 74\.00 元（6个月））$/);
  });
});
