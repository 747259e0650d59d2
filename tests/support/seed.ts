import type { Db } from '../../src-main/db/connection.ts';
import { describeId, makeId, nthId } from './id-numbers.ts';

// Seeds written straight into the core tables: the modules under test read organizations and members,
// they do not own them (the core services that do are tested through `call` in tests/core). Every
// helper takes anything with a `db` (a TestDb, or an E2E harness).

type HasDb = { db: Db };

const SEED_TIME = '2023-01-01T00:00:00.000Z';

export interface OrgSeed {
  parent?: number | null;
  /** default 党支部 */
  type?: string;
  short?: string | null;
  /** default: after every organization already there */
  sortOrder?: number;
}

/** inserts an organization under `parent` (path maintained as the service does); returns its id */
export function addOrg(t: HasDb, name: string, o: OrgSeed = {}): number {
  const s = t.db.sqlite;
  const parentPath = o.parent ? (s.prepare('SELECT path FROM orgs WHERE id = ?').get(o.parent) as { path: string }).path : '/';
  const sortOrder = o.sortOrder ?? (s.prepare('SELECT coalesce(max(sort_order), -1) + 1 AS n FROM orgs').get() as { n: number }).n;
  const id = Number(
    s
      .prepare(`INSERT INTO orgs (name, short_name, type, parent_id, path, sort_order, created_at, updated_at) VALUES (?, ?, ?, ?, '', ?, ?, ?)`)
      .run(name, o.short ?? null, o.type ?? '党支部', o.parent ?? null, sortOrder, SEED_TIME, SEED_TIME).lastInsertRowid,
  );
  s.prepare('UPDATE orgs SET path = ? WHERE id = ?').run(`${parentPath}${id}/`, id);
  return id;
}

/** the usual test bureau: a 党委 with two 党支部 */
export const BUREAU = {
  committee: '中共某某局机关委员会',
  branchA: '中共某某局机关第一党支部',
  branchB: '中共某某局机关第二党支部',
} as const;

export interface Bureau {
  committee: number;
  branchA: number;
  branchB: number;
}

/** 中共某某局机关委员会 (党委) → 第一/第二党支部, with the given short names (default 第一党支部, 第二党支部) */
export function seedBureau(t: HasDb, short: [string, string] = ['第一党支部', '第二党支部']): Bureau {
  const committee = addOrg(t, BUREAU.committee, { type: '党委' });
  return {
    committee,
    branchA: addOrg(t, BUREAU.branchA, { parent: committee, short: short[0] }),
    branchB: addOrg(t, BUREAU.branchB, { parent: committee, short: short[1] }),
  };
}

export interface MemberSeed {
  name: string;
  org: number;
  /** default: the next number of a unique series; gender and birth date follow from it unless given */
  idNumber?: string;
  gender?: string;
  birthDate?: string;
  /** default 正式党员 */
  category?: string;
  /** default 2000-07-01 */
  joinedOn?: string;
  /** default 正常 */
  status?: string;
  /** default 转出 when leftOn is given, else 在册 */
  roll?: string;
  leftOn?: string;
  isLost?: boolean;
}

let serial = 0;

/** inserts a member (pinyin keys = the name itself); returns its id */
export function addMember(t: HasDb, m: MemberSeed): number {
  const idNumber = m.idNumber ?? nthId(900_000 + serial++); // far from the numbers tests build by hand
  const fromId = describeId(idNumber);
  return Number(
    t.db.sqlite
      .prepare(
        `INSERT INTO members (name, name_pinyin, name_initials, id_number, gender, birth_date, category, joined_on, org_id,
           status, roll, left_on, is_lost, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        m.name, m.name, m.name, idNumber, m.gender ?? fromId.sex, m.birthDate ?? fromId.birthDate, m.category ?? '正式党员',
        m.joinedOn ?? '2000-07-01', m.org, m.status ?? '正常', m.roll ?? (m.leftOn ? '转出' : '在册'), m.leftOn ?? null,
        m.isLost ? 1 : 0, SEED_TIME, SEED_TIME,
      ).lastInsertRowid,
  );
}

/** records a member event (转入, 转出, 出党 …) as the registry would */
export function addEvent(t: HasDb, memberId: number, type: string, date: string): void {
  t.db.sqlite.prepare(`INSERT INTO member_events (member_id, type, date, recorded_at) VALUES (?, ?, ?, ?)`).run(memberId, type, date, SEED_TIME);
}

/** a valid member input (正式党员 born 1990-03-07, male by the ID) that tests patch one field at a time */
export const SAMPLE_MEMBER = {
  name: '张三',
  idNumber: makeId('19900307', '231'),
  ethnicity: '汉族',
  education: '大学本科',
  category: '正式党员',
  joinedOn: '2015-06-01',
  confirmedOn: '2016-06-01',
  org: '机关第一党支部',
};
