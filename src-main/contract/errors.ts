// What a refused call carries across a process boundary (the renderer's door to the error shape).
export type { AppErrorData, ErrorCode, Issue } from '../domain/errors.ts';
