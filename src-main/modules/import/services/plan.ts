import type { RowAction } from '../contract.ts';
import type BetterSqlite3 from 'better-sqlite3-multiple-ciphers';
import { FIELD_BY_KEY, IGNORED_KEY, fieldsIn, hasField, type ImportFieldKey } from '../domain/fields.ts';
import type { AnalysedRow, CellIssue } from './analyse.ts';
import type { ColumnMapping } from './mapping.ts';
import { FIELD_COLUMN, storedValue, type StoredValue } from './member-columns.ts';
import { OrgIndex, looksLikeOrgName, orgTypeFromName, type OrgRef } from './orgs.ts';
import { AppError } from '../../../domain/errors.ts';

// The database-facing part of an import, before anything is written, one row at a time: which
// organization each row goes to, duplicate IDs across all sheets and files, and the diff against the
// registry (new / updated with old → new / unchanged / rejected). Preview shows this plan; commit writes
// exactly this plan, row by row as the file is read.

export type ImportMode = 'insert' | 'upsert';

export interface PlanOptions {
  mode: ImportMode;
  /** the organization of rows that name none: the file's own branch (column or sheet name) wins */
  org?: string;
  createOrgs?: boolean;
  /** parent of created organizations (none: top level) */
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
  /** resolved organization id; negative = to be created (see Planner.createOrgs) */
  orgId: number | null;
  orgName: string | null;
  /** existing member when the ID is in the registry */
  existingId?: number;
  changes?: FieldChange[];
  /** true when an existing member is left alone because the mode is 仅新增 */
  existing?: boolean;
}

export interface OrgToCreate {
  tempId: number;
  name: string;
  type: string;
  /** sheets whose written rows go into it */
  sheets: Set<string>;
  /** a row to be written needs it (an organization only refused rows name is never created) */
  used: boolean;
}

interface ExistingMember {
  id: number;
  org_id: number;
  [column: string]: StoredValue;
}

export const NOT_FOUND_HINT = '请先在组织架构中建立，或选择“自动创建表中不存在的党组织”';
export const NO_ORG = '未指定所在党组织：请在表中增加“所在党支部”列，或将工作表命名为支部名称，或在导入时选择“表中未写党组织的行导入到”的党组织';

/** the part of a sheet name after the file it came from ("名单.xlsx/第一党支部" → "第一党支部") */
const ownSheetName = (sheet: string) => sheet.slice(sheet.lastIndexOf('/') + 1);

export class Planner {
  readonly counts = { new: 0, updated: 0, unchanged: 0, rejected: 0 };
  readonly createOrgs: OrgToCreate[] = [];
  readonly parent: OrgRef | null = null;
  private readonly opts: PlanOptions;
  private readonly orgs: OrgIndex;
  private readonly planned = new Map<string, OrgToCreate>();
  private readonly fallback: { id: number; name: string } | null = null;
  private readonly sheetOrg = new Map<string, { id: number; name: string } | string | null>();
  private readonly columns = new Map<string, Map<string, ColumnMapping>>();
  /** first row of each ID in the file: sheet index and row, packed */
  private readonly seen = new Map<string, number>();
  private readonly sheetNames: string[] = [];
  private readonly sheetIndex = new Map<string, number>();
  private readonly findExisting: ((id: string) => ExistingMember | undefined) | null;

  constructor(sqlite: BetterSqlite3.Database, opts: PlanOptions) {
    this.opts = opts;
    this.orgs = new OrgIndex(sqlite.prepare('SELECT id, name, short_name AS shortName, type, path FROM orgs').all() as OrgRef[]);
    if (opts.parent) {
      const p = this.orgs.find(opts.parent);
      if (!p) throw new AppError('NOT_FOUND', `找不到上级党组织：${opts.parent}`, 'parent');
      if (p === 'ambiguous') throw new AppError('AMBIGUOUS', `简称“${opts.parent}”对应多个党组织，请写全称`, 'parent');
      this.parent = p;
    }
    if (opts.org) {
      const r = this.resolve(opts.org);
      if (typeof r === 'string') throw new AppError('NOT_FOUND', r, 'org');
      this.fallback = r;
    }
    // members already in the registry, looked up by ID (the registry's unique index); none to look up in an empty one
    const any = sqlite.prepare('SELECT 1 FROM members LIMIT 1').get();
    if (any) {
      const byId = sqlite.prepare('SELECT * FROM members WHERE id_number = ?');
      this.findExisting = (id) => byId.get(id) as ExistingMember | undefined;
    } else this.findExisting = null;
  }

  private readonly resolved = new Map<string, { id: number; name: string } | string>();

  /** id (or negative temp id) for a name, or an error message; the same few names come on every row */
  private resolve(name: string): { id: number; name: string } | string {
    let r = this.resolved.get(name);
    if (r === undefined) {
      r = this.resolveName(name);
      if (this.resolved.size < 10_000) this.resolved.set(name, r);
    }
    return r;
  }

  private resolveName(name: string): { id: number; name: string } | string {
    const found = this.orgs.find(name);
    if (found === 'ambiguous') return `简称“${name}”对应多个党组织，请填写全称`;
    if (found) return found.type === '党组' ? `“${found.name}”是党组，不能直接管理党员，请填写所在党支部` : { id: found.id, name: found.name };
    if (!this.opts.createOrgs) return `找不到党组织“${name}”，${NOT_FOUND_HINT}`;
    let o = this.planned.get(name);
    if (!o) {
      o = { tempId: -(this.createOrgs.length + 1), name, type: orgTypeFromName(name), sheets: new Set(), used: false };
      this.createOrgs.push(o);
      this.planned.set(name, o);
    }
    return { id: o.tempId, name };
  }

  /** the organization to create behind a temp id */
  orgToCreate(tempId: number): OrgToCreate {
    return this.createOrgs[-tempId - 1];
  }

  /** a sheet's columns, before its rows: issues found here name the file's own headings */
  setColumns(sheet: string, mapping: ColumnMapping[]): void {
    this.columns.set(sheet, new Map(mapping.filter((m) => m.target && m.target !== IGNORED_KEY).map((m) => [m.target as string, m])));
  }

  private orgOfSheet(sheet: string): { id: number; name: string } | string | null {
    let r = this.sheetOrg.get(sheet);
    if (r === undefined) {
      const own = ownSheetName(sheet);
      r = this.orgs.find(own) || looksLikeOrgName(own) ? this.resolve(own) : null;
      this.sheetOrg.set(sheet, r);
    }
    return r;
  }

  add(src: AnalysedRow): PlannedRow {
    let extra: CellIssue[] | undefined;
    const cols = this.columns.get(src.sheet);
    const col = (field: string) => cols?.get(field);
    const issue = (field: string, message: string) =>
      (extra ??= []).push({ sheet: src.sheet, row: src.row, column: col(field)?.heading ?? FIELD_BY_KEY.get(field as ImportFieldKey)?.label ?? '所在党组织', col: col(field)?.index ?? -1, message });

    // organization: the row's branch column, else the sheet named after a branch, else the default
    let org: { id: number; name: string } | null = null;
    const fromColumn = src.member.org;
    const r = fromColumn ? this.resolve(fromColumn) : (this.orgOfSheet(src.sheet) ?? this.fallback);
    if (typeof r === 'string') issue('org', r);
    else if (r) org = r;
    else issue('org', NO_ORG);

    // the same ID twice in the file: the later row is the error
    const id = src.member.idNumber;
    if (id && (!src.errors.length || !src.errors.some((e) => e.column === (col('idNumber')?.heading ?? '公民身份号码')))) {
      const first = this.seen.get(id);
      if (first !== undefined) {
        const sheet = this.sheetNames[first % 1024];
        const row = Math.floor(first / 1024);
        issue('idNumber', `公民身份号码与${sheet === src.sheet ? '' : `工作表“${sheet}”`}第${row}行重复`);
      } else this.seen.set(id, src.row * 1024 + this.indexOfSheet(src.sheet));
    }
    if (extra) src.errors = [...src.errors, ...extra];
    if (src.errors.length) {
      this.counts.rejected++;
      return { source: src, action: 'rejected', orgId: org?.id ?? null, orgName: org?.name ?? null };
    }
    const old = this.findExisting?.(id);
    if (!old) {
      this.counts.new++;
      return this.using({ source: src, action: 'insert', orgId: org!.id, orgName: org!.name });
    }
    if (this.opts.mode === 'insert') {
      this.counts.unchanged++;
      return { source: src, action: 'unchanged', orgId: org!.id, orgName: org!.name, existingId: old.id, existing: true };
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
    const orgGiven = hasField(src.present, 'org') || this.orgOfSheet(src.sheet) != null || this.fallback !== null;
    if (orgGiven && org!.id !== old.org_id) {
      changes.push({ field: 'org_id', label: '所在党组织', column: col('org')?.heading ?? '', old: old.org_id, new: org!.id });
    }
    if (changes.length) {
      this.counts.updated++;
      return this.using({ source: src, action: 'update', orgId: org!.id, orgName: org!.name, existingId: old.id, changes });
    }
    this.counts.unchanged++;
    return { source: src, action: 'unchanged', orgId: org!.id, orgName: org!.name, existingId: old.id };
  }

  private indexOfSheet(sheet: string): number {
    let i = this.sheetIndex.get(sheet);
    if (i === undefined) {
      i = this.sheetNames.length % 1024;
      this.sheetNames[i] = sheet;
      this.sheetIndex.set(sheet, i);
    }
    return i;
  }

  /** a row to be written: an organization it needs to be created is now needed */
  private using(p: PlannedRow): PlannedRow {
    if (p.orgId !== null && p.orgId < 0) {
      const o = this.orgToCreate(p.orgId);
      o.used = true;
      o.sheets.add(p.source.sheet);
    }
    return p;
  }

  /** why an unchanged row is not written, for the report */
  unchangedReason(p: PlannedRow): string {
    return p.existing ? '已在党员库中（仅新增模式，未更新）' : '与党员库中的信息相同，无需更新';
  }
}
