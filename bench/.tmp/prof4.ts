import fs from 'node:fs';
import { openDatabase } from '/work/main/src-main/db/connection.ts';
const file = '/tmp/camp100k.db';
const db = await openDatabase(file);
const c = db.sqlite.prepare('SELECT count(*) n FROM campaign_members').get();
console.log(c);
const time = (label: string, q: string, ...a: unknown[]) => { const t = performance.now(); const r = db.sqlite.prepare(q).all(...a); console.log(label, (performance.now() - t).toFixed(0), 'ms', r.length); return r; };
for (let k = 0; k < 2; k++) {
time('stamp', `SELECT (SELECT count(*) || ':' || coalesce(max(updated_at), '') FROM members) || '|' || (SELECT count(*) || ':' || coalesce(max(id), 0) FROM member_events) || '|' || (SELECT count(*) || ':' || coalesce(max(updated_at), '') || ':' || coalesce(max(id), 0) FROM orgs) AS s`);
time('group', `SELECT cm.org_id, o.name AS org, m.category, cm.left_on IS NOT NULL AS "left", cm.added_later, cm.screen_status,
      cm.screen_method, cm.sign_status, cm.finding, cm.religion, cm.outcome, count(*) AS n
    FROM campaign_members cm JOIN members m ON m.id = cm.member_id JOIN orgs o ON o.id = cm.org_id
    WHERE cm.campaign_id = 1 AND cm.in_scope = 1
    GROUP BY cm.org_id, m.category, 4, cm.added_later, cm.screen_status, cm.screen_method, cm.sign_status, cm.finding, cm.religion, cm.outcome`);
time('cand', `SELECT m.id, m.org_id, m.joined_on, m.left_on,
      (SELECT max(e.date) FROM member_events e WHERE e.member_id = m.id AND e.type = '转入') AS tin,
      (SELECT group_concat(e.date) FROM member_events e WHERE e.member_id = m.id AND e.type IN ('转出','死亡','出党')) AS leaves
    FROM members m`);
time('existing', `SELECT member_id, org_id, in_scope, added_later, arrived_on, left_on FROM campaign_members WHERE campaign_id = 1`);
}
console.log(db.sqlite.prepare(`EXPLAIN QUERY PLAN SELECT cm.org_id, m.category, count(*) FROM campaign_members cm JOIN members m ON m.id = cm.member_id JOIN orgs o ON o.id = cm.org_id WHERE cm.campaign_id = 1 AND cm.in_scope = 1 GROUP BY cm.org_id, m.category`).all().map((r: any) => r.detail));
await db.close();
