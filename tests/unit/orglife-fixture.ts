import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { appContext, openAppDatabase } from '../../src-main/app.ts';
import { dispatch } from '../../src-main/adapters/dispatch.ts';
import { runCli } from '../../src-main/adapters/cli/main.ts';
import type { OpInput, OpName, OpOutput } from '../../src-main/contract/index.ts';
import type { Db } from '../../src-main/db/connection.ts';
import type { ServiceContext } from '../../src-main/services/context.ts';

// Organizational-life tests: a real SQLite file in a temp folder; a committee with two branches and a
// party group, members inserted directly (the registry's own services are tested elsewhere), calls
// through the generic dispatch, the CLI in process.

/** an 18-digit ID number with its check digit computed here (ISO 7064 MOD 11-2), not by domain/ */
export function idNo(birth: string, seq: number): string {
  const first17 = `110101${birth}${String(seq).padStart(3, '0')}`;
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const s = [...first17].reduce((acc, d, i) => acc + Number(d) * w[i], 0);
  return first17 + '10X98765432'[s % 11];
}

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
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dangwu-orglife-'));
  const file = path.join(dir, 'test.db');
  const db = await openAppDatabase(file);
  const ctx = appContext(db, { today: () => today, now: () => new Date().toISOString() });
  const committee = insertOrg(db, '中共某某局机关委员会', null, '党委', '机关党委');
  const branchA = insertOrg(db, '中共某某局机关第一党支部', committee, '党支部', '机关第一党支部');
  const branchB = insertOrg(db, '中共某某局机关第二党支部', committee, '党支部', '机关第二党支部');
  const group = insertOrg(db, '第一党支部第一党小组', branchA, '党小组');
  db.sqlite.prepare(`INSERT INTO settings (key, value) VALUES ('clerkName', '"王经办"')`).run();
  let seq = 0;
  const now = '2020-01-01T00:00:00Z';
  return {
    dir, file, db, ctx, committee, branchA, branchB, group,
    call: (name, input) => dispatch(ctx, name, input) as never,
    member(m) {
      seq++;
      const idNumber = idNo(`19${String(60 + (seq % 30)).padStart(2, '0')}0101`, seq);
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
      let out = '';
      let err = '';
      const code = await runCli(['--db', file, ...argv], { DANGWU_TODAY: today }, { stdout: (t) => (out += t), stderr: (t) => (err += t) });
      return { code, out, err };
    },
    close: async () => {
      await db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
