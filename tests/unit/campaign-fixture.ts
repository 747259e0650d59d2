import { openAppDatabase, appContext } from '../../src-main/app.ts';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Db } from '../../src-main/db/connection.ts';
import { type Clock, type ServiceContext } from '../../src-main/services/context.ts';
import { dispatch } from '../../src-main/adapters/dispatch.ts';
import type { OpInput, OpName, OpOutput } from '../../src-main/contract/index.ts';

// Test fixture of the campaign tests: a real SQLite file in a temp dir, organizations and members
// written straight into the core tables (the campaign module reads them, it does not own them).

export interface Fixture {
  dir: string;
  db: Db;
  ctx: ServiceContext;
  call<K extends OpName>(name: K, input: OpInput<K>): Promise<OpOutput<K>>;
  org(name: string, parent?: number, type?: string): number;
  member(m: { name: string; org: number; joinedOn: string; category?: string; leftOn?: string; roll?: string; status?: string; isLost?: boolean; idNumber?: string }): number;
  event(memberId: number, type: string, date: string): void;
  close(): Promise<void>;
}

const clock: Clock = { today: () => '2023-10-10', now: () => new Date().toISOString() };

let seq = 0;
/** a syntactically valid 18-digit ID number (check digit computed) unique within the run */
export function fakeId(n: number): string {
  const first17 = `110105198001${String(n % 1_000_000).padStart(5, '0')}`.slice(0, 17);
  const W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  let s = 0;
  for (let i = 0; i < 17; i++) s += Number(first17[i]) * W[i];
  return first17 + '10X98765432'[s % 11];
}

export async function makeFixture(): Promise<Fixture> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dangwu-campaign-'));
  const db = await openAppDatabase(path.join(dir, 'test.db'));
  const ctx = appContext(db, clock);
  const now = '2023-01-01T00:00:00.000Z';
  const insOrg = db.sqlite.prepare(`INSERT INTO orgs (name, type, parent_id, path, sort_order, created_at, updated_at) VALUES (?, ?, ?, '', ?, ?, ?)`);
  const setPath = db.sqlite.prepare(`UPDATE orgs SET path = ? WHERE id = ?`);
  const insMember = db.sqlite.prepare(`INSERT INTO members (name, name_pinyin, name_initials, id_number, gender, birth_date, category, joined_on, org_id,
    status, roll, left_on, is_lost, created_at, updated_at) VALUES (?, ?, '', ?, '男', '1980-01-01', ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const insEvent = db.sqlite.prepare(`INSERT INTO member_events (member_id, type, date, recorded_at) VALUES (?, ?, ?, ?)`);
  return {
    dir, db, ctx,
    call: (name, input) => dispatch(ctx, name, input) as never,
    org(name, parent, type = '党支部') {
      const id = Number(insOrg.run(name, type, parent ?? null, seq++, now, now).lastInsertRowid);
      const parentPath = parent ? (db.sqlite.prepare('SELECT path FROM orgs WHERE id = ?').get(parent) as { path: string }).path : '/';
      setPath.run(`${parentPath}${id}/`, id);
      return id;
    },
    member(m) {
      const id = m.idNumber ?? fakeId(++seq);
      return Number(insMember.run(m.name, m.name, id, m.category ?? '正式党员', m.joinedOn, m.org, m.status ?? '正常', m.roll ?? (m.leftOn ? '转出' : '在册'), m.leftOn ?? null, m.isLost ? 1 : 0, now, now).lastInsertRowid);
    },
    event(memberId, type, date) {
      insEvent.run(memberId, type, date, now);
    },
    async close() {
      await db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
