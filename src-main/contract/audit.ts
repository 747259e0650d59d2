// One entry of a record's change history (who, when, what changed), as every module shows it.
export interface AuditEntryDto {
  id: number;
  at: string;
  actor: string;
  action: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}
