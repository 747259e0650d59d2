import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { normalizeHeading, matchHeading } from '../../src-main/modules/import/services/heading.ts';
import { detectHeader } from '../../src-main/modules/import/services/header.ts';
import { classifyRow } from '../../src-main/modules/import/services/rows.ts';
import { cellToField, NUMERIC_ID_MESSAGE } from '../../src-main/modules/import/services/normalize.ts';
import { FIELD_BY_KEY } from '../../src-main/modules/import/domain/fields.ts';
import { mapColumns } from '../../src-main/modules/import/services/mapping.ts';
import { analyseGrid, collectingSink } from '../../src-main/modules/import/services/analyse.ts';
import { orgTypeFromName, looksLikeOrgName } from '../../src-main/modules/import/services/orgs.ts';
import { INSERT_COLUMNS } from '../../src-main/modules/import/services/commit.ts';
import { importedValue, inferCategory, twoDigitYear, fitOf } from '../../src-main/modules/import/domain/values.ts';
import { readForm } from '../../src-main/modules/import/services/form.ts';
import { memberColumnValues } from '../../src-main/services/member-columns.ts';
import { checkMember } from '../../src-main/domain/member-rules.ts';


import { dispatch } from '../../src-main/adapters/dispatch.ts';
import type { GridSheet } from '../../src-main/excel/read/grid.ts';
import { importTemplate } from '../../src-main/modules/import/services/template.ts';
import { openTestDb, tmpDir } from '../support/db.ts';
import { makeId } from '../support/id-numbers.ts';
import { writeXlsx } from '../support/sheets.ts';

const field = (k: string) => FIELD_BY_KEY.get(k as never)!;

describe('headings', () => {
  it('ignores whitespace incl. U+3000 and line breaks, full-width characters, 必填 markers and colons', () => {
    expect(normalizeHeading(' 姓　名\n')).toBe('姓名');
    expect(normalizeHeading('*公民身份号码（必填）：')).toBe('公民身份号码');
    expect(normalizeHeading('学历（最高）')).toBe('学历(最高)');
    expect(normalizeHeading('月应缴纳党费（元）')).toBe('月应缴纳党费');
    expect(matchHeading(['党员信息/人员类别', '人员类别'])).toBe('category');
    expect(matchHeading(['身份证号码'])).toBe('idNumber');
    expect(matchHeading(['No.'])).toBe('ignore');
    expect(matchHeading(['会议记录'])).toBe(null);
  });
});

describe('header detection', () => {
  const sheet = (rows: unknown[][], merges: GridSheet['merges'] = []): GridSheet => ({ name: 'S', rows: rows as GridSheet['rows'], merges });

  it('skips title and 填报单位 rows; folds a two-row header by merges and by position', () => {
    const rows = [
      ['中共某某局党员花名册'],
      ['填报单位（盖章）：某某局', null, null, null, '填报日期：2025年1月10日'],
      ['序号', '姓名', '公民身份号码', '党员信息', null, null],
      [null, null, null, '人员类别', '入党时间', '转正时间'],
      [1, '张三', '11010519491231002X', '正式党员', '1998.07', '1999.07'],
    ];
    for (const merges of [[{ top: 2, left: 3, bottom: 2, right: 5 }, { top: 2, left: 0, bottom: 3, right: 0 }], []]) {
      const h = detectHeader(sheet(rows, merges))!;
      expect(h).toMatchObject({ headerRow: 3, headerRowCount: 2, dataStart: 4 });
      expect(h.columns.map((c) => c.heading)).toEqual(['序号', '姓名', '公民身份号码', '人员类别', '入党时间', '转正时间']);
      expect(mapColumns(h.columns).map((m) => m.target)).toEqual(['ignore', 'name', 'idNumber', 'category', 'joinedOn', 'confirmedOn']);
    }
  });

  it('a one-row header followed by data is not folded; the header row can be forced', () => {
    const rows = [['姓名', '性别', '公民身份号码'], ['张三', '男', '11010519491231002X']];
    expect(detectHeader(sheet(rows))).toMatchObject({ headerRow: 1, headerRowCount: 1, dataStart: 1 });
    expect(detectHeader(sheet([['名单'], ['姓名', '电话']]), { first: 2, last: 2 })).toMatchObject({ headerRow: 2, columns: [{ heading: '姓名' }, { heading: '电话' }] });
    expect(detectHeader(sheet([['会议记录'], ['今天开会']]))).toBe(null);
  });

  it('footers: 填表人/审核人/负责人/合计 end the data; 注 lines are notes; each is skipped with a reason', () => {
    const header = detectHeader(sheet([['姓名', '公民身份号码', '人员类别', '入党日期']]))!;
    const ctx = { header, nameCol: 0, idCol: 1, fieldCols: new Set([0, 1, 2, 3]) };
    for (const t of ['填表人：张三', '审核人：', '负责人（签字）：', '合计：12人', '  合 计 ']) expect(classifyRow([t], ctx)).toMatchObject({ kind: 'skip', footer: true });
    for (const t of ['注：1. 本表…', '注', '注意：红色为必填']) expect(classifyRow([t], ctx)).toMatchObject({ kind: 'skip', reason: expect.stringMatching(/^说明文字/) });
    for (const t of ['张三', '注明']) expect(classifyRow([t], ctx)).toEqual({ kind: 'data' });
  });

  it('stops at the footer, skips blank rows and headers repeated on printed pages, each with a reason', () => {
    const sink = collectingSink();
    analyseGrid(
      { format: 'xlsx', sheets: [sheet([
        ['姓名', '公民身份号码', '人员类别', '入党日期', '转正日期'],
        ['张三', makeId('1972-05-01', 11), '正式党员', '1998.07', '1999.07'],
        [],
        ['姓名', '公民身份号码', '人员类别', '入党日期', '转正日期'],
        ['李四', makeId('1980-01-01', 22), '预备党员', '2025.01', null],
        ['合计', '2人'],
        ['王五', makeId('1981-01-01', 33), '正式党员', '2005.07', '2006.07'],
      ])] },
      { today: '2025-06-30' },
      sink,
    );
    expect(sink.rows.map((r) => [r.row, r.member.name, r.errors.length])).toEqual([[2, '张三', 0], [5, '李四', 0]]);
    expect(sink.skippedRows).toEqual([
      { sheet: 'S', row: 4, reason: '重复的表头行' },
      { sheet: 'S', row: 6, reason: '表尾（“合计”）' },
      { sheet: 'S', row: 7, reason: '位于第6行表尾（“合计”）之后，未导入；如是党员请移到表尾之前' },
    ]);
  });
});

describe('cell normalisation', () => {
  it('dates: real date cells, serials, 20050701 / 200507 typed as numbers, text kept for the member rules', () => {
    expect(cellToField({ date: '2005-07-01' }, field('joinedOn'))).toEqual({ value: '2005-07-01' });
    expect(cellToField(38534, field('joinedOn'))).toEqual({ value: '2005-07-01' });
    expect(cellToField(20050701, field('joinedOn'))).toEqual({ value: '20050701' });
    expect(cellToField(200507, field('joinedOn'))).toEqual({ value: '200507' });
    expect(cellToField(2005.07, field('joinedOn'))).toEqual({ value: '2005.07' });
    expect(cellToField(2005.2, field('joinedOn'))).toEqual({ value: '2005.2' });
    expect(cellToField('2005-07-01 00:00:00', field('joinedOn'))).toEqual({ value: '2005-07-01' });
    // full-width digits folded here; the full-width dot is folded by the member rules' date parser
    expect(cellToField('２００５．７', field('joinedOn'))).toEqual({ value: '2005．7' });
  });

  it('the numeric 2005.1 is ambiguous: left empty with a warning; the same text means January', () => {
    const o = cellToField(2005.1, field('joinedOn'));
    expect(o.value).toBe(null);
    expect(o.warning).toMatch(/无法判断是2005年1月还是10月/);
    expect(cellToField('2005.1', field('joinedOn'))).toEqual({ value: '2005.1' });
  });

  it('IDs: a numeric cell is an error with the fixed message; zero-width characters removed; numbers as text elsewhere', () => {
    expect(cellToField(110105194912310000, field('idNumber'))).toEqual({ value: 110105194912310000, error: NUMERIC_ID_MESSAGE });
    expect(cellToField('\u200B11010519491231002x\uFEFF', field('idNumber'))).toEqual({ value: '11010519491231002x' });
    expect(cellToField(13800138000, field('phone'))).toEqual({ value: '13800138000' });
    expect(cellToField('中共（集团）党委', field('org'))).toEqual({ value: '中共（集团）党委' });
    expect(cellToField(true, field('isMobile'))).toEqual({ value: true });
  });

  it('the same member rules as the form: 性别/民族/学历 values, every date form, month precision kept', () => {
    const forms = ['2005.07.01', '2005.7.1', '2005年7月1日', '2005/7/1', '20050701', '2005-07-01', '2005-7-1'];
    const months = ['2005.07', '2005.7', '2005年7月', '2005-07'];
    const rows = [...forms, ...months].map((d, i) => ['某', '男性', i % 2 ? '汉' : '蒙古', '大学', makeId('1980-01-01', 11), '正式党员', d, '2006-08']);
    const a = collectingSink();
    analyseGrid(
      { format: 'csv', sheets: [{ name: 'S', merges: [], rows: [['姓名', '性别', '民族', '学历', '身份证号', '人员类别', '入党时间', '转正时间'], ...rows] }] },
      { today: '2025-06-30' },
      a,
    );
    expect(a.rows.map((r) => r.member.joinedOn)).toEqual([...forms.map(() => '2005-07-01'), ...months.map(() => '2005-07')]);
    expect(a.rows[0].member).toMatchObject({ gender: '男', ethnicity: '蒙古族', education: '大学本科' });
    expect(a.rows[1].member.ethnicity).toBe('汉族');
  });
});

describe('the bulk insert', () => {
  it('writes every column the member form writes (a new member column must be added to the import too)', () => {
    const member = checkMember({ name: '张三', idNumber: makeId('1972-05-01', 11), category: '正式党员', joinedOn: '1998-07', confirmedOn: '1999-07' }, { today: '2025-06-30' }).member;
    expect([...INSERT_COLUMNS]).toEqual(expect.arrayContaining(Object.keys(memberColumnValues(member))));
  });
});

describe('organizations', () => {
  it('type from the name ending; a generic sheet name is not a branch', () => {
    expect(orgTypeFromName('中共某某局机关委员会')).toBe('党委');
    expect(orgTypeFromName('机关党总支')).toBe('党总支');
    expect(orgTypeFromName('离退休党支部')).toBe('党支部');
    expect(orgTypeFromName('第一党小组')).toBe('党小组');
    expect(orgTypeFromName('后勤服务中心')).toBe('党支部');
    expect(looksLikeOrgName('Sheet1')).toBe(false);
    expect(looksLikeOrgName('机关二支部')).toBe(true);
  });
});

describe('template and error report', () => {
  it('the template has the standard columns, dropdowns, a text ID column and an instructions sheet', async () => {
    const f = await importTemplate();
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(f.bytes as never);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['党员信息', '选项', '填写说明']);
    const ws = wb.getWorksheet('党员信息')!;
    const headings = (ws.getRow(1).values as unknown[]).slice(1) as string[];
    expect(headings.slice(0, 4)).toEqual(['*姓名', '性别', '*公民身份号码', '民族']);
    // every heading is recognised by the importer
    expect(headings.every((h) => matchHeading([h]) !== null)).toBe(true);
    expect(ws.getCell('C2').numFmt).toBe('@');
    const dv = (ws as unknown as { dataValidations: { model: Record<string, { type: string; formulae: string[] }> } }).dataValidations.model;
    const lists = Object.values(dv).map((v) => v.formulae[0]);
    expect(Object.values(dv).every((v) => v.type === 'list')).toBe(true);
    expect(lists.length).toBeGreaterThanOrEqual(4);
    expect(wb.getWorksheet('填写说明')!.getCell('A1').value).toBe('党员信息导入模板 填写说明');
  });

  it('the error report keeps the original rows and columns, adds 错误说明 and highlights the offending cells', async () => {
    const t = await openTestDb({ today: '2025-06-30' });
    const { dir, ctx } = t;
    await dispatch(ctx, 'orgs.save', { org: { name: '中共某某局机关第一党支部', shortName: '第一党支部', type: '党支部' } });
    const file = await writeXlsx(path.join(dir, 'r.xlsx'), [{
      name: '第一党支部',
      above: [['花名册']],
      header: [['姓名', '公民身份号码', '人员类别', '入党日期', '转正日期', '备注']],
      rows: [
        ['张三', makeId('1972-05-01', 11), '正式党员', '1998.07', '1999.07', '好'],
        ['王五', 110105199001020000, '正式党员', '2012.07', '2013.07', '原样保留'],
      ],
    }]);
    const { jobId } = (await dispatch(ctx, 'import.errorReport', { bytes: new Uint8Array(fs.readFileSync(file)), fileName: 'r.xlsx' })) as { jobId: string };
    const out = (await ctx.jobs.wait(jobId)) as { fileName: string; bytes: Uint8Array };
    expect(out.fileName).toBe('r-错误报告.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(out.bytes as never);
    const ws = wb.getWorksheet('第一党支部')!;
    expect(ws.getCell('A1').value).toBe('花名册');
    expect((ws.getRow(2).values as unknown[]).slice(1)).toEqual(['姓名', '公民身份号码', '人员类别', '入党日期', '转正日期', '备注', '错误说明']);
    expect((ws.getRow(3).values as unknown[]).slice(1, 7)).toEqual(['王五', 110105199001020000, '正式党员', '2012.07', '2013.07', '原样保留']);
    expect(ws.getCell('G3').value).toBe(`公民身份号码：${NUMERIC_ID_MESSAGE}（原表第4行）`);
    expect((ws.getCell('B3').fill as { fgColor?: { argb: string } }).fgColor?.argb).toBe('FFFFC7CE');
    expect(ws.getCell('A3').fill?.type).toBeUndefined();
    expect(ws.rowCount).toBe(3);
    await t.close();
  });
});

describe('what other systems write', () => {
  const sheet = (rows: unknown[][], merges: GridSheet['merges'] = []): GridSheet => ({ name: 'S', rows: rows as GridSheet['rows'], merges });
  it('headings with hints: brackets of either width, second lines, item numbers, colon instructions; new synonyms', () => {
    const cases: [string, string][] = [
      ['出生年月(2019/10/24)', 'birthDate'], ['入党时间\n(yyyy-MM-dd)', 'joinedOn'], ['党籍状态（正式党员或预备党员）', 'status'],
      ['所在组织(请不要输入特殊符号)', 'org'], ['确定为预备党员时间（支部大会）', 'joinedOn'], ['转正时间（支部大会讨论转正时间）', 'confirmedOn'],
      ['4.公民身份证号', 'idNumber'], ['（1）姓名', 'name'], ['出生日期：如1985-06-15', 'birthDate'], ['【必填】手机号码', 'phone'],
      ['党支部名称', 'org'], ['所属组织', 'org'], ['组织', 'org'], ['电话号码', 'phone'], ['预备日期', 'joinedOn'], ['正式日期', 'confirmedOn'],
      ['预/正', 'category'], ['工作/学习单位', 'workUnit'], ['学历(最高)', 'education'], ['党员状态(正式/预备)', 'category'],
    ];
    for (const [h, t] of cases) expect(matchHeading([h]), h).toBe(t);
    for (const h of ['1', '0', '填报日期：2025年1月10日', '党员（签字）']) expect(matchHeading([h]), h).toBe(null);
  });

  it('coded values: dropdown codes, national code lists, bare codes, bands, 正/预, ticked boxes; the sheet text kept only for those', () => {
    expect(importedValue('gender', '95_男')).toEqual({ value: '男', sheet: '95_男' });
    expect(importedValue('ethnicity', '868_汉族')).toEqual({ value: '汉族', sheet: '868_汉族' });
    expect(importedValue('category', '223_正式党员')).toEqual({ value: '正式党员', sheet: '223_正式党员' });
    expect(importedValue('ethnicity', '01 汉族')).toEqual({ value: '汉族', sheet: '01 汉族' });
    expect(importedValue('education', '21 大学')).toEqual({ value: '大学', sheet: '21 大学' });
    expect(importedValue('education', '1B')).toEqual({ value: '省（区、市）委党校研究生', sheet: '1B' });
    expect(importedValue('ethnicity', '03')).toEqual({ value: '回族', sheet: '03' });
    expect(importedValue('jobPosition', '0314 机关单位工勤岗位')).toEqual({ value: '机关单位工勤岗位', sheet: '0314 机关单位工勤岗位' });
    expect(importedValue('education', '博士及以上')).toEqual({ value: '博士研究生', sheet: '博士及以上' });
    expect(importedValue('education', '高中及以下')).toEqual({ value: '普通高中', sheet: '高中及以下', warning: '学历“高中及以下”是一个区间，已按“普通高中”导入，请核对' });
    expect(importedValue('category', '正')).toEqual({ value: '正式党员' });
    expect(importedValue('category', '中共预备党员')).toEqual({ value: '预备党员' });
    expect(importedValue('isMobile', '☑是 □否')).toEqual({ value: '是', sheet: '☑是 □否' });
    expect(importedValue('isLost', '是□ 否√')).toEqual({ value: '否', sheet: '是□ 否√' });
    // plain values and free text pass untouched; a code is taken off only before a valid name
    for (const [f, v] of [['gender', '男'], ['remark', '95_男'], ['ethnicity', '12 某某'], ['education', '大学本科'], ['partyPost', '支部书记']] as const) {
      expect(importedValue(f, v)).toEqual({ value: v });
    }
  });

  it('two-digit years: the century making the person at least 18 on the date (or now, for the birth date), never the future', () => {
    const today = '2025-06-30';
    expect(twoDigitYear('25-03-20', 'joinedOn', { birthDate: '1999-09-09', today })).toEqual({ value: '2025-03-20', warning: '两位数年份“25-03-20”已按2025年导入，请核对' });
    expect(twoDigitYear('98-07-01', 'joinedOn', { birthDate: '1968-03-12', today })?.value).toBe('1998-07-01');
    expect(twoDigitYear('05-07', 'joinedOn', { birthDate: '1982-07-20', today })?.value).toBe('2005-07');
    expect(twoDigitYear('85-06-15', 'birthDate', { today })?.value).toBe('1985-06-15');
    expect(twoDigitYear('10-06-15', 'birthDate', { today })).toBe(null); // 2010: not 18 yet; 1910: over 110
    expect(twoDigitYear('26-01-01', 'joinedOn', { birthDate: '1990-01-01', today })).toBe(null);
    expect(twoDigitYear('2025-03-20', 'joinedOn', { today })).toBe(null);
  });

  it('人员类别 by rule: a 转正日期 says 正式党员; else by the 入党 date, or the default the clerk chose', () => {
    const today = '2025-06-30';
    expect(inferCategory('1990-07', false, today)).toEqual({ category: '正式党员', warning: '缺少转正日期，按正式党员导入，请补录' });
    expect(inferCategory('2025-01', false, today)).toEqual({ category: '预备党员', warning: '未填写人员类别，入党不满一年，按预备党员导入' });
    expect(inferCategory('2025-01', true, today)).toEqual({ category: '正式党员' });
    expect(inferCategory('1990-07', false, today, '预备党员')).toEqual({ category: '预备党员', warning: '未填写人员类别，按预备党员导入' });
    expect(inferCategory(null, false, today)).toBe(null);
  });

  it('columns checked against their values: moved to the field they fit, or left out with one warning', () => {
    const cols = ['姓名', '党籍状态', '人员类别', '职务', '联系电话'].map((h, index) => ({ index, heading: h, path: h, candidates: [h], hint: '' }));
    const samples = new Map([
      [1, ['正式党员', '预备党员']],
      [2, ['普通编制', '教职工']],
      [3, ['支部书记', '组织委员', '党员']],
      [4, ['0531-88886666', '010-66668888']],
    ]);
    const m = mapColumns(cols, {}, samples);
    expect(m.map((c) => [c.heading, c.target, c.warning ?? false])).toEqual([
      ['姓名', 'name', false],
      ['党籍状态', 'category', false],
      ['人员类别', null, true],
      ['职务', 'partyPost', false],
      ['联系电话', 'landline', false],
    ]);
    expect(fitOf('category', ['正', '预', '发展对象'])).toBeCloseTo(2 / 3);
    // a real 人员类别 column keeps the field: the 党籍状态 column holding the same is left out, saying so
    const both = mapColumns(cols.slice(0, 2).concat({ index: 2, heading: '人员类别', path: '人员类别', candidates: ['人员类别'], hint: '' }), {}, new Map([[1, ['正式党员']], [2, ['预备党员']]]));
    expect(both[1]).toMatchObject({ target: null, warning: true, note: '“党籍状态”列填的是正式党员/预备党员，但“人员类别”已由“人员类别”列提供，本列未导入' });
    // the clerk's own choice is never moved
    expect(mapColumns(cols, { 人员类别: 'jobPosition' }, samples)[2]).toMatchObject({ target: 'jobPosition', manual: true });
  });

  it('a header row above the found one belongs to the header when its heading is merged down (联系电话), with or without merge records', () => {
    const rows = [
      ['中共某某局机关委员会党员花名册'],
      ['序号', '基本情况', null, null, '党员情况', null, '联系电话'],
      [null, '姓名', '性别', '公民身份号码', '人员类别', '入党时间', null],
      [1, '张三', '男', makeId('1972-05-01', 11), '正式党员', '1998.07', '13800138000'],
    ];
    const merges = [{ top: 0, left: 0, bottom: 0, right: 6 }, { top: 1, left: 0, bottom: 2, right: 0 }, { top: 1, left: 1, bottom: 1, right: 3 }, { top: 1, left: 4, bottom: 1, right: 5 }, { top: 1, left: 6, bottom: 2, right: 6 }];
    for (const m of [merges, []]) {
      const h = detectHeader(sheet(rows, m))!;
      expect(h).toMatchObject({ headerRow: 2, headerRowCount: 2, dataStart: 3 });
      expect(h.columns.map((c) => c.path)).toEqual(['序号', '基本情况/姓名', '基本情况/性别', '基本情况/公民身份号码', '党员情况/人员类别', '党员情况/入党时间', '联系电话']);
      expect(mapColumns(h.columns).map((c) => c.target)).toEqual(['ignore', 'name', 'gender', 'idNumber', 'category', 'joinedOn', 'phone']);
    }
  });

  it('a one-person form: labels beside or above their values, signature lines passed over', () => {
    const entries = readForm(sheet([
      ['党员基本信息采集表'],
      ['1.姓名', '王磊', '2.性别', '男', '3.民族', '汉族'],
      ['4.公民身份证号', makeId('1982-07-20', 31), '5.出生日期', '1982.07.20'],
      ['7.人员类别', '8.加入党组织日期', '9.转为正式党员日期'],
      ['正式党员', '2006.06.15', '2007.06.20'],
      ['党员（签字）：', null, '年　月　日'],
    ]))!;
    expect(entries.map((e) => [e.field, e.value])).toEqual([
      ['name', '王磊'], ['gender', '男'], ['ethnicity', '汉族'], ['idNumber', makeId('1982-07-20', 31)], ['birthDate', '1982.07.20'],
      ['category', '正式党员'], ['joinedOn', '2006.06.15'], ['confirmedOn', '2007.06.20'],
    ]);
    expect(readForm(sheet([['姓名', '性别', '公民身份号码'], ['张三', '男', makeId('1972-05-01', 11)]]))).toBe(null);
  });
});

