import { openDatabase } from '../src-main/db/connection.ts';
const db = await openDatabase('/tmp/rosterbench/bench.db');
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
const kq = `select "m"."id", "m"."name_pinyin" as "pinyin", "m"."name", "m"."gender", "m"."ethnicity", "m"."id_number" as "idNumber", "m"."birth_date" as "birthDate", "m"."education", "m"."category", "o"."name" as "org", "m"."joined_on" as "joinedOn", "m"."confirmed_on" as "confirmedOn", "m"."job_position" as "jobPosition", "m"."work_unit" as "workUnit", "m"."native_place" as "nativePlace", "m"."phone", "m"."landline", "m"."address", "m"."status", "m"."is_lost" as "isLost", "m"."lost_on" as "lostOn", "m"."is_mobile" as "isMobile", "m"."outflow", "m"."roll", "m"."remark" from "members" as "m" inner join "orgs" as "o" on "o"."id" = "m"."org_id" where "m"."roll" = ? and "m"."org_id" = ? order by "m"."name_pinyin" asc, "m"."id" asc limit ?`;
const orgsTree = [1]; // approximate tree order
const kids = (p: number) => db.sqlite.prepare('select id from orgs where parent_id = ? order by sort_order, id').pluck().all(p) as number[];
const walk = (id: number) => { for (const c of kids(id)) { orgsTree.push(c); walk(c); } };
walk(1);
const prag = process.argv[2]; if (prag) console.log(prag, db.sqlite.pragma(prag));
for (let rep = 0; rep < 3; rep++) {
  for (const [label, order, keep, iterate] of [['id order', [...Array(200).keys()].map((i) => i + 1), false, false], ['tree order', orgsTree, false, false], ['tree + iterate rows', orgsTree, false, true]] as const) {
    const st = db.sqlite.prepare(kq);
    const c = cpu(); let k = 0;
    for (const o of order) { const page = st.all(['在册', o, 2000]) as any[]; if (iterate) { for (const r of page) if (r.gender === '女') k++; } else k += page.length; }
    console.log(label, k, (cpu() - c).toFixed(0));
  }
}
