// One error shape for every way in (IPC, HTTP, CLI): a code the adapters map to exit codes / status,
// a Chinese message for the clerk, and the field (or row) it concerns when known.

export type ErrorCode =
  | 'VALIDATION' // a value that parses but breaks a rule or enumeration (CLI exit 1)
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'AMBIGUOUS'
  | 'UNREADABLE' // a file that is not usable
  | 'NEEDS_CONFIRMATION' // allowed only with an explicit confirm flag
  | 'CANCELLED'
  | 'USAGE' // wrong call shape (CLI exit 2)
  | 'FORBIDDEN'
  | 'LOCKED' // the database is encrypted and not unlocked (or was locked): a password is needed
  | 'WRONG_PASSWORD' // the password (or recovery key) does not open the key file
  | 'BUSY' // another window or program is writing and did not finish within the wait
  | 'DISK_FULL' // the disk holding the database (or a backup folder) has no room
  | 'READ_ONLY' // the database file or its folder cannot be written
  | 'INTERNAL';

export interface Issue {
  field: string;
  message: string;
}

export interface AppErrorData {
  code: ErrorCode;
  message: string;
  field?: string;
  details?: unknown;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly field?: string;
  readonly details?: unknown;

  constructor(code: ErrorCode, message: string, field?: string, details?: unknown) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.field = field;
    this.details = details;
  }

  toJSON(): AppErrorData {
    return { code: this.code, message: this.message, field: this.field, details: this.details };
  }
}

export const isAppError = (e: unknown): e is AppError => e instanceof AppError;

/** Refuse with the first issue's field and all messages joined (one Chinese sentence per problem). */
export function refuse(issues: Issue[]): never {
  const first = issues[0];
  throw new AppError('VALIDATION', issues.map((i) => i.message).join('；'), first?.field, { issues });
}
