import type { FileResult } from '../../../contract/define.ts';
import { AppError } from '../../../domain/errors.ts';
import { displayValue } from '../../../domain/figures.ts';
import { parsePeriod } from '../../../domain/periods.ts';
import { audit } from '../../../services/audit.ts';
import type { ServiceContext } from '../../../services/context.ts';
import { actor as actorOf } from '../../../services/actor.ts';
import { getSettings } from '../../../services/settings.ts';
import type { TemplateDto } from '../contract.ts';
import { cnDate, draftText, NO_DATA, type SectionKey } from '../domain/draft.ts';
import { resolvePlaceholder, type PlaceholderRef } from '../domain/placeholders.ts';
import { buildDraftDocx } from './docx-draft.ts';
import { fillTemplate, templatePlaceholders } from './docx-template.ts';
import { computeFigures, loadCatalogue, type Catalogue, type ScopeInput } from './figures.ts';
import { getSections } from './sections.ts';

// The Word draft (docs/domain/report.md#the-word-draft): the built-in 党建工作总结, or the clerk's template
// with its placeholders filled; both from the same figures, with the sections the clerk saved for the period.

/** the placeholders of a template, each resolved; any the app does not know refuses the template, naming it */
function checkTemplate(cat: Catalogue, bytes: Uint8Array): { tag: string; ref: PlaceholderRef }[] {
  const tags = templatePlaceholders(bytes);
  const refs = tags.map((tag) => ({ tag, ref: resolvePlaceholder(tag, cat.entries) }));
  const unknown = refs.filter((r) => !r.ref).map((r) => `{${r.tag}}`);
  if (unknown.length) {
    throw new AppError(
      'VALIDATION',
      `Word 模板中有本软件不认识的占位符：${unknown.join('、')}。可用的占位符见“工作总结”页的“我的模板”，或运行 report placeholders`,
      'template',
      { unknown },
    );
  }
  return refs as { tag: string; ref: PlaceholderRef }[];
}

const baseName = (f: string) => f.replace(/\.docx$/i, '');

export async function reportDocx(
  ctx: ServiceContext,
  input: ScopeInput & { compare?: string | null; templateId?: number | null; template?: { fileName: string; bytes: Uint8Array } | null },
): Promise<FileResult> {
  const cat = await loadCatalogue(ctx);
  let template: { fileName: string; bytes: Uint8Array } | null = input.template ?? null;
  if (!template && input.templateId) {
    const row = await ctx.kysely.selectFrom('report_templates').select(['file_name', 'bytes']).where('id', '=', input.templateId).executeTakeFirst();
    if (!row) throw new AppError('NOT_FOUND', '找不到该模板（可能已删除）', 'templateId');
    template = { fileName: row.file_name, bytes: new Uint8Array(row.bytes) };
  }
  const refs = template ? checkTemplate(cat, template.bytes) : [];
  // 专题 and other free parameters the template names are computed even where no record carries them
  const tags = refs.flatMap(({ ref }) => (ref.type === 'figure' && ref.param && cat.entries.find((e) => e.key === ref.key)?.param?.kind === 'tag' ? [ref.param] : []));
  const period = parsePeriod(input.period, 'period');
  const { dto, computed, compared, query } = await computeFigures(ctx, { ...input, tags, track: false }, cat);
  const saved = await getSections(ctx, { org: query.org.id, period: period.key });
  const sections: Partial<Record<SectionKey, string>> = saved.carriedFrom ? {} : saved.sections;
  const settings = await getSettings(ctx.kysely);
  const today = ctx.clock.today();
  await audit(ctx.kysely, {
    actor: await actorOf(ctx.kysely), at: ctx.clock.now(), entity: 'report_docx', entityId: query.org.id,
    action: `生成${period.label}工作总结${template ? `（模板：${template.fileName}）` : ''}`,
  });

  if (!template) {
    const text = draftText({
      org: query.org.name,
      periodLabel: period.label,
      asOf: dto.asOf,
      today,
      figures: computed.map((c) => ({ key: c.entry.key, ...(c.param ? { param: c.param } : {}), unit: c.entry.unit, value: c.value })),
      sections,
    });
    return { fileName: `${query.org.name}${period.label}党建工作总结.docx`, bytes: await buildDraftDocx(text, { creator: settings.clerkName || '党务' }) };
  }

  const valueOf = (ref: PlaceholderRef): string => {
    switch (ref.type) {
      case 'meta':
        return {
          单位名称: query.org.name,
          填报单位: settings.effectiveReportingUnit,
          期间: period.label,
          起始日期: cnDate(period.start),
          截止日期: cnDate(period.end),
          统计截止日: cnDate(dto.asOf),
          对比期间: dto.compare?.label ?? '',
          报告日期: cnDate(today),
        }[ref.key];
      case 'section':
        return sections[ref.key] ?? '';
      default: {
        if (ref.compare && !compared) return '';
        const list = ref.compare ? compared! : computed;
        const c = list.find((x) => x.entry.key === ref.key && x.param === ref.param);
        const entry = cat.entries.find((e) => e.key === ref.key)!;
        if (!c) return entry.unit === '%' ? NO_DATA : displayValue(entry.unit, 0, { wan: ref.wan });
        return c.value === null ? NO_DATA : displayValue(entry.unit, c.value, { wan: ref.wan });
      }
    }
  };
  const byTag = new Map(refs.map((r) => [r.tag, r.ref]));
  const bytes = fillTemplate(template.bytes, (tag) => valueOf(byTag.get(tag) ?? resolvePlaceholder(tag, cat.entries)!));
  return { fileName: `${baseName(template.fileName)}-${query.org.name}${period.label}.docx`, bytes };
}

// --- the clerk's stored templates

export async function listTemplates(ctx: ServiceContext): Promise<TemplateDto[]> {
  const rows = await ctx.kysely.selectFrom('report_templates').select(['id', 'file_name', 'placeholders', 'uploaded_at']).orderBy('id', 'desc').execute();
  return rows.map((r) => ({ id: r.id, fileName: r.file_name, placeholders: JSON.parse(r.placeholders) as string[], uploadedAt: r.uploaded_at }));
}

export async function saveTemplate(ctx: ServiceContext, input: { fileName: string; bytes: Uint8Array }): Promise<TemplateDto> {
  const cat = await loadCatalogue(ctx);
  const refs = checkTemplate(cat, input.bytes);
  if (!refs.length) throw new AppError('VALIDATION', '该 Word 文档中没有占位符：请在要填数字的地方写上如 {党员总数} 的占位符', 'template');
  const actor = await actorOf(ctx.kysely);
  const now = ctx.clock.now();
  const placeholders = refs.map((r) => `{${r.tag}}`);
  const id = await ctx.kysely.transaction().execute(async (trx) => {
    const r = await trx
      .insertInto('report_templates')
      .values({ file_name: input.fileName, bytes: input.bytes, placeholders: JSON.stringify(placeholders), uploaded_at: now, uploaded_by: actor.name || null })
      .returning('id')
      .executeTakeFirstOrThrow();
    await audit(trx, { actor, at: now, entity: 'report_template', entityId: r.id, action: `上传模板：${input.fileName}`, after: placeholders });
    return r.id;
  });
  return { id, fileName: input.fileName, placeholders, uploadedAt: now };
}

export async function deleteTemplate(ctx: ServiceContext, id: number): Promise<{ deleted: true }> {
  const actor = await actorOf(ctx.kysely);
  await ctx.kysely.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('report_templates').select('file_name').where('id', '=', id).executeTakeFirst();
    if (!row) throw new AppError('NOT_FOUND', '找不到该模板', 'id');
    await trx.deleteFrom('report_templates').where('id', '=', id).execute();
    await audit(trx, { actor, at: ctx.clock.now(), entity: 'report_template', entityId: id, action: `删除模板：${row.file_name}` });
  });
  return { deleted: true };
}

/** the placeholder list of `report placeholders` and the template page, with the 专题 tags in use */
export async function paramValuesInUse(ctx: ServiceContext, cat: Catalogue): Promise<Partial<Record<string, string[]>>> {
  const out: Partial<Record<string, string[]>> = {};
  for (const s of cat.sources.values()) {
    const v = (await s.paramValues?.(ctx)) ?? {};
    for (const [k, list] of Object.entries(v)) out[k] = [...new Set([...(out[k] ?? []), ...(list ?? [])])];
  }
  return out;
}
