// temporary profiling script (removed afterwards)
import { openDatabase } from '../src-main/db/connection.ts';
import { createContext } from '../src-main/services/context.ts';
import { planRoster } from '../src-main/services/roster-export.ts';
import { writeWorkbook } from '../src-main/excel/layout.ts';
const db = await openDatabase('/tmp/rosterbench/bench.db');
const ctx = createContext(db, { today: () => '2025-01-10', now: () => new Date().toISOString() });
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
for (let rep = 0; rep < Number(process.env.REPS ?? 3); rep++) {
  const c = cpu(), t = performance.now();
  const b = await writeWorkbook([(await planRoster(ctx, {})).sheet]);
  console.log(`full export: cpu ${(cpu() - c).toFixed(0)} wall ${(performance.now() - t).toFixed(0)} ${b.length}`);
}
await db.close();
