import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { openAppDatabase, appContext } from '../src-main/app.ts';
import { dispatch } from '../src-main/adapters/dispatch.ts';
import { registry } from '../src-main/modules/index.ts';
import { createContext, type ServiceContext } from '../src-main/services/context.ts';

// `npm run bench:report` — the work report at full size (docs/domain/report.md): 100,000 members in 211
// organizations with a year of dues (1.2 M member-month rows), member events, a screening campaign of every
// member, and 50,000 activities of organizational life (1.1 M attendance rows) in the orglife module's
// tables. Every installed module gives its figures (orglife's and the statistics' among them); a context
// without those two shows what they add.
// Targets: all figures for the whole committee and a year ≤ 1 s; the Word draft ≤ 2 s.

const MEMBERS = Number(process.env.BENCH_MEMBERS ?? 100_000);
const ACTIVITIES = Number(process.env.BENCH_ACTIVITIES ?? 50_000);
const ORGS = 200;
const YEAR = 2025;
const TODAY = `${YEAR + 1}-01-15`;

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dangwu-bench-report-'));
const db = await openAppDatabase(path.join(dir, 'bench.db'));
const clock = { today: () => TODAY, now: () => new Date().toISOString() };
const ctx = appContext(db, clock);
const s = db.sqlite;
const now = '2025-01-01T00:00:00.000Z';

// --- setup (not measured)
const t0 = performance.now();
s.transaction(() => {
  s.prepare(`INSERT INTO orgs (id, name, type, parent_id, path, created_at, updated_at) VALUES (1, '中共某局委员会', '党委', NULL, '/1/', ?, ?)`).run(now, now);
  const org = s.prepare(`INSERT INTO orgs (id, name, type, parent_id, path, sort_order, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`);
  for (let g = 0; g < 10; g++) org.run(2 + g, `第${g + 1}党总支`, '党总支', 1, `/1/${2 + g}/`, g, now, now);
  for (let i = 0; i < ORGS; i++) org.run(100 + i, `第${(i % 10) + 1}党总支第${i + 1}党支部`, '党支部', 2 + (i % 10), `/1/${2 + (i % 10)}/${100 + i}/`, i, now, now);
  const m = s.prepare(`INSERT INTO members (id, name, name_pinyin, name_initials, id_number, gender, birth_date, category, joined_on, org_id,
    status, roll, left_on, is_lost, created_at, updated_at) VALUES (?, ?, ?, '', ?, '男', '1980-01-01', ?, ?, ?, '正常', ?, ?, 0, ?, ?)`);
  const e = s.prepare(`INSERT INTO member_events (member_id, type, date, from_org_id, to_org_id, recorded_at) VALUES (?, ?, ?, ?, ?, ?)`);
  const month = s.prepare(`INSERT INTO dues_months (member_id, month, org_id, standard_id, due_fen, paid_fen, status, waived, provisional, paid_on) VALUES (?, ?, ?, ?, ?, ?, ?, 0, 0, ?)`);
  const std = s.prepare(`INSERT INTO dues_standards (id, member_id, year, from_month, category, base_fen, rule_fen, amount_fen, rate_label, table_version, rounding, draft, assessed_on, created_at, updated_at)
    VALUES (?, ?, ?, ?, '在职', 500000, 5000, 5000, '1%', '2008', 'half-up', 0, ?, ?, ?)`);
  for (let i = 1; i <= MEMBERS; i++) {
    const orgId = 100 + (i % ORGS);
    const left = i % 97 === 0 ? `${YEAR}-07-01` : null;
    m.run(i, `党员${i}`, `dangyuan${String(i).padStart(6, '0')}`, `ID${String(i).padStart(16, '0')}`, i % 10 === 0 ? '预备党员' : '正式党员',
      i % 50 === 0 ? `${YEAR}-06-15` : `${1970 + (i % 50)}-0${1 + (i % 9)}`, orgId, left ? '转出' : '在册', left, now, now);
    if (left) e.run(i, '转出', left, orgId, null, now);
    if (i % 211 === 0) e.run(i, '转入', `${YEAR}-05-20`, null, orgId, now);
    if (i % 389 === 0) e.run(i, '调整', `${YEAR}-03-10`, 100 + ((i + 1) % ORGS), orgId, now);
    std.run(i, i, YEAR, `${YEAR}-01`, `${YEAR}-01-10`, now, now);
    for (let mo = 1; mo <= 12; mo++) {
      const mm = `${YEAR}-${String(mo).padStart(2, '0')}`;
      const paid = !(i % 20 === 0 && mo > 5);
      month.run(i, mm, orgId, i, 5000, paid ? 5000 : 0, paid ? '已交' : '未交', paid ? `${mm}-08` : null);
    }
  }
  const rem = s.prepare(`INSERT INTO dues_remittances (org_id, year, period, amount_fen, paid_on, recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?, '经办人', ?)`);
  const spend = s.prepare(`INSERT INTO dues_spending (org_id, year, kind, category, amount_fen, spent_on, to_org_id, decision_ref, approver, recorded_by, recorded_at)
    VALUES (1, ?, '下拨', '三会一课及主题党日等组织生活', ?, ?, ?, '党委会', '书记', '经办人', ?)`);
  for (let i = 0; i < ORGS; i++) {
    for (let q = 1; q <= 4; q++) rem.run(100 + i, YEAR, `${YEAR}-Q${q}`, 50_000 + i, `${YEAR}-${String(q * 3).padStart(2, '0')}-20`, now);
    spend.run(YEAR, 100_000 + i, `${YEAR}-06-30`, 100 + i, now);
  }

  // organizational life, written straight into the organizational-life module's tables
  s.exec(`INSERT INTO orglife_tags (name) VALUES ('二十大精神'), ('主题教育'), ('党纪学习教育')`);
  const TYPES = ['支部委员会', '党小组会', '主题党日', '支部党员大会', '党课', '组织生活会', '理论学习中心组学习', '专题部署会'];
  const act = s.prepare(`INSERT INTO orglife_activities (id, type, date, topic, first_topic, lecturer, lecturer_kind, hours, expected, present, on_leave,
    absent, excused, voting_expected, voting_present, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 30, 27, 3, 0, 0, 30, 27, ?, ?)`);
  const ao = s.prepare(`INSERT INTO orglife_activity_orgs (activity_id, org_id, date, type, counts, expected, present, on_leave, absent, excused) VALUES (?, ?, ?, ?, 1, 30, 27, 3, 0, 0)`);
  const tag = s.prepare(`INSERT INTO orglife_activity_tags (activity_id, tag_id) VALUES (?, ?)`);
  const att = s.prepare(`INSERT INTO orglife_attendance (activity_id, member_id, org_id, status, reason, voting) VALUES (?, ?, ?, ?, NULL, 1)`);
  // three years of activities, the last one being the year measured
  for (let a = 1; a <= ACTIVITIES; a++) {
    const y = YEAR - 2 + (a % 3);
    const date = `${y}-${String(1 + (a % 12)).padStart(2, '0')}-${String(1 + (a % 28)).padStart(2, '0')}`;
    const type = TYPES[a % TYPES.length];
    const org = type === '理论学习中心组学习' || type === '专题部署会' ? 1 : 100 + (a % ORGS);
    act.run(a, type, date, `专题${a}`, a % 5 === 0 ? '学习重要讲话精神' : null, a % 7 === 0 ? '某教授' : null, a % 7 === 0 ? '专家学者' : a % 11 === 0 ? '书记' : null, a % 4 === 0 ? 2 : null, now, now);
    ao.run(a, org, date, type);
    if (type === '主题党日' && a % 13 === 0) ao.run(a, 100 + ((a + 1) % ORGS), date, type); // joint
    if (a % 6 === 2) tag.run(a, 1 + (a % 5 === 0 ? 1 : 0));
    // ~30 attendance rows per activity (1.5 M in all): the branch's members
    if (org !== 1) for (let k = 0; k < 30; k++) att.run(a, org - 100 + 1 + k * ORGS, org, k % 10 === 0 ? '请假' : '出席');
  }
  const tr = s.prepare(`INSERT INTO orglife_trainings (id, title, kind, level, org_id, start_date, end_date, hours, created_at, updated_at) VALUES (?, ?, '党校示范培训班', ?, ?, ?, ?, 24, ?, ?)`);
  const tm = s.prepare(`INSERT INTO orglife_training_members (training_id, member_id) VALUES (?, ?)`);
  for (let t = 1; t <= 400; t++) {
    tr.run(t, `示范培训班${t}`, ['市', '县', '单位'][t % 3], 100 + (t % ORGS), `${YEAR}-${String(1 + (t % 12)).padStart(2, '0')}-05`, `${YEAR}-${String(1 + (t % 12)).padStart(2, '0')}-09`, now, now);
    for (let k = 0; k < 50; k++) tm.run(t, 1 + ((t * 50 + k) % MEMBERS));
  }
})();
s.pragma('optimize');
const count = (t: string) => (s.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n;
console.log(`setup: ${count('members').toLocaleString()} members, ${count('dues_months').toLocaleString()} member-months, ${count('orglife_activities').toLocaleString()} activities, ${count('orglife_attendance').toLocaleString()} attendance rows in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
const { id: campaignId } = (await dispatch(ctx, 'campaign.create', { name: `${YEAR}年专项整治`, year: YEAR, start: `${YEAR}-04-01`, end: `${YEAR}-09-30` })) as { id: number };
s.prepare(`UPDATE campaign_members SET screen_status = '已排查', screened_on = '${YEAR}-05-10', sign_status = CASE WHEN id % 3 THEN '已签订' ELSE '未签订' END,
  signed_on = CASE WHEN id % 3 THEN '${YEAR}-05-20' END WHERE campaign_id = ?`).run(campaignId);

if (process.env.BENCH_SETUP_ONLY) {
  await db.close();
  if (process.env.BENCH_KEEP) fs.copyFileSync(path.join(dir, 'bench.db'), process.env.BENCH_KEEP);
  fs.rmSync(dir, { recursive: true, force: true });
  process.exit(0);
}

// for comparison: the figures of core, dues and campaign alone (without organizational life and statistics)
const withoutNew: ServiceContext = createContext(db, {
  ...registry,
  figureSources: async () => (await registry.figureSources()).filter((x) => x.module !== 'orglife' && x.module !== 'stats'),
}, clock, { interactive: false });

const results: [string, number, number][] = [];
async function measure<T>(label: string, target: number, fn: () => Promise<T>, runs = 3): Promise<T> {
  const times: number[] = [];
  const cpu: number[] = [];
  let last: T | undefined;
  for (let i = 0; i < runs; i++) {
    const c = process.cpuUsage();
    const t = performance.now();
    last = await fn();
    times.push(performance.now() - t);
    const d = process.cpuUsage(c);
    cpu.push((d.user + d.system) / 1000);
  }
  times.sort((a, b) => a - b);
  cpu.sort((a, b) => a - b);
  const median = times[Math.floor(runs / 2)];
  results.push([label, median, target]);
  console.log(`${label.padEnd(58)} median ${median.toFixed(0).padStart(5)} ms wall (min ${times[0].toFixed(0)}), ${cpu[Math.floor(runs / 2)].toFixed(0).padStart(5)} ms cpu  ${target ? (median <= target ? 'ok' : `OVER ${target} ms`) : '(no target)'}`);
  return last as T;
}
console.log(`load average: ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} on ${os.cpus().length} CPUs`);

const call = (c: ServiceContext, name: string, input: unknown) => dispatch(c, name, input) as Promise<any>;
const input = { org: 1, period: String(YEAR) };
// the first call of a process loads the modules (docx, docxtemplater …): measured apart
await measure('first call of the process (loading; no target)', 0, () => call(ctx, 'report.figures', { ...input, track: false }), 1);
type Fig = { label: string; param?: string; value: unknown; module: string };
const show = (list: Fig[]) => list.map((f) => `${f.label}${f.param ? `（${f.param}）` : ''} ${f.value}`).join('，');
const base = await measure('  for comparison: core, dues, campaign only (no target)', 0, () => call(withoutNew, 'report.figures', { ...input, track: false }));
console.log(`  ${base.figures.length} figures: ${show(base.figures.slice(0, 4))} …`);
const o = await measure('all figures, whole committee, a year (every module)', 1000, () => call(ctx, 'report.figures', { ...input, track: false }));
console.log(`  ${o.figures.length} figures; orglife: ${show(o.figures.filter((f: Fig) => f.module === 'orglife').slice(0, 5))} …`);
console.log(`  stats: ${show(o.figures.filter((f: Fig) => f.module === 'stats'))}`);
await measure('  the same, remembered as a run (unchanged since the last)', 1000, () => call(ctx, 'report.figures', input));
await measure('all figures, H1 beside the year before (--compare)', 0, () => call(ctx, 'report.figures', { ...input, period: `${YEAR}-H1`, compare: `${YEAR - 1}-H1`, track: false }));
// a changed figure explains itself: one new payment, then a run
s.prepare(`UPDATE dues_months SET paid_fen = 5000, status = '已交' WHERE member_id = 20 AND month = '${YEAR}-06'`).run();
s.prepare(`INSERT INTO dues_payments (member_id, org_id, kind, paid_on, amount_fen, method, allocation, to_central, recorded_by, recorded_at) VALUES (20, 120, '交纳', '${YEAR}-12-30', 5000, '现金', '[]', 0, '经办人', ?)`).run(new Date().toISOString());
await measure('  a run after one payment (the change explained)', 1000, () => call(ctx, 'report.figures', input), 1);
await measure('the records of 党员总数 (100k records; no target)', 0, async () => (await call(ctx, 'report.explain', { ...input, key: 'members' })).total, 1);
await measure('the records of 转出党员数 (statistics; no target)', 0, async () => (await call(ctx, 'report.explain', { ...input, key: 'transfersOut' })).total, 1);
const doc = await measure('the Word draft (built-in), every module', 2000, () => call(ctx, 'report.docx', input));
console.log(`  ${doc.fileName}: ${(doc.bytes.length / 1024).toFixed(0)} KB`);

await db.close();
if (process.env.BENCH_KEEP) fs.copyFileSync(path.join(dir, 'bench.db'), process.env.BENCH_KEEP);
fs.rmSync(dir, { recursive: true, force: true });
const over = results.filter(([, ms, target]) => target && ms > target);
console.log(over.length ? `OVER TARGET: ${over.map(([l]) => l.trim()).join('; ')}` : 'all targeted steps within their targets');
