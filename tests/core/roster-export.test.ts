import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { type Db } from '../../src-main/db/connection.ts';
import { type ServiceContext } from '../../src-main/services/context.ts';
import { dispatch } from '../../src-main/adapters/dispatch.ts';
import type { FileResult } from '../../src-main/contract/define.ts';
import { rosterTitle, summaryLine } from '../../src-main/modules/core/services/roster-export.ts';
import { openTestDb, runExport, type TestDb } from '../support/db.ts';

// The 党员花名册 export end to end: a real SQLite file, the contract operation, the job, and the
// workbook read back with exceljs.

let t: TestDb;
let db: Db;
let ctx: ServiceContext;
const call = (name: string, input: unknown) => dispatch(ctx, name, input) as Promise<any>;

let orgSeq = 0;
async function org(name: string, type: string, parent?: string, shortName?: string): Promise<number> {
  const saved = await call('orgs.save', { org: { name, type, parent: parent ?? null, shortName: shortName ?? null, sortOrder: orgSeq++ } });
  return saved.id;
}

interface Seed {
  name: string;
  pinyin: string;
  idNumber: string;
  gender: string;
  birthDate: string;
  orgId: number;
  category?: string;
  joinedOn?: string;
  confirmedOn?: string | null;
  ethnicity?: string;
  phone?: string | null;
  roll?: string;
  isLost?: boolean;
  lostOn?: string | null;
  isMobile?: boolean;
  outflow?: string | null;
  remark?: string | null;
}

function member(m: Seed): void {
  const now = '2025-01-01T00:00:00.000Z';
  db.sqlite
    .prepare(
      `INSERT INTO members (name, name_pinyin, name_initials, id_number, gender, ethnicity, birth_date, education, category,
        joined_on, confirmed_on, org_id, job_position, work_unit, native_place, phone, address, status, roll,
        is_lost, lost_on, is_mobile, outflow, remark, created_at, updated_at)
       VALUES (?, ?, '', ?, ?, ?, ?, '大学本科', ?, ?, ?, ?, '公务员', '某某局办公室主任', '河北保定', ?, '北京市东城区某街1号', '正常', ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      m.name, m.pinyin, m.idNumber, m.gender, m.ethnicity ?? '汉族', m.birthDate, m.category ?? '正式党员',
      m.joinedOn ?? '1998-07-01', m.confirmedOn === undefined ? '1999-07-01' : m.confirmedOn, m.orgId, m.phone ?? null,
      m.roll ?? '在册', m.isLost ? 1 : 0, m.lostOn ?? null, m.isMobile ? 1 : 0, m.outflow ?? null, m.remark ?? null, now, now,
    );
}

async function exportRoster(filter: Record<string, unknown>): Promise<{ file: FileResult; ws: ExcelJS.Worksheet }> {
  const file = await runExport(ctx, 'roster', filter);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(file.bytes) as any);
  return { file, ws: wb.worksheets[0] };
}

const rowValues = (ws: ExcelJS.Worksheet, r: number) => (ws.getRow(r).values as unknown[]).slice(1);
/** the text of a line above or below the table (it starts after the columns repeated on every page across) */
const lineText = (ws: ExcelJS.Worksheet, r: number) => rowValues(ws, r).find((v) => v != null);

beforeAll(async () => {
  t = await openTestDb({ today: '2025-01-10', prefix: 'dangwu-roster-' });
  ({ db, ctx } = t);
  await call('settings.save', { clerkName: '王五', clerkPhone: '13800000000', reviewer: '赵六', principal: '钱七' });

  const root = await org('中共某某局机关委员会', '党委', undefined, '机关党委');
  const b1 = await org('中共某某局机关第一党支部', '党支部', '中共某某局机关委员会', '第一支部');
  const g1 = await org('第一党支部第一党小组', '党小组', '中共某某局机关第一党支部');
  const b2 = await org('中共某某局机关第二党支部', '党支部', '中共某某局机关委员会');
  void root;
  member({ name: '张三', pinyin: 'zhangsan', idNumber: '11010519491231002X', gender: '女', birthDate: '1949-12-31', orgId: b1, joinedOn: '1972-05', confirmedOn: '1973-06-01', phone: '13800138000' });
  member({ name: '马丽', pinyin: 'mali', idNumber: '440524188001010014', gender: '男', birthDate: '1880-01', orgId: g1, ethnicity: '回族', category: '预备党员', joinedOn: '2024-07-01', confirmedOn: null, isMobile: true, outflow: '广东省深圳市' });
  member({ name: '李四', pinyin: 'lisi', idNumber: '110105194912310029', gender: '女', birthDate: '1949-12-31', orgId: b1, isLost: true, lostOn: '2023-05', remark: '长期未联系' });
  member({ name: '王转出', pinyin: 'wangzhuanchu', idNumber: '110105194912310010', gender: '男', birthDate: '1949-12-31', orgId: b1, roll: '转出' });
  member({ name: '赵二支', pinyin: 'zhaoerzhi', idNumber: '110105194912310037', gender: '男', birthDate: '1949-12-31', orgId: b2, ethnicity: '其他' });
});

afterAll(async () => {
  await t?.close();
});

describe('exports.roster', () => {
  it('exports the chosen organization subtree, on the roll, in the roster layout', async () => {
    const { file, ws } = await exportRoster({ org: '第一支部' });
    expect(file.fileName).toBe('中共某某局机关第一党支部党员花名册_20250110.xlsx');
    expect(ws.name).toBe('党员花名册');
    expect(ws.getCell('A1').value).toBe('中共某某局机关第一党支部党员花名册');
    expect(lineText(ws, 2)).toBe('填报单位（盖章）：中共某某局机关委员会');
    expect(rowValues(ws, 2)).toContain('填报日期：2025年1月10日');
    expect(rowValues(ws, 3)).toEqual([
      '序号', '姓名', '性别', '民族', '公民身份号码', '出生日期', '学历', '人员类别', '所在党支部', '加入党组织日期',
      '转为正式党员日期', '工作岗位', '工作单位及职务', '籍贯', '联系电话', '家庭住址', '党籍状态',
      '是否失联（失去联系日期）', '是否流动（外出流向）', '备注',
    ]);

    // only the branch and its 党小组, only members on the roll, grouped by organization
    const names = [4, 5, 6].map((r) => ws.getCell(r, 2).value);
    expect(names).toEqual(['李四', '张三', '马丽']);
    expect(ws.getCell('A7').value).not.toBe(4);

    const zhang = rowValues(ws, 5);
    expect(zhang[4]).toBe('11010519491231002X');
    expect(ws.getCell('E5').numFmt).toBe('@');
    expect(ws.getCell('E5').type).toBe(ExcelJS.ValueType.String);
    expect(zhang[5]).toBe('1949.12.31');
    expect(zhang[9]).toBe('1972.05'); // month precision kept, no invented day
    expect(zhang[10]).toBe('1973.06.01');
    expect(zhang[14]).toBe('13800138000');
    expect(ws.getCell('O5').numFmt).toBe('@');
    expect(zhang[17]).toBe('否');

    const ma = rowValues(ws, 6);
    expect(ma[0]).toBe(3);
    expect(ma[3]).toBe('回族');
    expect(ma[5]).toBe('1880.01');
    expect(ma[7]).toBe('预备党员');
    expect(ma[8]).toBe('第一党支部第一党小组');
    expect(ma[10]).toBeUndefined(); // 预备党员: no 转正日期
    expect(ma[18]).toBe('是（广东省深圳市）');
    const li = rowValues(ws, 4);
    expect(li[17]).toBe('是（2023.05）');
    expect(li[19]).toBe('长期未联系');

    expect(lineText(ws, 7)).toBe('合计：党员 3 名，其中正式党员 2 名、预备党员 1 名；女 2 名；少数民族 1 名');
    expect(lineText(ws, 8)).toBe('填表人：王五　　　　审核人：赵六　　　　负责人（签字）：钱七　　　　联系电话：13800000000');

    // print setup: 20 columns do not fit A4 at 8 pt (A3 not allowed): A4 landscape two pages across at a
    // fixed scale, 序号 and 姓名 repeated on each, the header row repeated on every page; a note for the clerk
    expect(ws.pageSetup).toMatchObject({ paperSize: 9, orientation: 'landscape', scale: 100 });
    expect(ws.pageSetup.fitToPage).toBeFalsy();
    expect(ws.pageSetup.printTitlesColumn).toBe('A:B');
    expect(ws.pageSetup.printTitlesRow).toBe('3:3');
    expect(file.warnings).toEqual([expect.stringMatching(/^表格过宽：按 8 磅字号需横向 2 页（A4 横向）/)]);
    expect(ws.headerFooter.oddFooter).toContain('第 &P 页 共 &N 页');
  });

  it('exports the whole roll under the 填报单位 title when no organization is chosen, dates in the chosen style', async () => {
    await call('settings.save', { exportDateStyle: 'cn' });
    try {
      const { ws, file } = await exportRoster({});
      expect(ws.getCell('A1').value).toBe('中共某某局机关委员会党员花名册');
      expect(file.fileName).toMatch(/^中共某某局机关委员会党员花名册_/);
      const col2 = [4, 5, 6, 7].map((r) => ws.getCell(r, 2).value);
      expect(col2).toEqual(['李四', '张三', '马丽', '赵二支']);
      expect(ws.getCell('J5').value).toBe('1972年5月');
      expect(ws.getCell('K5').value).toBe('1973年6月1日');
      // 其他 is not counted as 少数民族 (U3)
      expect(lineText(ws, 8)).toBe(summaryLine({ total: 4, full: 3, probationary: 1, women: 2, minority: 1 }));
    } finally {
      await call('settings.save', { exportDateStyle: 'dot' });
    }
  });

  it('adds 在册情况 when members off the roll are included', async () => {
    const { ws } = await exportRoster({ org: '中共某某局机关第一党支部', roll: 'all' });
    expect(rowValues(ws, 3).at(-2)).toBe('在册情况');
    expect(ws.getColumn(2).values).toContain('王转出');
  });

  it('refuses an unknown organization, a bad input and an unknown table', async () => {
    await expect(runExport(ctx, 'roster', { org: '不存在的支部' })).rejects.toMatchObject({ code: 'NOT_FOUND', message: expect.stringMatching(/找不到党组织/) });
    // a malformed input is refused before any job starts
    await expect(call('exports.run', { name: 'roster', input: { limit: 'x' } })).rejects.toMatchObject({ code: 'VALIDATION' });
    await expect(call('exports.run', { name: 'nope' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('reports progress and can be cancelled', async () => {
    const { jobId } = await call('exports.run', { name: 'roster' });
    await ctx.jobs.wait(jobId);
    const p = await call('jobs.progress', { jobId });
    expect(p).toMatchObject({ status: 'done', done: 4, total: 4 });

    const started = await call('exports.run', { name: 'roster' });
    await call('jobs.cancel', { jobId: started.jobId });
    await expect(ctx.jobs.wait(started.jobId)).rejects.toMatchObject({ code: 'CANCELLED' });
    expect((await call('jobs.progress', { jobId: started.jobId })).status).toBe('cancelled');
  });

  it('titles: 中共 is not doubled', () => {
    expect(rosterTitle('中共某局委员会')).toBe('中共某局委员会党员花名册');
    expect(rosterTitle('某局机关第一党支部')).toBe('中共某局机关第一党支部党员花名册');
  });
});
