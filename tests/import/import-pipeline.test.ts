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
