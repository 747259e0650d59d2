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
  /** the module's Chinese name (its manifest's title), filled in by reminders.list for the home page's groups */
  moduleTitle?: string;
  /**
   * the page that deals with it: a menu key of src-renderer/src/modules/<module>/pages.ts (e.g. 'orgs'); omitted,
   * the home page links to the module's first page
   */
  page?: string;
}
