import { sql } from 'kysely';
import type { ServiceContext } from '../../../services/context.ts';
import type { AuditFilters, AuditRow } from '../contract.ts';
import { FIELD_LABELS } from '../../../domain/field-labels.ts';

/** actions some modules record by an English word, shown in Chinese */
const ACTION_LABELS: Record<string, string> = { create: '新增', update: '修改', delete: '删除', move: '调整组织关系', event: '记录事件' };
/** field keys in the recorded values, shown by their Chinese names where known */
const KEY_LABELS: Record<string, string> = { ...FIELD_LABELS, org_id: '所在党组织', fileName: '文件', inserted: '新增', updated: '更新', skipped: '跳过', createdOrgs: '新建组织' };

// 操作记录: the shared audit log, filtered by person, module and dates (docs/safety.md#audit).

export interface AuditQuery {
  person?: string | null;
  module?: string | null;
  from?: string | null;
  to?: string | null;
  limit?: number;
  offset?: number;
}

function filtered(ctx: ServiceContext, q: AuditQuery) {
  let b = ctx.kysely.selectFrom('audit_log');
  if (q.person) b = b.where(sql<string>`coalesce(actor, '')`, '=', q.person);
  if (q.module) b = b.where(sql<string>`coalesce(module, 'core')`, '=', q.module);
  // `at` is an ISO timestamp (UTC); the dates are the clerk's calendar days, so compare on local time
  if (q.from) b = b.where(sql<string>`date(at, 'localtime')`, '>=', q.from);
  if (q.to) b = b.where(sql<string>`date(at, 'localtime')`, '<=', q.to);
  return b;
}

export async function listAudit(ctx: ServiceContext, q: AuditQuery): Promise<{ rows: AuditRow[]; total: number }> {
  const titles = new Map(ctx.registry.modules().map((m) => [m.name, m.title]));
  const total = Number((await filtered(ctx, q).select((e) => e.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const rows = await filtered(ctx, q)
    .selectAll()
    .orderBy('id', 'desc')
    .limit(q.limit ?? 500)
    .offset(q.offset ?? 0)
    .execute();
  return {
    total,
    rows: rows.map((r) => withSummary({
      id: r.id,
      at: r.at,
      actor: r.actor ?? '',
      machine: r.machine ?? '',
      module: r.module ?? 'core',
      moduleTitle: titles.get(r.module ?? 'core') ?? r.module ?? '',
      entity: r.entity,
      entityId: r.entity_id,
      action: ACTION_LABELS[r.action] ?? r.action,
      before: r.before ? (JSON.parse(r.before) as Record<string, unknown>) : null,
      after: r.after ? (JSON.parse(r.after) as Record<string, unknown>) : null,
    })),
  };
}

const withSummary = (r: Omit<AuditRow, 'summary'>): AuditRow => ({ ...r, summary: describeChange(r) });

export async function auditFilters(ctx: ServiceContext): Promise<AuditFilters> {
  const people = await ctx.kysely.selectFrom('audit_log').select(sql<string>`coalesce(actor, '')`.as('v')).distinct().orderBy('v').execute();
  const machines = await ctx.kysely.selectFrom('audit_log').select(sql<string>`coalesce(machine, '')`.as('v')).distinct().orderBy('v').execute();
  return {
    people: people.map((r) => r.v).filter(Boolean),
    machines: machines.map((r) => r.v).filter(Boolean),
    modules: ctx.registry.modules(),
  };
}

/** a short Chinese line for an entry's change (the export's 内容 column) */
export function describeChange(r: Pick<AuditRow, 'before' | 'after'>): string {
  const show = (o: Record<string, unknown> | null) =>
    o ? Object.entries(o).map(([k, v]) => `${KEY_LABELS[k] ?? k}：${typeof v === 'object' ? JSON.stringify(v) : String(v)}`).join('，') : '';
  const b = show(r.before);
  const a = show(r.after);
  return b && a ? `${b} → ${a}` : a || b;
}
