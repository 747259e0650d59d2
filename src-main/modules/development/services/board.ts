import type { DevBoardBranch, DevBoardDto, DevDueEntry } from '../contract.ts';
import type { ReminderDto } from '../../../contract/reminders.ts';
import { daysBetween } from '../../../domain/partial-date.ts';
import { lastDay } from '../../../domain/periods.ts';
import type { ServiceContext, Tx } from '../../../services/context.ts';
import { orgScope } from '../../../services/refs.ts';
import { dueItems, type DueItem } from '../domain/rules.ts';
import { datesOf, type DevRow } from './people.ts';

// The board of the development pipeline (docs/domain/development.md#reminders): how many people are at
// each stage in each branch, who is due for what this month; and the same due items on the home page.

interface Active {
  row: DevRow;
  org: string;
  due: DueItem[];
}

async function activePeople(db: Tx, orgIds: readonly number[] | null, asOf: string, horizonDays: number): Promise<Active[]> {
  let q = db.selectFrom('dev_people as p').innerJoin('orgs as o', 'o.id', 'p.org_id').selectAll('p').select('o.name as org_name');
  if (orgIds) q = q.where('p.org_id', 'in', [...orgIds]);
  const rows = (await q.execute()) as (DevRow & { org_name: string })[];
  const reviews = rows.length
    ? await db.selectFrom('dev_reviews').select(['person_id', 'kind', 'date']).where('kind', '=', '培养考察').execute()
    : [];
  const byPerson = new Map<number, string[]>();
  for (const r of reviews) byPerson.set(r.person_id, [...(byPerson.get(r.person_id) ?? []), r.date]);
  return rows.map((row) => {
    const dates = datesOf(row, (byPerson.get(row.id) ?? []).map((date) => ({ id: 0, kind: '培养考察', date, reviewer: '', summary: '' })));
    return { row, org: row.org_name, due: dueItems(dates, asOf, horizonDays) };
  });
}

/** dev.board: per branch, and what falls due by the end of the month (or is overdue) */
export async function board(ctx: ServiceContext, q: { org?: number | string | null; asOf?: string | null }): Promise<DevBoardDto> {
  const db = ctx.kysely;
  const asOf = q.asOf ?? ctx.clock.today();
  const scope = await orgScope(db, q.org ?? null);
  const monthEnd = lastDay(asOf.slice(0, 7));
  const people = await activePeople(db, scope?.ids ?? null, asOf, daysBetween(asOf, monthEnd));
  let orgQuery = db.selectFrom('orgs').select(['id', 'name', 'type', 'path', 'sort_order']).where('type', 'in', ['党支部', '联合党支部', '党总支', '党委']);
  if (scope) orgQuery = orgQuery.where('id', 'in', scope.ids);
  const orgs = await orgQuery.execute();
  let probQuery = db.selectFrom('members').select(['org_id']).select((eb) => eb.fn.countAll<number>().as('n'))
    .where('category', '=', '预备党员').where('roll', '=', '在册').where('status', '=', '正常').groupBy('org_id');
  if (scope) probQuery = probQuery.where('org_id', 'in', scope.ids);
  const probationary = new Map((await probQuery.execute()).map((r) => [r.org_id, Number(r.n)]));
  const branches = new Map<number, DevBoardBranch>();
  const branchOf = (id: number, name: string) => {
    let b = branches.get(id);
    if (!b) branches.set(id, (b = { orgId: id, org: name, applicants: 0, activists: 0, candidates: 0, probationary: probationary.get(id) ?? 0 }));
    return b;
  };
  for (const o of orgs) if (o.type === '党支部' || o.type === '联合党支部' || probationary.has(o.id)) branchOf(o.id, o.name);
  for (const p of people) {
    const b = branchOf(p.row.org_id, p.org);
    if (p.row.stage === '入党申请人') b.applicants++;
    else if (p.row.stage === '入党积极分子') b.activists++;
    else if (p.row.stage === '发展对象') b.candidates++;
  }
  const order = new Map(orgs.map((o) => [o.id, `${o.path}`]));
  const due: DevDueEntry[] = people
    .flatMap((p) => p.due.map((d) => ({ ...d, idNumber: p.row.id_number, name: p.row.name, org: p.org, stage: p.row.stage })))
    .sort((a, b) => (a.due < b.due ? -1 : a.due > b.due ? 1 : a.name.localeCompare(b.name, 'zh')));
  return {
    asOf,
    branches: [...branches.values()].sort((a, b) => (order.get(a.orgId) ?? '').localeCompare(order.get(b.orgId) ?? '')),
    due,
  };
}

/** the home page (docs/domain/development.md#reminders): due within 30 days or overdue */
export async function developmentReminders(ctx: ServiceContext, q: { orgIds: number[] | null; asOf: string }): Promise<ReminderDto[]> {
  const people = await activePeople(ctx.kysely, q.orgIds, q.asOf, 30);
  return people.flatMap((p) => p.due.map((d) => ({
    module: 'development',
    kind: `dev-${d.kind}`,
    org: p.org,
    orgId: p.row.org_id,
    member: `${p.row.name}（${p.row.stage}）`,
    due: d.due,
    message: d.message,
    level: d.level,
  })));
}
