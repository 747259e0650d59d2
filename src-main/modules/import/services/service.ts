import type { ServiceContext } from '../../../services/context.ts';
import type { JobHandle } from '../../../services/jobs.ts';
import { AppError } from '../../../domain/errors.ts';
import type { Analysis, RowIssue } from './analyse.ts';
import { runAnalysis } from './run-analysis.ts';
import { planImport, type Plan, type ImportMode } from './plan.ts';
import { commitPlan } from './commit.ts';
import { correctionsOf, type MappingOverrides } from './mapping.ts';
import { normalizeHeading } from './heading.ts';
import { FIELD_BY_KEY, IGNORED_KEY, type MappingTarget } from '../domain/fields.ts';
import { cellText } from './header.ts';
import { MESSAGES } from '../../../excel/read/unusable.ts';
import type { ImportPreview, ImportSummary, PreviewRow } from '../contract.ts';
import type { ImportFileInput } from '../contract.ts';

// The import use cases: analyse (in a worker) → plan against the registry → preview or commit.

export const ROW_LIMIT = 3000;
const TOP_ROWS = 8;

type Input = ImportFileInput & { dryRun?: boolean; strict?: boolean };

const VALID_TARGETS = new Set<string>([IGNORED_KEY, ...FIELD_BY_KEY.keys()]);

function cleanMapping(m: Input['mapping']): MappingOverrides {
  const out: MappingOverrides = {};
  for (const [k, v] of Object.entries(m ?? {})) {
    if (v !== null && !VALID_TARGETS.has(v)) throw new AppError('VALIDATION', `不认识的字段：${v}`, 'mapping');
    out[normalizeHeading(k)] = v as MappingTarget | null;
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

/** read + check every row (worker), then plan against the registry; progress 0–90% is the reading */
export async function analyseAndPlan(
  ctx: ServiceContext,
  input: Input,
  job?: JobHandle,
  opts: { withTopRows?: boolean } = {},
): Promise<{ analysis: Analysis; plan: Plan; mapping: MappingOverrides }> {
  const mapping = cleanMapping(input.mapping);
  const analysis = await runAnalysis(
    input.bytes,
    input.fileName,
    { today: ctx.clock.today(), sheets: input.sheets, headerRows: input.headerRows, overrides: rememberedMappings(ctx), mapping, withTopRows: opts.withTopRows ? TOP_ROWS : 0 },
    { signal: job?.signal, onProgress: (d, t) => job?.report(Math.round((d / t) * 900), 1000, '正在读取和检查') },
  );
  job?.checkCancelled();
  if (!analysis.sheets.some((s) => s.header && !s.skipped)) {
    const why = analysis.sheets.find((s) => s.header && s.skipped)?.skipped;
    throw new AppError('UNREADABLE', why && why !== '未选择' ? `${MESSAGES.noHeader}（${why}）` : MESSAGES.noHeader);
  }
  const plan = planImport(ctx.db.sqlite, analysis, {
    mode: (input.mode ?? 'insert') as ImportMode,
    org: input.org,
    createOrgs: input.createOrgs,
    parent: input.parent,
  });
  return { analysis, plan, mapping };
}

const strip = ({ sheet, row, column, message }: RowIssue): RowIssue => ({ sheet, row, column, message });

function issuesOf(plan: Plan): { errors: RowIssue[]; warnings: RowIssue[] } {
  const errors: RowIssue[] = [];
  const warnings: RowIssue[] = [];
  for (const r of plan.rows) {
    for (const e of r.source.errors) errors.push(strip(e));
    for (const w of r.source.warnings) warnings.push(strip(w));
  }
  return { errors, warnings };
}

const display = (v: unknown): string => (v === null || v === undefined ? '' : typeof v === 'boolean' ? (v ? '是' : '否') : String(v));

export async function previewImport(ctx: ServiceContext, input: Input, job: JobHandle): Promise<ImportPreview> {
  const { analysis, plan } = await analyseAndPlan(ctx, input, job, { withTopRows: true });
  const warnCount = plan.rows.reduce((n, r) => n + r.source.warnings.length, 0);
  const withIssues = plan.rows.filter((r) => r.source.errors.length || r.source.warnings.length);
  const others = plan.rows.filter((r) => !r.source.errors.length && !r.source.warnings.length);
  const ordered = [...withIssues, ...others].slice(0, ROW_LIMIT);
  ordered.sort((a, b) => (a.source.sheet === b.source.sheet ? a.source.row - b.source.row : 0));
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
    fileName: input.fileName,
    format: analysis.format,
    sheets: analysis.sheets.map((s) => ({
      name: s.name,
      headerRow: s.header?.headerRow ?? null,
      headerRowCount: s.header?.headerRowCount ?? 0,
      rowCount: s.rowCount,
      skipped: s.skipped,
      columns: s.mapping.map((m) => ({ ...m, key: normalizeHeading(m.heading) })),
      unmatched: s.unmatched,
      topRows: (s.topRows ?? []).map((row) => Array.from(row, (v) => cellText(v))),
    })),
    counts: { ...plan.counts, warnings: warnCount, total: plan.rows.length },
    createOrgs: plan.createOrgs.map((o) => o.name),
    rows,
    rowsTruncated: plan.rows.length > ROW_LIMIT,
  };
}

function orgName(ctx: ServiceContext, id: unknown): string {
  const r = ctx.db.sqlite.prepare('SELECT name FROM orgs WHERE id = ?').get(id) as { name: string } | undefined;
  return r?.name ?? '';
}

export async function commitImport(ctx: ServiceContext, input: Input, job?: JobHandle): Promise<ImportSummary> {
  const { analysis, plan, mapping } = await analyseAndPlan(ctx, input, job);
  const { errors, warnings } = issuesOf(plan);
  if (input.strict && errors.length) {
    return { inserted: 0, updated: 0, skipped: 0, errors, warnings, batchId: null, rejected: plan.counts.rejected };
  }
  // the clerk's corrections are remembered for the next file with the same headings
  const remember: Record<string, MappingOverrides> = {};
  if (Object.keys(mapping).length) {
    for (const s of analysis.sheets) {
      if (!s.header || s.skipped) continue;
      const corrections = correctionsOf(s.header.columns, s.mapping);
      if (Object.keys(corrections).length) remember[s.signature] = corrections;
    }
  }
  const counts = await commitPlan(ctx, plan, {
    fileName: input.fileName.replace(/^.*[\\/]/, ''),
    mode: input.mode ?? 'insert',
    sheets: analysis.sheets.filter((s) => s.header && !s.skipped).map((s) => s.name),
    dryRun: input.dryRun,
    rememberMappings: remember,
    warnings: warnings.length,
    job,
  });
  return { ...counts, errors, warnings, rejected: plan.counts.rejected };
}
