// temporary profiling script (removed afterwards)
import { openDatabase } from '../src-main/db/connection.ts';
import { createContext } from '../src-main/services/context.ts';
import { planRoster } from '../src-main/services/roster-export.ts';
import { writeWorkbook } from '../src-main/excel/layout.ts';
import { writeBareWorkbook } from '../src-main/excel/bare-write.ts';
import type { MemberDto } from '../src-main/contract/core.ts';
const db = await openDatabase('/tmp/rosterbench/bench.db');
const ctx = createContext(db, { today: () => '2025-01-10', now: () => new Date().toISOString() });
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
const what = process.argv[2] ?? 'all';
for (let rep = 0; rep < Number(process.env.REPS ?? 2); rep++) {
  let c = cpu(), t = performance.now();
  const plan = await planRoster(ctx, {});
  const rows: MemberDto[] = [];
  for await (const m of plan.sheet.rows as AsyncIterable<MemberDto>) rows.push(m);
  console.log(`read rows ${rows.length}: cpu ${(cpu() - c).toFixed(0)} wall ${(performance.now() - t).toFixed(0)}`);
  if (what === 'read') continue;
  c = cpu(); t = performance.now();
  await writeWorkbook([{ ...plan.sheet, rows }]);
  console.log(`layout write from memory: cpu ${(cpu() - c).toFixed(0)} wall ${(performance.now() - t).toFixed(0)}`);
  c = cpu(); t = performance.now();
  await writeWorkbook([(await planRoster(ctx, {})).sheet]);
  console.log(`full export: cpu ${(cpu() - c).toFixed(0)} wall ${(performance.now() - t).toFixed(0)}`);
  c = cpu(); t = performance.now();
  await writeBareWorkbook([{ ...plan.sheet, rows }]);
  console.log(`bare: cpu ${(cpu() - c).toFixed(0)} wall ${(performance.now() - t).toFixed(0)}`);
}
await db.close();
