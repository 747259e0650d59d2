import { sql } from 'kysely';
import type { ServiceContext } from '../../../services/context.ts';
import type { JobHandle } from '../../../services/jobs.ts';
import { audit } from '../../../services/audit.ts';
import { actor as actorOf } from '../../../services/settings.ts';
import { loadBulkNameKeyer } from './name-keys.ts';
import { AppError } from '../../../domain/errors.ts';
import { classifyWriteError } from '../../../db/connection.ts';
import { memberColumnValues } from '../../../services/member-columns.ts';
import type { Plan } from './plan.ts';
import type { MappingOverrides } from './mapping.ts';

// Commit = ONE transaction under one import batch id (docs/architecture.md#data): organizations to create, new
// members, updated members with their previous values kept for undo, the batch record and the
// remembered mappings. Cancel, any error, or a killed process leaves the database exactly as before
// (SQLite rolls back an unfinished transaction on the next open).

export interface CommitCounts {
  inserted: number;
  updated: number;
  skipped: number;
  batchId: number | null;
}

const CHUNK = 2000;
class DryRunRollback extends Error {}

export async function commitPlan(
  ctx: ServiceContext,
  plan: Plan,
  opts: {
    fileName: string;
    mode: string;
    sheets: string[];
    dryRun?: boolean;
    rememberMappings?: Record<string, MappingOverrides>;
    warnings: number;
    job?: JobHandle;
  },
): Promise<CommitCounts> {
  const sqlite = ctx.db.sqlite;
  const now = ctx.clock.now();
  const toInsert = plan.rows.filter((r) => r.action === 'insert');
  const toUpdate = plan.rows.filter((r) => r.action === 'update');
  const total = toInsert.length + toUpdate.length;
  const keyer = toInsert.length || toUpdate.some((r) => r.changes!.some((c) => c.field === 'name')) ? await loadBulkNameKeyer() : null;
  const keysCache = new Map<string, { pinyin: string; initials: string }>();
  const keysOf = (name: string) => {
    let k = keysCache.get(name);
    if (!k) keysCache.set(name, (k = keyer!(name)));
    return k;
  };
  let result: CommitCounts = { inserted: 0, updated: 0, skipped: 0, batchId: null };
  // a bigger page cache while tens of thousands of rows go into five indexes (the default 2 MB makes
  // SQLite evict and re-read index pages); restored afterwards
  const cacheSize = sqlite.pragma('cache_size', { simple: true }) as number;
  if (plan.rows.length > 5000) sqlite.pragma(`cache_size = ${Math.min(cacheSize, -32768)}`); // never smaller (an encrypted database's is larger)
  try {
    await ctx.kysely.transaction().execute(async (trx) => {
      const actor = await actorOf(trx);
      // organizations the clerk chose to create, under --parent or at the top level
      const orgIds = new Map<number, number>();
      const createdNames: string[] = [];
      const insOrg = sqlite.prepare(
        `INSERT INTO orgs (name, type, parent_id, path, sort_order, created_at, updated_at) VALUES (?, ?, ?, '', 0, ?, ?)`,
      );
      const setPath = sqlite.prepare('UPDATE orgs SET path = ? WHERE id = ?');
      for (const o of plan.createOrgs) {
        const id = Number(insOrg.run(o.name, o.type, plan.parent?.id ?? null, now, now).lastInsertRowid);
        setPath.run(`${plan.parent?.path ?? '/'}${id}/`, id);
        orgIds.set(o.tempId, id);
        createdNames.push(o.name);
      }
      const orgOf = (id: number) => (id < 0 ? orgIds.get(id)! : id);

      const batchId = Number(
        sqlite
          .prepare(
            `INSERT INTO import_batches (file_name, mode, sheets, inserted, updated, skipped, rejected, warnings, created_orgs, actor, created_at)
             VALUES (?, ?, ?, 0, 0, 0, 0, 0, ?, ?, ?)`,
          )
          .run(opts.fileName, opts.mode, JSON.stringify(opts.sheets), JSON.stringify(createdNames), actor.name, now).lastInsertRowid,
      );

      const insMember = sqlite.prepare(
        `INSERT INTO members (name, name_pinyin, name_initials, id_number, id_needs_review, gender, ethnicity, birth_date,
           education, degree, category, joined_on, confirmed_on, org_id, job_position, work_unit, native_place, phone,
           landline, address, household_reg, party_post, work_start, status, is_lost, lost_on, is_mobile, outflow,
           remark, prof_title, taiwan, migrant_worker, new_stratum, self_care_unable, import_batch_id, created_at, updated_at)
         VALUES (@name, @name_pinyin, @name_initials, @id_number, @id_needs_review, @gender, @ethnicity, @birth_date,
           @education, @degree, @category, @joined_on, @confirmed_on, @org_id, @job_position, @work_unit, @native_place,
           @phone, @landline, @address, @household_reg, @party_post, @work_start, @status, @is_lost, @lost_on, @is_mobile,
           @outflow, @remark, @prof_title, @taiwan, @migrant_worker, @new_stratum, @self_care_unable, @import_batch_id, @created_at, @updated_at)`,
      );
      const insItem = sqlite.prepare('INSERT INTO import_batch_members (batch_id, member_id, action, before, after) VALUES (?, ?, ?, ?, ?)');
      let done = 0;
      const tick = async () => {
        if (++done % CHUNK === 0) {
          opts.job?.report(done, total, '正在写入数据库');
          await new Promise((r) => setImmediate(r));
          opts.job?.checkCancelled();
        }
      };
      for (const r of toInsert) {
        const m = r.source.member;
        const keys = keysOf(m.name);
        insMember.run({
          ...memberColumnValues(m),
          name_pinyin: keys.pinyin,
          name_initials: keys.initials,
          org_id: orgOf(r.orgId!),
          import_batch_id: batchId,
          created_at: now,
          updated_at: now,
        });
        // inserted members are found again by members.import_batch_id (no per-row undo record needed)
        await tick();
      }
      for (const r of toUpdate) {
        const before: Record<string, unknown> = {};
        const after: Record<string, unknown> = {};
        for (const c of r.changes!) {
          before[c.field] = c.old;
          after[c.field] = c.field === 'org_id' ? orgOf(c.new as number) : c.new;
        }
        if ('name' in after) {
          const keys = keysOf(after.name as string);
          after.name_pinyin = keys.pinyin;
          after.name_initials = keys.initials;
          const old = sqlite.prepare('SELECT name_pinyin, name_initials FROM members WHERE id = ?').get(r.existingId) as Record<string, unknown>;
          before.name_pinyin = old.name_pinyin;
          before.name_initials = old.name_initials;
        }
        const cols = Object.keys(after);
        sqlite
          .prepare(`UPDATE members SET ${cols.map((c) => `${c} = ?`).join(', ')}, updated_at = ? WHERE id = ?`)
          .run(...cols.map((c) => after[c] as never), now, r.existingId);
        insItem.run(batchId, r.existingId!, 'updated', JSON.stringify(before), JSON.stringify(after));
        await audit(trx, { actor, at: now, entity: 'member', entityId: r.existingId!, action: '导入更新', before, after });
        await tick();
      }
      const skipped = plan.rows.filter((r) => r.action === 'unchanged').length;
      result = { inserted: toInsert.length, updated: toUpdate.length, skipped, batchId };
      await sql`UPDATE import_batches SET inserted = ${toInsert.length}, updated = ${toUpdate.length}, skipped = ${skipped},
        rejected = ${plan.counts.rejected}, warnings = ${opts.warnings} WHERE id = ${batchId}`.execute(trx);
      await audit(trx, {
        actor,
        at: now,
        entity: 'import_batch',
        entityId: batchId,
        action: '导入党员',
        after: { fileName: opts.fileName, inserted: toInsert.length, updated: toUpdate.length, skipped, createdOrgs: createdNames },
      });
      for (const [signature, mapping] of Object.entries(opts.rememberMappings ?? {})) {
        if (!Object.keys(mapping).length) continue;
        sqlite
          .prepare('INSERT INTO import_mappings (signature, mapping, updated_at) VALUES (?, ?, ?) ON CONFLICT(signature) DO UPDATE SET mapping = excluded.mapping, updated_at = excluded.updated_at')
          .run(signature, JSON.stringify(mapping), now);
      }
      opts.job?.report(total, total, '正在提交');
      opts.job?.checkCancelled();
      if (opts.dryRun) throw new DryRunRollback();
    });
  } catch (e) {
    if (e instanceof DryRunRollback) return { ...result, batchId: null };
    const classified = classifyWriteError(e, ctx.db.file);
    if (classified instanceof AppError) throw classified;
    console.error(e);
    throw new AppError('INTERNAL', `导入失败，数据库未作任何修改（${(e as { code?: string }).code ?? '意外错误'}）`);
  } finally {
    sqlite.pragma(`cache_size = ${cacheSize}`);
  }
  return result;
}
