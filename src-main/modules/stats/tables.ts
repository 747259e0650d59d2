// Tables of the statistics module (migrations/stats/0031_stats.ts).

export interface StatsJobMapTable {
  /** the free-text 工作岗位 as stored */
  text: string;
  /** the 工作岗位 code the clerk confirmed */
  code: string;
  confirmed_by: string | null;
  confirmed_at: string;
}

export interface StatsCoversTable {
  /** 0 = the whole registry */
  org_id: number;
  as_of: string;
  reporting_unit: string | null;
  principal: string | null;
  clerk: string | null;
  reported_on: string | null;
  phone: string | null;
  updated_at: string;
}

export interface StatsFinalsTable {
  name: string;
  /** 0 = the whole registry */
  org_id: number;
  sub_orgs: number;
  as_of: string;
  /** JSON: the table as signed off */
  result: string;
  /** JSON: the members of the actual count (党员数量变化情况) */
  member_ids: string | null;
  finalized_at: string;
  finalized_by: string | null;
}

export interface StatsTables {
  stats_job_map: StatsJobMapTable;
  stats_covers: StatsCoversTable;
  stats_finals: StatsFinalsTable;
}

declare module '../../db/schema.ts' {
  interface Database extends StatsTables {}
}
