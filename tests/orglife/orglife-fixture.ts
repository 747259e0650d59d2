import type { OpInput, OpName, OpOutput } from '../../src-main/contract/index.ts';
import type { Db } from '../../src-main/db/connection.ts';
import type { ServiceContext } from '../../src-main/services/context.ts';
import { cli } from '../support/cli.ts';
import { openTestDb } from '../support/db.ts';
import { makeId } from '../support/id-numbers.ts';

// Organizational-life tests: a real SQLite file in a temp folder; a committee with two branches and a
// party group, members inserted directly (the registry's own services are tested elsewhere), calls
// through the generic dispatch, the CLI in process.

export interface Fixture {
  dir: string;
  file: string;
  db: Db;
  ctx: ServiceContext;
  committee: number;
  branchA: number;
  branchB: number;
  group: number;
  call<K extends OpName>(name: K, input: OpInput<K>): Promise<OpOutput<K>>;
  member(m: { name: string; org: number; joinedOn?: string; category?: string; confirmedOn?: string | null; post?: string | null; status?: string }): { id: number; idNumber: string };
  event(memberId: number, type: string, date: string, fromOrg?: number | null, toOrg?: number | null): void;
  cli(...argv: string[]): Promise<{ code: number; out: string; err: string }>;
  close(): Promise<void>;
}

export function insertOrg(db: Db, name: string, parent: number | null, type = '党支部', shortName: string | null = null, establishedOn: string | null = null): number {
  const now = '2020-01-01T00:00:00Z';
  const parentPath = parent ? (db.sqlite.prepare('SELECT path FROM orgs WHERE id = ?').get(parent) as { path: string }).path : '/';
  const id = Number(db.sqlite.prepare(`INSERT INTO orgs (name, short_name, type, parent_id, path, established_on, created_at, updated_at) VALUES (?, ?, ?, ?, '', ?, ?, ?)`)
    .run(name, shortName, type, parent, establishedOn, now, now).lastInsertRowid);
  db.sqlite.prepare('UPDATE orgs SET path = ? WHERE id = ?').run(`${parentPath}${id}/`, id);
  return id;
}

export async function makeFixture(today = '2026-06-15'): Promise<Fixture> {
  const t = await openTestDb({ today, prefix: 'dangwu-orglife-' });
  const { dir, file, db, ctx } = t;
  const committee = insertOrg(db, '中共某某局机关委员会', null, '党委', '机关党委');
  const branchA = insertOrg(db, '中共某某局机关第一党支部', committee, '党支部', '机关第一党支部');
  const branchB = insertOrg(db, '中共某某局机关第二党支部', committee, '党支部', '机关第二党支部');
  const group = insertOrg(db, '第一党支部第一党小组', branchA, '党小组');
  db.sqlite.prepare(`INSERT INTO settings (key, value) VALUES ('clerkName', '"王经办"')`).run();
  let seq = 0;
  const now = '2020-01-01T00:00:00Z';
  return {
    dir, file, db, ctx, committee, branchA, branchB, group,
    call: t.call,
    member(m) {
      seq++;
      const idNumber = makeId(`19${String(60 + (seq % 30)).padStart(2, '0')}-01-01`, seq);
      const category = m.category ?? '正式党员';
      const id = Number(db.sqlite.prepare(`INSERT INTO members (name, name_pinyin, name_initials, id_number, gender, birth_date, category, joined_on, confirmed_on, org_id, party_post, status, created_at, updated_at)
        VALUES (?, ?, ?, ?, '男', '1970-01-01', ?, ?, ?, ?, ?, ?, ?, ?)`)
        .run(m.name, `p${String(seq).padStart(4, '0')}`, 'x', idNumber, category, m.joinedOn ?? '2000-07-01',
          m.confirmedOn !== undefined ? m.confirmedOn : category === '正式党员' ? '2001-07-01' : null, m.org, m.post ?? null, m.status ?? '正常', now, now).lastInsertRowid);
      return { id, idNumber };
    },
    event(memberId, type, date, fromOrg = null, toOrg = null) {
      db.sqlite.prepare(`INSERT INTO member_events (member_id, type, date, from_org_id, to_org_id, recorded_at) VALUES (?, ?, ?, ?, ?, ?)`).run(memberId, type, date, fromOrg, toOrg, now);
      if (type === '转出' || type === '死亡' || type === '出党') db.sqlite.prepare(`UPDATE members SET roll = ?, left_on = ? WHERE id = ?`).run(type, date, memberId);
      if ((type === '调整' || type === '转入') && toOrg) db.sqlite.prepare(`UPDATE members SET org_id = ?, roll = '在册', left_on = NULL WHERE id = ?`).run(toOrg, memberId);
    },
    async cli(...argv) {
      const r = await cli(argv, { db: file, env: { DANGWU_TODAY: today } });
      return { code: r.code, out: r.stdout, err: r.stderr };
    },
    close: t.close,
  };
}
