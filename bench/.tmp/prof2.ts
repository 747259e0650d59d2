import { makeFixture } from '/work/main/tests/unit/campaign-fixture.ts';
import { sql } from '/work/main/node_modules/kysely/dist/index.js';
const f = await makeFixture();
const b = f.org('b');
f.db.sqlite.transaction(()=>{ for (let i=0;i<10000;i++) f.member({name:'m'+i, org:b, joinedOn:'2000-01'}); })();
const {id} = await f.call('campaign.create', {name:'c', year:2023, start:'2023-04-01', end:'2023-09-30'});
let t=performance.now();
const q = sql`SELECT m.id, m.org_id, m.joined_on, m.left_on,
      (SELECT max(e.date) FROM member_events e WHERE e.member_id = m.id AND e.type = ${'转入'}) AS tin,
      (SELECT group_concat(e.date) FROM member_events e WHERE e.member_id = m.id AND e.type IN (${sql.join(['转出','死亡','出党'].map(x=>sql.lit(x)))})) AS leaves
    FROM members m WHERE ${sql`1`}`;
await q.execute(f.ctx.kysely);
console.log('cand', performance.now()-t); t=performance.now();
console.log(f.db.sqlite.prepare(q.compile(f.ctx.kysely).sql.replace('?', "'转入'").replace(/^/, 'EXPLAIN QUERY PLAN ')).all().map((r:any)=>r.detail));
await sql`SELECT member_id, org_id, in_scope, added_later, arrived_on, left_on FROM campaign_members WHERE campaign_id = ${id}`.execute(f.ctx.kysely);
console.log('existing', performance.now()-t); t=performance.now();
await f.close();
