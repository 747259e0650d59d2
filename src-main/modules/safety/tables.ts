// The safety module's one table: small facts kept with the data (last backups, the second backup
// folder, the idle-lock time), as JSON values by key (migrations/safety/0050_safety.ts).
export interface SafetyStateTable {
  key: string;
  value: string;
}

export interface SafetyTables {
  safety_state: SafetyStateTable;
}

declare module '../../db/schema.ts' {
  interface Database extends SafetyTables {}
}
