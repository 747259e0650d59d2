import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { dispatch } from '../../src-main/adapters/dispatch.ts';
import type { ImportSummary } from '../../src-main/modules/import/contract.ts';
import { openTestDb, type TestDb } from '../support/db.ts';
import { makeId } from '../support/id-numbers.ts';
import { seedBureau } from '../support/seed.ts';

// The accounting property: for random sheets — titles, a header, and below it members valid and invalid,
// blank rows, notes, seals, pre-printed 序号, repeated headers, footers and rows after them, duplicates,
// members already in the registry — imported + updated + skipped + refused = the non-blank rows under
// the header, and skipped = the rows listed with their reasons. Seeded, so a failure can be replayed.

function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const COLUMNS = [
  { heading: '姓名', gen: (i: number) => `党员${i}` },
  { heading: '公民身份号码', gen: (i: number) => ID_POOL[i % ID_POOL.length] },
  { heading: '性别', gen: (i: number) => (i % 2 ? '男' : '女') },
  { heading: '人员类别', gen: () => '正式党员' },
  { heading: '所在党支部', gen: () => '第一党支部' },
  { heading: '入党时间', gen: () => '2001.07' },
  { heading: '转正时间', gen: () => '2002.07' },
  { heading: '手机号码', gen: (i: number) => `139${String(i).padStart(8, '0')}` },
  { heading: '备注', gen: () => '' },
];
const ID_POOL = Array.from({ length: 40 }, (_, i) => makeId(`19${60 + (i % 30)}-0${1 + (i % 9)}-1${i % 9}`, 100 + i));

type Row = (string | number | null)[];

/** one random sheet and the number of non-blank rows it has under its header */
function randomSheet(rand: () => number, caseNo: number): { rows: Row[]; below: number; withId: boolean } {
  const pick = <T,>(xs: T[]) => xs[Math.floor(rand() * xs.length)];
  const withId = rand() > 0.1;
  const cols = COLUMNS.filter((c) => c.heading === '姓名' || (c.heading === '公民身份号码' ? withId : rand() > 0.3));
  if (rand() > 0.5) cols.unshift({ heading: '序号', gen: (i: number) => String(i) });
  if (rand() > 0.7) cols.push({ heading: '1', gen: () => '1' }); // a template's placeholder label
  const rows: Row[] = [];
  for (let t = Math.floor(rand() * 3); t > 0; t--) rows.push([pick(['中共某某局党员花名册', '填报单位：某局    填报日期：2025年6月1日', null])]);
  rows.push(cols.map((c) => c.heading));
  const member = (i: number, spoil: boolean): Row =>
    cols.map((c) => {
      const v = c.gen(i);
      if (!spoil) return v;
      if (c.heading === '公民身份号码') return (v as string).slice(0, 17) + ((v as string)[17] === '1' ? '2' : '1');
      if (c.heading === '入党时间') return '2031.07';
      return v;
    });
  const n = 3 + Math.floor(rand() * 30);
  let footer = false;
  for (let k = 0; k < n; k++) {
    const i = caseNo * 100 + k;
    const kind = rand();
    if (kind < 0.45) rows.push(member(i, false));
    else if (kind < 0.55) rows.push(member(i, true));
    else if (kind < 0.6) rows.push([]);
    else if (kind < 0.64) rows.push(['注意：1、红色字段为必填字段，请勿修改表头']);
    else if (kind < 0.68) rows.push([null, null, '（公章）']);
    else if (kind < 0.71) rows.push([null, '年　月　日']);
    else if (kind < 0.75) rows.push([String(k + 1)]);
    else if (kind < 0.79) rows.push(cols.map((c) => c.heading));
    else if (kind < 0.82) rows.push(cols.map((c) => (c.heading === '姓名' ? '必填' : c.heading === '公民身份号码' ? '18位' : '')));
    else if (kind < 0.85 && !footer) {
      rows.push(['合计：党员若干名']);
      footer = true;
    } else if (kind < 0.9) rows.push(member(i % 7, false)); // the same people again: duplicates, members already imported
    else if (kind < 0.93) rows.push(cols.map((c, j) => (j === cols.length - 1 ? '某单位' : null)));
    else rows.push(member(i, rand() > 0.5));
  }
  const header = rows.findIndex((r) => r.length === cols.length && r[0] === cols[0].heading);
  const below = rows.slice(header + 1).filter((r) => r.some((v) => v !== null && v !== '')).length;
  return { rows, below, withId };
}

async function bytesOf(rows: Row[], asCsv: boolean): Promise<Uint8Array> {
  if (asCsv) {
    const text = rows.map((r) => r.map((v) => (v === null ? '' : /[",\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v))).join(',')).join('\r\n');
    return new TextEncoder().encode(text);
  }
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('第一党支部');
  rows.forEach((r, i) => r.forEach((v, c) => v !== null && v !== '' && (ws.getRow(i + 1).getCell(c + 1).value = v)));
  return new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer);
}

let t: TestDb;
beforeAll(async () => {
  // inline, as the CLI runs it (the worker path is covered by the page's preview and commit)
  t = await openTestDb({ today: '2025-06-30', runtime: { interactive: false } });
  seedBureau(t);
});
afterAll(async () => t?.close());

describe('every non-blank row under the header is accounted for', () => {
  const SEED = Number(process.env.IMPORT_PROPERTY_SEED ?? 20250630);
  const CASES = Number(process.env.IMPORT_PROPERTY_CASES ?? 80);
  it(`${CASES} random sheets (seed ${SEED})`, { timeout: 300_000 }, async () => {
    const rand = prng(SEED);
    for (let c = 0; c < CASES; c++) {
      const sheet = randomSheet(rand, c);
      const asCsv = rand() > 0.5;
      const input = {
        bytes: await bytesOf(sheet.rows, asCsv),
        fileName: asCsv ? '第一党支部.csv' : '名册.xlsx',
        mode: rand() > 0.5 ? ('upsert' as const) : ('insert' as const),
        org: rand() > 0.5 ? '第一党支部' : undefined,
        dryRun: rand() > 0.8,
      };
      const { jobId } = (await dispatch(t.ctx, 'import.commit', input)) as { jobId: string };
      let s: ImportSummary;
      try {
        s = (await t.ctx.jobs.wait(jobId)) as ImportSummary;
      } catch (e) {
        throw new Error(`case ${c} (seed ${SEED}) failed: ${(e as Error).message}\n${JSON.stringify(sheet.rows)}`);
      }
      const where = `case ${c} (seed ${SEED}): ${JSON.stringify({ ...s, errors: s.errors.length, warnings: s.warnings.length, sheets: undefined })}\n${JSON.stringify(sheet.rows)}`;
      expect(s.inserted + s.updated + s.skipped + s.rejected, where).toBe(sheet.below);
      expect(s.skipped, where).toBe(s.skippedRows.length);
      expect(s.skippedRows.every((r) => r.reason.length > 0), where).toBe(true);
      if (!sheet.withId) expect(s.inserted + s.updated, where).toBe(0);
    }
  });
});
