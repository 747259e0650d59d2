import fs from 'node:fs';
import os from 'node:os';

// Who is writing: a long write (an import, a restore, a bulk action) leaves a small note beside the
// database while it runs, so that another window or a CLI call that has to wait can say what it waits
// for (另一个窗口正在导入，请稍候…) instead of SQLite's "database is locked" (docs/safety.md#busy-and-full).

interface BusyNote {
  what: string;
  pid: number;
  host: string;
  since: string;
}

export const busyFile = (dbFile: string): string => `${dbFile}.busy`;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** the note of another live process, or null */
export function readBusy(dbFile: string): BusyNote | null {
  try {
    const note = JSON.parse(fs.readFileSync(busyFile(dbFile), 'utf8')) as BusyNote;
    if (note.pid === process.pid && note.host === os.hostname()) return null;
    // a note left by a process that died on this machine says nothing
    if (note.host === os.hostname() && !alive(note.pid)) return null;
    return note;
  } catch {
    return null;
  }
}

/** runs `fn` with the note in place; the note goes when it ends (or with the process, see readBusy) */
export async function whileBusy<T>(dbFile: string, what: string, fn: () => Promise<T>): Promise<T> {
  const file = busyFile(dbFile);
  try {
    fs.writeFileSync(file, JSON.stringify({ what, pid: process.pid, host: os.hostname(), since: new Date().toISOString() }), { mode: 0o600 });
  } catch {
    // a note is a courtesy: a folder we cannot write to will fail the write itself, with its own message
  }
  try {
    return await fn();
  } finally {
    try {
      const note = JSON.parse(fs.readFileSync(file, 'utf8')) as BusyNote;
      if (note.pid === process.pid) fs.rmSync(file, { force: true });
    } catch {
      // already gone
    }
  }
}

/** 另一个窗口正在导入，请稍候… (wait) / 另一个窗口正在导入（… 开始），… (still) */
export function busyMessage(dbFile: string, phase: 'wait' | 'still'): string {
  const note = readBusy(dbFile);
  const who = note ? `另一个窗口正在${note.what}` : '另一个窗口（或程序）正在写入数据库';
  if (phase === 'wait') return `${who}，请稍候…`;
  const since = note ? `（${new Date(note.since).toLocaleTimeString('zh-CN', { hour12: false })} 开始）` : '';
  return `${who}${since}，`;
}
