import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import type { FileResult } from '../../src-main/contract/define.ts';
import { openTestDb, runExport, type TestDb } from '../support/db.ts';
import { makeId } from '../support/id-numbers.ts';
import { printToolsMissing, printWorkbooks, type Printed } from '../support/print.ts';
import { exportDefinitions } from '../../src-main/modules/index.ts';

// Every export printed the way a clerk prints it (LibreOffice → PDF, docs/print-layout.md) from a small real
// database, with the widest column choice and long free text: the body text is never printed below 8 pt,
// the paper is the one the layout helper chose, and no text runs out of its cell, past the table or is
// cut off. Needs LibreOffice, poppler and the fonts named in tests/support/print.ts (installed by .ci/run).

const missing = printToolsMissing();

// long free text, as clerks type it (no spaces: the printed cell text is compared without them)
const UNIT = '中共某某省某某市某某区人民政府办公室机关委员会';
const BRANCH_A = '中共某某省某某市某某区人民政府办公室机关第一党支部（含离退休干部党小组）';
const BRANCH_B = '中共某某省某某市某某区人民政府办公室机关第二党支部';
const REMARK = '该同志长期在外务工，已通过电话联系确认身份，组织关系暂不转移，每季度书面汇报一次思想和工作情况';
const ADDRESS = '某某省某某市某某区某某街道某某社区某某路12号院3号楼2单元501室';
const WORK_UNIT = '某某市某某区人民政府办公室综合科科长兼机关党委专职副书记';
const JOB = '专业技术人员（高级工程师）';
const OUTFLOW = '广东省深圳市南山区粤海街道';
const MANIFEST = '多次参加宗教场所组织的礼拜活动，家中设有供奉场所，经谈心谈话本人承认信仰并表示愿意接受组织教育';
const HANDLE_NOTE = '支部书记三次谈心谈话，本人已书面检讨并承诺不再参加宗教活动';
const PAPER_AT = '党委办公室档案柜第3层第2格（2023年专项整治档案盒）';
const SIGN_NOTE = '本人外出务工期间由支部委员上门送达承诺书并当面签订';
const DECISION = '支委会2023年4月28日第5次会议集体研究决定（会议记录第12页）';
const SPEND_NOTE = '购置党员教育资料《习近平新时代中国特色社会主义思想学习纲要》等书籍共计40册';

/** a table printed wrongly on purpose, written with exceljs alone: the checks above must see it */
async function controlWorkbook(): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('对照', { pageSetup: { paperSize: 9, orientation: 'portrait', scale: 49, fitToPage: false } });
  ws.columns = [{ width: 6 }, { width: 10 }, { width: 10 }];
  const font = { name: '宋体', size: 10 };
  const border = { top: { style: 'thin' }, left: { style: 'thin' }, bottom: { style: 'thin' }, right: { style: 'thin' } } as const;
  const rows: [string | number, string, string, number][] = [
    ['序号', '姓名', '备注', 18],
    [1, '阿依古丽·买买提', REMARK, 18],
    [2, '张三', '短', 18],
  ];
  for (const [a, b, c, h] of rows) {
    const row = ws.addRow([a, b, c]);
    row.height = h;
    row.eachCell((cell, n) => {
      cell.font = font;
      cell.border = border;
      cell.alignment = { vertical: 'middle', horizontal: 'center', wrapText: n === 3 };
    });
  }
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

describe.skipIf(missing !== null)(`printed exports${missing ? ` (skipped: ${missing})` : ''}`, () => {
  let f: TestDb;
  const files: Record<string, FileResult> = {};
  let printed: Record<string, Printed>;
  const ids: number[] = [];

  beforeAll(async () => {
    f = await openTestDb({ today: '2023-10-10' });
    await f.call('settings.save', {
      reportingUnit: UNIT, clerkName: '欧阳明月', reviewer: '司马长风', principal: '诸葛青云', clerkPhone: '0871-12345678',
      exportDateStyle: 'cn', // the widest dates
    });
    const root = (await f.call('orgs.save', { org: { name: UNIT, type: '党委', sortOrder: 0 } })).id;
    const a = (await f.call('orgs.save', { org: { name: BRANCH_A, shortName: '第一支部', type: '党支部', parentId: root, sortOrder: 1 } })).id;
    const b = (await f.call('orgs.save', { org: { name: BRANCH_B, shortName: '第二支部', type: '党支部', parentId: root, sortOrder: 2 } })).id;

    const now = '2023-01-01T00:00:00.000Z';
    const insert = f.db.sqlite.prepare(
      `INSERT INTO members (name, name_pinyin, name_initials, id_number, gender, ethnicity, birth_date, education, category,
        joined_on, confirmed_on, org_id, job_position, work_unit, native_place, phone, address, status, roll,
        is_lost, lost_on, is_mobile, outflow, remark, created_at, updated_at)
       VALUES (?, ?, '', ?, '女', '维吾尔族', '1949-12-31', '研究生（硕士）', '正式党员', '1972-05-01', '1973-06-01', ?, ?, ?, '新疆维吾尔自治区喀什地区', '13800138000', ?, '正常', ?, 0, NULL, 1, ?, ?, ?, ?)`,
    );
    const names = ['欧阳明月', '司马长风', '诸葛青云', '阿依古丽·买买提', '上官婉儿', '慕容复', '张三', '李四'];
    names.forEach((name, i) => {
      ids.push(Number(insert.run(name, `p${i}`, makeId(`1949-12-3${i % 2}`, `1${i}3`), i < 5 ? a : b, JOB, WORK_UNIT, ADDRESS, i === 7 ? '转出' : '在册', OUTFLOW, REMARK, now, now).lastInsertRowid));
    });

    // dues: standards, payments (one member owing months: a long 备注), spending with long texts
    for (const [i, id] of ids.slice(0, 7).entries()) {
      const idNumber = (f.db.sqlite.prepare('SELECT id_number FROM members WHERE id = ?').get(id) as { id_number: string }).id_number;
      await f.call('dues.setBase', { idNumber, year: 2023, category: '在职', income: '6200.00' });
      if (i !== 2) await f.call('dues.pay', { idNumber, months: '2023-01..2023-03', amount: '279.00', paidOn: '2023-03-05' });
    }
    await f.call('dues.spend', { orgId: a, kind: '使用', category: '订阅报刊及购置党员教育资料设备', amount: '600.00', spentOn: '2023-05-01', decisionRef: DECISION, approver: '诸葛青云', note: SPEND_NOTE });

    // the screening campaign: findings with long descriptions, a signing ledger with long notes
    const { id: campaignId } = await f.call('campaign.create', { name: '2023年党员信教问题专项整治', year: 2023, start: '2023-04-01', end: '2023-09-30' });
    for (const [i, id] of ids.slice(0, 7).entries()) {
      const c = { campaignId, memberId: id };
      if (i < 3) {
        await f.call('campaign.screen', { ...c, date: '2023-05-01', religion: '伊斯兰教', manifestations: MANIFEST, note: REMARK });
        await f.call('campaign.handle', { ...c, outcome: '教育转化', date: '2023-06-01', note: HANDLE_NOTE });
      } else await f.call('campaign.screen', { ...c, date: '2023-05-01' });
      await f.call('campaign.sign', { ...c, date: '2023-05-20', paperLocation: PAPER_AT, note: SIGN_NOTE });
    }

    // every table of the export registry, through exports.run as the UI and the CLI run it
    const exportAll = async (suffix: string) => {
      // the roster with every optional column: 在册情况 appears when members of every roll are listed
      files[`roster${suffix}`] = await runExport(f.ctx, 'roster', { roll: 'all' });
      files[`progress${suffix}`] = await runExport(f.ctx, 'religion-progress', { campaignId });
    };
    await exportAll('');
    files.findings = await runExport(f.ctx, 'religion-findings', { campaignId });
    files.ledger = await runExport(f.ctx, 'religion-ledger', { campaignId });
    files.publicity = await runExport(f.ctx, 'dues-publicity', { org: a, period: '2023-Q1', includeBase: true });
    files.summary = await runExport(f.ctx, 'dues-summary', { year: 2023 });
    files.usage = await runExport(f.ctx, 'dues-usage', { org: a, year: 2023 });
    files.assessment = await runExport(f.ctx, 'dues-assessment', { org: a, year: 2023 });
    // organizational life: a meeting with long topics and minutes, a training class
    const idNumbers = (f.db.sqlite.prepare("SELECT id_number FROM members WHERE roll = '在册' ORDER BY id").all() as { id_number: string }[]).map((r) => r.id_number);
    const meeting = await f.call('activity.add', {
      org: a, type: '支部党员大会', date: '2023-03-28', place: PAPER_AT, chair: '诸葛青云', recorder: '欧阳明月',
      topic: DECISION, firstTopic: SPEND_NOTE, content: REMARK, decisions: MANIFEST, hours: 2,
      absent: [{ idNumber: idNumbers[0], kind: '因公', reason: SIGN_NOTE }],
    });
    await f.call('training.add', { title: SPEND_NOTE, kind: '党校示范培训班', level: '市', org: a, start: '2023-04-01', end: '2023-04-05', hours: 24, participants: idNumbers.slice(0, 3) });
    files.activityRegister = await runExport(f.ctx, 'activity-register', { org: a, period: '2023' });
    files.orgLifeCompliance = await runExport(f.ctx, 'org-life-compliance', { period: '2023' });
    files.memberOrgLife = await runExport(f.ctx, 'member-org-life', { org: a, period: '2023' });
    files.trainingStats = await runExport(f.ctx, 'training-stats', { org: a, year: 2023 });
    files.meetingRecord = await runExport(f.ctx, 'meeting-record', { id: meeting.id });
    await f.call('settings.save', { allowA3: true });
    await exportAll('-a3');

    // PRINT_OUT=/some/dir keeps the workbooks and PDFs for looking at
    const out = process.env.PRINT_OUT || path.join(f.dir, 'print');
    fs.mkdirSync(out, { recursive: true });
    const books = Object.fromEntries(Object.entries(files).map(([k, v]) => [k, v.bytes]));
    printed = printWorkbooks(out, { ...books, control: await controlWorkbook() });
  }, 240_000);

  afterAll(async () => {
    await f?.close();
  });

  /** what a table's cells must show in full, and the paper it must be printed on */
  const EXPECT: Record<string, { paper: string; across?: number; texts: string[]; warning?: RegExp; signature?: string }> = {
    roster: { paper: 'A4 landscape', across: 2, texts: [REMARK, ADDRESS, WORK_UNIT, JOB, BRANCH_A, `是（${OUTFLOW}）`, '阿依古丽·买买提', '1949年12月31日'], warning: /需横向 2 页（A4 横向）.*“序号、姓名”.*可去掉这些列后再导出：.*备注.*A3/ },
    'roster-a3': { paper: 'A3 landscape', texts: [REMARK, ADDRESS, WORK_UNIT, BRANCH_A], warning: /A3/ },
    progress: { paper: 'A4 landscape', across: 2, texts: [BRANCH_A], warning: /需横向 2 页（A4 横向）.*可去掉这些列后再导出：信教类别（7列）/ },
    'progress-a3': { paper: 'A3 landscape', across: 2, texts: [BRANCH_A], warning: /需横向 2 页（A3 横向）/ },
    findings: { paper: 'A4 landscape', texts: [MANIFEST, BRANCH_A, `${HANDLE_NOTE}；${SIGN_NOTE}`] },
    ledger: { paper: 'A4 landscape', texts: [PAPER_AT, SIGN_NOTE, BRANCH_A] },
    publicity: { paper: 'A4 landscape', texts: ['1月未交，2月未交，3月未交'] },
    summary: { paper: 'A4 landscape', texts: [BRANCH_A, BRANCH_B] },
    usage: { paper: 'A4 landscape', texts: [DECISION, SPEND_NOTE, '订阅报刊及购置党员教育资料设备'] },
    assessment: { paper: 'A4 landscape', texts: ['阿依古丽·买买提'] },
    activityRegister: { paper: 'A4 landscape', texts: [DECISION] },
    orgLifeCompliance: { paper: 'A4 landscape', texts: [] },
    memberOrgLife: { paper: 'A4 landscape', texts: ['阿依古丽·买买提'] },
    trainingStats: { paper: 'A4 landscape', texts: [] },
    // a meeting record is signed by its chair and recorder
    meetingRecord: { paper: 'A4 portrait', texts: [REMARK, DECISION], signature: '主持人' },
  };

  it.each(Object.keys(EXPECT))('%s: body ≥ 8 pt, the expected paper, nothing cut off or running out of its cell', async (name) => {
    const p = printed[name];
    const e = EXPECT[name];
    const file = files[name];
    // the smallest printed ideographs (body and header cells) are at least 8 pt
    expect(p.sizes.length).toBeGreaterThan(10);
    expect(p.minSize, `${name}: ${p.minSize.toFixed(2)} pt`).toBeGreaterThanOrEqual(7.95);
    expect(p.papers).toEqual([e.paper]);
    expect(p.overflow).toEqual([]);
    const cells = p.cells.map((c) => c.replace(/\s/g, ''));
    for (const t of e.texts) expect(cells, `${name}: “${t}” printed whole in one cell`).toContain(t);

    // pages across: the header's first label is repeated on every page of the same rows
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(file.bytes) as never);
    const ws = wb.worksheets[0];
    if (e.across && e.across > 1) {
      expect(ws.pageSetup.printTitlesColumn).toBe('A:B');
      expect(ws.pageSetup.fitToPage).toBeFalsy();
      expect(ws.pageSetup.scale).toBeGreaterThanOrEqual(80);
      const withTable = p.grids.filter(Boolean).length;
      expect(withTable % e.across).toBe(0);
      const firsts = p.pages.filter((pg) => pg.words.some((w) => w.text === '序号')).length;
      expect(firsts).toBe(withTable);
    }
    if (e.warning) expect(file.warnings?.join('\n')).toMatch(e.warning);
    else expect(file.warnings ?? []).toEqual([]);

    // the rows above and below the table are printed whole too
    const all = p.pages.flatMap((pg) => pg.words.map((w) => w.text)).join('');
    const top = (ws.getRow(1).values as unknown[]).find((v) => typeof v === 'string') as string;
    expect(all).toContain(top.replace(/\s/g, ''));
    expect(all).toContain(e.signature ?? '负责人（签字）：诸葛青云');
  });

  it('covers every table of the export registry', async () => {
    const covered = new Set([
      'roster', 'religion-progress', 'religion-findings', 'religion-ledger', 'dues-publicity', 'dues-summary', 'dues-usage', 'dues-assessment',
      'activity-register', 'org-life-compliance', 'member-org-life', 'training-stats', 'meeting-record',
    ]);
    const missingTables = (await exportDefinitions()).map((d) => d.name).filter((n) => !covered.has(n));
    expect(missingTables, 'every registered export is printed and measured here').toEqual([]);
  });

  it('the measurements catch small print, text over a border and text cut off (a control workbook)', () => {
    const p = printed.control;
    // 10 pt at a fixed 49 %: 4.9 pt
    expect(p.minSize).toBeGreaterThan(4.85);
    expect(p.minSize).toBeLessThan(4.95);
    expect(p.papers).toEqual(['A4 portrait']);
    // a long name in a narrow column next to a filled cell crosses the border; a wrapped remark in a row
    // too low for it is cut off: not all of it is printed
    expect(p.overflow.some((o) => o.includes('阿依古丽'))).toBe(true);
    expect(p.cells.map((c) => c.replace(/\s/g, ''))).not.toContain(REMARK);
    expect(p.cells).toContain('张三');
  });

  it('reports what it measured (before/after figures for docs/print-layout.md)', () => {
    const rows = Object.entries(printed).map(([name, p]) =>
      `${name.padEnd(12)} ${p.papers.join(',').padEnd(13)} pages ${String(p.pages.length).padStart(2)}  smallest ${p.minSize.toFixed(2)} pt`,
    );
    console.log(rows.join('\n'));
    expect(rows.length).toBe(Object.keys(EXPECT).length + 1);
  });
});
