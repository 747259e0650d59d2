import { openDatabase, type Db } from './db/connection.ts';
import { allMigrations, registry } from './modules/index.ts';
import { createContext, systemClock, type Clock, type Runtime, type ServiceContext } from './services/context.ts';

// The composition root shared by every way in (Electron, browser mode, CLI, tests, benches): the
// database with every module's migrations, and a service context that knows the module list.

export function openAppDatabase(file: string, opts: { migrate?: boolean } = {}): Promise<Db> {
  return openDatabase(file, { ...opts, migrations: allMigrations() });
}

export function appContext(db: Db, clock: Clock = systemClock(), runtime?: Runtime): ServiceContext {
  return createContext(db, registry, clock, runtime);
}

export { systemClock } from './services/context.ts';
