import { createHash } from 'node:crypto';
import { AppError } from '../../../domain/errors.ts';
import type { FileResult } from '../../../contract/define.ts';
import type { ServiceContext, Tx } from '../../../services/context.ts';
import { audit } from '../../../services/audit.ts';
import { currentActor } from '../../../services/settings.ts';
import { ATTACH_MAX_BYTES, ATTACH_MAX_FILES, ATTACH_MAX_TOTAL, baseFileName, mimeOf, sizeText } from '../domain/attachments.ts';
import type { AttachmentDto } from '../contract.ts';
import { AUDIT_ACTIVITY, inTx } from './common.ts';

// Attachments stored as BLOBs beside their activity (docs/domain/org-life.md#attachments): written in
// the same transaction as the record, copied with the one database file, never a path that breaks when
// a USB stick is gone.

export interface FileIn {
  fileName: string;
  bytes: Uint8Array;
}

/** checks the limits, then stores the files; `field` names the input for the message */
export async function storeAttachments(trx: Tx, activityId: number, files: readonly FileIn[], now: string, field = 'attachments'): Promise<AttachmentDto[]> {
  if (!files.length) return [];
  const existing = await trx
    .selectFrom('orglife_attachments')
    .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.coalesce(eb.fn.sum<number>('size'), eb.val(0)).as('bytes')])
    .where('activity_id', '=', activityId)
    .executeTakeFirstOrThrow();
  let count = Number(existing.n);
  let total = Number(existing.bytes);
  const out: AttachmentDto[] = [];
  for (const [i, f] of files.entries()) {
    const name = baseFileName(f.fileName);
    const at = files.length > 1 ? `「附件」第${i + 1}项` : '「附件」';
    if (!name) throw new AppError('VALIDATION', `${at}缺少文件名`, field);
    if (f.bytes.byteLength === 0) throw new AppError('VALIDATION', `${at}“${name}”是空文件`, field);
    if (f.bytes.byteLength > ATTACH_MAX_BYTES) {
      throw new AppError('VALIDATION', `${at}“${name}”有 ${sizeText(f.bytes.byteLength)}，超过单个附件 ${sizeText(ATTACH_MAX_BYTES)} 的上限（照片请先压缩）`, field);
    }
    count++;
    total += f.bytes.byteLength;
    if (count > ATTACH_MAX_FILES) throw new AppError('VALIDATION', `每次活动最多 ${ATTACH_MAX_FILES} 个附件`, field);
    if (total > ATTACH_MAX_TOTAL) throw new AppError('VALIDATION', `每次活动的附件合计不能超过 ${sizeText(ATTACH_MAX_TOTAL)}`, field);
    const sha256 = createHash('sha256').update(f.bytes).digest('hex');
    const row = await trx
      .insertInto('orglife_attachments')
      .values({ activity_id: activityId, file_name: name, mime: mimeOf(name), size: f.bytes.byteLength, sha256, data: f.bytes, added_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    out.push({ id: row.id, fileName: name, mime: mimeOf(name), size: f.bytes.byteLength, addedAt: now });
  }
  return out;
}

export async function listAttachments(db: Tx, activityId: number): Promise<AttachmentDto[]> {
  const rows = await db
    .selectFrom('orglife_attachments')
    .select(['id', 'file_name', 'mime', 'size', 'added_at'])
    .where('activity_id', '=', activityId)
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ id: r.id, fileName: r.file_name, mime: r.mime, size: r.size, addedAt: r.added_at }));
}

export async function attach(ctx: ServiceContext, input: { activityId: number; fileName: string; bytes: Uint8Array }): Promise<AttachmentDto> {
  return inTx(ctx, async (trx) => {
    const a = await trx.selectFrom('orglife_activities').select('id').where('id', '=', input.activityId).executeTakeFirst();
    if (!a) throw new AppError('NOT_FOUND', `找不到该活动记录（编号 ${input.activityId}）`, 'activityId');
    const now = ctx.clock.now();
    const [dto] = await storeAttachments(trx, a.id, [input], now, 'bytes');
    await audit(trx, { actor: await currentActor(trx), at: now, entity: AUDIT_ACTIVITY, entityId: a.id, action: '添加附件', after: { file: dto.fileName, size: dto.size } });
    return dto;
  });
}

export async function attachment(ctx: ServiceContext, id: number): Promise<FileResult> {
  const r = await ctx.kysely.selectFrom('orglife_attachments').select(['file_name', 'data']).where('id', '=', id).executeTakeFirst();
  if (!r) throw new AppError('NOT_FOUND', `找不到该附件（编号 ${id}）`, 'id');
  return { fileName: r.file_name, bytes: new Uint8Array(r.data) };
}

export async function detach(ctx: ServiceContext, id: number): Promise<{ deleted: true }> {
  return inTx(ctx, async (trx) => {
    const r = await trx.selectFrom('orglife_attachments').select(['activity_id', 'file_name', 'size']).where('id', '=', id).executeTakeFirst();
    if (!r) throw new AppError('NOT_FOUND', `找不到该附件（编号 ${id}）`, 'id');
    await trx.deleteFrom('orglife_attachments').where('id', '=', id).execute();
    await audit(trx, { actor: await currentActor(trx), at: ctx.clock.now(), entity: AUDIT_ACTIVITY, entityId: r.activity_id, action: '删除附件', before: { file: r.file_name, size: r.size } });
    return { deleted: true as const };
  });
}
