import { openAppDatabase, appContext } from '../../src-main/app.ts';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { dispatch } from '../../src-main/adapters/dispatch.ts';
import type { OpInput, OpName, OpOutput } from '../../src-main/contract/index.ts';
import { type Db } from '../../src-main/db/connection.ts';
import { idCheckChar } from '../../src-main/domain/id-number.ts';
import { type ServiceContext } from '../../src-main/services/context.ts';

// Dues tests: a real SQLite file in a temp folder, a committee with two branches, members inserted
// directly (the registry's own services are tested elsewhere), calls through the generic dispatch.

export const makeId = (birth: string, seq: string): string => {
  const first17 = `110101${birth}${seq}`;
  return first17 + idCheckChar(first17);
};

export interface DuesFixture {
  dir: string;
  file: string;
  db: Db;
  ctx: ServiceContext;
  committee: number;
  branchA: number;
  branchB: number;
  call<K extends OpName>(name: K, input: OpInput<K>): Promise<OpOutput<K>>;
  addMember(m: { name: string; idNumber: string; org: number; joinedOn?: string; category?: string; leftOn?: string }): number;
  close(): Promise<void>;
}

export function insertOrg(db: Db, name: string, parent: number | null, type = '党支部', shortName: string | null = null): number {
  const now = '2023-01-01T00:00:00Z';
  const parentPath = parent ? (db.sqlite.prepare('SELECT path FROM orgs WHERE id = ?').get(parent) as { path: string }).path : '/';
  const id = Number(db.sqlite.prepare(`INSERT INTO orgs (name, short_name, type, parent_id, path, created_at, updated_at) VALUES (?, ?, ?, ?, '', ?, ?)`)
    .run(name, shortName, type, parent, now, now).lastInsertRowid);
  db.sqlite.prepare('UPDATE orgs SET path = ? WHERE id = ?').run(`${parentPath}${id}/`, id);
  return id;
}

export function insertMember(db: Db, m: { name: string; idNumber: string; org: number; joinedOn?: string; category?: string; leftOn?: string }): number {
  const now = '2023-01-01T00:00:00Z';
  return Number(db.sqlite.prepare(`INSERT INTO members (name, name_pinyin, name_initials, id_number, gender, birth_date, category, joined_on, org_id, roll, left_on, created_at, updated_at)
    VALUES (?, ?, ?, ?, '男', '1980-01-01', ?, ?, ?, ?, ?, ?, ?)`)
    .run(m.name, m.name, m.name, m.idNumber, m.category ?? '正式党员', m.joinedOn ?? '2000-07-01', m.org, m.leftOn ? '转出' : '在册', m.leftOn ?? null, now, now).lastInsertRowid);
}

export async function makeDuesFixture(today = '2023-06-15'): Promise<DuesFixture> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dangwu-dues-'));
  const file = path.join(dir, 'test.db');
  const db = await openAppDatabase(file);
  const ctx = appContext(db, { today: () => today, now: () => new Date().toISOString() });
  const committee = insertOrg(db, '中共某某局机关委员会', null, '党委');
  const branchA = insertOrg(db, '中共某某局机关第一党支部', committee, '党支部', '第一支部');
  const branchB = insertOrg(db, '中共某某局机关第二党支部', committee, '党支部', '第二支部');
  return {
    dir, file, db, ctx, committee, branchA, branchB,
    call: (name, input) => dispatch(ctx, name, input) as never,
    addMember: (m) => insertMember(db, m),
    close: async () => {
      await db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
