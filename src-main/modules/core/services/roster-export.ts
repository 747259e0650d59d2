import { sql } from 'kysely';
import type { MemberFilter } from '../contract.ts';
import { AppError } from '../../../domain/errors.ts';
import { formatPartialDate, type ExportDateStyle } from '../../../excel/format.ts';
import { signaturesFrom, type LayoutColumn, type LayoutSheet } from '../../../excel/layout.ts';
import type { ServiceContext, Tx } from '../../../services/context.ts';
import { countMembers, memberQuery } from './member-query.ts';
import { resolveOrg } from '../../../services/refs.ts';
import { getSettings } from '../../../services/settings.ts';

// 党员花名册 (docs/domain/printing.md#roster-layout, docs/domain/printing.md#export-notes):
// the national 16 items (docs/domain/members.md#record-fields) in the roster's order, plus 工作单位及职务, 籍贯 and 备注,
// for the chosen organization (and its sub-organizations) and filter, streamed from SQL into the shared
// layout helper. Only registry fields are read: nothing from the religious-screening campaign ever
// appears here (docs/domain/religion-campaign.md#data-handling).

/** U3 (docs/domain/open-questions.md#register): 其他 / 外国血统中国籍人士 are not counted as 少数民族 by default */
const NOT_MINORITY = new Set(['汉族', '其他', '外国血统中国籍人士', '']);

/** 是/否 with the detail in brackets, the way the roster writes 是否失联(日期) and 是否流动(流向) */
function yesWith(flag: boolean, detail: string | null): string {
  if (!flag) return '否';
  return detail ? `是（${detail}）` : '是';
}

/**
 * One roster line as SQL gives it: only the fields the roster prints (every value read becomes a JS string,
 * so the export does not read the whole member record), stored NULLs kept as null.
 */
export interface RosterRow {
  /** with `pinyin`, the keyset of the pages */
  id: number;
  pinyin: string;
  name: string;
  gender: string;
  ethnicity: string | null;
  idNumber: string;
  birthDate: string;
  education: string | null;
  category: string;
  /** the organization's name */
  org: string;
  joinedOn: string;
  confirmedOn: string | null;
  jobPosition: string | null;
  workUnit: string | null;
  nativePlace: string | null;
  phone: string | null;
  landline: string | null;
  address: string | null;
  status: string;
  /** 0 / 1 as stored */
  isLost: number;
  lostOn: string | null;
  isMobile: number;
  outflow: string | null;
  roll: string;
  remark: string | null;
}

export function rosterColumns(dateStyle: ExportDateStyle, withRoll = false): LayoutColumn<RosterRow>[] {
  const date = (v: string | null) => formatPartialDate(v, dateStyle) || null;
  const dateWidth = dateStyle === 'cn' ? 14 : 11;
  const cols: LayoutColumn<RosterRow>[] = [
    { header: '序号', width: 5, type: 'number', titleColumn: true, value: (_m, i) => i + 1 },
    { header: '姓名', width: 9, wrap: true, titleColumn: true, value: (m) => m.name },
    { header: '性别', width: 5, value: (m) => m.gender },
    { header: '民族', width: 7, value: (m) => m.ethnicity || null },
    { header: '公民身份号码', width: 20, type: 'text', value: (m) => m.idNumber },
    { header: '出生日期', width: dateWidth, value: (m) => date(m.birthDate) },
    { header: '学历', width: 9, wrap: true, value: (m) => m.education || null },
    { header: '人员类别', width: 9, value: (m) => m.category },
    { header: '所在党支部', width: 16, wrap: true, value: (m) => m.org },
    { header: '加入党组织日期', width: dateWidth, value: (m) => date(m.joinedOn) },
    { header: '转为正式党员日期', width: dateWidth, value: (m) => date(m.confirmedOn) },
    { header: '工作岗位', width: 11, wrap: true, value: (m) => m.jobPosition || null },
    { header: '工作单位及职务', width: 14, wrap: true, value: (m) => m.workUnit || null },
    { header: '籍贯', width: 9, wrap: true, value: (m) => m.nativePlace || null },
    // item 12 of the 16 is 联系电话 (mobile, else landline): stored as text so no digit is lost
    { header: '联系电话', width: 13, type: 'text', value: (m) => m.phone || m.landline || null },
    { header: '家庭住址', width: 16, wrap: true, value: (m) => m.address || null },
    { header: '党籍状态', width: 9, value: (m) => m.status },
    { header: '是否失联（失去联系日期）', width: 12, wrap: true, value: (m) => yesWith(m.isLost === 1, formatPartialDate(m.lostOn, dateStyle)) },
    { header: '是否流动（外出流向）', width: 12, wrap: true, value: (m) => yesWith(m.isMobile === 1, m.outflow) },
  ];
  if (withRoll) cols.push({ header: '在册情况', width: 8, value: (m) => m.roll });
  cols.push({ header: '备注', width: 10, wrap: true, value: (m) => m.remark || null });
  return cols;
}

/** 中共××党员花名册: official names usually already start with 中共 */
export function rosterTitle(unit: string): string {
  if (!unit) return '党员花名册';
  return `${unit.startsWith('中共') ? '' : '中共'}${unit}党员花名册`;
}

export interface RosterCounts {
  total: number;
  full: number;
  probationary: number;
  women: number;
  minority: number;
}

/** the summary line under the table */
export function summaryLine(c: RosterCounts): string {
  return `合计：党员 ${c.total} 名，其中正式党员 ${c.full} 名、预备党员 ${c.probationary} 名；女 ${c.women} 名；少数民族 ${c.minority} 名`;
}

function countInto(c: RosterCounts, m: RosterRow): void {
  c.total++;
  if (m.category === '正式党员') c.full++;
  else if (m.category === '预备党员') c.probationary++;
  if (m.gender === '女') c.women++;
  if (!NOT_MINORITY.has(m.ethnicity ?? '')) c.minority++;
}

/** rows per SQL page (keyset: name_pinyin, id within an organization) */
const PAGE = 2000;

const safeFileName = (s: string) => s.replace(/[\\/:*?"<>|\s]+/g, '');

interface OrgNode {
  id: number;
  name: string;
  parent_id: number | null;
  path: string;
  sort_order: number;
}

/**
 * The organizations whose members the roster lists, in tree order (parent before its children, siblings by
 * their sort order): the chosen organization and, unless excluded, its sub-organizations; else all.
 * The roster is printed branch by branch in this order (the roster layout groups members by 所在党支部).
 */
async function rosterOrgs(db: Tx, filter: MemberFilter): Promise<{ unitOrg: OrgNode | null; orgs: OrgNode[] }> {
  const all = await db.selectFrom('orgs').select(['id', 'name', 'parent_id', 'path', 'sort_order']).execute();
  let chosen: OrgNode | null = null;
  if (filter.orgId != null || filter.org) {
    const ref = await resolveOrg(db, filter.orgId ?? filter.org);
    chosen = all.find((o) => o.id === ref.id)!;
  }
  const children = new Map<number | null, OrgNode[]>();
  for (const o of all) {
    const list = children.get(o.parent_id) ?? [];
    list.push(o);
    children.set(o.parent_id, list);
  }
  for (const list of children.values()) list.sort((a, b) => a.sort_order - b.sort_order || a.id - b.id);
  const ordered: OrgNode[] = [];
  const walk = (o: OrgNode) => {
    ordered.push(o);
    for (const c of children.get(o.id) ?? []) walk(c);
  };
  if (chosen) {
    if (filter.includeSubOrgs === false) ordered.push(chosen);
    else walk(chosen);
  } else for (const r of children.get(null) ?? []) walk(r);
  return { unitOrg: chosen, orgs: ordered };
}

export interface RosterPlan {
  sheet: LayoutSheet<RosterRow>;
  fileName: string;
  /** how many members the filter matches (for progress) */
  total: number;
  counts: RosterCounts;
}

/**
 * Everything the export needs, resolved up front (so an unknown organization or a bad filter is refused
 * before a job starts); rows stream from SQL when the sheet is written. Also used by the benchmark.
 */
export async function planRoster(ctx: ServiceContext, filter: MemberFilter): Promise<RosterPlan> {
  const db = ctx.kysely;
  const today = ctx.clock.today();
  const settings = await getSettings(db);
  const { unitOrg, orgs } = await rosterOrgs(db, filter);
  const unit = unitOrg?.name ?? settings.effectiveReportingUnit;
  const total = await countMembers(db, filter, today);
  const counts: RosterCounts = { total: 0, full: 0, probationary: 0, women: 0, minority: 0 };
  // The same filter without its organization part (the organizations are walked one by one below),
  // narrowed to the printed fields. kysely builds and compiles the SQL; the pages run as plain
  // better-sqlite3 statements (synchronous, no per-page promise chain): at 100,000 rows the read is a
  // large share of the export (target: export ≤ 1.3× the bare streaming write).
  const { org: _org, orgId: _orgId, includeSubOrgs: _sub, ...rest } = filter;
  const select = (await memberQuery(db, rest, { today }))
    .clearSelect()
    .select([
      'm.id',
      'm.name_pinyin as pinyin',
      'm.name',
      'm.gender',
      'm.ethnicity',
      'm.id_number as idNumber',
      'm.birth_date as birthDate',
      'm.education',
      'm.category',
      'o.name as org',
      'm.joined_on as joinedOn',
      'm.confirmed_on as confirmedOn',
      'm.job_position as jobPosition',
      'm.work_unit as workUnit',
      'm.native_place as nativePlace',
      'm.phone',
      'm.landline',
      'm.address',
      'm.status',
      'm.is_lost as isLost',
      'm.lost_on as lostOn',
      'm.is_mobile as isMobile',
      'm.outflow',
      'm.roll',
      'm.remark',
    ]);
  const statements = new Map<string, { all(params: readonly unknown[]): unknown[] }>();
  const readPage = (orgId: number, after: RosterRow | null): RosterRow[] => {
    let q = select.where('m.org_id', '=', orgId);
    if (after) q = q.where(sql<boolean>`(m.name_pinyin, m.id) > (${after.pinyin}, ${after.id})`);
    const { sql: text, parameters } = q.limit(PAGE).compile();
    let stmt = statements.get(text);
    if (!stmt) statements.set(text, (stmt = ctx.db.sqlite.prepare(text)));
    return stmt.all(parameters) as RosterRow[];
  };
  // Organization by organization in tree order, names in pinyin order within each (an index range per
  // organization), a page of rows at a time: the connection is free between pages, so other requests keep
  // working while the workbook is written (better-sqlite3 allows no other statement while one is open).
  // Members of many organizations share table pages, so reading organization by organization visits most
  // pages several times; with the connection's default cache (16 MB, less than the members table of a
  // 100,000-member registry) each visit is a fresh read from the file (measured: ~40% of the read time).
  // A bigger cache while the rows are read (as the import does), restored afterwards (also when the export
  // is cancelled: the writer's early exit from the loop runs the finally).
  function* rows(): Generator<RosterRow> {
    const sqlite = ctx.db.sqlite;
    const cacheSize = sqlite.pragma('cache_size', { simple: true }) as number;
    if (total > 5000) sqlite.pragma('cache_size = -32768');
    try {
      for (const o of orgs) {
        let after: RosterRow | null = null;
        for (;;) {
          const page = readPage(o.id, after);
          for (const m of page) {
            countInto(counts, m);
            yield m;
          }
          if (page.length < PAGE) break;
          after = page[page.length - 1];
        }
      }
    } finally {
      sqlite.pragma(`cache_size = ${cacheSize}`);
    }
  }
  const withRoll = filter.roll != null && filter.roll !== '' && filter.roll !== '在册';
  const title = rosterTitle(unit);
  const sheet: LayoutSheet<RosterRow> = {
    sheetName: '党员花名册',
    title,
    reportingUnit: settings.effectiveReportingUnit,
    reportDate: today,
    columns: rosterColumns(settings.exportDateStyle, withRoll),
    rows: rows(),
    // read after the rows have streamed, when the counts are complete
    get notes() {
      return [summaryLine(counts)];
    },
    signatures: signaturesFrom(settings),
    orientation: 'landscape',
  };
  return { sheet, fileName: `${safeFileName(title)}_${today.replaceAll('-', '')}.xlsx`, total, counts };
}
