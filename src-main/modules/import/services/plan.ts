import type { RowAction } from '../contract.ts';
import type BetterSqlite3 from 'better-sqlite3-multiple-ciphers';
import { FIELD_BY_KEY, fieldsIn, hasField, type ImportFieldKey } from '../domain/fields.ts';
import type { AnalysedRow, Analysis, CellIssue } from './analyse.ts';
import { FIELD_COLUMN, storedValue, type StoredValue } from './member-columns.ts';
import { OrgIndex, looksLikeOrgName, orgTypeFromName, type OrgRef } from './orgs.ts';
import { AppError } from '../../../domain/errors.ts';

// The database-facing part of an import, before anything is written: which organization each row goes
// to, duplicate IDs across all sheets, and the diff against the registry (new / updated with old → new /
// unchanged / rejected). Preview shows this plan; commit executes exactly this plan.

export type ImportMode = 'insert' | 'upsert';

export interface PlanOptions {
  mode: ImportMode;
  /** every row into this organization (overrides any branch column) */
  org?: string;
  createOrgs?: boolean;
  /** parent of created organizations */
  parent?: string;
}

export interface FieldChange {
  field: string;
  label: string;
  column: string;
  old: StoredValue;
  new: StoredValue;
}

export type { RowAction };

export interface PlannedRow {
  source: AnalysedRow;
  action: RowAction;
  /** resolved organization id; negative = to be created (index into plan.createOrgs) */
  orgId: number | null;
  orgName: string | null;
  /** existing member when the ID is in the registry */
  existingId?: number;
  changes?: FieldChange[];
  /** true when an existing member is left alone because the mode is 仅新增 */
  existing?: boolean;
}

export interface Plan {
  rows: PlannedRow[];
  createOrgs: { tempId: number; name: string; type: string }[];
  parent: OrgRef | null;
  counts: { new: number; updated: number; unchanged: number; rejected: number };
}

interface ExistingMember {
  id: number;
  org_id: number;
  [column: string]: StoredValue;
}

/** loads what planning needs from the registry (members of the file's IDs only) */
function loadExisting(sqlite: BetterSqlite3.Database, ids: string[]): Map<string, ExistingMember> {
  const out = new Map<string, ExistingMember>();
  const count = (sqlite.prepare('SELECT count(*) AS n FROM members').get() as { n: number }).n;
  if (count === 0) return out;
  const wanted = new Set(ids);
  for (const row of sqlite.prepare('SELECT * FROM members').iterate() as Iterable<ExistingMember & { id_number: string }>) {
    if (wanted.has(row.id_number)) out.set(row.id_number, row);
  }
  return out;
}

export function planImport(sqlite: BetterSqlite3.Database, analysis: Analysis, opts: PlanOptions): Plan {
  const orgs = new OrgIndex(sqlite.prepare('SELECT id, name, short_name AS shortName, type, path FROM orgs').all() as OrgRef[]);
  let parent: OrgRef | null = null;
  if (opts.parent) {
    const p = orgs.find(opts.parent);
    if (!p) throw new AppError('NOT_FOUND', `找不到上级党组织：${opts.parent}`, 'parent');
    if (p === 'ambiguous') throw new AppError('AMBIGUOUS', `简称“${opts.parent}”对应多个党组织，请写全称`, 'parent');
    parent = p;
  }
  const createOrgs: Plan['createOrgs'] = [];
  const planned = new Map<string, number>();
  /** id (or negative temp id) for a name, or an error message */
  const resolve = (name: string): { id: number; name: string } | string => {
    const found = orgs.find(name);
    if (found === 'ambiguous') return `简称“${name}”对应多个党组织，请填写全称`;
    if (found) return found.type === '党组' ? `“${found.name}”是党组，不能直接管理党员，请填写所在党支部` : { id: found.id, name: found.name };
    if (!opts.createOrgs) return `找不到党组织“${name}”，请先在组织架构中建立，或选择自动创建（--create-orgs）`;
    let temp = planned.get(name);
    if (temp === undefined) {
      temp = -(createOrgs.length + 1);
      createOrgs.push({ tempId: temp, name, type: orgTypeFromName(name) });
      planned.set(name, temp);
    }
    return { id: temp, name };
  };
  let fixed: { id: number; name: string } | null = null;
  if (opts.org) {
    const r = resolve(opts.org);
    if (typeof r === 'string') throw new AppError('NOT_FOUND', r.replace('（--create-orgs）', '（--create-orgs）'), 'org');
    fixed = r;
  }
  const sheetOrg = new Map<string, { id: number; name: string } | string | null>();
  for (const s of analysis.sheets) {
    if (!s.header) continue;
    const byName = orgs.find(s.name);
    sheetOrg.set(s.name, byName || looksLikeOrgName(s.name) ? resolve(s.name) : null);
  }

  const existing = loadExisting(sqlite, analysis.rows.filter((r) => !r.errors.length).map((r) => r.member.idNumber));
  const seen = new Map<string, AnalysedRow>();
  const rows: PlannedRow[] = [];
  const counts = { new: 0, updated: 0, unchanged: 0, rejected: 0 };
  for (const src of analysis.rows) {
    const extra: CellIssue[] = [];
    const mapping = analysis.sheets.find((s) => s.name === src.sheet)!.mapping;
    const col = (field: string) => mapping.find((m) => m.target === field);
    const issue = (field: string, message: string) =>
      extra.push({ sheet: src.sheet, row: src.row, column: col(field)?.heading ?? FIELD_BY_KEY.get(field as ImportFieldKey)?.label ?? field, col: col(field)?.index ?? -1, message });

    // organization: --org, else the branch column, else the sheet named after a branch
    let org: { id: number; name: string } | null = fixed;
    if (!org) {
      const fromColumn = src.member.org;
      const r = fromColumn ? resolve(fromColumn) : sheetOrg.get(src.sheet) ?? null;
      if (typeof r === 'string') issue('org', r);
      else if (r) org = r;
      else issue('org', `未指定所在党组织：请在表中增加“所在党支部”列，或将工作表命名为支部名称，或导入时指定党组织（--org）`);
    }

    // the same ID twice in the file: the later row is the error
    const id = src.member.idNumber;
    if (id && !src.errors.some((e) => e.column === (col('idNumber')?.heading ?? '公民身份号码'))) {
      const first = seen.get(id);
      if (first) issue('idNumber', `公民身份号码与${first.sheet === src.sheet ? '' : `工作表“${first.sheet}”`}第${first.row}行重复`);
      else seen.set(id, src);
    }
    if (extra.length) src.errors = [...src.errors, ...extra];
    if (src.errors.length) {
      rows.push({ source: src, action: 'rejected', orgId: org?.id ?? null, orgName: org?.name ?? null });
      counts.rejected++;
      continue;
    }
    const old = existing.get(id);
    if (!old) {
      rows.push({ source: src, action: 'insert', orgId: org!.id, orgName: org!.name });
      counts.new++;
      continue;
    }
    if (opts.mode === 'insert') {
      rows.push({ source: src, action: 'unchanged', orgId: org!.id, orgName: org!.name, existingId: old.id, existing: true });
      counts.unchanged++;
      continue;
    }
    // 按身份证号更新: only the fields the file filled; a blank cell never erases a stored value
    const changes: FieldChange[] = [];
    for (const field of fieldsIn(src.present)) {
      const column = FIELD_COLUMN[field];
      if (!column) continue;
      const v = storedValue(src.member, field);
      if (v !== null && v !== old[column]) {
        changes.push({ field: column, label: FIELD_BY_KEY.get(field)!.label, column: col(field)?.heading ?? '', old: old[column] ?? null, new: v });
      }
    }
    const orgGiven = fixed !== null || hasField(src.present, 'org') || sheetOrg.get(src.sheet) != null;
    if (orgGiven && org!.id !== old.org_id) {
      changes.push({ field: 'org_id', label: '所在党组织', column: col('org')?.heading ?? '', old: old.org_id, new: org!.id });
    }
    if (changes.length) {
      rows.push({ source: src, action: 'update', orgId: org!.id, orgName: org!.name, existingId: old.id, changes });
      counts.updated++;
    } else {
      rows.push({ source: src, action: 'unchanged', orgId: org!.id, orgName: org!.name, existingId: old.id });
      counts.unchanged++;
    }
  }
  return { rows, createOrgs, parent, counts };
}
