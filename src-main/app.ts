import { writeBackup } from './db/backup-file.ts';
import { backupDir, openDatabase, type Db } from './db/connection.ts';
import { readKeyFile } from './db/keys.ts';
import { keyPath, Vault } from './db/vault.ts';
import { allMigrations, registry } from './modules/index.ts';
import { createContext, systemClock, type Clock, type Runtime, type ServiceContext } from './services/context.ts';

// The composition root shared by every way in (Electron, browser mode, CLI, tests, benches): the
// database with every module's migrations, and a service context that knows the module list.

/** opens a plain database (tests, benches); `createFolder` makes a missing folder (default: refused) */
export function openAppDatabase(file: string, opts: { migrate?: boolean; createFolder?: boolean; rawKey?: Buffer | null } = {}): Promise<Db> {
  return openDatabase(file, {
    ...opts,
    migrations: allMigrations(),
    // the same backup before migrating as the app's (docs/safety.md#backups)
    beforeMigrate: async (db, firstPending) => {
      await writeBackup(db, { dir: backupDir(db.file), reason: 'before-migration', note: firstPending, keyFile: readKeyFile(keyPath(db.file)) });
    },
  });
}

/**
 * Opens the database the way the app holds it (docs/safety.md#unlock-and-lock): plain at once; an
 * encrypted one unlocked with `password`, or locked until the clerk gives it. A new file is created
 * encrypted when a password is given.
 */
export function openVault(file: string, opts: { password?: string | null; createFolder?: boolean; migrate?: boolean } = {}): Promise<Vault> {
  return Vault.open(file, { ...opts, migrations: allMigrations() });
}

export function appContext(source: Db | Vault, clock: Clock = systemClock(), runtime?: Runtime): ServiceContext {
  return createContext(source, registry, clock, runtime);
}

/** after the database opened or was unlocked: what the modules do then (the daily backup) */
export async function afterOpen(ctx: ServiceContext): Promise<void> {
  if (ctx.vault.locked) return;
  for (const g of await ctx.registry.safeguards()) await g.afterOpen(ctx);
}

export { systemClock } from './services/context.ts';
