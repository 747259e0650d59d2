import type { ServiceContext, Tx } from '../../../services/context.ts';

// Small facts kept with the data (safety_state): last backups, the second folder, the idle-lock time.

export interface SafetyState {
  idleMinutes: number;
  backupFolder: string | null;
  lastBackupAt: string | null;
  lastOutsideCopyAt: string | null;
  lastBulkBackupAt: string | null;
  lastSecondFolderError: string | null;
}

export const DEFAULT_IDLE_MINUTES = 10;

const DEFAULTS: SafetyState = {
  idleMinutes: DEFAULT_IDLE_MINUTES,
  backupFolder: null,
  lastBackupAt: null,
  lastOutsideCopyAt: null,
  lastBulkBackupAt: null,
  lastSecondFolderError: null,
};

/**
 * The last state read per database file: a locked database cannot be read, but the window still needs
 * the idle time and the folder to show.
 */
const lastKnown = new Map<string, SafetyState>();

export async function readState(db: Tx, file: string): Promise<SafetyState> {
  const rows = await db.selectFrom('safety_state').select(['key', 'value']).execute();
  const out: Record<string, unknown> = { ...DEFAULTS };
  for (const r of rows) if (r.key in DEFAULTS) out[r.key] = JSON.parse(r.value);
  const state = out as unknown as SafetyState;
  lastKnown.set(file, state);
  return state;
}

export function cachedState(file: string): SafetyState {
  return lastKnown.get(file) ?? DEFAULTS;
}

export async function writeState(ctx: ServiceContext, patch: Partial<SafetyState>): Promise<SafetyState> {
  await ctx.kysely.transaction().execute(async (trx) => {
    for (const [key, value] of Object.entries(patch)) {
      if (value === undefined) continue;
      const v = JSON.stringify(value);
      await trx.insertInto('safety_state').values({ key, value: v }).onConflict((oc) => oc.column('key').doUpdateSet({ value: v })).execute();
    }
  });
  return readState(ctx.kysely, ctx.vault.file);
}
