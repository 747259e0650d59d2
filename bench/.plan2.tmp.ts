import { openDatabase } from '../src-main/db/connection.ts';
import { createContext } from '../src-main/services/context.ts';
const db = await openDatabase('/tmp/rosterbench/bench.db');
const orig = db.sqlite.prepare.bind(db.sqlite);
(db.sqlite as any).prepare = (s: string) => { if (s.includes('pinyin')) { console.log(s); console.log(orig('explain query plan ' + s).all('在册', 15, 2000)); } return orig(s); };
const ctx = createContext(db, { today: () => '2025-01-10', now: () => new Date().toISOString() });
const B = await import('../src-main/services/roster-export.ts');
const plan = await B.planRoster(ctx, {});
let n = 0; for (const _ of plan.sheet.rows as Iterable<unknown>) if (++n > 3) break;
