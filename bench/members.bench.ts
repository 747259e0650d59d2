import { openAppDatabase, appContext } from '../src-main/app.ts';
// npm run bench — seed 100,000 members in 200 organizations into a temp database,
// then print p50/p95 of members.list for four typical queries, the roster export against exceljs's bare
// streaming write of the same cells, and CLI start-up. A benchmark prints figures; it asserts nothing.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { dispatch } from '../src-main/adapters/dispatch.ts';
import type { FileResult } from '../src-main/contract/define.ts';
import type { MemberDto } from '../src-main/modules/core/contract.ts';

import { withCheckChar } from '../tests/support/id-numbers.ts';
import { loadNameKeyer } from '../src-main/domain/pinyin.ts';

import { writeBareWorkbook } from '../src-main/excel/bare-write.ts';
import { planRoster } from '../src-main/modules/core/services/roster-export.ts';

const MEMBERS = Number(process.env.BENCH_MEMBERS ?? 100_000);
const ORGS = 200;
const RUNS = Number(process.env.BENCH_RUNS ?? 40);
const TODAY = '2025-01-10';

const root = path.resolve(import.meta.dirname, '..');
// BENCH_KEEP=DIR keeps the seeded database there and reuses it on the next run (for tuning queries)
const keep = process.env.BENCH_KEEP;
const dir = keep ? path.resolve(keep) : fs.mkdtempSync(path.join(os.tmpdir(), 'dangwu-bench-'));
fs.mkdirSync(dir, { recursive: true });
const file = path.join(dir, 'bench.db');
const ms = (t: number) => `${t.toFixed(1)} ms`;

/** deterministic pseudo-random numbers, so every run seeds the same registry */
let seed = 20250110;
/** mulberry32: 32-bit integer arithmetic throughout, so the sequence never degenerates */
function rand(): number {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = <T>(a: readonly T[]): T => a[Math.floor(rand() * a.length)];

const SURNAMES = [...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤单解仇'];
const GIVEN = [...'伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉萍红娥玲芬燕彬鹏辉建国志文斌宇浩凯健俊帆帅旭宁晨阳欣怡佳琪雪梅婷倩颖博'];

async function seedRegistry(): Promise<{ branchIds: number[]; generalIds: number[] }> {
  const db = await openAppDatabase(file);
  if (keep && (db.sqlite.prepare('SELECT count(*) AS n FROM members').get() as { n: number }).n > 0) {
    const ids = (type: string) => (db.sqlite.prepare('SELECT id FROM orgs WHERE type = ? ORDER BY id').all(type) as { id: number }[]).map((r) => r.id);
    const kept = { branchIds: ids('党支部'), generalIds: ids('党总支') };
    console.log(`seed: reusing ${file}`);
    await db.close();
    return kept;
  }
  const keyer = await loadNameKeyer();
  const now = new Date().toISOString();
  const t0 = performance.now();
  const insOrg = db.sqlite.prepare(
    `INSERT INTO orgs (name, short_name, type, parent_id, path, term_start, term_years, sort_order, created_at, updated_at)
     VALUES (?, NULL, ?, ?, '', ?, ?, ?, ?, ?)`,
  );
  const setPath = db.sqlite.prepare('UPDATE orgs SET path = ? WHERE id = ?');
  const insMember = db.sqlite.prepare(
    `INSERT INTO members (name, name_pinyin, name_initials, id_number, gender, ethnicity, birth_date, education, category,
       joined_on, confirmed_on, org_id, phone, work_unit, native_place, address, status, roll, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '正常', ?, ?, ?)`,
  );
  const branchIds: number[] = [];
  const generalIds: number[] = [];
  const keyCache = new Map<string, { pinyin: string; initials: string }>();
  db.sqlite.transaction(() => {
    const addOrg = (name: string, type: string, parent: { id: number; path: string } | null, order: number) => {
      const id = Number(insOrg.run(name, type, parent?.id ?? null, '2022-06-15', type === '党委' ? 5 : 3, order, now, now).lastInsertRowid);
      const p = `${parent?.path ?? '/'}${id}/`;
      setPath.run(p, id);
      return { id, path: p };
    };
    // 1 党委 → 9 党总支 → 190 党支部 (200 organizations)
    const top = addOrg('中共某市某局机关委员会', '党委', null, 0);
    const generals = Array.from({ length: 9 }, (_, i) => addOrg(`中共某局第${i + 1}党总支部委员会`, '党总支', top, i));
    generalIds.push(...generals.map((g) => g.id));
    for (let i = 0; i < ORGS - 10; i++) branchIds.push(addOrg(`中共某局第${(i % 9) + 1}总支第${i + 1}党支部`, '党支部', generals[i % 9], i).id);

    const used = new Set<string>();
    for (let n = 0; n < MEMBERS; n++) {
      const name = pick(SURNAMES) + pick(GIVEN) + (rand() < 0.6 ? pick(GIVEN) : '');
      let keys = keyCache.get(name);
      if (!keys) keyCache.set(name, (keys = keyer(name)));
      let id: string;
      let birth: string;
      do {
        const y = 1945 + Math.floor(rand() * 56);
        const m = 1 + Math.floor(rand() * 12);
        const d = 1 + Math.floor(rand() * 28);
        birth = `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
        const first17 = `${pick(['110101', '320102', '440305', '510107', '370102'])}${birth.replaceAll('-', '')}${String(Math.floor(rand() * 1000)).padStart(3, '0')}`;
        id = withCheckChar(first17);
      } while (used.has(id));
      used.add(id);
      const joinYear = Number(birth.slice(0, 4)) + 19 + Math.floor(rand() * 20);
      const joined = `${Math.min(joinYear, 2023)}-${birth.slice(5, 7)}`;
      const probationary = Number(joined.slice(0, 4)) >= 2023 && rand() < 0.5;
      insMember.run(
        name,
        keys.pinyin,
        keys.initials,
        id,
        Number(id[16]) % 2 ? '男' : '女',
        rand() < 0.92 ? '汉族' : pick(['回族', '满族', '蒙古族', '壮族', '维吾尔族']),
        rand() < 0.2 ? birth.slice(0, 7) : birth,
        pick(['大学本科', '大学专科', '硕士研究生', '普通高中', '中等专科']),
        probationary ? '预备党员' : '正式党员',
        joined,
        probationary ? null : `${Number(joined.slice(0, 4)) + 1}${joined.slice(4)}`,
        branchIds[n % branchIds.length],
        `1${String(3000000000 + n).padStart(10, '0')}`,
        '某市某局某处 科员',
        '山东省济南市',
        '某市某区某街道某小区1号楼',
        rand() < 0.97 ? '在册' : pick(['转出', '死亡']),
        now,
        now,
      );
    }
  })();
  // no ANALYZE: a clerk's database never gets one, so the plans measured here are the ones users get
  db.sqlite.pragma('wal_checkpoint(TRUNCATE)');
  console.log(`seed: ${MEMBERS.toLocaleString()} members in ${ORGS} organizations: ${ms(performance.now() - t0)} (pinyin keys for ${keyCache.size} distinct names included)`);
  await db.close();
  return { branchIds, generalIds };
}

function quantiles(samples: number[]): { p50: number; p95: number } {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)];
  return { p50: at(0.5), p95: at(0.95) };
}

async function main(): Promise<void> {
  console.log(`node ${process.version}, ${os.cpus().length} CPUs, load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  const { generalIds } = await seedRegistry();

  const db = await openAppDatabase(file);
  const ctx = appContext(db, { today: () => TODAY, now: () => new Date().toISOString() });
  const call = (name: string, input: unknown) => dispatch(ctx, name, input);

  const cases: [string, Record<string, unknown>][] = [
    ['(a) first page, unfiltered', {}],
    ['(b) org subtree (one 党总支)', { orgId: generalIds[0] }],
    ['(c) pinyin initials "zs"', { search: 'zs' }],
    ['(d) ID fragment "0612"', { search: '0612' }],
  ];
  console.log(`\nmembers.list via dispatch, page of 50 + total, ${RUNS} runs after 5 warm-ups (target p95 ≤ 20 ms; wall time,\nand the process's CPU time, which other load on the machine does not inflate):`);
  for (const [label, filter] of cases) {
    const input = { ...filter, limit: 50, offset: 0 };
    let total = 0;
    for (let i = 0; i < 5; i++) total = ((await call('members.list', input)) as { total: number }).total;
    const samples: number[] = [];
    const cpu: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const t = performance.now();
      const u = process.cpuUsage();
      await call('members.list', input);
      const d = process.cpuUsage(u);
      samples.push(performance.now() - t);
      cpu.push((d.user + d.system) / 1000);
    }
    const q = quantiles(samples);
    const c = quantiles(cpu);
    console.log(
      `  ${label.padEnd(28)} p50 ${ms(q.p50).padStart(9)}  p95 ${ms(q.p95).padStart(9)}  (CPU p50 ${ms(c.p50)}, p95 ${ms(c.p95)})  total ${total.toLocaleString()}`,
    );
  }

  // roster export through the job, then the bare streaming write of the same cells (rows already in memory)
  console.log('\nroster export (党员花名册), all members on the roll (target ≤ 1.3× the bare streaming write):');
  const cpuMs = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1000;
  let t = performance.now();
  let u = process.cpuUsage();
  const { jobId } = (await call('exports.roster', {})) as { jobId: string };
  const result = (await ctx.jobs.wait(jobId)) as FileResult;
  const exportMs = performance.now() - t;
  const exportCpu = cpuMs(process.cpuUsage(u));
  console.log(`  exports.roster job: ${ms(exportMs)} (CPU ${ms(exportCpu)}), ${(result.bytes.length / 1e6).toFixed(1)} MB`);

  const plan = await planRoster(ctx, {});
  const rows: MemberDto[] = [];
  for await (const m of plan.sheet.rows as AsyncIterable<MemberDto>) rows.push(m);
  t = performance.now();
  u = process.cpuUsage();
  const bare = await writeBareWorkbook([{ ...plan.sheet, rows }]);
  const bareMs = performance.now() - t;
  const bareCpu = cpuMs(process.cpuUsage(u));
  console.log(
    `  bare exceljs WorkbookWriter (useSharedStrings:false, no styles), ${rows.length.toLocaleString()} rows × ${plan.sheet.columns.length} columns from memory: ${ms(bareMs)} (CPU ${ms(bareCpu)}), ${(bare.length / 1e6).toFixed(1)} MB`,
  );
  console.log(`  ratio export / bare: ${(exportMs / bareMs).toFixed(2)}× wall, ${(exportCpu / bareCpu).toFixed(2)}× CPU`);
  await db.close();

  // CLI start-up: a fresh process per call, as scripts call it (target ≤ 0.8 s)
  const empty = path.join(dir, 'empty.db');
  const node = path.join(root, 'node_modules/.bin/node');
  const cliMain = path.join(root, 'src-main/adapters/cli/main.ts');
  spawnSync(node, ['--max-semi-space-size=64', cliMain, '--db', empty, 'members', 'list', '--json']); // creates the schema
  const starts: number[] = [];
  const cpus: number[] = [];
  // /usr/bin/time reports the child's CPU time (user + system), which other load does not inflate
  const timeBin = fs.existsSync('/usr/bin/time') ? '/usr/bin/time' : null;
  for (let i = 0; i < 10; i++) {
    const args = ['--max-semi-space-size=64', cliMain, '--db', empty, 'members', 'list', '--json'];
    const s = performance.now();
    const r = timeBin
      ? spawnSync(timeBin, ['-f', 'CPU %U %S', node, ...args], { encoding: 'utf8' })
      : spawnSync(node, args, { encoding: 'utf8' });
    starts.push(performance.now() - s);
    if (r.status !== 0 || r.stdout.trim() !== '[]') throw new Error(`CLI failed: ${r.stderr}`);
    const m = /CPU ([\d.]+) ([\d.]+)/.exec(r.stderr);
    if (m) cpus.push((Number(m[1]) + Number(m[2])) * 1000);
  }
  const median = (a: number[]) => {
    const s = [...a].sort((x, y) => x - y);
    return (s[(s.length - 1) >> 1] + s[s.length >> 1]) / 2;
  };
  const sorted = [...starts].sort((a, b) => a - b);
  console.log(
    `\nCLI start-up, \`members list --json\` on an empty database, median of 10: ${ms(median(starts))} (min ${ms(sorted[0])}, max ${ms(sorted[9])})` +
      (cpus.length ? `; CPU (user + system) median ${ms(median(cpus))}` : ''),
  );
  console.log(`load average now ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  if (!keep) fs.rmSync(dir, { recursive: true, force: true });
}

main().catch((e) => {
  console.error(e);
  if (!keep) fs.rmSync(dir, { recursive: true, force: true });
  process.exitCode = 1;
});
