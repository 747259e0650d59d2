import type { ExportColumns, ExportFlag, ExportInfo, FileResult } from '../modules/core/contract.ts';
import { labelOf, parseInput } from '../contract/labels.ts';
import { AppError } from '../domain/errors.ts';
import type { LayoutColumn, LayoutSheet } from '../excel/layout.ts';
import { columnKey } from './export-columns.ts';
import { audit } from './audit.ts';
import type { ExportDefinition, ServiceContext, Tx } from './context.ts';
import type { JobHandle } from './jobs.ts';
import { currentActor, getSettings } from './settings.ts';
import type { z } from 'zod';

// The export registry at work: every module's tables (ServiceContext.registry) run the same way —
// input checked by the table's schema, the clerk's column choice applied, the workbook written by the
// shared layout helper with progress and cancel (docs/architecture.md#exports).

type Def = ExportDefinition<any> & { module: string };

export async function findExport(ctx: ServiceContext, name: string): Promise<Def> {
  const def = (await ctx.registry.exportDefinitions()).find((d) => d.name === name);
  if (!def) throw new AppError('NOT_FOUND', `没有名为“${name}”的表格。可用的表格请运行 export 查看`, 'name');
  return def;
}

/** CLI flags are the kebab-case schema keys, except the references (docs/architecture.md#cli) */
export const FLAG_OF: Record<string, string> = { org: 'org', orgId: 'org', member: 'id-number', idNumber: 'id-number', campaignId: 'campaign' };
export const flagOf = (key: string): string => FLAG_OF[key] ?? key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

type Def0 = { type: string; [k: string]: unknown };
const defOf = (s: z.ZodType): Def0 => (s as unknown as { _zod: { def: Def0 } })._zod.def;

function flagType(s: z.ZodType): { type: ExportFlag['type']; required: boolean } {
  let required = true;
  let cur: z.ZodType | undefined = s;
  for (let i = 0; cur && i < 10; i++) {
    const d = defOf(cur);
    if (d.type === 'optional' || d.type === 'default' || d.type === 'nullable') {
      required = false;
      cur = d.innerType as z.ZodType;
      continue;
    }
    if (d.type === 'pipe') {
      cur = d.in as z.ZodType;
      continue;
    }
    if (d.type === 'boolean') return { type: 'boolean', required: false };
    if (d.type === 'number') return { type: 'number', required };
    if (d.type === 'array') return { type: 'list', required };
    if (d.type === 'union') {
      const kinds = (d.options as z.ZodType[]).map((o) => flagType(o).type);
      // id-or-name references read as text on the CLI; a number alone stays a number
      return { type: kinds.every((k) => k === 'number') ? 'number' : 'string', required };
    }
    return { type: 'string', required };
  }
  return { type: 'string', required };
}

export function exportFlags(def: ExportDefinition<any>): ExportFlag[] {
  const d = defOf(def.input);
  const shape = (d.type === 'object' ? d.shape : {}) as Record<string, z.ZodType>;
  return Object.entries(shape).map(([key, schema]) => ({
    key,
    flag: flagOf(key),
    label: labelOf(schema) ?? key,
    ...flagType(schema),
  }));
}

export async function listExports(ctx: ServiceContext): Promise<ExportInfo[]> {
  return (await ctx.registry.exportDefinitions()).map((d) => ({
    name: d.name,
    title: d.title,
    module: d.module,
    confidential: Boolean(d.confidential),
    flags: exportFlags(d),
    choosableColumns: Boolean(d.columns?.length),
  }));
}

async function keptColumns(db: Tx, def: Def): Promise<string[]> {
  const all = (def.columns ?? []).map((c) => c.key);
  const row = await db.selectFrom('export_prefs').select('columns').where('name', '=', def.name).executeTakeFirst();
  if (!row) return all;
  const known = new Set(all);
  return (JSON.parse(row.columns) as string[]).filter((k) => known.has(k));
}

export async function exportColumns(ctx: ServiceContext, name: string): Promise<ExportColumns> {
  const def = await findExport(ctx, name);
  return {
    name,
    available: (def.columns ?? []).map((c) => ({ key: c.key, label: c.label, required: Boolean(c.required) })),
    chosen: await keptColumns(ctx.kysely, def),
  };
}

function checkChoice(def: Def, columns: string[]): string[] {
  if (!def.columns?.length) throw new AppError('VALIDATION', `“${def.title}”的列是固定的，不能选择`, 'columns');
  const known = new Map(def.columns.map((c) => [c.key, c]));
  const unknown = columns.filter((k) => !known.has(k));
  if (unknown.length) throw new AppError('VALIDATION', `不认识的列：${unknown.join('、')}`, 'columns');
  const chosen = [...new Set(columns)];
  for (const c of def.columns) if (c.required && !chosen.includes(c.key)) chosen.unshift(c.key);
  if (!chosen.length) throw new AppError('VALIDATION', '请至少选择一列', 'columns');
  return chosen;
}

export async function saveExportColumns(ctx: ServiceContext, name: string, columns: string[]): Promise<ExportColumns> {
  const def = await findExport(ctx, name);
  const chosen = checkChoice(def, columns);
  await ctx.kysely.transaction().execute(async (trx) => {
    const before = await keptColumns(trx, def);
    await trx
      .insertInto('export_prefs')
      .values({ name, columns: JSON.stringify(chosen) })
      .onConflict((oc) => oc.column('name').doUpdateSet({ columns: JSON.stringify(chosen) }))
      .execute();
    await audit(trx, { actor: await currentActor(trx), at: ctx.clock.now(), entity: 'export_columns', entityId: 0, action: `列设置：${def.title}`, before, after: chosen });
  });
  return exportColumns(ctx, name);
}

const keyOf = columnKey;

/**
 * The chosen columns, in the chosen order, of a sheet; columns outside the table's catalogue stay where
 * they are (first). The 合计 row follows its columns; its 合计 label moves to the first column if needed.
 */
export function applyColumns<R>(sheet: LayoutSheet<R>, catalogue: ReadonlySet<string>, chosen: readonly string[]): LayoutSheet<R> {
  const cols = sheet.columns as LayoutColumn<unknown>[];
  const fixed = cols.map((c, i) => i).filter((i) => !catalogue.has(keyOf(cols[i])));
  const byKey = new Map(cols.map((c, i) => [keyOf(c), i]));
  const picked = chosen.map((k) => byKey.get(k)).filter((i): i is number => i !== undefined);
  const order = [...fixed, ...picked];
  const totalOf = (t: (string | number | null)[] | undefined) => {
    if (!t) return undefined;
    const label = t.find((v) => v === '合计') ? '合计' : null;
    const out = order.map((i) => t[i] ?? null);
    if (label && !out.includes(label)) out[0] = out[0] ?? label;
    return out;
  };
  // copy the sheet with its getters intact (notes and totals may be summed while rows stream)
  const out = Object.defineProperties({}, Object.getOwnPropertyDescriptors(sheet)) as LayoutSheet<R>;
  const totalDesc = Object.getOwnPropertyDescriptor(sheet, 'totalRow');
  Object.defineProperty(out, 'columns', { value: order.map((i) => sheet.columns[i]), enumerable: true });
  Object.defineProperty(out, 'totalRow', {
    enumerable: true,
    get: () => totalOf(totalDesc?.get ? totalDesc.get.call(sheet) : totalDesc?.value),
  });
  return out;
}

export interface ExportRequest {
  name: string;
  input?: Record<string, unknown>;
  columns?: string[];
}

/** the table exists, its input passes its schema, the column choice is known: checked before a job starts */
export async function checkExportRequest(ctx: ServiceContext, req: ExportRequest): Promise<ExportRequest> {
  const def = await findExport(ctx, req.name);
  parseInput(def.input as z.ZodType, req.input ?? {});
  if (req.columns) checkChoice(def, req.columns);
  return req;
}

/** runs a registered table: the job behind exports.run and the CLI's `export <name>` */
export async function runExport(ctx: ServiceContext, req: ExportRequest, job: JobHandle): Promise<FileResult> {
  const def = await findExport(ctx, req.name);
  const input = parseInput(def.input as z.ZodType, req.input ?? {});
  job.report(0, 0, `正在准备${def.title}…`);
  const built = await def.build(ctx, input, job);
  job.checkCancelled();
  let sheets = built.sheets;
  if (def.columns?.length) {
    const chosen = req.columns ? checkChoice(def, req.columns) : await keptColumns(ctx.kysely, def);
    const catalogue = new Set(def.columns.map((c) => c.key));
    sheets = sheets.map((s) => applyColumns(s, catalogue, chosen));
  }
  const total = built.total ?? sheets.reduce((n, s) => n + (Array.isArray(s.rows) ? s.rows.length : 0), 0);
  const settings = await getSettings(ctx.kysely);
  const { writeWorkbookWithWarnings } = await import('../excel/layout.ts');
  job.report(0, total, `正在生成${def.title}…`);
  // the clerk's paper choice (设置 → 宽表允许用 A3 纸打印) applies to every table
  for (const s of sheets) s.paper = { allowA3: Boolean(settings.allowA3), ...s.paper };
  const out = await writeWorkbookWithWarnings(sheets, {
    signal: job.signal,
    onRow: (n) => job.report(n, total, `正在生成${def.title}（${n}/${total}）…`),
  });
  job.report(total, total, '导出完成');
  return { fileName: built.fileName, bytes: out.bytes, ...(out.warnings.length ? { warnings: out.warnings } : {}) };
}

export const safeFileName = (s: string): string => s.replace(/[\\/:*?"<>|\s]+/g, '_').slice(0, 120);
