import type { Generated } from 'kysely';

// Tables of the import module (owned by that module; see migrations/0002_import.ts).
export interface ImportBatchesTable {
  id: Generated<number>;
  file_name: string;
  /** 'insert' | 'upsert' */
  mode: string;
  /** JSON array of sheet names imported */
  sheets: string;
  inserted: number;
  updated: number;
  skipped: number;
  rejected: number;
  warnings: number;
  /** JSON array of organization names created by the batch */
  created_orgs: Generated<string>;
  actor: string | null;
  created_at: string;
  undone_at: string | null;
  undone_by: string | null;
}

export interface ImportBatchMembersTable {
  batch_id: number;
  member_id: number;
  action: 'inserted' | 'updated';
  /** JSON of the columns' previous values (updated) */
  before: string | null;
  /** JSON of the columns the import wrote */
  after: string | null;
  /** JSON {field: the sheet's text} where the import stored something else (migrations/import/0013) */
  sheet_values: string | null;
}

export interface ImportMappingsTable {
  signature: string;
  /** JSON MappingOverrides */
  mapping: string;
  updated_at: string;
}

export interface ImportTables {
  import_batches: ImportBatchesTable;
  import_batch_members: ImportBatchMembersTable;
  import_mappings: ImportMappingsTable;
}

declare module '../../db/schema.ts' {
  interface Database extends ImportTables {}
}
