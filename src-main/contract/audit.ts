// One entry of a record's change history (who, when, what changed), as every module shows it.
export interface AuditEntryDto {
  id: number;
  at: string;
  /** the clerk's name; '' when none was set (shown 未填写: operatorLabel in contract/shared.ts) */
  actor: string;
  /** the computer the change was made on ('' in records made before it was kept) */
  machine: string;
  action: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}
