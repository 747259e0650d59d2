import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { cli as dangwu } from '../support/cli.ts';
import { openTestDb, type TestDb } from '../support/db.ts';
import { addMember, addOrg } from '../support/seed.ts';

// The campaign CLI (README "命令行"), through the CLI's own entry (in-process, output captured).

let f: TestDb;
let file: string;
const ID = { a: '', b: '', c: '' };

async function cli(...args: string[]) {
  const r = await dangwu(['--db', file, ...args], { env: { DANGWU_TODAY: '2023-10-10' } });
  return { code: r.code, out: r.stdout, err: r.stderr };
}

beforeAll(async () => {
  f = await openTestDb({ today: '2023-10-10' });
  const root = addOrg(f, '中共某局委员会', { type: '党委' });
  const b1 = addOrg(f, '第一党支部', { parent: root });
  const b2 = addOrg(f, '第二党支部', { parent: root });
  addMember(f, { name: '张一', org: b1, joinedOn: '2000-01-01' });
  const ids = f.db.sqlite.prepare('SELECT id_number FROM members').all() as { id_number: string }[];
  ID.a = ids[0].id_number;
  addMember(f, { name: '李二', org: b1, joinedOn: '2001-01-01' });
  addMember(f, { name: '王三', org: b2, joinedOn: '2002-01-01' });
  const all = (f.db.sqlite.prepare('SELECT id_number FROM members ORDER BY id').all() as { id_number: string }[]).map((r) => r.id_number);
  [ID.a, ID.b, ID.c] = all;
  file = f.file;
  await f.closeDb(); // the CLI opens the file itself
});
afterAll(() => f.close());

describe('campaign CLI', () => {
  let id: number;
  it('create --json prints {"id": n}; --org is repeatable', async () => {
    const r = await cli('campaign', 'create', '--name', '2023年党员信教问题专项整治', '--year', '2023', '--start', '2023-04-01', '--end', '2023-09-30', '--org', '第一党支部', '--org', '第二党支部', '--json');
    expect(r.code, r.err).toBe(0);
    const out = JSON.parse(r.out);
    expect(out).toEqual({ id: expect.any(Number) });
    id = out.id;
  });

  it('screen / handle / sign with the contract flags; handle without a finding exits 1; out-of-period dates only warn', async () => {
    const c = String(id);
    expect((await cli('campaign', 'screen', '--campaign', c, '--id', ID.a, '--date', '2023-05-10', '--belief', '佛教', '--note', '家中供奉佛像')).code).toBe(0);
    expect((await cli('campaign', 'screen', '--campaign', c, '--id', ID.b, '--date', '2023-05-10')).code).toBe(0);
    expect((await cli('campaign', 'screen', '--campaign', c, '--id', ID.c, '--date', '2023-05-10', '--finding', '理想信念动摇')).code).toBe(0);
    const refused = await cli('campaign', 'handle', '--campaign', c, '--id', ID.b, '--outcome', '教育转化', '--date', '2023-06-01');
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('不能登记处置');
    expect((await cli('campaign', 'handle', '--campaign', c, '--id', ID.a, '--outcome', '教育转化', '--date', '2023-06-01')).code).toBe(0);
    const late = await cli('campaign', 'sign', '--campaign', c, '--id', ID.a, '--date', '2023-10-12');
    expect(late.code).toBe(0);
    expect(late.err).toContain('不在本次工作期间');
    expect((await cli('campaign', 'sign', '--campaign', c, '--id', ID.b, '--date', '2023-05-12')).code).toBe(0);
    expect((await cli('campaign', 'handle', '--campaign', c, '--id', ID.c, '--outcome', '不存在的方式', '--date', '2023-06-01')).code).toBe(1);
    const cult = await cli('campaign', 'screen', '--campaign', c, '--id', ID.c, '--date', '2023-05-10', '--belief', '邪教');
    expect(cult.code).toBe(1);
    expect(cult.err).toContain('信教类别应为：佛教、道教');
  });

  it('progress --json has exactly the contract shape, lagging first, total = sum', async () => {
    const r = await cli('campaign', 'progress', '--campaign', String(id), '--json');
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(r.out)).toEqual({
      total: { members: 3, screened: 3, signed: 2, believers: 2, converted: 1 },
      orgs: [
        { org: '第二党支部', members: 1, screened: 1, signed: 0, believers: 1, converted: 0 },
        { org: '第一党支部', members: 2, screened: 2, signed: 2, believers: 1, converted: 1 },
      ],
    });
  });

  it('exports both statistics tables as workbooks of values', async () => {
    const out = path.join(path.dirname(file), 'progress.xlsx');
    const r1 = await cli('export', 'religion-progress', '--campaign', String(id), '--out', out);
    expect(r1.code, r1.err).toBe(0);
    const out2 = path.join(path.dirname(file), 'findings.xlsx');
    expect((await cli('export', 'religion-findings', '--campaign', String(id), '--out', out2)).code).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out2);
    const text: string[] = [];
    wb.worksheets[0].eachRow((row) => text.push((row.values as unknown[]).slice(1).map((v) => (v == null ? '' : String(v))).join('|')));
    expect(text[0].split('|')[0]).toBe('内部资料 注意保密');
    expect(text.join('\n')).toContain('张一');
    expect(text.join('\n')).toContain('家中供奉佛像');
    expect(text.join('\n')).not.toContain('李二');
    const wb2 = new ExcelJS.Workbook();
    await wb2.xlsx.readFile(out);
    let formulas = 0;
    wb2.worksheets[0].eachRow((row) => row.eachCell((cell) => { if (cell.formula) formulas++; }));
    expect(formulas).toBe(0);
  });
});
