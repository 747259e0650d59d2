import os from 'node:os';
import { operatorName } from '../domain/operator.ts';
import type { Tx } from './context.ts';

/**
 * Who makes a change (docs/domain/members.md#operator): the clerk named in 设置 — '' when nobody is (never a
 * placeholder word) — and the computer it is made on. Every write records it: `name` in the record's own
 * 经办人/登记人 column, both in the audit log.
 */
export interface Actor {
  name: string;
  machine: string;
}

let machineName: string | undefined;
/** this computer's name (the main process's host; the same for the app, browser mode and the CLI) */
export function machine(): string {
  machineName ??= (() => {
    try {
      return os.hostname().trim();
    } catch {
      return '';
    }
  })();
  return machineName;
}

export async function actor(db: Tx): Promise<Actor> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', 'clerkName').executeTakeFirst();
  const name = row ? operatorName(JSON.parse(row.value) as string) : '';
  return { name, machine: machine() };
}
