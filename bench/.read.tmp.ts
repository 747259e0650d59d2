import { openDatabase } from '../src-main/db/connection.ts';
import { createContext } from '../src-main/services/context.ts';
import { planRoster } from '../src-main/services/roster-export.ts';
const db = await openDatabase('/tmp/rosterbench/bench.db');
const ctx = createContext(db, { today: () => '2025-01-10', now: () => new Date().toISOString() });
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
for (let rep = 0; rep < 4; rep++) {
  const c = cpu(); let n = 0;
  const plan = await planRoster(ctx, {});
  for await (const m of plan.sheet.rows as AsyncIterable<unknown>) n++;
  console.log('planRoster rows streamed', n, (cpu() - c).toFixed(0));
}
