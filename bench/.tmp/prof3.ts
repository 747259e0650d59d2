import { makeFixture } from '/work/main/tests/unit/campaign-fixture.ts';
import { sql } from '/work/main/node_modules/kysely/dist/index.js';
const f = await makeFixture();
const b = f.org('b');
f.db.sqlite.transaction(()=>{ for (let i=0;i<10000;i++) f.member({name:'m'+i, org:b, joinedOn:'2000-01'}); })();
const {id} = await f.call('campaign.create', {name:'c', year:2023, start:'2023-04-01', end:'2023-09-30'});
for (let k=0;k<3;k++){
let t=performance.now();
f.db.sqlite.prepare(`SELECT member_id, org_id, in_scope, added_later, arrived_on, left_on FROM campaign_members WHERE campaign_id = ?`).all(id);
console.log('raw existing', performance.now()-t); t=performance.now();
await sql`SELECT member_id, org_id, in_scope, added_later, arrived_on, left_on FROM campaign_members WHERE campaign_id = ${id}`.execute(f.ctx.kysely);
console.log('kysely existing', performance.now()-t); t=performance.now();
await f.ctx.kysely.transaction().execute(async trx => { await sql`SELECT member_id, org_id, in_scope, added_later, arrived_on, left_on FROM campaign_members WHERE campaign_id = ${id}`.execute(trx); });
console.log('kysely trx existing', performance.now()-t);
}
await f.close();
