import { sql } from 'kysely';
import type BetterSqlite3 from 'better-sqlite3-multiple-ciphers';
import type { Tx } from '../../../services/context.ts';
import { audit } from '../../../services/audit.ts';
import type { Actor } from '../../../services/settings.ts';
import type { NameKeys } from '../../../domain/pinyin.ts';
import type { Planner, PlannedRow } from './plan.ts';
import type { MappingOverrides } from './mapping.ts';

// Writing an import (docs/architecture.md#data): ONE transaction under one import batch id, opened before
// the file is read and fed row by row as the plan decides them — organizations to create (on the first row
// that needs one), new members, updated members with their previous values kept for undo, the sheet's own
// text where the import stored something else (the import record), the batch record and the remembered
// mappings. Cancel, any error, a strict run with errors, a dry run, or a file of which no row could be
// written leave the database exactly as before (SQLite rolls back an unfinished transaction, also after a
// killed process).
//
// Bulk path (src-main/db/connection.ts): positional prepared statements, and for a large insert into a
// small registry the members table's secondary indexes are dropped and built again once at the end (a
// sorted build instead of 50,000 random inserts into each of five B-trees), inside the same transaction.

export interface CommitCounts {
  inserted: number;
  updated: number;
  batchId: number | null;
}

/** every column a new member gets (a test keeps it in step with services/member-columns.ts) */
export const INSERT_COLUMNS = [
  'name', 'name_pinyin', 'name_initials', 'id_number', 'id_needs_review', 'gender', 'ethnicity', 'birth_date', 'education', 'degree',
  'category', 'joined_on', 'confirmed_on', 'org_id', 'job_position', 'work_unit', 'native_place', 'phone', 'landline', 'address',
  'household_reg', 'party_post', 'work_start', 'status', 'is_lost', 'lost_on', 'is_mobile', 'outflow', 'remark', 'prof_title', 'taiwan',
  'migrant_worker', 'new_stratum', 'self_care_unable', 'increase_type', 'join_type', 'entered_on', 'import_batch_id', 'created_at',
  'updated_at',
] as const;

/** inserts from which rebuilding the secondary indexes beats maintaining them */
const REBUILD_AFTER = 5000;
const QUEUE = 256;

export class Committer {
  inserted = 0;
  updated = 0;
  readonly batchId: number;
  readonly createdOrgs: string[] = [];
  private readonly sqlite: BetterSqlite3.Database;
  private readonly now: string;
  private readonly planner: Planner;
  private readonly keysOf: (name: string) => NameKeys;
  private readonly orgIds = new Map<number, number>();
  private readonly insMember: BetterSqlite3.Statement;
  private readonly insItem: BetterSqlite3.Statement;
  private readonly insOrg: BetterSqlite3.Statement;
  private readonly setPath: BetterSqlite3.Statement;
  private readonly existingMembers: number;
  private dropped: string[] | null = null;
  /** the page cache while rows are only appended (indexes dropped), or null to keep the one set */
  private readonly appendCacheKib: number | null;
  private readonly audits: { entityId: number; before: unknown; after: unknown }[] = [];
  private readonly params: unknown[] = new Array(INSERT_COLUMNS.length);
  /** inserts waiting to go in together: SQLite works best given rows in a tight loop, not between cells being parsed */
  private queue: PlannedRow[] = [];

  constructor(
    sqlite: BetterSqlite3.Database,
    planner: Planner,
    keysOf: (name: string) => NameKeys,
    batch: { fileName: string; mode: string; actor: string; now: string; appendCacheKib?: number },
  ) {
    this.sqlite = sqlite;
    this.planner = planner;
    this.keysOf = keysOf;
    this.now = batch.now;
    this.appendCacheKib = batch.appendCacheKib ?? null;
    this.batchId = Number(
      sqlite
        .prepare(
          `INSERT INTO import_batches (file_name, mode, sheets, inserted, updated, skipped, rejected, warnings, created_orgs, actor, created_at)
           VALUES (?, ?, '[]', 0, 0, 0, 0, 0, '[]', ?, ?)`,
        )
        .run(batch.fileName, batch.mode, batch.actor, batch.now).lastInsertRowid,
    );
    this.insMember = sqlite.prepare(`INSERT INTO members (${INSERT_COLUMNS.join(', ')}) VALUES (${INSERT_COLUMNS.map(() => '?').join(', ')})`);
    this.insItem = sqlite.prepare('INSERT INTO import_batch_members (batch_id, member_id, action, before, after, sheet_values) VALUES (?, ?, ?, ?, ?, ?)');
    this.insOrg = sqlite.prepare(`INSERT INTO orgs (name, type, parent_id, path, sort_order, created_at, updated_at) VALUES (?, ?, ?, '', 0, ?, ?)`);
    this.setPath = sqlite.prepare('UPDATE orgs SET path = ? WHERE id = ?');
    this.existingMembers = (sqlite.prepare('SELECT count(*) AS n FROM members').get() as { n: number }).n;
  }

  /** the organization id of a planned row, creating a planned organization on first use */
  private orgOf(id: number): number {
    if (id >= 0) return id;
    let real = this.orgIds.get(id);
    if (real === undefined) {
      const o = this.planner.orgToCreate(id);
      const parent = this.planner.parent;
      real = Number(this.insOrg.run(o.name, o.type, parent?.id ?? null, this.now, this.now).lastInsertRowid);
      this.setPath.run(`${parent?.path ?? '/'}${real}/`, real);
      this.orgIds.set(id, real);
      this.createdOrgs.push(o.name);
    }
    return real;
  }

  write(p: PlannedRow): void {
    if (p.action === 'insert') {
      this.queue.push(p);
      if (this.queue.length >= QUEUE) this.flush();
    } else if (p.action === 'update') this.update(p);
  }

  /** members inserted so far, the queued ones included */
  get insertedCount(): number {
    return this.inserted + this.queue.length;
  }

  private flush(): void {
    const rows = this.queue;
    this.queue = [];
    if (this.dropped === null && this.inserted + rows.length >= REBUILD_AFTER && this.inserted + rows.length >= this.existingMembers) this.dropIndexes();
    for (const p of rows) this.insert(p);
  }

  private insert(p: PlannedRow): void {
    const m = p.source.member;
    const keys = this.keysOf(m.name);
    const v = this.params;
    v[0] = m.name;
    v[1] = keys.pinyin;
    v[2] = keys.initials;
    v[3] = m.idNumber;
    v[4] = m.idNeedsReview ? 1 : 0;
    v[5] = m.gender;
    v[6] = m.ethnicity;
    v[7] = m.birthDate;
    v[8] = m.education;
    v[9] = m.degree;
    v[10] = m.category;
    v[11] = m.joinedOn;
    v[12] = m.confirmedOn;
    v[13] = this.orgOf(p.orgId!);
    v[14] = m.jobPosition;
    v[15] = m.workUnit;
    v[16] = m.nativePlace;
    v[17] = m.phone;
    v[18] = m.landline;
    v[19] = m.address;
    v[20] = m.householdReg;
    v[21] = m.partyPost;
    v[22] = m.workStart;
    v[23] = m.status;
    v[24] = m.isLost ? 1 : 0;
    v[25] = m.lostOn;
    v[26] = m.isMobile ? 1 : 0;
    v[27] = m.outflow;
    v[28] = m.remark;
    v[29] = m.profTitle;
    v[30] = m.taiwan ? 1 : 0;
    v[31] = m.migrantWorker ? 1 : 0;
    v[32] = m.newStratum;
    v[33] = m.selfCareUnable ? 1 : 0;
    // 增加方式 as the member form decides it for a member first entered (domain/lifecycle.ts initialIncreaseType)
    v[34] = m.increaseType;
    v[35] = m.joinType;
    v[36] = m.enteredOn;
    v[37] = this.batchId;
    v[38] = this.now;
    v[39] = this.now;
    const id = Number(this.insMember.run(v).lastInsertRowid);
    this.inserted++;
    // inserted members are found again by members.import_batch_id; a record per member only where the
    // sheet said something else than what was stored
    if (p.source.sheetValues) this.insItem.run(this.batchId, id, 'inserted', null, null, JSON.stringify(p.source.sheetValues));
  }

  private update(p: PlannedRow): void {
    const before: Record<string, unknown> = {};
    const after: Record<string, unknown> = {};
    for (const c of p.changes!) {
      before[c.field] = c.old;
      after[c.field] = c.field === 'org_id' ? this.orgOf(c.new as number) : c.new;
    }
    if ('name' in after) {
      const keys = this.keysOf(after.name as string);
      after.name_pinyin = keys.pinyin;
      after.name_initials = keys.initials;
      const old = this.sqlite.prepare('SELECT name_pinyin, name_initials FROM members WHERE id = ?').get(p.existingId) as Record<string, unknown>;
      before.name_pinyin = old.name_pinyin;
      before.name_initials = old.name_initials;
    }
    const cols = Object.keys(after);
    this.sqlite
      .prepare(`UPDATE members SET ${cols.map((c) => `${c} = ?`).join(', ')}, updated_at = ? WHERE id = ?`)
      .run(...cols.map((c) => after[c] as never), this.now, p.existingId);
    this.insItem.run(this.batchId, p.existingId!, 'updated', JSON.stringify(before), JSON.stringify(after), p.source.sheetValues ? JSON.stringify(p.source.sheetValues) : null);
    this.audits.push({ entityId: p.existingId!, before, after });
    this.updated++;
  }

  /** the members table's own secondary indexes (not the unique ID index), dropped until finish() */
  private dropIndexes(): void {
    const rows = this.sqlite
      .prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'members' AND sql IS NOT NULL`)
      .all() as { name: string; sql: string }[];
    for (const r of rows) this.sqlite.exec(`DROP INDEX "${r.name.replace(/"/g, '""')}"`);
    this.dropped = rows.map((r) => r.sql);
    // appending to the table alone keeps few pages busy: the large cache the index inserts wanted is not
    // needed, and at 200,000 rows its 24 MB more stand beside the parse worker's heap (the caller restores it)
    if (this.appendCacheKib !== null) this.sqlite.pragma(`cache_size = -${this.appendCacheKib}`);
  }

  /** builds the dropped indexes again, then the batch record, history and remembered mappings */
  async finish(
    trx: Tx,
    summary: { sheets: string[]; skipped: number; rejected: number; warnings: number; actor: Actor; fileName: string; rememberMappings?: Record<string, MappingOverrides> },
  ): Promise<void> {
    this.flush();
    for (const q of this.dropped ?? []) this.sqlite.exec(q);
    this.dropped = null;
    await sql`UPDATE import_batches SET sheets = ${JSON.stringify(summary.sheets)}, inserted = ${this.inserted}, updated = ${this.updated},
      skipped = ${summary.skipped}, rejected = ${summary.rejected}, warnings = ${summary.warnings}, created_orgs = ${JSON.stringify(this.createdOrgs)}
      WHERE id = ${this.batchId}`.execute(trx);
    for (const a of this.audits) await audit(trx, { actor: summary.actor, at: this.now, entity: 'member', entityId: a.entityId, action: '导入更新', before: a.before, after: a.after });
    await audit(trx, {
      actor: summary.actor,
      at: this.now,
      entity: 'import_batch',
      entityId: this.batchId,
      action: '导入党员',
      after: { fileName: summary.fileName, inserted: this.inserted, updated: this.updated, skipped: summary.skipped, createdOrgs: this.createdOrgs },
    });
    for (const [signature, mapping] of Object.entries(summary.rememberMappings ?? {})) {
      if (!Object.keys(mapping).length) continue;
      this.sqlite
        .prepare('INSERT INTO import_mappings (signature, mapping, updated_at) VALUES (?, ?, ?) ON CONFLICT(signature) DO UPDATE SET mapping = excluded.mapping, updated_at = excluded.updated_at')
        .run(signature, JSON.stringify(mapping), this.now);
    }
  }
}
