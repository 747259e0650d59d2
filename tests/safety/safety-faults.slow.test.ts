import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeWorkbook } from '../../src-main/excel/layout.ts';
import { writeRoster } from '../support/roster.ts';

// Busy and full (docs/safety.md#busy-and-full): a second process writing while an import commits waits
// and is told why; a full disk is named as a full disk; a read-only file is not called damaged; and
// formula-like text in exports stays text.

const root = path.resolve(import.meta.dirname, '../..');
const nodeBin = path.join(root, 'node_modules/.bin/node');
const mainTs = path.join(root, 'src-main/adapters/cli/main.ts');

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dangwu-faults-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const cli = (db: string, args: string[], env: Record<string, string> = {}) => {
  const r = spawnSync(nodeBin, [mainTs, '--db', db, ...args], { encoding: 'utf8', env: { ...process.env, DANGWU_TODAY: '2025-06-30', ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};

/** a small filesystem of its own (tmpfs), so that "full" and "read-only" are real; null without root */
function mountTmpfs(name: string, size: string): string | null {
  const m = path.join(dir, name);
  fs.mkdirSync(m);
  return spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', m]).status === 0 ? m : null;
}
const umount = (m: string) => spawnSync('umount', ['-l', m]);

const INTERNAL_TEXT = /database is locked|SQLITE_|cannot rollback|disk is full|readonly database|内部错误/;

describe('busy', () => {
  it('a second writer during an import waits, is told who writes, and succeeds afterwards', { timeout: 300_000 }, async () => {
    const db = path.join(dir, 'busy.db');
    expect(cli(db, ['org', 'add', '--name', '中共某某市委员会', '--type', '党委']).code).toBe(0);
    const file = path.join(dir, 'roster.xlsx');
    await writeRoster(file, 40_000);
    const importer = spawn(nodeBin, ['--max-semi-space-size=64', mainTs, '--db', db, 'import', 'members', file, '--create-orgs', '--json'], {
      env: { ...process.env, DANGWU_PROGRESS: '1', DANGWU_TODAY: '2025-06-30' },
    });
    let progress = '';
    const importDone = new Promise<number | null>((r) => importer.on('exit', (code) => r(code)));
    await new Promise<void>((resolve, reject) => {
      importer.stderr.on('data', (c: Buffer) => {
        progress += c.toString();
        // the import's transaction is open (and holds the write lock) while the rows stream in
        if (/progress \d+\/\d+ 正在(读取并)?写入数据库/.test(progress)) resolve();
      });
      importer.on('exit', () => reject(new Error(`the import ended before writing:\n${progress.slice(-400)}`)));
    });
    // while the import holds the write lock: a second process adds an organization
    const t = Date.now();
    const second = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const c = spawn(nodeBin, [mainTs, '--db', db, 'org', 'add', '--name', '中共第二党支部', '--type', '党支部', '--parent', '中共某某市委员会'], { env: process.env });
      let stderr = '';
      c.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      c.on('exit', (code) => resolve({ code, stderr }));
    });
    expect(await importDone).toBe(0);
    expect(second.stderr).toMatch(/另一个窗口正在导入，请稍候…/);
    expect(second.stderr).not.toMatch(INTERNAL_TEXT);
    expect(second.code).toBe(0);
    expect(Date.now() - t).toBeGreaterThan(100);
    const list = JSON.parse(cli(db, ['org', 'list', '--json']).stdout) as { name: string }[];
    expect(list.map((o) => o.name)).toContain('中共第二党支部');
  });
});

describe('full disk and read-only file', () => {
  it('a full disk is named as a full disk with the space needed, for a single write and for an import', { timeout: 120_000 }, async () => {
    const m = mountTmpfs('full', '3m');
    if (!m) return; // needs root (this machine and CI run as root)
    try {
      const db = path.join(m, 'dangwu.db');
      expect(cli(db, ['org', 'add', '--name', '中共测试党支部', '--type', '党支部']).code).toBe(0);
      const file = path.join(dir, 'full-roster.xlsx');
      await writeRoster(file, 5_000);
      // fill the rest of the disk
      const fd = fs.openSync(path.join(m, 'filler'), 'w');
      try {
        const block = Buffer.alloc(64 * 1024, 1);
        for (;;) fs.writeSync(fd, block);
      } catch {
        // ENOSPC: full
      } finally {
        fs.closeSync(fd);
      }
      const imp = cli(db, ['import', 'members', file, '--create-orgs', '--json']);
      expect(imp.code).toBe(1);
      expect(imp.stderr).toMatch(/磁盘空间已满.*只剩 \d+ MB，至少还需要约 \d+ MB/);
      expect(imp.stderr).not.toMatch(/已损坏|不是党务数据库|从备份恢复/);
      expect(imp.stderr).not.toMatch(INTERNAL_TEXT);
      const add = cli(db, ['org', 'add', '--name', '中共第二党支部', '--type', '党支部']);
      expect(add.code).toBe(1);
      expect(add.stderr).toMatch(/磁盘空间已满/);
      expect(add.stderr).not.toMatch(/已损坏|不是党务数据库|从备份恢复/);
      expect(add.stderr).not.toMatch(INTERNAL_TEXT);
      // room again: everything is as it was
      fs.rmSync(path.join(m, 'filler'));
      const list = JSON.parse(cli(db, ['org', 'list', '--json']).stdout) as unknown[];
      expect(list).toHaveLength(1);
    } finally {
      umount(m);
    }
  });

  it('a read-only file is called read-only, not damaged', () => {
    const m = mountTmpfs('ro', '8m');
    if (!m) return;
    try {
      const db = path.join(m, 'dangwu.db');
      expect(cli(db, ['org', 'add', '--name', '中共测试党支部', '--type', '党支部']).code).toBe(0);
      expect(spawnSync('mount', ['-o', 'remount,ro', m]).status).toBe(0);
      const r = cli(db, ['org', 'list']);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/只读/);
      expect(r.stderr).not.toMatch(/已损坏|不是党务数据库|从备份恢复/);
      expect(r.stderr).not.toMatch(INTERNAL_TEXT);
    } finally {
      umount(m);
    }
  });
});

describe('formula injection', () => {
  it('text beginning with = + - @ tab or CR is written as text (string cell, text format), never a formula', async () => {
    const values = ['=HYPERLINK("http://x","点我")', '+86 13800000000', '-1+1', '@SUM(A1)', '\t=1+1', '\r=1+1', '普通文字'];
    const bytes = await writeWorkbook([
      {
        sheetName: '表',
        title: '测试',
        reportingUnit: '单位',
        reportDate: '2025-01-01',
        columns: [{ header: '内容', value: (r: string) => r }],
        rows: values,
        signatures: { clerk: '', reviewer: '', principal: '', phone: '' },
      },
    ]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(bytes) as never);
    const ws = wb.worksheets[0];
    const cells = values.map((_, i) => ws.getCell(4 + i, 1));
    for (const [i, c] of cells.entries()) {
      expect(c.formula, values[i]).toBeUndefined();
      // (an XML reader turns a carriage return into a line feed)
      expect(String(c.value).replace(/\r/g, '\n'), values[i]).toBe(values[i].replace(/\r/g, '\n'));
      expect(c.numFmt, values[i]).toBe(i < values.length - 1 ? '@' : undefined);
    }
  });
});
