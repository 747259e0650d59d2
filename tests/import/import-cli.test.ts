import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3-multiple-ciphers';
import { cli as dangwu } from '../support/cli.ts';
import { openTestDb, tmpDir, type TestDb } from '../support/db.ts';
import { makeId } from '../support/id-numbers.ts';
import { seedBureau } from '../support/seed.ts';
import { writeCsv, writeXls, writeXlsx, type SheetSpec } from '../support/sheets.ts';

// The import CLI (docs/domain/import.md#import-flow), through the CLI's own entry (in-process, output captured), on real
// files and a real SQLite database. Every fixture is generated here; each test asserts the exact
// members stored and the exact rows reported. (Dates under other time zones: tests/cli/spawn-smoke.)

const cli = (db: string, args: string[]) => dangwu(args, { db, env: { DANGWU_TODAY: '2025-06-30' } });

const opened: TestDb[] = [];
/** a database file with 中共某某局机关委员会 and two branches (第一党支部, 第二党支部 as short names), closed for the CLI */
async function seedDb(): Promise<string> {
  const t = await openTestDb({ today: '2025-06-30', prefix: 'dangwu-import-' });
  opened.push(t);
  seedBureau(t);
  await t.closeDb();
  return t.file;
}
afterAll(async () => {
  for (const t of opened) await t.close();
});

const NUMERIC_ID = '身份证号被存成了数字，末尾几位已丢失，请将该列设为文本后重新录入';

function members(db: string): Record<string, unknown>[] {
  const d = new Database(db, { readonly: true });
  try {
    return d
      .prepare(
        `SELECT m.name, m.gender, m.ethnicity, m.id_number, m.birth_date, m.education, m.category, m.joined_on,
                m.confirmed_on, m.phone, m.address, o.name AS org, m.import_batch_id
         FROM members m JOIN orgs o ON o.id = m.org_id ORDER BY m.id`,
      )
      .all() as Record<string, unknown>[];
  } finally {
    d.close();
  }
}
const count = (db: string, table: string) => {
  const d = new Database(db, { readonly: true });
  try {
    return (d.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  } finally {
    d.close();
  }
};

const ID1 = makeId('1972-05-01', 11);
const ID2 = makeId('1985-06-15', 22).toLowerCase();
const ID3 = makeId('1990-01-02', 33);
const ID4 = makeId('1991-02-03', 43);
const ID5 = makeId('1992-03-04', 54);

/** a roster as offices keep it: title, 填报单位 row, two-row header with a merged group, blank row, footer */
const officeRoster = (): SheetSpec => ({
  name: '花名册',
  above: [['中共某某局机关委员会党员花名册'], ['填报单位（盖章）：中共某某局机关委员会', null, null, null, null, null, null, null, null, '填报日期：2025年1月10日']],
  header: [
    ['序号', '姓  名', '性别', '民族', '公民身份号码\n（必填）', '出生日期', '学历', '所在党支部', '党员信息', null, null, '手机号码'],
    [null, null, null, null, null, null, null, null, '人员类别', '入党时间', '转正时间', null],
  ],
  merges: ['A1:L1', 'A3:A4', 'B3:B4', 'C3:C4', 'D3:D4', 'E3:E4', 'F3:F4', 'G3:G4', 'H3:H4', 'I3:K3', 'L3:L4'],
  rows: [
    [1, '张　三', '男', '汉', ID1, new Date(Date.UTC(1972, 4, 1)), '本科', '第一党支部', '正式党员', '2005.07.01', '2006年7月1日', 13800138000],
    [],
    [2, '李四', '女性', '回', ID2, '1985/6/15', '大专', '中共某某局机关第二党支部', '预备党员', '2025.1', null, '139 0013 9000'],
    [3, '王五', '男', '汉族', 110105199001020000, '1990.01', '高中', '第一党支部', '正式党员', '2012-07', '2013-07', null],
    [4, '赵六', '男', '汉族', ID4, '1991.02', '硕士', '第一党支部', '正式党员', 2015.1, '2016.10', null],
    [5, '钱七', '女', '汉族', ID5, '19920304', '研究生', '第九党支部', '正式党员', '20150701', '20160701', null],
  ],
  below: [['合计：党员5名'], ['填表人：小王', null, null, '审核人：老李'], [6, '孙八', '男', '汉族', ID3, null, null, '第一党支部', '正式党员', '2012-07', '2013-07']],
});

describe('import members (CLI)', () => {
  let dir: string;
  beforeAll(() => {
    dir = tmpDir();
  });

  it('imports an office roster: title/填报单位 rows, two-row merged header, blank rows and footer skipped; exact rows reported', async () => {
    const db = await seedDb();
    const file = await writeXlsx(path.join(dir, 'office.xlsx'), [officeRoster()]);
    const r = await cli(db, ['import', 'members', file, '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.json()).toEqual({
      inserted: 2,
      updated: 0,
      // the footer, and a member-looking row after it, are skipped with a reason: nothing is dropped silently
      skipped: 3,
      rejected: 3,
      errors: [
        { sheet: '花名册', row: 8, column: '公民身份号码\n（必填）'.trim(), message: NUMERIC_ID },
        { sheet: '花名册', row: 9, column: '入党时间', message: '请填写入党日期' },
        { sheet: '花名册', row: 10, column: '所在党支部', message: '找不到党组织“第九党支部”，请先在组织架构中建立，或选择“自动创建表中不存在的党组织”' },
      ],
      warnings: [
        { sheet: '花名册', row: 9, column: '入党时间', message: '入党日期是数字 2015.1，无法判断是2015年1月还是10月（Excel 会把 2015.10 存成 2015.1），已留空；请把该列设为文本后填写' },
      ],
      batchId: 1,
      skippedRows: [
        { sheet: '花名册', row: 11, reason: '表尾（“合计：党员5名”）' },
        { sheet: '花名册', row: 12, reason: '表尾（“填表人：小王”）' },
        { sheet: '花名册', row: 13, reason: '位于第11行表尾（“合计：党员5名”）之后，未导入；如是党员请移到表尾之前' },
      ],
      sheets: [
        {
          name: '花名册',
          headerRows: [3, 4],
          mapping: [
            { column: 'A', heading: '序号', field: '不导入' },
            { column: 'B', heading: '姓  名', field: '姓名' },
            { column: 'C', heading: '性别', field: '性别' },
            { column: 'D', heading: '民族', field: '民族' },
            { column: 'E', heading: '公民身份号码\n（必填）', field: '公民身份号码' },
            { column: 'F', heading: '出生日期', field: '出生日期' },
            { column: 'G', heading: '学历', field: '学历' },
            { column: 'H', heading: '所在党支部', field: '所在党组织' },
            { column: 'I', heading: '党员信息/人员类别', field: '人员类别' },
            { column: 'J', heading: '党员信息/入党时间', field: '入党日期' },
            { column: 'K', heading: '党员信息/转正时间', field: '转正日期' },
            { column: 'L', heading: '手机号码', field: '手机号码' },
          ],
          unmapped: [],
          orgsToCreate: [],
        },
      ],
    });
    // rows written + skipped + refused = every non-blank row under the header (rows 5–13, one blank)
    const s = r.json();
    expect(s.inserted + s.updated + s.skipped + s.rejected).toBe(8);
    expect(members(db)).toEqual([
      {
        name: '张三', gender: '男', ethnicity: '汉族', id_number: ID1, birth_date: '1972-05-01', education: '大学本科', category: '正式党员',
        joined_on: '2005-07-01', confirmed_on: '2006-07-01', phone: '13800138000', address: null, org: '中共某某局机关第一党支部', import_batch_id: 1,
      },
      {
        name: '李四', gender: '女', ethnicity: '回族', id_number: ID2.toUpperCase(), birth_date: '1985-06-15', education: '大学专科', category: '预备党员',
        joined_on: '2025-01', confirmed_on: null, phone: '13900139000', address: null, org: '中共某某局机关第二党支部', import_batch_id: 1,
      },
    ]);
  });

  it('one sheet per branch: sheet names are branches, generic sheets need --org, duplicate IDs across sheets, --create-orgs under --parent', async () => {
    const db = await seedDb();
    const header = [['姓名', '性别', '公民身份号码', '人员类别', '入党日期', '转正日期']];
    const file = await writeXlsx(path.join(dir, 'branches.xlsx'), [
      { name: '第一党支部', header, rows: [['甲一', '男', ID1, '正式党员', '1998.07', '1999.07']] },
      { name: '中共某某局机关第二党支部', header, rows: [['乙一', '女', ID2, '预备党员', '2025.03', null], ['甲一', '男', ID1, '正式党员', '1998.07', '1999.07']] },
      { name: 'Sheet1', header, rows: [['丙一', '男', ID3, '正式党员', '2012.07', '2013.07']] },
      { name: '离退休党支部', header, rows: [['丁一', '男', ID4, '正式党员', '2012.07', '2013.07']] },
    ]);
    const r = await cli(db, ['import', 'members', file, '--json']);
    expect(r.code).toBe(0);
    expect(r.json().inserted).toBe(2);
    expect(r.json().errors).toEqual([
      { sheet: '中共某某局机关第二党支部', row: 3, column: '公民身份号码', message: '公民身份号码与工作表“第一党支部”第2行重复' },
      { sheet: 'Sheet1', row: 2, column: '所在党组织', message: '未指定所在党组织：请在表中增加“所在党支部”列，或将工作表命名为支部名称，或在导入时选择“表中未写党组织的行导入到”的党组织' },
      { sheet: '离退休党支部', row: 2, column: '所在党组织', message: '找不到党组织“离退休党支部”，请先在组织架构中建立，或选择“自动创建表中不存在的党组织”' },
    ]);
    expect(members(db).map((m) => [m.name, m.org])).toEqual([['甲一', '中共某某局机关第一党支部'], ['乙一', '中共某某局机关第二党支部']]);

    // the rest: only the two remaining sheets, creating the unknown branch under the committee
    const r2 = await cli(db, ['import', 'members', file, '--sheet', 'Sheet1', '--sheet', '离退休党支部', '--create-orgs', '--parent', '中共某某局机关委员会', '--org', '离退休党支部', '--json']);
    expect(r2.code).toBe(0);
    expect(r2.json()).toMatchObject({ inserted: 2, errors: [] });
    const d = new Database(db, { readonly: true });
    const org = d.prepare(`SELECT o.type, p.name AS parent, o.path = p.path || o.id || '/' AS pathOk FROM orgs o JOIN orgs p ON p.id = o.parent_id WHERE o.name = '离退休党支部'`).get();
    d.close();
    expect(org).toEqual({ type: '党支部', parent: '中共某某局机关委员会', pathOk: 1 });
    expect(members(db).slice(2).map((m) => [m.name, m.org])).toEqual([['丙一', '离退休党支部'], ['丁一', '离退休党支部']]);
  });

  it('modes: 仅新增 skips existing members; 按身份证号更新 updates only filled cells, no-change rows are skipped; undo restores', async () => {
    const db = await seedDb();
    const header = [['姓名', '公民身份号码', '人员类别', '所在党支部', '入党日期', '转正日期', '手机号码', '家庭住址']];
    const first = await writeXlsx(path.join(dir, 'm1.xlsx'), [{ name: 'S', header, rows: [
      ['甲', ID1, '正式党员', '第一党支部', '1998.07', '1999.07', '13800000001', '北京市东城区一号'],
      ['乙', ID3, '正式党员', '第一党支部', '2012.07', '2013.07', '13800000002', '北京市东城区二号'],
    ] }]);
    expect((await cli(db, ['import', 'members', first, '--json'])).json()).toMatchObject({ inserted: 2, batchId: 1 });
    const second = await writeXlsx(path.join(dir, 'm2.xlsx'), [{ name: 'S', header, rows: [
      ['甲', ID1, '正式党员', '第二党支部', '1998.07', '1999.07', '13900000001', null],
      ['乙', ID3, '正式党员', '第一党支部', '2012.07', '2013.07', '13800000002', null],
      ['丙', ID4, '正式党员', '第一党支部', '2012.07', '2013.07', null, null],
    ] }]);
    expect((await cli(db, ['import', 'members', second, '--json'])).json()).toMatchObject({ inserted: 1, updated: 0, skipped: 2, errors: [], batchId: 2 });
    const up = await cli(db, ['import', 'members', second, '--mode', 'upsert', '--json']);
    expect(up.json()).toMatchObject({ inserted: 0, updated: 1, skipped: 2, errors: [], batchId: 3 });
    let rows = members(db);
    expect(rows.map((m) => [m.name, m.phone, m.address, m.org])).toEqual([
      ['甲', '13900000001', '北京市东城区一号', '中共某某局机关第二党支部'],
      ['乙', '13800000002', '北京市东城区二号', '中共某某局机关第一党支部'],
      ['丙', null, null, '中共某某局机关第一党支部'],
    ]);
    // undo the update: previous values back
    const u = await cli(db, ['import', 'undo', '3']);
    expect(u.code).toBe(0);
    rows = members(db);
    expect(rows[0]).toMatchObject({ phone: '13800000001', org: '中共某某局机关第一党支部' });
    const again = await cli(db, ['import', 'undo', '3']);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/已于.*撤销，不能重复撤销/);
    // batch 1's member 甲 was changed since by batch 2? no — but re-update it, then undoing batch 1 is refused
    await cli(db, ['import', 'members', second, '--mode', 'upsert', '--json']);
    const refused = await cli(db, ['import', 'undo', '1']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/导入后已被修改或删除（甲）/);
    expect(members(db)).toHaveLength(3);
    // undoing batch 2 removes the member it inserted
    expect((await cli(db, ['import', 'undo', '2'])).code).toBe(0);
    expect(members(db).map((m) => m.name)).toEqual(['甲', '乙']);
  });

  it('imported members get 增加方式 and 入党类型 as the member form gives a member first entered (建账, or 发展党员 if admitted this year)', async () => {
    const db = await seedDb();
    const header = [['姓名', '公民身份号码', '人员类别', '所在党支部', '入党日期', '转正日期']];
    const file = await writeXlsx(path.join(dir, 'increase.xlsx'), [{ name: 'S', header, rows: [
      ['甲', ID1, '正式党员', '第一党支部', '1998.07', '1999.07'],
      ['乙', ID3, '预备党员', '第一党支部', '2025.03', null],
      ['丙', ID4, '预备党员', '第一党支部', '2024.12', null],
    ] }]);
    expect((await cli(db, ['import', 'members', file, '--json'])).json()).toMatchObject({ inserted: 3, errors: [] });
    const d = new Database(db, { readonly: true });
    try {
      // the import runs on 2025-06-30: 乙 joined in 2025, the year the registry starts counting
      expect(d.prepare('SELECT name, increase_type, join_type, entered_on FROM members ORDER BY id').all()).toEqual([
        { name: '甲', increase_type: '建账', join_type: '新发展', entered_on: null },
        { name: '乙', increase_type: '发展党员', join_type: '新发展', entered_on: null },
        { name: '丙', increase_type: '建账', join_type: '新发展', entered_on: null },
      ]);
    } finally {
      d.close();
    }
  });

  it('--strict: any error → nothing imported, exit 1; --dry-run: counts only, nothing written; the file\'s branch wins over --org', async () => {
    const db = await seedDb();
    const file = await writeXlsx(path.join(dir, 'office2.xlsx'), [officeRoster()]);
    const strict = await cli(db, ['import', 'members', file, '--strict', '--json']);
    expect(strict.code).toBe(1);
    expect(strict.json()).toMatchObject({ inserted: 0, updated: 0, skipped: 3, rejected: 3, batchId: null });
    expect(strict.json().errors).toHaveLength(3);
    expect(count(db, 'members')).toBe(0);
    const dry = await cli(db, ['import', 'members', file, '--dry-run', '--json']);
    expect(dry.code).toBe(0);
    expect(dry.json()).toMatchObject({ inserted: 2, batchId: null });
    expect(count(db, 'members')).toBe(0);
    expect(count(db, 'import_batches')).toBe(0);
    // --org is the default for rows that name no branch; a branch in the file wins
    const roster = officeRoster();
    roster.rows[0][7] = null;
    const partly = await writeXlsx(path.join(dir, 'office3.xlsx'), [roster]);
    const org = await cli(db, ['import', 'members', partly, '--org', '第二党支部', '--json']);
    expect(org.json()).toMatchObject({ inserted: 2 });
    expect(members(db).map((m) => [m.name, m.org])).toEqual([['张三', '中共某某局机关第二党支部'], ['李四', '中共某某局机关第二党支部']]);
    expect(org.json().errors.map((e: { message: string }) => e.message)).toContain('找不到党组织“第九党支部”，请先在组织架构中建立，或选择“自动创建表中不存在的党组织”');
    // the usage says so, and names what each flag is for
    const usage = await cli(db, ['import', 'members', '--help']);
    expect(usage.stdout).toMatch(/--org 组织（表中未写所在党支部的行导入到此组织；表中写了的以表为准）/);
  });

  it('a file of which no row can be imported writes nothing and exits 1; one whose rows all exist exits 0', async () => {
    const db = await seedDb();
    const header = [['姓名', '公民身份号码', '人员类别', '所在党支部', '入党日期', '转正日期']];
    // the only row is refused: nothing is written — no batch, and not the organization it names either
    const worse = await writeXlsx(path.join(dir, 'worse.xlsx'), [{ name: 'S', header, rows: [['甲', ID1, '正式党员', '第八党支部', '2030.07', null]] }]);
    const r2 = await cli(db, ['import', 'members', worse, '--create-orgs', '--json']);
    expect(r2.code).toBe(1);
    expect(r2.json()).toMatchObject({ inserted: 0, rejected: 1, batchId: null });
    expect(count(db, 'import_batches')).toBe(0);
    expect(count(db, 'orgs')).toBe(3);
    const bad = await writeXlsx(path.join(dir, 'bad.xlsx'), [{ name: 'S', header, rows: [['甲', ID1, '正式党员', '第八党支部', '1998.07', '1999.07']] }]);
    const r = await cli(db, ['import', 'members', bad, '--create-orgs', '--json']);
    expect(r.code).toBe(0);
    expect(r.json().sheets[0].orgsToCreate).toEqual([{ name: '第八党支部', parent: null }]);
    expect(count(db, 'import_batches')).toBe(1);
    const again = await cli(db, ['import', 'members', bad, '--create-orgs', '--json']);
    expect(again.code).toBe(0);
    expect(again.json()).toMatchObject({ inserted: 0, skipped: 1, rejected: 0, batchId: null, skippedRows: [{ sheet: 'S', row: 2, reason: '已在党员库中（仅新增模式，未更新）' }] });
    expect(count(db, 'import_batches')).toBe(1);
    const d = new Database(db, { readonly: true });
    expect(d.prepare(`SELECT group_concat(name, ',') AS n FROM orgs`).get()).toEqual({ n: '中共某某局机关委员会,中共某某局机关第一党支部,中共某某局机关第二党支部,第八党支部' });
    d.close();
  });

  it('legacy .xls and GB18030 CSV (sheet = file name without extension)', async () => {
    const db = await seedDb();
    const xls = await writeXls(path.join(dir, '老名册.xls'), [{ name: '第一党支部', rows: [
      ['党员花名册'], ['姓名', '公民身份号码', '人员类别', '入党时间', '转正时间'], ['欧阳·娜', ID1, '正式', '1998年7月', '1999年7月'], ['错号', ID3.slice(0, 17) + '0', '正式', '2012.7', '2013.7'],
    ] }]);
    expect((await cli(db, ['import', 'members', xls, '--json'])).json()).toMatchObject({
      inserted: 1,
      errors: [{ sheet: '第一党支部', row: 4, column: '公民身份号码', message: '公民身份号码校验位错误，请核对' }],
    });
    const csv = await writeCsv(path.join(dir, '二支部名单.csv'), [
      ['姓名', '身份证号', '党员类别', '所属支部', '入党年月', '转正年月'],
      ['李　四', ID2, '预备党员', '第二党支部', '2025-01', ''],
      ['王五', '1.10105E+17', '正式党员', '第二党支部', '2012-07', '2013-07'],
    ], 'gb18030');
    const r = await cli(db, ['import', 'members', csv, '--json']);
    expect(r.json()).toMatchObject({ inserted: 1, errors: [{ sheet: '二支部名单', row: 3, column: '身份证号', message: expect.stringContaining('科学计数法') }] });
    expect(members(db).map((m) => [m.name, m.org, m.joined_on])).toEqual([
      ['欧阳·娜', '中共某某局机关第一党支部', '1998-07'],
      ['李四', '中共某某局机关第二党支部', '2025-01'],
    ]);
  });

  it('an unusable file: exit 1, a Chinese message on stderr, database unchanged', async () => {
    const db = await seedDb();
    const bad = path.join(dir, '名单.xlsx');
    fs.writeFileSync(bad, 'this is not a spreadsheet at all, just text renamed');
    const before = fs.statSync(db).size;
    const r = await cli(db, ['import', 'members', bad, '--json']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/不是 Excel 表格/);
    const noHeader = await writeXlsx(path.join(dir, 'notes.xlsx'), [{ name: 'S', header: [['会议记录']], rows: [['今天开会']] }]);
    const r2 = await cli(db, ['import', 'members', noHeader, '--json']);
    expect(r2.code).toBe(1);
    expect(r2.stderr).toMatch(/没有找到可识别的表头/);
    expect(count(db, 'members')).toBe(0);
    expect(count(db, 'import_batches')).toBe(0);
    expect(fs.statSync(db).size).toBe(before);
  });
});
