// What a module puts on the home page (工作台): something due, for an organization or a member.

export type ReminderLevel = 'info' | 'warning' | 'error';

export interface ReminderDto {
  /** the module that raised it, e.g. 'dues' */
  module: string;
  /** a stable kind within the module, e.g. 'arrears-6', 'term-end' */
  kind: string;
  org: string;
  orgId: number | null;
  member?: string;
  memberId?: number;
  /** the date it is due (YYYY-MM-DD or YYYY-MM) */
  due: string;
  message: string;
  level: ReminderLevel;
}
