import path from 'node:path';

/** --db FILE, else DANGWU_DB, else ./data/dangwu.db inside the working directory (browser mode and CLI) */
export function resolveDbPath(flag: string | undefined, env: Record<string, string | undefined> = process.env): string {
  return path.resolve(flag ?? env.DANGWU_DB ?? path.join('data', 'dangwu.db'));
}

/** no --db and no DANGWU_DB: the default ./data/dangwu.db, whose folder may be created */
export function isDefaultDbPath(flag: string | undefined, env: Record<string, string | undefined> = process.env): boolean {
  return flag === undefined && !env.DANGWU_DB;
}
