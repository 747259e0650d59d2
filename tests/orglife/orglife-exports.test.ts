import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isAppError } from '../../src-main/domain/errors.ts';
import { runExport } from '../support/db.ts';
import { makeFixture, type Fixture } from './orglife-fixture.ts';

// The organizational-life tables written as real workbooks and read back; the register read back in
// through the batch entry; the meeting record printed by LibreOffice on A4 portrait.

let f: Fixture;
let ids: Record<string, string>;

beforeEach(async () => {
  f = await makeFixture('2026-07-10');
  f.db.sqlite.prepare(`INSERT INTO settings (key, value) VALUES ('exportDateStyle', '"dot"')`).run();
  ids = {
    secretary: f.member({ name: '张书记', org: f.branchA, post: '书记' }).idNumber,
    organizer: f.member({ name: '李委员', org: f.branchA, post: '组织委员' }).idNumber,
    publicity: f.member({ name: '王委员', org: f.branchA, post: '宣传委员' }).idNumber,
    m1: f.member({ name: '赵党员', org: f.branchA }).idNumber,
    b1: f.member({ name: '郑二支', org: f.branchB }).idNumber,
  };
  await f.call('activity.add', {
    org: '机关第一党支部', type: '支委会', date: '2026-03-05', start: '09:00', end: '11:30', place: '三楼会议室', chair: '张书记', recorder: '李委员',
    topic: '研究发展党员工作', firstTopic: '学习习近平总书记重要讲话精神', content: '一、传达学习文件精神。\n二、研究确定入党积极分子。\n三、部署下月主题党日。',
    decisions: '同意确定2名入党积极分子', votes: { for: 2, against: 0, abstain: 0 }, absent: [{ idNumber: ids.publicity, kind: '请假', reason: '出差' }], guests: ['上级党委联系人'],
  });
  await f.call('activity.add', { org: '机关第一党支部', type: '党课', date: '2026-03-20', topic: '专题党课', lecturer: { name: '某教授', kind: '专家学者' }, chair: '张书记', hours: 3, absent: [{ idNumber: ids.m1, kind: '缺席', reason: null }] });
  await f.call('activity.add', { orgs: ['机关第一党支部', '机关第二党支部'], type: '主题党日', date: '2026-03-28', topic: '联合主题党日', tags: ['主题教育'] });
  await f.call('training.add', { title: '市委党校示范培训班', kind: '党校示范培训班', level: '市', org: '机关党委', start: '2026-04-01', end: '2026-04-05', hours: 32, participants: [ids.m1, ids.secretary] });
});
afterEach(async () => {
  await f.close();
});

const cellText = (v: ExcelJS.CellValue): string => (v === null || v === undefined ? '' : typeof v === 'object' && 'richText' in (v as object) ? (v as { richText: { text: string }[] }).richText.map((t) => t.text).join('') : String(v));

async function sheets(bytes: Uint8Array): Promise<{ name: string; rows: string[][]; ws: ExcelJS.Worksheet }[]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(bytes) as never);
  return wb.worksheets.map((ws) => {
    const rows: string[][] = [];
    ws.eachRow({ includeEmpty: true }, (row, n) => {
      const cells: string[] = [];
      row.eachCell({ includeEmpty: true }, (c, col) => (cells[col - 1] = cellText(c.value)));
      rows[n - 1] = cells;
    });
    return { name: ws.name, rows: rows.map((r) => r ?? []), ws };
  });
}

describe('三会一课开展情况登记表 (activity-register)', () => {
  it('one sheet per organization, the register’s columns, absentees with reasons, joint activities noted', async () => {
    const file = await runExport(f.ctx, 'activity-register', { org: '机关党委', period: '2026-Q1' });
    const s = await sheets(file.bytes);
    expect(s.map((x) => x.name)).toEqual(['中共某某局机关委员会', '中共某某局机关第一党支部', '中共某某局机关第二党支部']);
    const a = s[1].rows;
    expect(a[0][0]).toBe('中共某某局机关第一党支部2026年第一季度三会一课开展情况登记表');
    const header = a.find((r) => r[0] === '序号')!;
    expect(header).toEqual(['序号', '类型', '日期', '时间', '主题/议题', '第一议题内容', '主持人/主讲人', '应到', '实到', '缺席人员及原因', '记录人', '备注']);
    const data = a.slice(a.indexOf(header) + 1).filter((r) => /^\d+$/.test(r[0] ?? ''));
    expect(data.map((r) => [r[1], r[2], r[7], r[8], r[9]])).toEqual([
      ['支部委员会', '2026.03.05', '3', '2', '王委员（请假：出差）'],
      ['党课', '2026.03.20', '4', '3', '赵党员（缺席）'],
      ['主题党日', '2026.03.28', '4', '4', ''],
    ]);
    expect(data[0][3]).toBe('09:00-11:30');
    expect(data[1][6]).toBe('张书记/某教授');
    expect(data[2][11]).toBe('与中共某某局机关第二党支部联合开展');
    const b = s[2].rows.filter((r) => /^\d+$/.test(r[0] ?? ''));
    expect(b.map((r) => [r[1], r[7], r[11]])).toEqual([['主题党日', '1', '与中共某某局机关第一党支部联合开展']]);
  });

  it('reads back in through the batch entry: the same meetings with the same absentees', async () => {
    const file = await runExport(f.ctx, 'activity-register', { org: '机关第一党支部', period: '2026-Q1' });
    const before = (await f.call('activity.list', { org: '机关第一党支部' })).rows.map((r) => [r.type, r.date, r.expected, r.present, r.onLeave, r.absent]);
    for (const r of (await f.call('activity.list', { org: '机关党委' })).rows) await f.call('activity.delete', { id: r.id });
    const preview = await f.call('activity.importPreview', { fileName: 'register.xlsx', bytes: new Uint8Array(file.bytes) });
    expect(preview).toMatchObject({ ok: 3, failed: 0, headerRow: 3 });
    expect(preview.columns.map((c) => c.field)).toEqual([null, 'type', 'date', 'time', 'topic', 'firstTopic', 'chairLecturer', 'expected', 'present', 'absent', 'recorder', null]);
    expect(preview.rows[0]).toMatchObject({ org: '中共某某局机关第一党支部', type: '支部委员会', date: '2026-03-05', absent: ['王委员（请假：出差）'], expected: 3, present: 2 });
    const done = await f.call('activity.importCommit', { fileName: 'register.xlsx', bytes: new Uint8Array(file.bytes) });
    expect(done.added).toBe(3);
    const after = (await f.call('activity.list', { org: '机关第一党支部' })).rows.map((r) => [r.type, r.date, r.expected, r.present, r.onLeave, r.absent]);
    // a branch's register holds its own share of a joint activity: it comes back as the branch's own
    expect(after).toEqual([['主题党日', '2026-03-28', 4, 4, 0, 0], ...before.slice(1)]);
    expect(before[0]).toEqual(['主题党日', '2026-03-28', 5, 5, 0, 0]);
    const rec = await f.call('activity.get', { id: done.ids[0] });
    expect(rec).toMatchObject({ start: '09:00', end: '11:30', chair: '张书记', recorder: '李委员', firstTopic: '学习习近平总书记重要讲话精神' });
  });

  it('reads a clerk’s own register: title rows, 时间 as the date, names in the absentee column, a footer; a bad row refuses the whole file', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('一季度');
    ws.addRow(['机关第一党支部2026年第一季度“三会一课”登记表']);
    ws.addRow(['填报单位：机关第一党支部', '', '', '', '填报日期：2026年4月1日']);
    ws.addRow(['序号', '会议类型', '时间', '会议主题', '主持人', '缺席人员', '应到人数', '实到人数', '备注']);
    ws.addRow([1, '支委会', new Date(Date.UTC(2026, 0, 8)), '研究一月工作', '张书记', '无', 3, 3]);
    ws.addRow([2, '党员大会', '2026.2.26', '学习传达会议精神', '张书记', '赵党员（病假）、李委员(出差)', 4, 3]);
    ws.addRow([3, '主题党日', '2026年3月12日', '志愿服务', '李委员', '孙某某（事假）', 4, 3]);
    ws.addRow([]);
    ws.addRow(['填表人：王经办', '', '审核人：']);
    ws.getColumn(3).numFmt = 'yyyy-mm-dd';
    const bytes = new Uint8Array(await wb.xlsx.writeBuffer());
    for (const r of (await f.call('activity.list', {})).rows) await f.call('activity.delete', { id: r.id });

    const p = await f.call('activity.importPreview', { org: '机关第一党支部', fileName: '一季度.xlsx', bytes });
    expect(p.headerRow).toBe(3);
    expect(p.columns.find((c) => c.heading === '时间')!.field).toBe('date');
    expect(p.rows.map((r) => [r.row, r.type, r.date])).toEqual([[4, '支部委员会', '2026-01-08'], [5, '支部党员大会', '2026-02-26'], [6, '主题党日', '2026-03-12']]);
    expect(p.rows[1]).toMatchObject({ expected: 4, present: 2, errors: [] });
    expect(p.rows[1].absent).toEqual(['赵党员（病假）', '李委员（因公：出差）']);
    expect(p.rows[1].warnings.join('；')).toContain('表中实到 3 人，按缺席人员计算实到 2 人');
    expect(p.rows[1].warnings.join('；')).toContain('不足法定人数');
    expect(p.rows[2].errors[0]).toBe('「缺席人员及原因」“孙某某”不在 2026-03-12 中共某某局机关第一党支部的应到人员中');
    expect(p).toMatchObject({ ok: 2, failed: 1 });

    let refused = '';
    try {
      await f.call('activity.importCommit', { org: '机关第一党支部', fileName: '一季度.xlsx', bytes });
    } catch (e) {
      if (!isAppError(e)) throw e;
      refused = e.message;
    }
    expect(refused).toContain('有 1 行不能登记，整个文件未导入');
    expect(refused).toContain('一季度 第6行');
    expect((await f.call('activity.list', {})).total).toBe(0);

    // the clerk maps 备注 to 列席人员 and fixes the row: the whole file goes in
    ws.getCell('F6').value = '';
    ws.getCell('I6').value = '团员代表';
    const fixed = new Uint8Array(await wb.xlsx.writeBuffer());
    const done = await f.call('activity.importCommit', { org: '机关第一党支部', fileName: '一季度.xlsx', bytes: fixed, mapping: { 备注: 'guests' } });
    expect(done.added).toBe(3);
    expect((await f.call('activity.get', { id: done.ids[2] })).guests).toEqual(['团员代表']);
  });
});

describe('statistics tables', () => {
  it('组织生活制度落实情况统计表: per organization and type 应开/已开, 完成率', async () => {
    const file = await runExport(f.ctx, 'org-life-compliance', { org: '机关党委', period: '2026-Q1' });
    const [s] = await sheets(file.bytes);
    expect(s.rows[0][0]).toBe('中共某某局机关委员会2026年第一季度组织生活制度落实情况统计表');
    const top = s.rows.find((r) => r[0] === '序号')!;
    const sub = s.rows[s.rows.indexOf(top) + 1];
    expect(top.slice(2, 4)).toEqual(['支部党员大会', '支部党员大会']);
    expect(sub.slice(2, 4)).toEqual(['应开', '已开']);
    const a = s.rows.find((r) => r[1] === '中共某某局机关第一党支部')!;
    const col = (type: string, what: string) => top.findIndex((h, i) => h === type && sub[i] === what);
    expect(a[col('支部委员会', '应开')]).toBe('3');
    expect(a[col('支部委员会', '已开')]).toBe('1');
    expect(a[col('党课', '已开')]).toBe('1');
    expect(a[col('主题党日', '已开')]).toBe('1');
    expect(a[top.indexOf('完成率')]).toBe('0.38'); // 大会 0/1, 支委 1/3, 党课 1/1, 党日 1/3, yearly ones not yet due: 3/8
    expect(a[top.indexOf('未开展期次')]).toContain('大会：2026-Q1');
    expect(s.rows.some((r) => r[0] === '合计')).toBe(true);
  });

  it('党员参加组织生活情况: 应参加/实参加/请假/缺席 per member', async () => {
    const file = await runExport(f.ctx, 'member-org-life', { org: '机关第一党支部', period: '2026-Q1' });
    const [s] = await sheets(file.bytes);
    const header = s.rows.find((r) => r[0] === '序号')!;
    const row = (name: string) => s.rows.find((r) => r[1] === name)!;
    const at = (name: string, h: string) => row(name)[header.indexOf(h)];
    expect([at('王委员', '应参加'), at('王委员', '实参加'), at('王委员', '请假'), at('王委员', '缺席')]).toEqual(['3', '2', '1', '0']);
    expect([at('赵党员', '应参加'), at('赵党员', '实参加'), at('赵党员', '缺席')]).toEqual(['2', '1', '1']);
    expect(at('赵党员', '公民身份号码')).toBe(ids.m1);
    expect(s.ws.getCell(`${String.fromCharCode(65 + header.indexOf('公民身份号码'))}${s.rows.indexOf(row('赵党员')) + 1}`).numFmt).toBe('@');
  });

  it('教育培训人次及学时统计表: classes with 人次 and members against the target', async () => {
    const file = await runExport(f.ctx, 'training-stats', { org: '机关党委', year: 2026 });
    const [classes, people] = await sheets(file.bytes);
    expect(classes.name).toBe('培训班次');
    const c = classes.rows.find((r) => r[1] === '市委党校示范培训班')!;
    expect(c.slice(3, 9)).toEqual(['市', '中共某某局机关委员会', '2026.04.01-2026.04.05', '32', '2', '64']);
    const h = people.rows.find((r) => r[0] === '序号')!;
    const zhao = people.rows.find((r) => r[1] === '赵党员')!;
    expect([zhao[h.indexOf('培训学时')], zhao[h.indexOf('组织生活学时')], zhao[h.indexOf('合计学时')], zhao[h.indexOf('是否达标')]]).toEqual(['32', '0', '32', '是']);
    const zhang = people.rows.find((r) => r[1] === '张书记')!;
    expect([zhang[h.indexOf('合计学时')], zhang[h.indexOf('年度目标')], zhang[h.indexOf('是否达标')]]).toEqual(['35', '56', '否']);
  });
});

describe('会议记录 (meeting-record)', () => {
  it('one meeting on A4 portrait with signature lines for the chair and the recorder', async () => {
    const file = await runExport(f.ctx, 'meeting-record', { id: 1 });
    const [s] = await sheets(file.bytes);
    expect(s.ws.pageSetup.orientation).toBe('portrait');
    expect(s.ws.pageSetup.paperSize).toBe(9);
    const byLabel = Object.fromEntries(s.rows.filter((r) => r[0] && r.length > 1).map((r) => [r[0], r[1]]));
    expect(byLabel['会议类型']).toBe('支部委员会');
    expect(byLabel['时间']).toBe('2026.03.05 09:00—11:30');
    expect(byLabel['到会情况']).toBe('应到 3 人，实到 2 人，请假 1 人，缺席 0 人');
    expect(byLabel['缺席人员及原因']).toBe('王委员（请假：出差）');
    expect(byLabel['列席人员']).toBe('上级党委联系人');
    expect(byLabel['第一议题']).toBe('学习习近平总书记重要讲话精神');
    expect(byLabel['表决情况']).toBe('一般事项：应到有表决权 3 人，实到 2 人；赞成 2，反对 0，弃权 0。表决结果：通过');
    const content = s.rows.filter((r) => r[1]?.match(/^[一二三]、/)).map((r) => r[0] ?? '');
    expect(content).toEqual(['会议内容', '', '']);
    const last = s.rows[s.rows.length - 1].join('');
    expect(last).toContain('主持人（签字）');
    expect(last).toContain('记录人（签字）');
    expect(last).not.toContain('填表人');

    // printed by LibreOffice: one A4 portrait page, the signature line on it, no text below 8 pt
    const dir = path.join(f.dir, 'pdf');
    fs.mkdirSync(dir);
    const xlsx = path.join(dir, 'record.xlsx');
    fs.writeFileSync(xlsx, file.bytes);
    execFileSync('soffice', ['--headless', `-env:UserInstallation=file://${path.join(dir, 'lo')}`, '--convert-to', 'pdf', '--outdir', dir, xlsx], { stdio: 'ignore', timeout: 120_000 });
    const pdf = path.join(dir, 'record.pdf');
    const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' });
    expect(info).toMatch(/Pages:\s+1\n/);
    expect(info).toMatch(/Page size:\s+595(\.\d+)? x 84[12](\.\d+)? pts \(A4\)/);
    const bbox = execFileSync('pdftotext', ['-bbox-layout', pdf, '-'], { encoding: 'utf8' });
    expect(bbox).toContain('记录人（签字）');
    const heights = [...bbox.matchAll(/<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">/g)].map((m) => Number(m[2]) - Number(m[1]));
    expect(Math.min(...heights)).toBeGreaterThanOrEqual(8);
  }, 180_000);
});
