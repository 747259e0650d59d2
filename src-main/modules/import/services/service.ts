import type { ServiceContext } from '../../../services/context.ts';
import type { JobHandle } from '../../../services/jobs.ts';
import { actor as actorOf } from '../../../services/settings.ts';
import { classifyWriteError } from '../../../db/connection.ts';
import { AppError, isAppError } from '../../../domain/errors.ts';
import type { AnalysedRow, Analysis, AnalysisSink, CellIssue, HeaderRows, RowIssue, SheetAnalysis, SkippedRow } from './analyse.ts';
import { runAnalysis } from './run-analysis.ts';
import { Planner, type ImportMode, type PlannedRow } from './plan.ts';
import { Committer } from './commit.ts';
import { correctionsOf, type MappingOverrides } from './mapping.ts';
import { normalizeHeading } from './heading.ts';
import { loadBulkNameKeyer } from './name-keys.ts';
import { IGNORED_KEY, fieldByName, targetLabel } from '../domain/fields.ts';
import { cellText } from './header.ts';
import { columnLetters } from '../../../excel/read/grid.ts';
import { MESSAGES } from '../../../excel/read/unusable.ts';
import { LIMIT_MESSAGES, limitError, MAX_IMPORT_BYTES } from '../../../excel/read/limits.ts';
import type { ImportPreview, ImportSummary, PreviewRow, SheetReport, SkippedRowDto } from '../contract.ts';
import type { ImportFileInput } from '../contract.ts';

// The import use cases: analyse (in a worker in the app) → plan each row against the registry as it
// arrives → preview, or write it at once inside the import's one transaction (docs/domain/import.md#import-flow).

export const ROW_LIMIT = 3000;
const TOP_ROWS = 8;

type Input = ImportFileInput & { dryRun?: boolean; strict?: boolean };

function cleanMapping(m: Input['mapping']): MappingOverrides {
  const out: MappingOverrides = {};
  for (const [k, v] of Object.entries(m ?? {})) {
    const target = v === null ? null : fieldByName(v);
    if (target === undefined) throw new AppError('VALIDATION', `不认识的字段：${v}（应为党员信息的字段名称，如 手机号码、人员类别，或“不导入”）`, 'mapping');
    out[normalizeHeading(k)] = target;
  }
  return out;
}

function cleanHeaderRows(h: Input['headerRows']): Record<string, HeaderRows> | undefined {
  if (!h) return undefined;
  const out: Record<string, HeaderRows> = {};
  for (const [sheet, v] of Object.entries(h)) {
    const [a, b] = String(v).split('-').map(Number);
    const first = Math.min(a, b ?? a);
    const last = Math.max(a, b ?? a);
    if (last - first > 2) throw new AppError('VALIDATION', `表头最多占三行：${v}`, 'headerRows');
    out[sheet] = { first, last };
  }
  return out;
}

function rememberedMappings(ctx: ServiceContext): Record<string, MappingOverrides> {
  const out: Record<string, MappingOverrides> = {};
  for (const r of ctx.db.sqlite.prepare('SELECT signature, mapping FROM import_mappings').all() as { signature: string; mapping: string }[]) {
    out[r.signature] = JSON.parse(r.mapping);
  }
  return out;
}

/** every file of the input, each with the prefix its sheets get when there are several */
export function filesOf(input: Input): { bytes: Uint8Array; fileName: string; prefix: string }[] {
  const files = [{ bytes: input.bytes, fileName: input.fileName }, ...(input.moreFiles ?? [])];
  if (files.length === 1) return [{ ...files[0], prefix: '' }];
  const used = new Map<string, number>();
  return files.map((f) => {
    const base = f.fileName.replace(/^.*[\\/]/, '');
    const n = (used.get(base) ?? 0) + 1;
    used.set(base, n);
    return { ...f, prefix: `${n > 1 ? `${base}(${n})` : base}/` };
  });
}

/** the name the batch is recorded under */
const batchFileName = (input: Input) => {
  const first = input.fileName.replace(/^.*[\\/]/, '');
  const more = input.moreFiles?.length ?? 0;
  return more ? `${first} 等${more + 1}个文件` : first;
};

/**
 * Reads every file into the sink (rows arrive while the files are read); throws UNREADABLE when no sheet
 * of any file holds a member header or form. With several files, an unusable one is reported as a
 * skipped sheet and the others are read.
 */
async function analyse(
  ctx: ServiceContext,
  input: Input,
  sink: AnalysisSink,
  job?: JobHandle,
  opts: { withTopRows?: boolean; label?: string } = {},
): Promise<{ analysis: Analysis; mapping: MappingOverrides }> {
  const label = opts.label ?? '正在读取和检查';
  const mapping = cleanMapping(input.mapping);
  const headerRows = cleanHeaderRows(input.headerRows);
  const overrides = rememberedMappings(ctx);
  const files = filesOf(input);
  // each file is held to MAX_FILE_BYTES by the reader; several together to MAX_IMPORT_BYTES (docs/safety.md#hostile-files)
  if (files.reduce((n, f) => n + f.bytes.length, 0) > MAX_IMPORT_BYTES) throw limitError(LIMIT_MESSAGES.filesTooBig);
  const sheets: SheetAnalysis[] = [];
  const formats = new Set<string>();
  // rows of a file reach the sink (and the open transaction) while it is read: a file found unusable
  // after some of its rows went out (a CRC mismatch, a limit passed) refuses the whole import
  let reached = 0;
  const counted: AnalysisSink = {
    columns: (sheet, m) => sink.columns?.(sheet, m),
    row(r) {
      reached++;
      sink.row(r);
    },
    skipped(sk) {
      reached++;
      sink.skipped(sk);
    },
  };
  for (let i = 0; i < files.length; i++) {
    const f = files[i];
    const before = reached;
    try {
      const a = await runAnalysis(
        f.bytes,
        f.fileName,
        {
          today: ctx.clock.today(),
          sheets: input.sheets,
          headerRows,
          overrides,
          mapping,
          defaultCategory: input.defaultCategory,
          sheetPrefix: f.prefix,
          withTopRows: opts.withTopRows ? TOP_ROWS : 0,
        },
        counted,
        {
          signal: job?.signal,
          onProgress: (d, t) => job?.report(Math.round(((i + d / t) / files.length) * 900), 1000, files.length > 1 ? `${label}（第${i + 1}个，共${files.length}个文件）` : label),
        },
      );
      formats.add(a.format);
      sheets.push(...a.sheets);
    } catch (e) {
      if (files.length === 1 || !isAppError(e) || e.code !== 'UNREADABLE') throw e;
      if (reached > before) throw new AppError('UNREADABLE', `${f.fileName}：${e.message}`);
      sheets.push({ name: f.fileName, kind: 'none', header: null, mapping: [], signature: '', unmatched: [], unmapped: [], rowCount: 0, skippedCount: 0, skipped: e.message, notes: [] });
    }
    job?.checkCancelled();
  }
  if (!sheets.some((s) => s.kind !== 'none' && !s.skipped)) {
    const why = sheets.find((s) => s.skipped && s.skipped !== '未选择' && s.skipped !== '未找到表头')?.skipped;
    throw new AppError('UNREADABLE', why ? `${MESSAGES.noHeader}（${why}）` : MESSAGES.noHeader);
  }
  return { analysis: { format: [...formats].join('+'), sheets }, mapping };
}

const strip = ({ sheet, row, column, message }: RowIssue): RowIssue => ({ sheet, row, column, message });

/** issues said once for a sheet: a refused sheet, a column moved or left out by its values */
function sheetIssues(analysis: Analysis): { errors: RowIssue[]; warnings: RowIssue[] } {
  const errors: RowIssue[] = [];
  const warnings: RowIssue[] = [];
  for (const s of analysis.sheets) {
    if (s.refused) errors.push({ sheet: s.name, row: s.header ? s.header.headerRow : 1, column: '公民身份号码', message: s.refused });
    for (const n of s.notes) warnings.push(strip(n));
  }
  return { errors, warnings };
}

const refusedRows = (analysis: Analysis) => analysis.sheets.reduce((n, s) => n + (s.refused ? s.rowCount : 0), 0);

/** what was recognised in each sheet, as the CLI reports it */
function sheetReports(analysis: Analysis, planner: Planner): SheetReport[] {
  return analysis.sheets
    .filter((s) => s.kind !== 'none' && !s.skipped)
    .map((s) => ({
      name: s.name,
      headerRows: s.header ? Array.from({ length: s.header.headerRowCount }, (_, i) => s.header!.headerRow + i) : [],
      mapping: s.mapping
        .filter((m) => m.target)
        .map((m) => ({ column: s.kind === 'form' ? m.path : columnLetters(m.index), heading: s.kind === 'form' ? m.heading : m.path, field: m.target === IGNORED_KEY ? '不导入' : targetLabel(m.target) })),
      unmapped: s.unmapped.map((u) => ({ column: u.column, heading: u.heading })),
      orgsToCreate: planner.createOrgs.filter((o) => o.used && o.sheets.has(s.name)).map((o) => ({ name: o.name, parent: planner.parent?.name ?? null })),
    }));
}

const display = (v: unknown): string => (v === null || v === undefined ? '' : typeof v === 'boolean' ? (v ? '是' : '否') : String(v));

function orgName(ctx: ServiceContext, id: unknown): string {
  const r = ctx.db.sqlite.prepare('SELECT name FROM orgs WHERE id = ?').get(id) as { name: string } | undefined;
  return r?.name ?? '';
}

function planOptions(input: Input) {
  return { mode: (input.mode ?? 'insert') as ImportMode, org: input.org, createOrgs: input.createOrgs, parent: input.parent };
}

export async function previewImport(ctx: ServiceContext, input: Input, job: JobHandle): Promise<ImportPreview> {
  const planner = new Planner(ctx.db.sqlite, planOptions(input));
  const withIssues: PlannedRow[] = [];
  const others: PlannedRow[] = [];
  const skippedRows: SkippedRowDto[] = [];
  let total = 0;
  let skipped = 0;
  let warnings = 0;
  let inferred = 0;
  const { analysis } = await analyse(
    ctx,
    input,
    {
      columns: (sheet, mapping) => planner.setColumns(sheet, mapping),
      row(r) {
        const p = planner.add(r);
        total++;
        warnings += r.warnings.length;
        if (r.inferredCategory) inferred++;
        if (p.action === 'unchanged') {
          skipped++;
          if (skippedRows.length < ROW_LIMIT) skippedRows.push({ sheet: r.sheet, row: r.row, reason: planner.unchangedReason(p) });
        }
        if (r.errors.length || r.warnings.length) {
          if (withIssues.length < ROW_LIMIT) withIssues.push(p);
        } else if (others.length < ROW_LIMIT) others.push(p);
      },
      skipped(s) {
        skipped++;
        if (skippedRows.length < ROW_LIMIT) skippedRows.push(s);
      },
    },
    job,
    { withTopRows: true },
  );
  const issues = sheetIssues(analysis);
  const ordered = [...withIssues, ...others].slice(0, ROW_LIMIT);
  ordered.sort((a, b) => (a.source.sheet === b.source.sheet ? a.source.row - b.source.row : 0));
  skippedRows.sort((a, b) => (a.sheet === b.sheet ? a.row - b.row : 0));
  const rows: PreviewRow[] = ordered.map((r) => ({
    sheet: r.source.sheet,
    row: r.source.row,
    action: r.action,
    existing: r.existing,
    org: r.orgName,
    values: Object.fromEntries(Object.entries(r.source.member).filter(([k]) => k !== 'orgId').map(([k, v]) => [k, display(v)])),
    issues: [
      ...r.source.errors.map((i) => ({ column: i.column, col: i.col, message: i.message, level: 'error' as const })),
      ...r.source.warnings.map((i) => ({ column: i.column, col: i.col, message: i.message, level: 'warning' as const })),
    ],
    changes: r.changes?.map((c) => ({ label: c.label, old: display(c.field === 'org_id' ? orgName(ctx, c.old) : c.old), new: display(c.field === 'org_id' ? r.orgName : c.new) })),
  }));
  return {
    fileName: batchFileName(input),
    format: analysis.format,
    sheets: analysis.sheets.map((s) => ({
      name: s.name,
      kind: s.kind,
      headerRow: s.header?.headerRow ?? null,
      headerRowCount: s.header?.headerRowCount ?? 0,
      rowCount: s.rowCount,
      skippedCount: s.skippedCount,
      skipped: s.skipped,
      refused: s.refused,
      columns: s.mapping.map((m) => ({ ...m, key: normalizeHeading(m.heading) })),
      unmatched: s.unmatched,
      unmapped: s.unmapped,
      topRows: (s.topRows ?? []).map((row) => Array.from(row, (v) => cellText(v))),
    })),
    counts: {
      new: planner.counts.new,
      updated: planner.counts.updated,
      unchanged: planner.counts.unchanged,
      rejected: planner.counts.rejected + refusedRows(analysis),
      skipped,
      warnings: warnings + issues.warnings.length,
      total,
    },
    createOrgs: planner.createOrgs.filter((o) => o.used).map((o) => ({ name: o.name, type: o.type, parent: planner.parent?.name ?? null })),
    categoryInferred: inferred,
    sheetIssues: [...issues.errors, ...issues.warnings],
    rows,
    rowsTruncated: total > ROW_LIMIT,
    skippedRows,
  };
}

class Rollback extends Error {}

/**
 * Analyses, plans and writes in one pass inside one transaction; rolled back for a dry run, a strict run
 * with errors, or when no row could be written (then no batch, no organization is recorded).
 */
export async function commitImport(ctx: ServiceContext, input: Input, job?: JobHandle): Promise<ImportSummary> {
  const sqlite = ctx.db.sqlite;
  const planner = new Planner(sqlite, planOptions(input));
  const errors: RowIssue[] = [];
  const warnings: RowIssue[] = [];
  const skippedRows: SkippedRowDto[] = [];
  const keysOf = await nameKeys();
  let analysis: Analysis | null = null;
  let mapping: MappingOverrides = {};
  let result: { inserted: number; updated: number; batchId: number | null } = { inserted: 0, updated: 0, batchId: null };
  // a bigger page cache while tens of thousands of rows go in (the default 2 MB makes SQLite evict and
  // re-read pages); restored afterwards
  const cacheSize = sqlite.pragma('cache_size', { simple: true }) as number;
  sqlite.pragma(`cache_size = ${Math.min(cacheSize, -32768)}`); // never smaller (an encrypted database's is larger)
  try {
    await ctx.kysely.transaction().execute(async (trx) => {
      const actor = await actorOf(trx);
      const now = ctx.clock.now();
      const committer = new Committer(sqlite, planner, keysOf, {
        fileName: batchFileName(input),
        mode: input.mode ?? 'insert',
        actor: actor.name,
        now,
        // an encrypted database keeps its large cache: its pages are decrypted once (docs/safety.md#key-design)
        appendCacheKib: ctx.db.encrypted ? undefined : 8192,
      });
      const done = await analyse(
        ctx,
        input,
        {
          columns: (sheet, m) => planner.setColumns(sheet, m),
          row(r: AnalysedRow) {
            const p = planner.add(r);
            for (const e of r.errors) errors.push(strip(e));
            for (const w of r.warnings) warnings.push(strip(w));
            if (p.action === 'unchanged') skippedRows.push({ sheet: r.sheet, row: r.row, reason: planner.unchangedReason(p) });
            else if (!(input.strict && errors.length)) committer.write(p);
          },
          skipped: (s: SkippedRow) => skippedRows.push(s),
        },
        job,
        { label: input.dryRun ? '正在读取和检查' : '正在读取并写入数据库' },
      );
      analysis = done.analysis;
      mapping = done.mapping;
      const sheetLevel = sheetIssues(analysis);
      errors.unshift(...sheetLevel.errors);
      warnings.unshift(...sheetLevel.warnings);
      job?.report(950, 1000, '正在提交');
      job?.checkCancelled();
      if ((input.strict && errors.length) || committer.insertedCount + committer.updated === 0) throw new Rollback();
      // the clerk's corrections are remembered for the next file with the same headings
      const remember: Record<string, MappingOverrides> = {};
      if (Object.keys(mapping).length) {
        for (const s of analysis.sheets) {
          if (!s.header || s.skipped) continue;
          const corrections = correctionsOf(s.header.columns, s.mapping);
          if (Object.keys(corrections).length) remember[s.signature] = corrections;
        }
      }
      await committer.finish(trx, {
        sheets: analysis.sheets.filter((s) => s.kind !== 'none' && !s.skipped).map((s) => s.name),
        skipped: skippedRows.length,
        rejected: planner.counts.rejected + refusedRows(analysis),
        warnings: warnings.length,
        actor,
        fileName: batchFileName(input),
        rememberMappings: remember,
      });
      result = { inserted: committer.inserted, updated: committer.updated, batchId: committer.batchId };
      if (input.dryRun) throw new Rollback();
    });
  } catch (e) {
    if (e instanceof Rollback) {
      if (!input.dryRun || (input.strict && errors.length)) result = { inserted: 0, updated: 0, batchId: null };
      else result = { ...result, batchId: null };
    } else {
      // a full disk, a read-only disk, another writer: said as such (docs/safety.md#busy-and-full)
      const classified = classifyWriteError(e, ctx.db.file);
      if (isAppError(classified)) throw classified;
      console.error(e);
      throw new AppError('INTERNAL', `导入失败，数据库未作任何修改（${(e as { code?: string }).code ?? '意外错误'}）`);
    }
  } finally {
    sqlite.pragma(`cache_size = ${cacheSize}`);
  }
  const a = analysis as Analysis | null;
  return {
    inserted: result.inserted,
    updated: result.updated,
    skipped: skippedRows.length,
    rejected: planner.counts.rejected + (a ? refusedRows(a) : 0),
    errors,
    warnings,
    batchId: result.batchId,
    skippedRows,
    sheets: a ? sheetReports(a, planner) : [],
  };
}

async function nameKeys() {
  const keyer = await loadBulkNameKeyer();
  const cache = new Map<string, { pinyin: string; initials: string }>();
  return (name: string) => {
    let k = cache.get(name);
    if (!k) {
      k = keyer(name);
      if (cache.size < 100_000) cache.set(name, k);
    }
    return k;
  };
}

/** the refused rows of the file(s) (for the error report), planned against the registry */
export async function refusedRowsOf(ctx: ServiceContext, input: Input, job?: JobHandle): Promise<{ analysis: Analysis; rows: Map<string, Map<number, CellIssue[]>> }> {
  const planner = new Planner(ctx.db.sqlite, planOptions(input));
  const rows = new Map<string, Map<number, CellIssue[]>>();
  const { analysis } = await analyse(ctx, input, {
    columns: (sheet, m) => planner.setColumns(sheet, m),
    row(r) {
      const p = planner.add(r);
      if (p.action !== 'rejected') return;
      const bySheet = rows.get(r.sheet) ?? new Map<number, CellIssue[]>();
      bySheet.set(r.row, r.errors);
      rows.set(r.sheet, bySheet);
    },
    skipped() {},
  }, job);
  // a sheet refused as a whole: each of its member rows, with the sheet's reason
  for (const s of analysis.sheets) {
    if (!s.refused || !s.refusedRows?.length) continue;
    const bySheet = rows.get(s.name) ?? new Map<number, CellIssue[]>();
    for (const row of s.refusedRows) bySheet.set(row, [{ sheet: s.name, row, column: '公民身份号码', message: s.refused, col: -1 }]);
    rows.set(s.name, bySheet);
  }
  return { analysis, rows };
}
