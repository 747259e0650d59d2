import type { AuditEntryDto } from '../contract/audit.ts';
import type { Tx } from './context.ts';
import type { Actor } from './actor.ts';

/** the module an audited entity belongs to (its name's first word), for the audit viewer's filter */
export function moduleOfEntity(entity: string): string {
  const head = entity.split('_')[0];
  if (head === 'dues' || head === 'campaign' || head === 'import' || head === 'safety' || head === 'report') return head;
  return 'core';
}

// The one history writer every module uses: who (the clerk's name, '' when none — never a placeholder), on
// which computer, when, what changed (old → new) (docs/safety.md#audit).
export async function audit(
  db: Tx,
  entry: { actor: Actor; entity: string; entityId: number; action: string; before?: unknown; after?: unknown; at: string },
): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      at: entry.at,
      actor: entry.actor.name,
      machine: entry.actor.machine || null,
      entity: entry.entity,
      entity_id: entry.entityId,
      action: entry.action,
      before: entry.before === undefined ? null : JSON.stringify(entry.before),
      after: entry.after === undefined ? null : JSON.stringify(entry.after),
      module: moduleOfEntity(entry.entity),
    })
    .execute();
}

/** only the keys whose values differ, for compact old → new history entries */
export function diffFields<T extends Record<string, unknown>>(before: T, after: T): { before: Partial<T>; after: Partial<T> } | null {
  const b: Partial<T> = {};
  const a: Partial<T> = {};
  for (const key of Object.keys(after) as (keyof T)[]) {
    if (JSON.stringify(before[key] ?? null) !== JSON.stringify(after[key] ?? null)) {
      b[key] = before[key];
      a[key] = after[key];
    }
  }
  return Object.keys(a).length ? { before: b, after: a } : null;
}

/** the history of records, newest first: the one mapper of audit rows every module shows */
export async function auditHistory(db: Tx, entity: string, entityIds: number | readonly number[], limit = 500): Promise<AuditEntryDto[]> {
  const ids = typeof entityIds === 'number' ? [entityIds] : [...entityIds];
  if (!ids.length) return [];
  const rows = await db
    .selectFrom('audit_log')
    .select(['id', 'at', 'actor', 'machine', 'action', 'before', 'after'])
    .where('entity', '=', entity)
    .where('entity_id', 'in', ids)
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    at: r.at,
    actor: r.actor ?? '',
    machine: r.machine ?? '',
    action: r.action,
    before: r.before ? (JSON.parse(r.before) as Record<string, unknown>) : null,
    after: r.after ? (JSON.parse(r.after) as Record<string, unknown>) : null,
  }));
}

/** several entities' histories merged, newest first */
export async function auditHistories(db: Tx, parts: { entity: string; ids: readonly number[] }[], limit = 500): Promise<AuditEntryDto[]> {
  const all = (await Promise.all(parts.map((p) => auditHistory(db, p.entity, p.ids, limit)))).flat();
  return all.sort((a, b) => b.id - a.id).slice(0, limit);
}
