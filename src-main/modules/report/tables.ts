import type { Generated } from 'kysely';

// Tables of the report module (see migrations/report/0040_report.ts).

export interface ReportSectionsTable {
  org_id: number;
  period: string;
  period_start: string;
  section: string;
  text: string;
  updated_at: string;
  updated_by: string | null;
}

export interface ReportRunsTable {
  org_id: number;
  sub_orgs: number;
  period: string;
  figure: string;
  /** the value as computed (JSON: a number, or null) */
  value: string | null;
  run_at: string;
}

export interface ReportTemplatesTable {
  id: Generated<number>;
  file_name: string;
  bytes: Uint8Array;
  /** JSON array of the placeholders found in it */
  placeholders: string;
  uploaded_at: string;
  uploaded_by: string | null;
}

export interface ReportTables {
  report_sections: ReportSectionsTable;
  report_runs: ReportRunsTable;
  report_templates: ReportTemplatesTable;
}

declare module '../../db/schema.ts' {
  interface Database extends ReportTables {}
}
