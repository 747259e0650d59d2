import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeFixture, type Fixture } from './fixture.ts';

// `stats …` and `export stats-…` through the in-process CLI: the JSON shape of the contract, usage errors,
// the workbooks read back (counts, header, cover fields, the difference sheet).

let f: Fixture;
let root: number;
let a: number;

beforeAll(async () => {
  f = await makeFixture('2027-01-15');
  root = f.org('中共某某区司法局委员会', '党委');
  a = f.org('中共某某区司法局机关党支部', '党支部', root, { shortName: '机关支部' });
  f.member({ name: '甲', org: a, birth: '1990-03-03', gender: '女' });
  f.member({ name: '乙', org: a, birth: '1960-03-03', job: '退休人员' });
  f.member({ name: '丙', org: a, birth: '2000-03-03', category: '预备党员', joinedOn: '2026-07-01', increaseType: '发展党员' });
  f.member({ name: '老党员', org: a, birth: '1945-03-03', joinedOn: '1970-07-01', confirmedOn: '1971-07-01', job: '离休干部' });
  const gone = f.member({ name: '丁', org: a, roll: '转出', leftOn: '2026-12-30' });
  f.event(gone.id, { type: '转出', date: '2026-12-30', from: a });
  // a status edited without its event: 六 ≠ 0
  f.member({ name: '戊', org: a, status: '停止党籍' });
});
afterAll(async () => f?.close());

describe('stats table', () => {
  it('--json prints {asOf, org, columns, rows:[{code, label, level, values}], checks:[{rule, ok, members?}]}', async () => {
    const r = await f.cli('stats', 'table', '--name', '党员基本情况', '--org', '中共某某区司法局委员会', '--as-of', '2026-12-31', '--json');
    expect(r.code).toBe(0);
    const t = JSON.parse(r.out);
    expect(t).toMatchObject({ asOf: '2026-12-31', org: '中共某某区司法局委员会', name: 'stats-basic', title: '党员基本情况' });
    expect(t.columns.slice(0, 5)).toEqual(['总数', '预备党员', '女', '少数民族', '台湾省籍']);
    expect(t.rows[0]).toEqual({ code: null, label: '总计', level: 0, values: [4, 1, 1, 0, 0, 1, 0, 1, 0, 0, 0, 0, 0, 1, 1] }); // 丙 26, 甲 36, 乙 66, 老党员 81
    expect(Object.keys(t.rows[1]).sort()).toEqual(['code', 'label', 'level', 'values']);
    expect(t.checks[0]).toMatchObject({ rule: expect.any(String), ok: true });

    const c = JSON.parse((await f.cli('stats', 'table', '--name', 'stats-change', '--org', '机关支部', '--as-of', '2026-12-31', '--json')).out);
    expect(c.rows.map((x: { code: string | null }) => x.code)).toEqual(['A1', 'A2', 'A3', 'A4', 'A5', 'A6', 'A7', 'A8', 'E1', 'E2', 'E3', 'E4', 'E5', 'E6', 'E7', 'E8', null]);
    const six = c.checks.find((x: { rule: string }) => x.rule.startsWith('六'));
    expect(six).toMatchObject({ ok: false, members: [{ name: '戊', reason: expect.stringContaining('没有停止党籍的记录') }] });
    // text output: a tab table and the checks
    const text = await f.cli('stats', 'table', '--name', '党员数量变化', '--org', '机关支部', '--as-of', '2026-12-31');
    expect(text.out).toContain('转出组织关系\tE5\t1');
    expect(text.out).toContain('✗ 六、实有数与应有数之差为0');
  });

  it('refuses what it cannot do: unknown table (1), missing --as-of (2), finalize while 六 ≠ 0 (1)', async () => {
    const unknown = await f.cli('stats', 'table', '--name', '不存在的表', '--as-of', '2026-12-31');
    expect(unknown.code).toBe(1);
    expect(unknown.err).toContain('stats-basic（党员基本情况）');
    expect((await f.cli('stats', 'table', '--name', 'stats-basic')).code).toBe(2);
    const bad = await f.cli('stats', 'table', '--name', 'stats-basic', '--as-of', '2026-02-30');
    expect(bad.code).toBe(1);
    const fin = await f.cli('stats', 'finalize', '--name', '党员数量变化', '--org', '机关支部', '--as-of', '2026-12-31');
    expect(fin.code).toBe(1);
    expect(fin.err).toContain('不能上报');
    expect(fin.err).toContain('戊');
  });

  it('the cover and the free-text 工作岗位', async () => {
    const cover = await f.cli('stats', 'cover', '--org', '中共某某区司法局委员会', '--as-of', '2026-12-31', '--unit', '中共某某区司法局委员会（盖章）', '--principal', '王局长', '--clerk', '李干事', '--reported-on', '2027-01-12', '--phone', '0871-6666666', '--json');
    expect(cover.code).toBe(0);
    expect(JSON.parse(cover.out)).toMatchObject({ reportingUnit: '中共某某区司法局委员会（盖章）', principal: '王局长', clerk: '李干事', reportedOn: '2027-01-12', phone: '0871-6666666' });
    expect((await f.cli('stats', 'jobs')).out).toBe('所有工作岗位均已对应统计行\n');
    f.member({ name: '己', org: a, job: '司机' });
    const jobs = await f.cli('stats', 'jobs');
    expect(jobs.out).toBe('司机\t1人\t建议 0314 机关单位工勤岗位（待确认）\n');
    expect((await f.cli('stats', 'jobs', 'map', '--text', '司机', '--code', '机关单位工勤岗位')).out).toBe('已确认：司机 → 0314 机关单位工勤岗位\n');
    expect((await f.cli('stats', 'jobs', 'map', '--text', '司机', '--code', '9999')).code).toBe(1);
    f.db.sqlite.prepare(`DELETE FROM members WHERE name = '己'`).run();
  });
});

describe('export stats-…', () => {
  it('every table is in the registry', async () => {
    const list = JSON.parse((await f.cli('export', '--json')).out) as { name: string; flags: string[] }[];
    const stats = list.filter((e) => e.name.startsWith('stats-'));
    expect(stats.map((e) => e.name)).toEqual([
      'stats-basic', 'stats-change', 'stats-join-time', 'stats-education', 'stats-party-age', 'stats-confirmation', 'stats-development', 'stats-activists',
      'stats-exits', 'stats-orgs', 'stats-50-years',
    ]);
    expect(stats[0].flags).toEqual(['--org', '--as-of', '--no-sub-orgs']);
  });

  it('the workbook holds the same counts, the header, the cover fields; 党员数量变化情况 adds the difference sheet', async () => {
    const out = path.join(f.dir, 'basic.xlsx');
    const r = await f.cli('export', 'stats-basic', '--org', '中共某某区司法局委员会', '--as-of', '2026-12-31', '--out', out);
    expect(r.code).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    const ws = wb.worksheets[0];
    const rows = ws.getSheetValues().filter(Boolean).map((row) => (row as unknown[]).slice(1).map((v) => (v && typeof v === 'object' && 'richText' in v ? '' : v)));
    const flat = rows.map((x) => x.map((v) => (v == null ? '' : String(v))).join('|'));
    expect(flat[0]).toContain('党内统计年报');
    expect(flat.some((l) => l.startsWith('党员基本情况（2026年12月31日）'))).toBe(true);
    expect(flat.some((l) => l.includes('填报单位（盖章）：中共某某区司法局委员会（盖章）') && l.includes('2027年1月12日'))).toBe(true);
    const total = rows.find((x) => x[0] === '总计')!;
    expect(total.slice(1)).toEqual([4, 1, 1, 0, 0, 1, 0, 1, 0, 0, 0, 0, 0, 1, 1]);
    expect(flat.some((l) => l.includes('　一、在岗职工') || l.startsWith('一、在岗职工'))).toBe(true);
    expect(flat.some((l) => l.includes('　　党政机关工作人员'))).toBe(true);
    expect(flat.some((l) => l.includes('填表人：李干事') && l.includes('负责人（签字）：王局长') && l.includes('联系电话：0871-6666666'))).toBe(true);
    expect(flat.some((l) => l.includes('其中') && l.includes('年龄'))).toBe(true);

    const ch = path.join(f.dir, 'change.xlsx');
    expect((await f.cli('export', 'stats-change', '--org', '机关支部', '--as-of', '2026-12-31', '--out', ch)).code).toBe(0);
    const wb2 = new ExcelJS.Workbook();
    await wb2.xlsx.readFile(ch);
    expect(wb2.worksheets.map((w) => w.name)).toEqual(['党员数量变化情况', '实有数与应有数差额说明']);
    const explain = wb2.worksheets[1].getSheetValues().filter(Boolean).map((row) => (row as unknown[]).slice(1).join('|'));
    expect(explain.some((l) => l.startsWith('1|戊|') && l.includes('没有停止党籍的记录'))).toBe(true);
    const notes = wb2.worksheets[0].getSheetValues().filter(Boolean).map((row) => (row as unknown[]).slice(1).join('|'));
    expect(notes.some((l) => l.startsWith('注：校验未通过：六、实有数与应有数之差为0'))).toBe(true);
    const e5 = notes.find((l) => l.includes('|E5|'));
    expect(e5).toContain('转出组织关系|E5|1');

    const fifty = path.join(f.dir, 'fifty.xlsx');
    expect((await f.cli('export', 'stats-50-years', '--org', '中共某某区司法局委员会', '--as-of', '2026-12-31', '--out', fifty)).code).toBe(0);
    const wb3 = new ExcelJS.Workbook();
    await wb3.xlsx.readFile(fifty);
    const people = wb3.worksheets[0].getSheetValues().filter(Boolean).map((row) => (row as unknown[]).slice(1).join('|'));
    expect(people.some((l) => l.startsWith('1|老党员|男|1945.03.03|1970.07.01|1971.07.01|55|'))).toBe(true);
    expect(fs.statSync(fifty).size).toBeGreaterThan(3000);
  });
});
