import { cli } from '../support/cli.ts';
import { openTestDb } from '../support/db.ts';
import { idNumber } from '../support/id-numbers.ts';
import type { OpInput, OpName, OpOutput } from '../../src-main/contract/index.ts';
import type { Db } from '../../src-main/db/connection.ts';
import type { ServiceContext } from '../../src-main/services/context.ts';

// A real registry for the statistics and development tests: a SQLite file in a temp folder, organizations
// and members written as the registry stores them, events as the lifecycle records them (type, date,
// from/to organization, 出党 sub-type, 整建制), calls through the same dispatch as every adapter, and the
// CLI in process.

/** a valid 18-character 公民身份号码 from the tests' own oracle (tests/support/id-numbers.ts) */
export const idOf = (birth: string, seq: number, area = '110101'): string => idNumber({ birth, seq, area });

export interface MemberSeed {
  name: string;
  org: number;
  birth?: string;
  gender?: '男' | '女';
  ethnicity?: string;
  education?: string | null;
  category?: '正式党员' | '预备党员';
  joinedOn?: string;
  confirmedOn?: string | null;
  job?: string | null;
  nativePlace?: string | null;
  status?: '正常' | '停止党籍';
  roll?: string;
  leftOn?: string | null;
  increaseType?: string;
  joinType?: string;
  enteredOn?: string | null;
  migrant?: boolean;
  taiwan?: boolean;
  newStratum?: string | null;
  profTitle?: string | null;
  selfCareUnable?: boolean;
  seq?: number;
  createdAt?: string;
}

export interface EventSeed {
  type: string;
  date: string;
  from?: number | null;
  to?: number | null;
  subtype?: string | null;
  wholeOrg?: boolean;
  detail?: string | null;
  effectiveOn?: string | null;
  months?: number | null;
}

export interface Fixture {
  dir: string;
  file: string;
  db: Db;
  ctx: ServiceContext;
  call<K extends OpName>(name: K, input: OpInput<K>): Promise<OpOutput<K>>;
  org(name: string, type: string, parent?: number | null, more?: { establishedOn?: string; dissolvedOn?: string; termStart?: string; termYears?: number; shortName?: string }): number;
  member(m: MemberSeed): { id: number; idNumber: string };
  event(memberId: number, e: EventSeed): void;
  /** the CLI in process: exit code and output */
  cli(...args: string[]): Promise<{ code: number; out: string; err: string }>;
  close(): Promise<void>;
}

let seqCounter = 100;

export async function makeFixture(today: string): Promise<Fixture> {
  const t = await openTestDb({ today, prefix: 'dangwu-stats-' });
  const { dir, file, db, ctx } = t;
  // records stamped at a fixed time of the day (orders of entry are compared in some tests)
  ctx.clock = { today: () => today, now: () => `${today}T08:00:00.000Z` };
  const s = db.sqlite;
  const now = `${today}T08:00:00.000Z`;
  return {
    dir,
    file,
    db,
    ctx,
    call: t.call,
    org(name, type, parent = null, more = {}) {
      const parentPath = parent ? (s.prepare('SELECT path FROM orgs WHERE id = ?').get(parent) as { path: string }).path : '/';
      const id = Number(s.prepare(`INSERT INTO orgs (name, short_name, type, parent_id, path, established_on, dissolved_on, term_start, term_years, created_at, updated_at)
        VALUES (?, ?, ?, ?, '', ?, ?, ?, ?, ?, ?)`).run(name, more.shortName ?? null, type, parent, more.establishedOn ?? null, more.dissolvedOn ?? null,
        more.termStart ?? null, more.termYears ?? null, now, now).lastInsertRowid);
      s.prepare('UPDATE orgs SET path = ? WHERE id = ?').run(`${parentPath}${id}/`, id);
      return id;
    },
    member(m) {
      const birth = m.birth ?? '1980-01-01';
      const seq = m.seq ?? (seqCounter += 2) % 1000;
      const idNumber = idOf(birth, m.gender === '女' ? seq - (seq % 2) : seq | 1);
      const category = m.category ?? '正式党员';
      const joinedOn = m.joinedOn ?? '2005-07-01';
      const confirmedOn = m.confirmedOn !== undefined ? m.confirmedOn : category === '正式党员' ? `${Number(joinedOn.slice(0, 4)) + 1}${joinedOn.slice(4)}` : null;
      const id = Number(s.prepare(`INSERT INTO members (name, name_pinyin, name_initials, id_number, gender, ethnicity, birth_date, education, category, joined_on,
          confirmed_on, org_id, job_position, native_place, status, roll, left_on, increase_type, join_type, entered_on, migrant_worker, taiwan, new_stratum,
          prof_title, self_care_unable, created_at, updated_at)
        VALUES (?, ?, '', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(
        m.name, m.name, idNumber, m.gender ?? '男', m.ethnicity ?? '汉族', birth, m.education === undefined ? '大学本科' : m.education, category, joinedOn,
        confirmedOn, m.org, m.job === undefined ? '公务员' : m.job, m.nativePlace ?? null, m.status ?? '正常', m.roll ?? '在册', m.leftOn ?? null,
        m.increaseType ?? '建账', m.joinType ?? '新发展', m.enteredOn ?? null, m.migrant ? 1 : 0, m.taiwan ? 1 : 0, m.newStratum ?? null, m.profTitle ?? null,
        m.selfCareUnable ? 1 : 0, m.createdAt ?? now, now,
      ).lastInsertRowid);
      return { id, idNumber };
    },
    event(memberId, e) {
      s.prepare(`INSERT INTO member_events (member_id, type, date, detail, from_org_id, to_org_id, subtype, whole_org, effective_on, months, recorded_at, recorded_by)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '测试')`).run(memberId, e.type, e.date, e.detail ?? null, e.from ?? null, e.to ?? null, e.subtype ?? null,
        e.wholeOrg ? 1 : 0, e.effectiveOn ?? null, e.months ?? null, now);
    },
    async cli(...args) {
      const r = await cli(args, { db: file, env: { DANGWU_TODAY: today } });
      return { code: r.code, out: r.stdout, err: r.stderr };
    },
    close: t.close,
  };
}

/** a table's row by its label (or code), the value of a column by its label */
export function cell(t: { columns: string[]; rows: { code: string | null; label: string; values: number[] }[] }, row: string, column: string): number {
  const r = t.rows.find((x) => x.label === row || x.code === row);
  if (!r) throw new Error(`no row ${row}: ${t.rows.map((x) => x.label).join(', ')}`);
  const c = t.columns.indexOf(column);
  if (c < 0) throw new Error(`no column ${column}: ${t.columns.join(', ')}`);
  return r.values[c];
}
