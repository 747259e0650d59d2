import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3-multiple-ciphers';
import { cli } from '../support/cli.ts';
import { openTestDb, tmpDir, type TestDb } from '../support/db.ts';
import { seedBureau } from '../support/seed.ts';
import { BRANCH1, P, writeCorpus, type Template } from './import-corpus.ts';

// The spreadsheets other party systems and offices really use (tests/import/import-corpus.ts), each
// imported through the CLI (in process) into a real database: the exact members stored, every row under
// the header accounted for (imported + updated + skipped + refused = the non-blank rows), the sheet's own
// text kept in the import record where the import stored something else.

async function cliInProcess(db: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string; json: any }> {
  const r = await cli(args, { db, env: { DANGWU_TODAY: '2025-06-30' } });
  let json: unknown = null;
  try {
    json = r.json();
  } catch {
    /* text output */
  }
  return { code: r.code, stdout: r.stdout, stderr: r.stderr, json };
}

const query = (db: string, sql: string, ...params: unknown[]) => {
  const d = new Database(db, { readonly: true });
  try {
    return d.prepare(sql).all(...params) as Record<string, unknown>[];
  } finally {
    d.close();
  }
};

const stored = (db: string) =>
  Object.fromEntries(query(db, 'SELECT m.*, o.name AS org FROM members m JOIN orgs o ON o.id = m.org_id').map((m) => [m.id_number as string, m]));

let dir: string;
let corpus: Template[];
const opened: TestDb[] = [];
/** a database with 中共某某局机关委员会 and two branches (第一党支部, 第二党支部 as short names), closed for the CLI */
const freshDb = async () => {
  const t = await openTestDb({ today: '2025-06-30' });
  opened.push(t);
  seedBureau(t);
  await t.closeDb();
  return t.file;
};

beforeAll(async () => {
  dir = tmpDir('dangwu-templates-');
  corpus = await writeCorpus(dir);
}, 120_000);
afterAll(async () => {
  for (const t of opened) await t.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('15 real templates import completely', () => {
  it('has 15 templates', () => expect(corpus).toHaveLength(15));

  for (let i = 0; i < 15; i++) {
    it(`template ${i + 1}`, async () => {
      const t = corpus[i];
      const db = await freshDb();
      const r = await cliInProcess(db, ['import', 'members', ...t.files, ...(t.flags ?? []), '--json']);
      const e = t.expected;
      const ctx = `${t.title}\n${r.stderr}\n${JSON.stringify(r.json?.errors ?? null)}`;
      expect(r.stderr, ctx).toBe('');
      const writes = Object.keys(e.members).length;
      expect(r.code, ctx).toBe(writes ? 0 : 1);
      expect(r.json.inserted + r.json.updated, ctx).toBe(writes);
      expect(r.json.rejected, ctx).toBe(e.rejected);
      // nothing is ever unaccounted for
      expect(r.json.inserted + r.json.updated + r.json.skipped + r.json.rejected, ctx).toBe(e.rowsBelowHeader);
      expect(r.json.skipped).toBe(r.json.skippedRows.length);
      expect(r.json.skippedRows.map((s: { sheet: string; row: number }) => [s.sheet, s.row])).toEqual(e.skipped.map((s) => [s.sheet, s.row]));
      e.skipped.forEach((s, k) => expect(r.json.skippedRows[k].reason).toMatch(s.reason));
      const got = stored(db);
      expect(Object.keys(got).sort()).toEqual(Object.keys(e.members).sort());
      for (const [id, fields] of Object.entries(e.members)) expect(got[id], `${t.title}: ${id}`).toMatchObject(fields);
      if (!writes) {
        // refused as a whole: no organization created, no batch recorded
        expect(query(db, 'SELECT count(*) AS n FROM import_batches')[0].n).toBe(0);
        expect(query(db, 'SELECT count(*) AS n FROM orgs')[0].n).toBe(3);
      }
    });
  }
});

describe('what each template shows', () => {
  const run = async (i: number, extra: string[] = []) => {
    const t = corpus[i - 1];
    const db = await freshDb();
    return { db, ...(await cliInProcess(db, ['import', 'members', ...t.files, ...(t.flags ?? []), ...extra, '--json'])) };
  };

  it('1: the placeholder label row: every member imported, the number columns listed as unmapped', async () => {
    const r = await run(1);
    expect(r.json.sheets).toEqual([
      {
        name: '党员信息',
        headerRows: [2],
        mapping: [
          { column: 'A', heading: '姓名', field: '姓名' },
          { column: 'B', heading: '性别', field: '性别' },
          { column: 'C', heading: '公民身份号码', field: '公民身份号码' },
          { column: 'D', heading: '民族', field: '民族' },
          { column: 'E', heading: '出生日期', field: '出生日期' },
          { column: 'F', heading: '党支部名称', field: '所在党组织' },
          { column: 'G', heading: '人员类别', field: '人员类别' },
          { column: 'H', heading: '入党时间', field: '入党日期' },
          { column: 'I', heading: '转正时间', field: '转正日期' },
        ],
        unmapped: [{ column: 'J', heading: '1' }, { column: 'K', heading: '0' }, { column: 'L', heading: '0' }],
        orgsToCreate: [],
      },
    ]);
  });

  it('2: 党籍状态 holding 正式党员/预备党员 goes to 人员类别, said once for the sheet', async () => {
    const r = await run(2);
    expect(r.json.sheets[0].mapping).toContainEqual({ column: 'F', heading: '党籍状态（正式党员或预备党员）', field: '人员类别' });
    expect(r.json.warnings).toContainEqual({ sheet: 'Sheet1', row: 1, column: '党籍状态（正式党员或预备党员）', message: '“党籍状态（正式党员或预备党员）”列填的是正式党员/预备党员，按人员类别导入' });
    expect(r.json.errors).toEqual([]);
  });

  it('3: 人员类别 holding staff types is left out with one warning, never an error per row', async () => {
    const r = await run(3);
    expect(r.json.errors).toEqual([]);
    expect(r.json.sheets[0].unmapped).toEqual([{ column: 'E', heading: '人员类别' }]);
    expect(r.json.sheets[0].mapping).toContainEqual({ column: 'F', heading: '职务', field: '党内职务' });
    const w = r.json.warnings.filter((x: { row: number }) => x.row === 1);
    expect(w.map((x: { message: string }) => x.message)).toEqual([
      '“人员类别”列的内容（普通编制、教职工、合同制）不是人员类别，本列未导入',
      '“职务”列填的是党内职务（支部书记、组织委员、党员），按党内职务导入',
    ]);
  });

  it('4: dropdown codes keep the sheet text in the import record', async () => {
    const r = await run(4);
    const record = query(r.db, 'SELECT m.name, i.action, i.sheet_values FROM import_batch_members i JOIN members m ON m.id = i.member_id ORDER BY m.id');
    expect(record.map((x) => [x.name, x.action, JSON.parse(x.sheet_values as string)])).toEqual([
      [P.li.name, 'inserted', { gender: '96_女', ethnicity: '868_汉族', education: '301_大学本科', category: '223_正式党员' }],
      [P.zhou.name, 'inserted', { gender: '95_男', ethnicity: '870_回族', education: '302_大学专科', category: '224_预备党员' }],
    ]);
  });

  it('4: a batch whose record keeps sheet text is undone like any other', async () => {
    const r = await run(4);
    const u = await cliInProcess(r.db, ['import', 'undo', String(r.json.batchId)]);
    expect(u.code).toBe(0);
    expect(query(r.db, 'SELECT count(*) AS n FROM members')[0].n).toBe(0);
  });

  it('11: the error report of a refused sheet lists each of its rows with the sheet\'s reason', async () => {
    const t = await openTestDb({ today: '2025-06-30' });
    opened.push(t);
    seedBureau(t);
    const file = corpus[10].files[0];
    const { jobId } = (await t.call('import.errorReport', { bytes: new Uint8Array(fs.readFileSync(file)), fileName: path.basename(file) })) as { jobId: string };
    const out = (await t.ctx.jobs.wait(jobId)) as { bytes: Uint8Array };
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(out.bytes as never);
    const ws = wb.worksheets[0];
    expect(ws.rowCount).toBe(4);
    expect(String(ws.getRow(2).getCell(7).value)).toMatch(/^公民身份号码：这张表没有公民身份号码列.*（原表第2行）$/);
  });

  it('5: an education band is imported as its level with a warning (博士及以上 needs none)', async () => {
    const r = await run(5);
    expect(r.json.warnings.map((w: { message: string }) => w.message)).toEqual(['学历“高中及以下”是一个区间，已按“普通高中”导入，请核对']);
  });

  it('6: two-digit years: the century by the at-least-18 rule, each with a warning', async () => {
    const r = await run(6);
    expect(r.json.warnings.map((w: { row: number; message: string }) => [w.row, w.message])).toEqual([
      [2, '两位数年份“05-07-01”已按2005年导入，请核对'],
      [2, '两位数年份“06-07-01”已按2006年导入，请核对'],
      [3, '两位数年份“98-07-01”已按1998年导入，请核对'],
      [3, '两位数年份“99-07-01”已按1999年导入，请核对'],
      [4, '两位数年份“25-03-20”已按2025年导入，请核对'],
      [4, '未填写人员类别，入党不满一年，按预备党员导入'],
    ]);
  });

  it('10: a 正式党员 without 转正日期 is imported with a warning; --default-category changes the default', async () => {
    const r = await run(10);
    expect(r.json.warnings).toEqual([
      { sheet: '中共某某局机关第一党支部', row: 2, column: '转正日期', message: '缺少转正日期，按正式党员导入，请补录' },
      { sheet: '中共某某局机关第一党支部', row: 3, column: '人员类别', message: '未填写人员类别，入党不满一年，按预备党员导入' },
    ]);
    const probation = await run(10, ['--default-category', '预备党员']);
    expect(Object.values(stored(probation.db)).map((m) => m.category)).toEqual(['预备党员', '预备党员']);
    // 正式党员 for all: one who joined this year cannot have finished the probation
    const full = await run(10, ['--default-category', '正式党员']);
    expect(Object.values(stored(full.db)).map((m) => [m.name, m.category])).toEqual([[P.zhang.name, '正式党员']]);
    expect(full.json.errors).toEqual([{ sheet: '中共某某局机关第一党支部', row: 3, column: '人员类别', message: '入党不满一年，不应已是正式党员；请核对人员类别或入党日期' }]);
  });

  it('11: no 公民身份号码 column: one sheet-level message, exit 1, nothing written', async () => {
    const r = await run(11);
    expect(r.code).toBe(1);
    expect(r.json.errors).toEqual([{ sheet: '学生党员', row: 1, column: '公民身份号码', message: expect.stringMatching(/^这张表没有公民身份号码列/) }]);
    expect(r.json).toMatchObject({ inserted: 0, updated: 0, skipped: 0, rejected: 3, batchId: null });
  });

  it('12: one-person forms: one member per form, the form cells named', async () => {
    const r = await run(12);
    expect(r.json.sheets.map((s: { name: string; headerRows: number[] }) => [s.name, s.headerRows])).toEqual([
      ['二支部两人.xlsx/孙浩然', []],
      ['二支部两人.xlsx/王磊', []],
      [`${P.zhao.name}.xlsx/采集表`, []],
    ]);
    expect(r.json.sheets[2].mapping).toContainEqual({ column: 'C3', heading: '1.姓名', field: '姓名' });
    expect(query(r.db, 'SELECT file_name FROM import_batches')[0].file_name).toBe('二支部两人.xlsx 等2个文件');
  });

  it('14: the two-row merged header keeps 联系电话 (vertically merged) and names columns by their path', async () => {
    const r = await run(14);
    expect(r.json.sheets[0].headerRows).toEqual([3, 4]);
    expect(r.json.sheets[0].mapping[1]).toEqual({ column: 'B', heading: '基本情况/姓名', field: '姓名' });
    expect(r.json.sheets[0].mapping.at(-1)).toEqual({ column: 'L', heading: '联系电话', field: '手机号码' });
    expect(r.json.sheets[0].unmapped).toEqual([]);
  });

  it('15: 性别 and 出生日期 as the ID says, the sheet text in the record and a hint', async () => {
    const r = await run(15);
    expect(r.json.warnings).toEqual([
      { sheet: '统计表', row: 2, column: '性别', message: '性别与公民身份号码不一致：表中为“女”，已按公民身份号码导入为“男”' },
      { sheet: '统计表', row: 2, column: '出生日期', message: '出生日期与公民身份号码不一致：表中为“1968-03-21”，已按公民身份号码导入为“1968-03-12”' },
    ]);
    const record = query(r.db, 'SELECT sheet_values FROM import_batch_members');
    expect(record.map((x) => JSON.parse(x.sheet_values as string))).toEqual([{ gender: '女', birthDate: '1968-03-21' }]);
  });

  it('--map and --header-rows correct what was recognised', async () => {
    const t = corpus[13];
    const db = await freshDb();
    // a wrong header row is corrected; a column can be sent elsewhere by its Chinese label
    const r = await cliInProcess(db, ['import', 'members', ...t.files, '--header-rows', '3-4', '--map', '联系电话=固定电话', '--map', '学历=不导入', '--json']);
    expect(r.code).toBe(0);
    expect(r.json.sheets[0].mapping.map((m: { field: string }) => m.field)).toEqual(['不导入', '姓名', '性别', '民族', '公民身份号码', '出生日期', '不导入', '人员类别', '所在党组织', '入党日期', '转正日期', '固定电话']);
    expect(Object.values(stored(db)).map((m) => [m.landline, m.phone, m.education]).sort()).toEqual([['13500000000', null, null], ['13500000001', null, null], ['13500000002', null, null]]);
    const bad = await cliInProcess(db, ['import', 'members', ...t.files, '--map', '联系电话=电报', '--json']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--map 中的字段“电报”不认识；可用的字段：姓名、性别/);
  });

  it('a text report names no flags and groups skipped rows', async () => {
    const db = await freshDb();
    const r = await cliInProcess(db, ['import', 'members', corpus[8].files[0]]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('新增 8 人，更新 0 人，跳过 12 行，有错误未导入 0 行（导入批次 1）');
    expect(r.stdout).toContain('跳过 名册 第10–21行：只有序号，没有党员信息');
    expect(r.stdout).not.toMatch(/--/);
    expect(stored(db)[P.zhang.id].org).toBe(BRANCH1);
  });
});
