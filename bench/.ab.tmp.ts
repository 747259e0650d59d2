import { openDatabase } from '../src-main/db/connection.ts';
import { createContext } from '../src-main/services/context.ts';
import * as A from '../src-main/services/.roster-export-orig.tmp.ts';
import * as B from '../src-main/services/roster-export.ts';
import { writeWorkbook } from '../src-main/excel/layout.ts';
const db = await openDatabase('/tmp/rosterbench/bench.db');
const ctx = createContext(db, { today: () => '2025-01-10', now: () => new Date().toISOString() });
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
const mode = process.argv[2] ?? 'read';
const best: Record<string, number[]> = { A: [], B: [] };
for (let rep = 0; rep < Number(process.env.REPS ?? 6); rep++) {
  for (const [k, M] of [['A', A], ['B', B]] as const) {
    const c = cpu();
    const plan = await M.planRoster(ctx, {});
    if (mode === 'read') { let n = 0; for await (const _ of plan.sheet.rows as AsyncIterable<unknown>) n++; }
    else await writeWorkbook([plan.sheet as any]);
    best[k].push(cpu() - c);
  }
}
for (const k of ['A', 'B']) console.log(mode, k, best[k].map((x) => x.toFixed(0)).join(' '), 'min', Math.min(...best[k]).toFixed(0));
