import type { CoverDto, JobMappingDto, StatsTableDto } from '../contract.ts';
import { AppError } from '../../../domain/errors.ts';
import { isIsoDay } from '../../../domain/periods.ts';
import { audit } from '../../../services/audit.ts';
import type { ServiceContext, Tx } from '../../../services/context.ts';
import { orgScope, type OrgRow } from '../../../services/refs.ts';
import { actor as currentActor, getSettings } from '../../../services/settings.ts';
import { computeBalance, type AbsentMember, type Opening } from '../domain/balance.ts';
import { JOB_CODES, JOB_NAME_BY_CODE, suggestJobCode } from '../domain/codes.ts';
import { TABLE_NAMES, TABLE_TITLES, tableNameOf, type TableName } from '../domain/names.ts';
import type { StatMember } from '../domain/roster.ts';
import { BUILDERS, type StatsTableResult, type TableContext } from '../domain/tables.ts';
import { preparedMembers, readDevelopment, readDuesFacts, readJobMap, readJobTexts, readMembersById, readOrgs } from './read.ts';

// The statistical tables as of a statistics date (docs/domain/statistics.md): read once, counted by the
// pure table builders, checked, and signed off (上报) — refused while a check fails, line 六 of the balance
// among them (V32, docs/domain/statistics.md#balance-equation).

export interface TableQuery {
  name: string;
  org?: number | string | null;
  includeSubOrgs?: boolean;
  asOf: string;
}

interface Resolved {
  name: TableName;
  scope: { org: OrgRow; ids: number[] } | null;
  sub: boolean;
  asOf: string;
}

async function resolve(db: Tx, q: TableQuery): Promise<Resolved> {
  const name = tableNameOf(q.name);
  if (!name) {
    throw new AppError('VALIDATION', `没有名为“${q.name}”的统计表。可用：${TABLE_NAMES.map((n) => `${n}（${TABLE_TITLES[n]}）`).join('、')}`, 'name');
  }
  if (!isIsoDay(q.asOf)) throw new AppError('VALIDATION', `统计时点“${q.asOf}”不是有效日期（应为 YYYY-MM-DD，如 2026-12-31）`, 'asOf');
  const sub = q.includeSubOrgs !== false;
  const scope = await orgScope(db, q.org ?? null, sub);
  return { name, scope, sub, asOf: q.asOf };
}

export const previousYearEnd = (asOf: string): string => `${Number(asOf.slice(0, 4)) - 1}-12-31`;

const finalKey = (r: Resolved) => ({ name: r.name, org_id: r.scope?.org.id ?? 0, sub_orgs: r.sub ? 1 : 0, as_of: r.asOf });

/** a signed-off 党员数量变化情况 of last year's end for the same organization: the opening count and members */
async function openingOf(db: Tx, r: Resolved): Promise<{ opening: Opening; members: [number, string, string][] } | null> {
  const row = await db
    .selectFrom('stats_finals')
    .select(['result', 'member_ids'])
    .where('name', '=', 'stats-change')
    .where('org_id', '=', r.scope?.org.id ?? 0)
    .where('sub_orgs', '=', r.sub ? 1 : 0)
    .where('as_of', '=', previousYearEnd(r.asOf))
    .executeTakeFirst();
  if (!row?.member_ids) return null;
  const dto = JSON.parse(row.result) as StatsTableDto;
  const e8 = dto.rows.find((x) => x.code === 'E8')?.values[0] ?? 0;
  const members = JSON.parse(row.member_ids) as [number, string, string][];
  return { opening: { total: e8, memberIds: new Set(members.map((m) => m[0])) }, members };
}

/** counts a table from the registry as it is now (not what was signed off) */
async function compute(ctx: ServiceContext, r: Resolved): Promise<{ result: StatsTableResult; endMembers: [number, string, string][] | null }> {
  const db = ctx.kysely;
  const needsMembers = r.name !== 'stats-orgs' && r.name !== 'stats-activists';
  const [orgs, jobMap] = await Promise.all([readOrgs(db), readJobMap(db)]);
  const members = needsMembers ? preparedMembers(ctx.db.sqlite, r.scope?.ids ?? null) : [];
  const orgName = new Map(orgs.map((o) => [o.id, o.name]));
  const codes = new Map<string, string | null>();
  const jobCode = (m: StatMember): string | null => {
    const raw = m.jobPosition;
    if (!raw) return null;
    let code = codes.get(raw);
    if (code === undefined) {
      const t = raw.trim();
      codes.set(raw, (code = JOB_CODES[t] ?? (JOB_NAME_BY_CODE[t] ? t : (jobMap.get(t) ?? null))));
    }
    return code;
  };
  const scope = r.scope ? new Set(r.scope.ids) : null;
  const prevEnd = previousYearEnd(r.asOf);
  const c: TableContext = { asOf: r.asOf, previousYearEnd: prevEnd, scope, scopeOrgId: r.scope?.org.id ?? null, members, orgs, jobCode };
  const needsBalance = r.name === 'stats-change' || r.name === 'stats-development' || r.name === 'stats-exits';
  let endMembers: [number, string, string][] | null = null;
  if (needsBalance) {
    const open = r.name === 'stats-change' ? await openingOf(db, r) : null;
    let absent: AbsentMember[] = [];
    if (open) {
      const read = new Set(members.map((m) => m.id));
      const missing = open.members.filter(([id]) => !read.has(id));
      const found = new Map((await readMembersById(db, missing.map(([id]) => id))).map((m) => [m.id, m]));
      absent = missing.map(([id, name, idNumber]) => ({ memberId: id, name, idNumber, orgId: found.get(id)?.orgId ?? null }));
    }
    c.balance = computeBalance(members, scope, prevEnd, r.asOf, { opening: open?.opening ?? null, absent, orgName: (id) => (id === null ? '' : (orgName.get(id) ?? '')) });
    c.openingNote = open
      ? `上年底总数取自已上报的${prevEnd.slice(0, 4)}年12月31日党员数量变化情况（本年底实有数 ${open.opening.total} 名）`
      : `上年底总数按党员信息和变动记录计算（${prevEnd.slice(0, 4)}年12月31日的党员数量变化情况尚未上报）`;
    const byId = new Map(members.map((m) => [m.id, m]));
    endMembers = c.balance.endMembers.map((id) => [id, byId.get(id)!.name, byId.get(id)!.idNumber]);
  }
  if (r.name === 'stats-basic') c.dues = await readDuesFacts(db, `${r.asOf.slice(0, 4)}-01-01`, r.asOf);
  if (r.name === 'stats-activists') c.dev = await readDevelopment(db);
  return { result: BUILDERS[r.name](c), endMembers };
}

function toDto(result: StatsTableResult, r: Resolved, finalized: StatsTableDto['finalized']): StatsTableDto {
  return {
    name: result.name,
    title: result.title,
    asOf: result.asOf,
    periodStart: result.periodStart,
    org: r.scope?.org.name ?? '全部党组织',
    orgId: r.scope?.org.id ?? null,
    includeSubOrgs: r.sub,
    bandVersion: result.bandVersion,
    columns: result.header.map((h) => h.label),
    header: result.header,
    rows: result.rows,
    checks: result.checks,
    ...(result.list ? { list: result.list } : {}),
    finalized,
  };
}

async function storedFinal(db: Tx, r: Resolved): Promise<StatsTableDto | null> {
  const k = finalKey(r);
  const row = await db
    .selectFrom('stats_finals')
    .select(['result', 'finalized_at', 'finalized_by'])
    .where('name', '=', k.name)
    .where('org_id', '=', k.org_id)
    .where('sub_orgs', '=', k.sub_orgs)
    .where('as_of', '=', k.as_of)
    .executeTakeFirst();
  if (!row) return null;
  return { ...(JSON.parse(row.result) as StatsTableDto), finalized: { at: row.finalized_at, by: row.finalized_by ?? '' } };
}

/** stats.table: the signed-off table if there is one, else counted now */
export async function statsTable(ctx: ServiceContext, q: TableQuery): Promise<StatsTableDto> {
  const r = await resolve(ctx.kysely, q);
  const final = await storedFinal(ctx.kysely, r);
  if (final) return final;
  return toDto((await compute(ctx, r)).result, r, null);
}

/** stats.finalize: signs the table off, refused while a check fails */
export async function finalizeTable(ctx: ServiceContext, q: TableQuery): Promise<StatsTableDto> {
  const r = await resolve(ctx.kysely, q);
  if (await storedFinal(ctx.kysely, r)) throw new AppError('CONFLICT', `${TABLE_TITLES[r.name]}（${r.asOf}）已上报；如需重新上报，请先撤销上报`);
  const { result, endMembers } = await compute(ctx, r);
  const failed = result.checks.filter((c) => c.level === 'error' && !c.ok);
  if (failed.length) {
    const lines = failed.map((f) => {
      const who = f.members?.length ? `：${f.members.slice(0, 5).map((m) => `${m.name}（${m.reason ?? m.org}）`).join('；')}${f.members.length > 5 ? ` 等${f.members.length}人` : ''}` : '';
      return `${f.rule}${who}`;
    });
    const diff = result.name === 'stats-change' ? result.rows.find((x) => x.code === null)?.values[0] ?? 0 : 0;
    const lead = diff !== 0 ? `本年底实有数与应有数不符（相差 ${diff > 0 ? '+' : ''}${diff}），不能上报。` : `${TABLE_TITLES[r.name]}校验未通过，不能上报。`;
    throw new AppError('CONFLICT', `${lead}${lines.join('\n')}`, 'name', { checks: failed });
  }
  const now = ctx.clock.now();
  const dto = toDto(result, r, null);
  await ctx.kysely.transaction().execute(async (trx) => {
    const who = await currentActor(trx);
    const actor = who.name;
    await trx.insertInto('stats_finals').values({
      ...finalKey(r), result: JSON.stringify(dto), member_ids: endMembers ? JSON.stringify(endMembers) : null, finalized_at: now, finalized_by: actor,
    }).execute();
    await audit(trx, { actor: who, at: now, entity: 'stats_final', entityId: r.scope?.org.id ?? 0, action: `上报：${TABLE_TITLES[r.name]}（${r.asOf}）`, after: { org: dto.org, asOf: r.asOf } });
  });
  return (await storedFinal(ctx.kysely, r))!;
}

/** stats.unfinalize: takes a signed-off table back (audited); it is counted afresh again */
export async function unfinalizeTable(ctx: ServiceContext, q: TableQuery): Promise<StatsTableDto> {
  const r = await resolve(ctx.kysely, q);
  const k = finalKey(r);
  const now = ctx.clock.now();
  await ctx.kysely.transaction().execute(async (trx) => {
    const gone = await trx.deleteFrom('stats_finals').where('name', '=', k.name).where('org_id', '=', k.org_id).where('sub_orgs', '=', k.sub_orgs).where('as_of', '=', k.as_of).executeTakeFirst();
    if (!gone.numDeletedRows) throw new AppError('NOT_FOUND', `${TABLE_TITLES[r.name]}（${r.asOf}）尚未上报`);
    const who = await currentActor(trx);
    const actor = who.name;
    await audit(trx, { actor: who, at: now, entity: 'stats_final', entityId: k.org_id, action: `撤销上报：${TABLE_TITLES[r.name]}（${r.asOf}）` });
  });
  return statsTable(ctx, q);
}

// ---------------------------------------------------------------------------------------------
// the cover (docs/domain/statistics.md#basics)

export async function getCover(ctx: ServiceContext, q: { org?: number | string | null; asOf: string }): Promise<CoverDto> {
  const scope = await orgScope(ctx.kysely, q.org ?? null);
  const orgId = scope?.org.id ?? 0;
  const row = await ctx.kysely.selectFrom('stats_covers').selectAll().where('org_id', '=', orgId).where('as_of', '=', q.asOf).executeTakeFirst();
  const s = await getSettings(ctx.kysely);
  return {
    orgId: scope?.org.id ?? null,
    asOf: q.asOf,
    reportingUnit: row?.reporting_unit ?? (scope?.org.name || s.effectiveReportingUnit),
    principal: row?.principal ?? s.principal,
    clerk: row?.clerk ?? s.clerkName,
    reportedOn: row?.reported_on ?? '',
    phone: row?.phone ?? s.clerkPhone,
  };
}

export async function saveCover(
  ctx: ServiceContext,
  q: { org?: number | string | null; asOf: string; reportingUnit?: string | null; principal?: string | null; clerk?: string | null; reportedOn?: string | null; phone?: string | null },
): Promise<CoverDto> {
  if (!isIsoDay(q.asOf)) throw new AppError('VALIDATION', '统计时点应为 YYYY-MM-DD', 'asOf');
  if (q.reportedOn && !isIsoDay(q.reportedOn)) throw new AppError('VALIDATION', '报出时间应为 YYYY-MM-DD', 'reportedOn');
  const before = await getCover(ctx, q);
  const orgId = before.orgId ?? 0;
  const pick = (v: string | null | undefined, old: string) => (v === undefined ? old : (v ?? '').trim());
  const after = {
    reporting_unit: pick(q.reportingUnit, before.reportingUnit),
    principal: pick(q.principal, before.principal),
    clerk: pick(q.clerk, before.clerk),
    reported_on: pick(q.reportedOn, before.reportedOn),
    phone: pick(q.phone, before.phone),
  };
  const now = ctx.clock.now();
  await ctx.kysely.transaction().execute(async (trx) => {
    await trx.insertInto('stats_covers').values({ org_id: orgId, as_of: q.asOf, ...after, updated_at: now })
      .onConflict((oc) => oc.columns(['org_id', 'as_of']).doUpdateSet({ ...after, updated_at: now })).execute();
    await audit(trx, { actor: await currentActor(trx), at: now, entity: 'stats_cover', entityId: orgId, action: `统计报表封面（${q.asOf}）`, before, after });
  });
  return getCover(ctx, q);
}

// ---------------------------------------------------------------------------------------------
// free-text 工作岗位 → code, confirmed by the clerk (docs/domain/statistics.md#occupation-rows)

export async function jobMappings(ctx: ServiceContext): Promise<JobMappingDto[]> {
  const [texts, map] = await Promise.all([readJobTexts(ctx.kysely), readJobMap(ctx.kysely)]);
  const out: JobMappingDto[] = [];
  for (const { text, count } of texts) {
    if (JOB_CODES[text] || JOB_NAME_BY_CODE[text]) continue;
    const code = map.get(text) ?? null;
    const suggestion = code ? null : suggestJobCode(text);
    out.push({ text, count, code, codeName: code ? JOB_NAME_BY_CODE[code] : null, suggestion, suggestionName: suggestion ? JOB_NAME_BY_CODE[suggestion] : null });
  }
  // confirmed mappings of values no longer on the roll stay listed (they are remembered)
  const listed = new Set(out.map((o) => o.text));
  for (const [text, code] of map) {
    if (!listed.has(text)) out.push({ text, count: 0, code, codeName: JOB_NAME_BY_CODE[code] ?? null, suggestion: null, suggestionName: null });
  }
  return out;
}

export async function mapJob(ctx: ServiceContext, input: { text: string; code: string }): Promise<JobMappingDto[]> {
  const text = input.text.trim();
  if (!text) throw new AppError('VALIDATION', '请填写原工作岗位', 'text');
  const c = input.code.trim();
  const code = JOB_NAME_BY_CODE[c] ? c : JOB_CODES[c];
  if (!code) throw new AppError('VALIDATION', `“${input.code}”不是工作岗位代码或名称（如 0314 或 机关单位工勤岗位）`, 'code');
  const now = ctx.clock.now();
  await ctx.kysely.transaction().execute(async (trx) => {
    const who = await currentActor(trx);
    const actor = who.name;
    const before = await trx.selectFrom('stats_job_map').select('code').where('text', '=', text).executeTakeFirst();
    await trx.insertInto('stats_job_map').values({ text, code, confirmed_by: actor, confirmed_at: now })
      .onConflict((oc) => oc.column('text').doUpdateSet({ code, confirmed_by: actor, confirmed_at: now })).execute();
    await audit(trx, { actor: who, at: now, entity: 'stats_job_map', entityId: 0, action: `工作岗位对应：${text} → ${code} ${JOB_NAME_BY_CODE[code]}`, before: before ?? null, after: { text, code } });
  });
  return jobMappings(ctx);
}

export async function unmapJob(ctx: ServiceContext, input: { text: string }): Promise<JobMappingDto[]> {
  const now = ctx.clock.now();
  await ctx.kysely.transaction().execute(async (trx) => {
    const gone = await trx.deleteFrom('stats_job_map').where('text', '=', input.text.trim()).executeTakeFirst();
    if (!gone.numDeletedRows) throw new AppError('NOT_FOUND', `“${input.text}”没有已确认的对应`, 'text');
    await audit(trx, { actor: await currentActor(trx), at: now, entity: 'stats_job_map', entityId: 0, action: `取消工作岗位对应：${input.text}` });
  });
  return jobMappings(ctx);
}

export const listTables = () => TABLE_NAMES.map((name) => ({ name, title: TABLE_TITLES[name] }));
