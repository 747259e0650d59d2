import { openAppDatabase, appContext } from '../../src-main/app.ts';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { dispatch } from '../../src-main/adapters/dispatch.ts';
import type { OpInput, OpName, OpOutput } from '../../src-main/contract/index.ts';
import { type Db } from '../../src-main/db/connection.ts';
import { idCheckChar } from '../../src-main/domain/id-number.ts';
import { type ServiceContext } from '../../src-main/services/context.ts';

// Core service tests run on a real SQLite file in a temp folder, through the same dispatch as every adapter.

export const TODAY = '2025-01-10';

export interface CoreFixture {
  dir: string;
  file: string;
  db: Db;
  ctx: ServiceContext;
  call<K extends OpName>(name: K, input: OpInput<K>): Promise<OpOutput<K>>;
  close(): Promise<void>;
}

export async function makeCoreFixture(today = TODAY): Promise<CoreFixture> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dangwu-core-'));
  const file = path.join(dir, 'test.db');
  const db = await openAppDatabase(file);
  const ctx = appContext(db, { today: () => today, now: () => new Date().toISOString() });
  return {
    dir,
    file,
    db,
    ctx,
    call: (name, input) => dispatch(ctx, name, input) as never,
    close: async () => {
      await db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** a valid 18-digit number: birth YYYYMMDD, sequence (odd = 男) */
export const makeId = (birth: string, seq = '123', area = '110101'): string => {
  const first17 = `${area}${birth}${seq}`;
  return first17 + idCheckChar(first17);
};

/** a valid member (正式党员 born 1990-03-07, male by the ID) that tests patch one field at a time */
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
