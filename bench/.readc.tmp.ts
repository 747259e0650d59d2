import { openDatabase } from '../src-main/db/connection.ts';
import { createContext } from '../src-main/services/context.ts';
import * as B from '../src-main/services/roster-export.ts';
const db = await openDatabase('/tmp/rosterbench/bench.db');
const ctx = createContext(db, { today: () => '2025-01-10', now: () => new Date().toISOString() });
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
for (let rep = 0; rep < 6; rep++) {
  const c2 = cpu();
  const st = db.sqlite.prepare(`select m.id, m.name_pinyin as pinyin, m.name, m.gender, m.ethnicity, m.id_number as idNumber, m.birth_date as birthDate, m.education, m.category, o.name as org, m.joined_on as joinedOn, m.confirmed_on as confirmedOn, m.job_position as jobPosition, m.work_unit as workUnit, m.native_place as nativePlace, m.phone, m.landline, m.address, m.status, m.is_lost as isLost, m.lost_on as lostOn, m.is_mobile as isMobile, m.outflow, m.roll, m.remark from members m join orgs o on o.id = m.org_id where m.roll = ? and m.org_id = ? order by m.name_pinyin, m.id limit 2000`);
  let k = 0; for (let o = 1; o <= 200; o++) k += st.all('在册', o).length;
  const c3 = cpu();
  const c = cpu();
  const plan = await B.planRoster(ctx, {});
  const c4 = cpu();
  let n = 0; for (const _ of plan.sheet.rows as Iterable<unknown>) n++;
  const c5 = cpu();
  console.log('raw', k, (c3 - c2).toFixed(0), 'plan', (c4 - c).toFixed(0), 'rows', n, (c5 - c4).toFixed(0));
}
