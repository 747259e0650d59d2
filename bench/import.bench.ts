import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { writeRoster } from '../tests/support/roster.ts';

// npm run bench:import — rosters of 50,000 and 200,000 rows (16 columns).
// For each: the CLI import as a whole process (start-up included) into a fresh database, beside it a
// bare Node process reading the same file with exceljs's streaming reader; their ratio; peak RSS.
// Usage: npm run bench:import [-- 50000 200000] [--runs N]

const args = process.argv.slice(2);
const runsFlag = args.indexOf('--runs');
const RUNS = runsFlag >= 0 ? Number(args[runsFlag + 1]) : 3;
const sizes = args.filter((a, i) => /^\d+$/.test(a) && args[i - 1] !== '--runs').map(Number);
const SIZES = sizes.length ? sizes : [50_000, 200_000];
const NODE = process.execPath;
const CACHE = path.join(os.tmpdir(), 'dangwu-bench-import');
fs.mkdirSync(CACHE, { recursive: true });

interface Timing {
  seconds: number;
  /** user + system CPU seconds of the child: far less sensitive than wall time to other load on the machine */
  cpu: number;
  maxRssMb: number;
}

function timed(argv: string[], env: Record<string, string> = {}): Timing & { stdout: string } {
  const t = performance.now();
  const hasTime = fs.existsSync('/usr/bin/time');
  const r = hasTime
    ? spawnSync('/usr/bin/time', ['-v', NODE, ...argv], { encoding: 'utf8', env: { ...process.env, ...env }, maxBuffer: 512 << 20 })
    : spawnSync(NODE, argv, { encoding: 'utf8', env: { ...process.env, ...env }, maxBuffer: 512 << 20 });
  const seconds = (performance.now() - t) / 1000;
  if (r.status !== 0) throw new Error(`failed: ${argv.join(' ')}\n${r.stderr.slice(-2000)}`);
  const m = /Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr);
  const user = Number(/User time \(seconds\): ([\d.]+)/.exec(r.stderr)?.[1] ?? NaN);
  const sys = Number(/System time \(seconds\): ([\d.]+)/.exec(r.stderr)?.[1] ?? NaN);
  return { seconds, cpu: user + sys, maxRssMb: m ? Math.round(Number(m[1]) / 1024) : NaN, stdout: r.stdout };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

console.log(`import benchmark — database ${process.env.BENCH_PASSWORD ? 'encrypted' : 'plain'}, node ${process.version}, ${os.cpus().length} CPUs, load average ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}`);
for (const n of SIZES) {
  const file = path.join(CACHE, `roster-${n}.xlsx`);
  if (!fs.existsSync(file)) {
    const t = performance.now();
    await writeRoster(file, n);
    console.log(`generated ${file} (${(fs.statSync(file).size / 1e6).toFixed(1)} MB) in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  }
  const runs = n > 100_000 ? Math.max(1, Math.min(RUNS, 2)) : RUNS;
  const imp: Timing[] = [];
  const base: Timing[] = [];
  for (let i = 0; i < runs; i++) {
    const db = path.join(CACHE, `bench-${n}.db`);
    for (const f of [db, `${db}-wal`, `${db}-shm`]) fs.rmSync(f, { force: true });
    for (const f of [`${db}.key`]) fs.rmSync(f, { force: true });
    // with BENCH_PASSWORD the CLI creates the database encrypted (DANGWU_PASSWORD)
    const pw: Record<string, string> = process.env.BENCH_PASSWORD ? { DANGWU_PASSWORD: process.env.BENCH_PASSWORD } : {};
    // exactly what `npm run cli` runs (minus npm's own start-up); the yardstick below with the young-generation
    // size exceljs's streaming reader needs (measured: a larger one buys the import nothing and costs ~80 MB at 200,000 rows)
    const r = timed(['--max-semi-space-size=16', 'src-main/adapters/cli/main.ts', '--db', db, 'import', 'members', file, '--create-orgs', '--json'], { DANGWU_TODAY: '2025-06-30', ...pw });
    const out = JSON.parse(r.stdout) as { inserted: number; errors: unknown[] };
    if (out.inserted !== n) throw new Error(`imported ${out.inserted} of ${n} (${out.errors.length} errors)`);
    imp.push(r);
    const b = timed(['--max-semi-space-size=64', 'bench/import-baseline.ts', file]);
    base.push(b);
  }
  const min = (xs: number[]) => Math.min(...xs);
  const ti = median(imp.map((x) => x.seconds));
  const tb = median(base.map((x) => x.seconds));
  const ci = median(imp.map((x) => x.cpu));
  const cb = median(base.map((x) => x.cpu));
  console.log(
    `${n.toLocaleString()} rows: CLI import ${ti.toFixed(2)} s (runs ${imp.map((x) => x.seconds.toFixed(2)).join(', ')}), ` +
      `peak RSS ${Math.max(...imp.map((x) => x.maxRssMb))} MB | exceljs streaming read ${tb.toFixed(2)} s ` +
      `(runs ${base.map((x) => x.seconds.toFixed(2)).join(', ')}), peak RSS ${Math.max(...base.map((x) => x.maxRssMb))} MB | ratio ${(ti / tb).toFixed(2)} ` +
      `| CPU time import ${ci.toFixed(2)} s vs exceljs ${cb.toFixed(2)} s, CPU ratio ${(ci / cb).toFixed(2)} ` +
      `| best runs: import ${min(imp.map((x) => x.seconds)).toFixed(2)} s vs exceljs ${min(base.map((x) => x.seconds)).toFixed(2)} s, ` +
      `ratio ${(min(imp.map((x) => x.seconds)) / min(base.map((x) => x.seconds))).toFixed(2)}; CPU ${min(imp.map((x) => x.cpu)).toFixed(2)} vs ${min(base.map((x) => x.cpu)).toFixed(2)} s`,
  );
}
