import type { ServiceContext } from '../../../services/context.ts';
import { audit } from '../../../services/audit.ts';
import { actor as actorOf } from '../../../services/settings.ts';
import { AppError } from '../../../domain/errors.ts';

// Undo of an import batch (导入记录 → 撤销): removes the members it inserted, restores the fields it
// updated, and removes the organizations it created when they are empty again — all in one
// transaction, and refused with a clear message if any of those members was changed since (their
// updated_at is no longer the batch's time) or the batch was already undone.

interface Item {
  member_id: number;
  action: string;
  before: string | null;
  updated_at: string | null;
  name: string | null;
}

export async function undoBatch(ctx: ServiceContext, batchId: number): Promise<{ batchId: number; removed: number; restored: number }> {
  const sqlite = ctx.db.sqlite;
  return ctx.kysely.transaction().execute(async (trx) => {
    const batch = sqlite.prepare('SELECT * FROM import_batches WHERE id = ?').get(batchId) as
      | { id: number; created_at: string; undone_at: string | null; file_name: string; created_orgs: string }
      | undefined;
    if (!batch) throw new AppError('NOT_FOUND', `找不到导入批次：${batchId}`);
    if (batch.undone_at) throw new AppError('CONFLICT', `导入批次 ${batchId} 已于 ${batch.undone_at.slice(0, 19).replace('T', ' ')} 撤销，不能重复撤销`);
    // inserted members carry the batch id; updated ones have their previous values in import_batch_members
    const items = [
      ...(sqlite
        .prepare(`SELECT id AS member_id, 'inserted' AS action, NULL AS before, updated_at, name FROM members WHERE import_batch_id = ?`)
        .all(batchId) as Item[]),
      ...(sqlite
        .prepare(
          `SELECT i.member_id, i.action, i.before, m.updated_at, m.name
           FROM import_batch_members i LEFT JOIN members m ON m.id = i.member_id WHERE i.batch_id = ? AND i.action = 'updated'`,
        )
        .all(batchId) as Item[]),
    ];
    const changed = items.filter((i) => i.updated_at !== batch.created_at);
    if (changed.length) {
      const names = changed.slice(0, 5).map((i) => i.name ?? `#${i.member_id}（已删除）`).join('、');
      throw new AppError(
        'CONFLICT',
        `无法撤销：本批次导入的 ${changed.length} 名党员在导入后已被修改或删除（${names}${changed.length > 5 ? '等' : ''}），为避免覆盖这些修改，撤销已取消`,
      );
    }
    // members this batch added who have since got records of their own elsewhere (a signed 承诺书, a
    // screening): removing them would delete those records with them, so the undo is refused, naming them
    const added = items.filter((i) => i.action === 'inserted').map((i) => i.member_id);
    const held = added.length
      ? (sqlite
          .prepare(
            `SELECT m.name, c.name AS campaign, cm.screen_status, cm.sign_status, cm.not_signed_reason, cm.outcome
             FROM campaign_members cm JOIN members m ON m.id = cm.member_id JOIN campaigns c ON c.id = cm.campaign_id
             WHERE cm.member_id IN (SELECT value FROM json_each(?))
               AND (cm.screen_status <> '未排查' OR cm.sign_status <> '未签订' OR cm.not_signed_reason IS NOT NULL OR cm.outcome IS NOT NULL)
             ORDER BY m.name_pinyin, m.id`,
          )
          .all(JSON.stringify(added)) as { name: string; campaign: string; screen_status: string; sign_status: string; not_signed_reason: string | null; outcome: string | null }[])
      : [];
    if (held.length) {
      const what = (h: (typeof held)[number]) =>
        [h.sign_status === '已签订' ? '承诺书已签订' : h.not_signed_reason ? `承诺书未签（${h.not_signed_reason}）` : '', h.screen_status !== '未排查' ? '已排查' : '', h.outcome ? `已处置（${h.outcome}）` : '']
          .filter(Boolean)
          .join('、');
      const list = held.slice(0, 5).map((h) => `${h.name}：“${h.campaign}”${what(h)}`).join('；');
      throw new AppError(
        'CONFLICT',
        `无法撤销：本批次新增的党员中有 ${held.length} 人已有专项工作记录（${list}${held.length > 5 ? '等' : ''}），撤销会连同这些记录一起删除。请先在“信教排查与承诺书”中核对这些记录；撤销已取消，没有做任何修改`,
        'batchId',
        { members: held.map((h) => h.name) },
      );
    }
    // records of other modules resting on an added member (attendance, payments, the development
    // register …): each module names them, as for deleting a member by hand (the manifest's
    // memberDependents); only members that appear in a table referring to members, or that a module names
    // by other means (`among`), are asked — asking for each of 50,000 members would take half a minute
    const others = (await ctx.registry.memberDependents()).filter((d) => d.module !== 'campaign');
    const referring = (sqlite.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name <> 'member_events'`).all() as { name: string }[])
      .flatMap((t) =>
        (sqlite.prepare('SELECT "table" AS target, "from" AS col FROM pragma_foreign_key_list(?)').all(t.name) as { target: string; col: string }[])
          .filter((fk) => fk.target === 'members')
          .map((fk) => `SELECT "${fk.col}" AS member_id FROM "${t.name}"`),
      );
    const candidates = new Set<number>(
      added.length && referring.length && others.length
        ? (sqlite
            .prepare(`SELECT DISTINCT member_id FROM (${referring.join(' UNION ALL ')}) WHERE member_id IN (SELECT value FROM json_each(?))`)
            .all(JSON.stringify(added)) as { member_id: number }[]).map((r) => r.member_id)
        : [],
    );
    // records that name members without a foreign key: the module says whom they may concern
    for (const d of others) if (added.length && d.find.among) for (const id of await d.find.among(trx, added)) candidates.add(id);
    const nameOf = new Map(items.map((i) => [i.member_id, i.name]));
    const resting: { name: string; what: string[] }[] = [];
    for (const memberId of [...candidates].sort((a, b) => a - b)) {
      const what: string[] = [];
      for (const d of others) what.push(...(await d.find(ctx, trx, { memberId })).map((x) => `${d.title}：${x}`));
      if (what.length) resting.push({ name: nameOf.get(memberId) ?? `#${memberId}`, what });
    }
    if (resting.length) {
      const list = resting.slice(0, 5).map((r) => `${r.name}（${r.what.join('；')}）`).join('、');
      throw new AppError(
        'CONFLICT',
        `无法撤销：本批次新增的党员中有 ${resting.length} 人已有其他业务记录：${list}${resting.length > 5 ? '等' : ''}。撤销会连同这些记录一起删除，请先处理这些记录；撤销已取消，没有做任何修改`,
        'batchId',
        { members: resting.map((r) => r.name) },
      );
    }
    const del = sqlite.prepare('DELETE FROM members WHERE id = ?');
    let removed = 0;
    let restored = 0;
    try {
      for (const i of items) {
        if (i.action === 'inserted') {
          sqlite.prepare('DELETE FROM member_events WHERE member_id = ?').run(i.member_id);
          del.run(i.member_id);
          removed++;
        } else {
          const before = JSON.parse(i.before ?? '{}') as Record<string, unknown>;
          const cols = Object.keys(before);
          if (cols.length) {
            sqlite
              .prepare(`UPDATE members SET ${cols.map((c) => `${c} = ?`).join(', ')}, updated_at = ? WHERE id = ?`)
              .run(...cols.map((c) => before[c] as never), ctx.clock.now(), i.member_id);
          }
          restored++;
        }
      }
    } catch (e) {
      if (/FOREIGN KEY/i.test((e as Error).message)) {
        throw new AppError('CONFLICT', '无法撤销：本批次导入的党员已有其他业务记录（如党费、承诺书），请先处理这些记录');
      }
      throw e;
    }
    // organizations the batch created, when nothing lives in them now
    for (const name of JSON.parse(batch.created_orgs) as string[]) {
      const o = sqlite.prepare('SELECT id FROM orgs WHERE name = ?').get(name) as { id: number } | undefined;
      if (!o) continue;
      const used =
        sqlite.prepare('SELECT 1 FROM members WHERE org_id = ? LIMIT 1').get(o.id) ||
        sqlite.prepare('SELECT 1 FROM orgs WHERE parent_id = ? LIMIT 1').get(o.id);
      if (!used) {
        try {
          sqlite.prepare('DELETE FROM orgs WHERE id = ?').run(o.id);
        } catch {
          // referenced elsewhere (meetings, dues): keep it
        }
      }
    }
    const actor = await actorOf(trx);
    const now = ctx.clock.now();
    sqlite.prepare('UPDATE import_batches SET undone_at = ?, undone_by = ? WHERE id = ?').run(now, actor.name, batchId);
    await audit(trx, { actor, at: now, entity: 'import_batch', entityId: batchId, action: '撤销导入', after: { removed, restored } });
    return { batchId, removed, restored };
  });
}
