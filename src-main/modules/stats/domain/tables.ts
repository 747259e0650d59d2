import { addYears } from '../../../domain/partial-date.ts';
import { termEnd } from '../../../domain/org-rules.ts';
import { orgOnDate } from '../../../domain/roll.ts';
import { EXIT_SUBTYPES } from '../../../domain/lifecycle.ts';
import { addDays } from '../../../domain/periods.ts';
import type { Balance, Movement } from './balance.ts';
import { bandsFor, dateBandIndex, yearBandIndex, type BandVersion } from './bands.ts';
import {
  EDUCATION_BANDS, ENTERPRISE_CODES, FRONT_LINE_CODES, NEW_STRATA, NEW_STRATUM_PARENT, OCCUPATION_ROWS,
  educationBand, isCollegeOrAbove, isMinority, isTaiwanese, occupationRows, type RowDef,
} from './codes.ts';
import { TABLE_TITLES, type TableName } from './names.ts';
import { ageAt, counted, countedOrg, dayBefore, inScope, isFullOn, partyAgeAt, stateOn, type Prepared, type Scope, type StatMember } from './roster.ts';

// The statistical tables as of a statistics date (docs/domain/statistics.md#how-the-app-counts-each-table): each a list of leaf columns,
// rows with their level in the row tree, counts, and the checks the table must pass (its 合计 and the
// identities it shares with the others). Pure: the service reads the registry once and hands it in.

export interface OrgInfo {
  id: number;
  name: string;
  parentId: number | null;
  path: string;
  type: string;
  sortOrder: number;
  establishedOn: string | null;
  dissolvedOn: string | null;
  termStart: string | null;
  termYears: number | null;
  postponedUntil: string | null;
}

/** someone in the development register (docs/domain/development.md#stages) */
export interface DevFacts {
  id: number;
  name: string;
  idNumber: string;
  gender: string | null;
  ethnicity: string | null;
  birthDate: string | null;
  education: string | null;
  orgId: number;
  appliedOn: string;
  activistOn: string | null;
  candidateOn: string | null;
  admittedOn: string | null;
}

/** the dues ledger's supplementary facts for the period (docs/domain/statistics.md#other-columns) */
export interface DuesFacts {
  onTime: ReadonlySet<number>;
  reduced: ReadonlySet<number>;
  exempt: ReadonlySet<number>;
  voluntary1000: ReadonlySet<number>;
}

export interface CheckMember {
  idNumber: string;
  name: string;
  org: string;
  reason?: string;
}

export interface TableCheck {
  rule: string;
  ok: boolean;
  /** 'error' blocks signing the table off; 'info' only tells */
  level: 'error' | 'info';
  members?: CheckMember[];
}

export interface TableRow {
  /** A1 … E8 in 党员数量变化情况, null elsewhere */
  code: string | null;
  label: string;
  level: number;
  values: number[];
}

export interface HeaderColumn {
  label: string;
  /** the merged header above it (年龄, 出党方式 …) */
  group?: string;
}

/** one person of the 光荣在党50年 list */
export interface FiftyYearEntry {
  idNumber: string;
  name: string;
  gender: string;
  birthDate: string;
  joinedOn: string;
  confirmedOn: string;
  partyAge: number;
  org: string;
  /** 党龄 reaches 50 in this year (not already by last year's 7-1) */
  newThisYear: boolean;
}

export interface StatsTableResult {
  name: TableName;
  title: string;
  asOf: string;
  /** the first day of the period the table counts (the day after last year's 31 December) */
  periodStart: string;
  /** the band version used (docs/domain/statistics.md#bulletin-figures) */
  bandVersion: string;
  header: HeaderColumn[];
  rows: TableRow[];
  checks: TableCheck[];
  list?: FiftyYearEntry[];
}

export interface TableContext {
  asOf: string;
  /** last year's 31 December (the period runs from the day after it to asOf) */
  previousYearEnd: string;
  scope: Scope;
  /** the organization asked about (rows by organization start there), null = all */
  scopeOrgId: number | null;
  members: readonly Prepared[];
  orgs: readonly OrgInfo[];
  /** the 工作岗位 code of a member: the form's value, or a free text the clerk mapped (null: neither) */
  jobCode(m: StatMember): string | null;
  dues?: DuesFacts;
  dev?: readonly DevFacts[];
  balance?: Balance;
  /** where A1 came from, for the table's note */
  openingNote?: string;
}

// ---------------------------------------------------------------------------------------------

/** each table's columns under a band version (the export registry lists those of the newest version) */
export function headerOf(name: TableName, v: BandVersion): HeaderColumn[] {
  const of = (group: string, labels: readonly string[]) => labels.map((label) => ({ label, group }));
  const young = `${v.youngMax}岁及以下`;
  switch (name) {
    case 'stats-basic':
      return [{ label: '总数' }, ...of('其中', ['预备党员', '女', '少数民族', '台湾省籍']), ...of('年龄', v.basicAge.map((b) => b.label))];
    case 'stats-change':
      return [{ label: '人数' }];
    case 'stats-join-time':
      return [{ label: '总数' }, ...of('入党时间', v.joinTime.map((b) => b.label))];
    case 'stats-education':
      return [{ label: '总数' }, ...of('学历', EDUCATION_BANDS)];
    case 'stats-party-age':
      return [{ label: '总数' }, { label: '预备党员（无党龄）' }, ...of('党龄', v.partyAge.map((b) => b.label))];
    case 'stats-confirmation':
      return [...of('本年转正', ['按期转正', '延长预备期后转正']), { label: '延长预备期' }, { label: '取消预备党员资格' }, { label: '期末预备党员' }];
    case 'stats-development':
      return [{ label: '发展党员数' }, ...of('其中', ['女', '少数民族', young, '大专及以上', '中专、高中、中技', '生产、工作第一线', '重新入党'])];
    case 'stats-activists':
      return [{ label: '人数' }, ...of('其中', ['女', '少数民族', young, '大专及以上'])];
    case 'stats-exits':
      return [{ label: '合计' }, ...of('出党方式', EXIT_SUBTYPES)];
    case 'stats-orgs':
      return [{ label: '数量' }, ...of('换届情况', ['本年换届', '任期届满未换届', '未登记任期'])];
    case 'stats-50-years':
      return [{ label: '党龄（年）' }];
  }
}

class Grid {
  readonly values: Map<string, number[]>;
  readonly width: number;
  constructor(keys: readonly string[], width: number) {
    this.width = width;
    this.values = new Map(keys.map((k) => [k, new Array(width).fill(0)]));
  }
  add(key: string, cols: readonly number[]): void {
    const row = this.values.get(key);
    if (!row) return;
    for (const c of cols) row[c]++;
  }
  get(key: string): number[] {
    return this.values.get(key) ?? new Array(this.width).fill(0);
  }
}

const TOTAL: RowDef = { key: 'total', label: '总计', level: 0 };

function orgNamer(orgs: readonly OrgInfo[]): (id: number | null) => string {
  const byId = new Map(orgs.map((o) => [o.id, o.name]));
  return (id) => (id === null ? '' : (byId.get(id) ?? ''));
}

const checkMember = (m: StatMember, org: string, reason?: string): CheckMember => ({ idNumber: m.idNumber, name: m.name, org, ...(reason ? { reason } : {}) });

function rowsOf(defs: readonly RowDef[], grid: Grid): TableRow[] {
  return defs.map((d) => ({ code: null, label: d.label, level: d.level, values: grid.get(d.key) }));
}

/** the members in the count on the statistics date, with the organization they are counted in */
function countedMembers(c: TableContext): { m: Prepared; orgId: number }[] {
  const out: { m: Prepared; orgId: number }[] = [];
  for (const m of c.members) {
    const orgId = countedOrg(m, c.scope, c.asOf);
    if (orgId !== null) out.push({ m, orgId });
  }
  return out;
}

/** the occupation rows of a member, and a check entry when 工作岗位 gives none */
function occupationOf(c: TableContext, m: StatMember): string[] {
  return occupationRows(c.jobCode(m), m.migrantWorker);
}

function occupationCheck(c: TableContext, missing: { m: StatMember; orgId: number }[], name: (id: number | null) => string): TableCheck {
  return {
    rule: '总计等于一至六项（在岗职工、农牧渔民、军人武警、学生、离退休人员、其他）之和',
    ok: missing.length === 0,
    level: 'error',
    ...(missing.length
      ? {
          members: missing.map(({ m, orgId }) => checkMember(m, name(orgId), m.jobPosition
            ? `工作岗位“${m.jobPosition}”尚未对应统计行，请在党内统计页确认其对应的工作岗位代码`
            : '未填写工作岗位')),
        }
      : {}),
  };
}


// ---------------------------------------------------------------------------------------------
// 党员基本情况

const SUPPLEMENT: readonly RowDef[] = [
  { key: 'dues-on-time', label: '按时足额交纳党费的党员', level: 0 },
  { key: 'dues-reduced', label: '经批准少交党费的党员', level: 0 },
  { key: 'dues-exempt', label: '经批准免交党费的党员', level: 0 },
  { key: 'dues-1000', label: '一次性自愿多交1000元以上党费的党员', level: 0 },
  { key: 'self-care', label: '生活不能自理或无劳动能力的党员', level: 0 },
  { key: 'title-高级', label: '企业和民办非企业单位中具有高级专业技术职务的党员', level: 0 },
  { key: 'title-中级', label: '企业和民办非企业单位中具有中级专业技术职务的党员', level: 0 },
  { key: 'title-初级', label: '企业和民办非企业单位中具有初级专业技术职务的党员', level: 0 },
];

export function buildBasic(c: TableContext): StatsTableResult {
  const v = bandsFor(c.asOf);
  const name = orgNamer(c.orgs);
  const header = headerOf('stats-basic', v);
  const defs = [TOTAL, ...OCCUPATION_ROWS, ...SUPPLEMENT];
  const grid = new Grid(defs.map((d) => d.key), header.length);
  const missing: { m: StatMember; orgId: number }[] = [];
  for (const { m, orgId } of countedMembers(c)) {
    const cols = [0];
    if (!isFullOn(m, c.asOf)) cols.push(1);
    if (m.gender === '女') cols.push(2);
    if (isMinority(m.ethnicity)) cols.push(3);
    if (isTaiwanese(m.taiwan, m.nativePlace)) cols.push(4);
    const band = yearBandIndex(v.basicAge, ageAt(m, c.asOf));
    if (band >= 0) cols.push(5 + band);
    grid.add('total', cols);
    const occ = occupationOf(c, m);
    if (!occ.length) missing.push({ m, orgId });
    for (const k of occ) grid.add(k, cols);
    if (c.dues?.onTime.has(m.id)) grid.add('dues-on-time', cols);
    if (c.dues?.reduced.has(m.id)) grid.add('dues-reduced', cols);
    if (c.dues?.exempt.has(m.id)) grid.add('dues-exempt', cols);
    if (c.dues?.voluntary1000.has(m.id)) grid.add('dues-1000', cols);
    if (m.selfCareUnable) grid.add('self-care', cols);
    const code = c.jobCode(m);
    if (code && ENTERPRISE_CODES.has(code) && m.profTitle && m.profTitle !== '无') grid.add(`title-${m.profTitle}`, cols);
  }
  const total = grid.get('total');
  const ageSum = total.slice(5).reduce((a, b) => a + b, 0);
  return {
    ...head(c, 'stats-basic', v.version),
    header,
    rows: rowsOf(defs, grid),
    checks: [
      occupationCheck(c, missing, name),
      { rule: '各年龄段之和等于总数', ok: ageSum === total[0], level: 'error' },
      { rule: '预备党员、女、少数民族、台湾省籍均不超过总数', ok: total.slice(1, 5).every((x) => x <= total[0]), level: 'error' },
    ],
  };
}

function head(c: TableContext, name: TableName, bandVersion: string) {
  return { name, title: TABLE_TITLES[name], asOf: c.asOf, periodStart: addDay(c.previousYearEnd), bandVersion };
}

const addDay = (d: string) => addDays(d, 1);
const firstDay = (d: string) => (d.length === 7 ? `${d}-01` : d);

// ---------------------------------------------------------------------------------------------
// 党员入党时间情况 (with the 新社会阶层 supplement) and 党员学历情况

const STRATA_ROWS: readonly RowDef[] = [
  { key: 'strata', label: '新社会阶层人员', level: 0 },
  ...NEW_STRATA.map((s) => ({
    key: `stratum-${s}`,
    label: NEW_STRATUM_PARENT[s] ? `其中：${s.replace(/^私营企业主（(.*)）$/, '$1')}` : s,
    level: NEW_STRATUM_PARENT[s] ? 2 : 1,
    ofWhich: Boolean(NEW_STRATUM_PARENT[s]),
  })),
];

export function buildJoinTime(c: TableContext): StatsTableResult {
  const v = bandsFor(c.asOf);
  const name = orgNamer(c.orgs);
  const header = headerOf('stats-join-time', v);
  const defs = [TOTAL, ...OCCUPATION_ROWS, ...STRATA_ROWS];
  const grid = new Grid(defs.map((d) => d.key), header.length);
  const missing: { m: StatMember; orgId: number }[] = [];
  const unbanded: CheckMember[] = [];
  for (const { m, orgId } of countedMembers(c)) {
    const cols = [0];
    const band = dateBandIndex(v.joinTime, m.joinedOn);
    if (band >= 0) cols.push(1 + band);
    else unbanded.push(checkMember(m, name(orgId), `入党日期“${m.joinedOn}”不在任何时段内`));
    grid.add('total', cols);
    const occ = occupationOf(c, m);
    if (!occ.length) missing.push({ m, orgId });
    for (const k of occ) grid.add(k, cols);
    if (m.newStratum && (NEW_STRATA as readonly string[]).includes(m.newStratum)) {
      grid.add('strata', cols);
      grid.add(`stratum-${m.newStratum}`, cols);
      const parent = NEW_STRATUM_PARENT[m.newStratum];
      if (parent) grid.add(`stratum-${parent}`, cols);
    }
  }
  return {
    ...head(c, 'stats-join-time', v.version),
    header,
    rows: rowsOf(defs, grid),
    checks: [
      occupationCheck(c, missing, name),
      { rule: '各入党时段之和等于总数', ok: unbanded.length === 0, level: 'error', ...(unbanded.length ? { members: unbanded } : {}) },
    ],
  };
}

export function buildEducation(c: TableContext): StatsTableResult {
  const v = bandsFor(c.asOf);
  const name = orgNamer(c.orgs);
  const header = headerOf('stats-education', v);
  const defs = [TOTAL, ...OCCUPATION_ROWS];
  const grid = new Grid(defs.map((d) => d.key), header.length);
  const missing: { m: StatMember; orgId: number }[] = [];
  const noBand: CheckMember[] = [];
  for (const { m, orgId } of countedMembers(c)) {
    const cols = [0];
    const band = educationBand(m.education);
    if (band) cols.push(1 + EDUCATION_BANDS.indexOf(band));
    else noBand.push(checkMember(m, name(orgId), m.education ? `学历“${m.education}”不在学历列表中` : '未填写学历'));
    grid.add('total', cols);
    const occ = occupationOf(c, m);
    if (!occ.length) missing.push({ m, orgId });
    for (const k of occ) grid.add(k, cols);
  }
  return {
    ...head(c, 'stats-education', v.version),
    header,
    rows: rowsOf(defs, grid),
    checks: [
      occupationCheck(c, missing, name),
      { rule: '各学历之和等于总数', ok: noBand.length === 0, level: 'error', ...(noBand.length ? { members: noBand } : {}) },
    ],
  };
}

// ---------------------------------------------------------------------------------------------
// rows by organization (党龄, 转正)

interface OrgRow {
  org: OrgInfo;
  level: number;
}

/** the organizations of the scope in tree order (sort order, then name), 党组 left out */
function orgRows(c: TableContext): OrgRow[] {
  const children = new Map<number | null, OrgInfo[]>();
  for (const o of c.orgs) {
    if (o.type === '党组') continue;
    const list = children.get(o.parentId) ?? [];
    list.push(o);
    children.set(o.parentId, list);
  }
  for (const list of children.values()) list.sort((a, b) => a.sortOrder - b.sortOrder || a.name.localeCompare(b.name, 'zh'));
  const out: OrgRow[] = [];
  const walk = (o: OrgInfo, level: number) => {
    if (o.dissolvedOn && o.dissolvedOn <= c.asOf) return;
    out.push({ org: o, level });
    for (const ch of children.get(o.id) ?? []) walk(ch, level + 1);
  };
  const roots = c.scopeOrgId !== null ? c.orgs.filter((o) => o.id === c.scopeOrgId) : (children.get(null) ?? []);
  for (const r of roots) walk(r, 1);
  return out;
}

/** the ids on the path of an organization (itself included) */
function pathIds(c: TableContext): (orgId: number) => number[] {
  const byId = new Map(c.orgs.map((o) => [o.id, o]));
  const memo = new Map<number, number[]>();
  return (orgId) => {
    let ids = memo.get(orgId);
    if (!ids) {
      const path = byId.get(orgId)?.path ?? `/${orgId}/`;
      ids = path.split('/').filter(Boolean).map(Number);
      memo.set(orgId, ids);
    }
    return ids;
  };
}

function orgGridRows(rows: OrgRow[], grid: Grid, total: number[]): TableRow[] {
  return [
    { code: null, label: '总计', level: 0, values: total },
    ...rows.map((r) => ({ code: null, label: r.org.name, level: r.level, values: grid.get(String(r.org.id)) })),
  ];
}

export function buildPartyAge(c: TableContext): StatsTableResult {
  const v = bandsFor(c.asOf);
  const name = orgNamer(c.orgs);
  const header = headerOf('stats-party-age', v);
  const rows = orgRows(c);
  const grid = new Grid(rows.map((r) => String(r.org.id)), header.length);
  const total = new Array(header.length).fill(0);
  const pathOf = pathIds(c);
  const noDate: CheckMember[] = [];
  for (const { m, orgId } of countedMembers(c)) {
    const cols = [0];
    const years = partyAgeAt(m, c.asOf);
    if (!isFullOn(m, c.asOf)) cols.push(1);
    else if (years === null) noDate.push(checkMember(m, name(orgId), '正式党员未填写转正日期，无法计算党龄'));
    else cols.push(2 + yearBandIndex(v.partyAge, years));
    for (const col of cols) total[col]++;
    for (const id of pathOf(orgId)) grid.add(String(id), cols);
  }
  const sum = total.slice(1).reduce((a, b) => a + b, 0);
  return {
    ...head(c, 'stats-party-age', v.version),
    header,
    rows: orgGridRows(rows, grid, total),
    checks: [{ rule: '预备党员与各党龄段之和等于总数（党龄自转正之日算起，预备党员无党龄）', ok: sum === total[0], level: 'error', ...(noDate.length ? { members: noDate } : {}) }],
  };
}

/** extended before the 转正: an 延长预备期 record, else a 转正日期 more than a month past the year of probation */
function wasExtended(m: StatMember): boolean {
  if (m.events.some((e) => e.type === '延长预备期')) return true;
  if (!m.confirmedOn) return false;
  return firstDay(m.confirmedOn) > addDays(firstDay(addYears(m.joinedOn, 1)), 31);
}

export function buildConfirmation(c: TableContext): StatsTableResult {
  const v = bandsFor(c.asOf);
  const header = headerOf('stats-confirmation', v);
  const rows = orgRows(c);
  const grid = new Grid(rows.map((r) => String(r.org.id)), header.length);
  const total = new Array(header.length).fill(0);
  const pathOf = pathIds(c);
  const from = c.previousYearEnd;
  const within = (d: string | null) => d !== null && d > from && d <= c.asOf;
  const add = (orgId: number | null, col: number) => {
    if (!inScope(c.scope, orgId)) return;
    total[col]++;
    for (const id of pathOf(orgId!)) grid.add(String(id), [col]);
  };
  for (const m of c.members) {
    if (m.category === '正式党员' && within(m.confirmedOn)) {
      const at = stateOn(m, firstDay(m.confirmedOn!));
      add(at.orgId, wasExtended(m) ? 1 : 0);
    }
    for (const e of m.events) {
      if (!within(e.date)) continue;
      if (e.type === '延长预备期') add(orgOnDate(m.spans, e.date), 2);
      if (e.type === '出党' && e.subtype === '取消预备党员资格') add(e.fromOrgId ?? orgOnDate(m.spans, dayBefore(e.date)), 3);
    }
  }
  for (const { m, orgId } of countedMembers(c)) if (!isFullOn(m, c.asOf)) add(orgId, 4);
  return {
    ...head(c, 'stats-confirmation', v.version),
    header,
    rows: orgGridRows(rows, grid, total),
    checks: [],
  };
}

// ---------------------------------------------------------------------------------------------
// 党员数量变化情况

const CHANGE_ROWS = (yearEnd: boolean): { code: string | null; label: string; level: number }[] => {
  const y = yearEnd ? '本年' : '本期';
  const end = yearEnd ? '本年底' : '期末';
  return [
    { code: 'A1', label: '一、上年底总数', level: 0 },
    { code: 'A2', label: `二、${y}增加`, level: 0 },
    { code: 'A3', label: '发展党员', level: 1 },
    { code: 'A4', label: '其中：重新入党', level: 2 },
    { code: 'A5', label: '恢复党籍', level: 1 },
    { code: 'A6', label: '其中：停止党籍后恢复党籍', level: 2 },
    { code: 'A7', label: '转入组织关系', level: 1 },
    { code: 'A8', label: '其中：整建制转入', level: 2 },
    { code: 'E1', label: `三、${y}减少`, level: 0 },
    { code: 'E2', label: '出党', level: 1 },
    { code: 'E3', label: '停止党籍', level: 1 },
    { code: 'E4', label: '死亡', level: 1 },
    { code: 'E5', label: '转出组织关系', level: 1 },
    { code: 'E6', label: '其中：整建制转出', level: 2 },
    { code: 'E7', label: `四、${end}应有数`, level: 0 },
    { code: 'E8', label: `五、${end}实有数`, level: 0 },
    { code: null, label: '六、实有数与应有数之差', level: 0 },
  ];
};

export const DIFFERENCE_RULE = '六、实有数与应有数之差为0（本年底实有数与应有数不符的，须查明原因后才能上报）';

export function buildChange(c: TableContext): StatsTableResult {
  const b = c.balance!;
  const name = orgNamer(c.orgs);
  const yearEnd = c.asOf.slice(5) === '12-31';
  const rows: TableRow[] = CHANGE_ROWS(yearEnd).map((r) => ({ ...r, values: [r.code ? b.lines[r.code as keyof Balance['lines']] : b.difference] }));
  const l = b.lines;
  const checks: TableCheck[] = [
    { rule: '二 = 发展党员 + 恢复党籍 + 转入组织关系', ok: l.A2 === l.A3 + l.A5 + l.A7, level: 'error' },
    { rule: '三 = 出党 + 停止党籍 + 死亡 + 转出组织关系', ok: l.E1 === l.E2 + l.E3 + l.E4 + l.E5, level: 'error' },
    { rule: '四 = 一 + 二 − 三', ok: l.E7 === l.A1 + l.A2 - l.E1, level: 'error' },
    {
      rule: DIFFERENCE_RULE,
      ok: b.difference === 0,
      level: 'error',
      ...(b.residuals.length
        ? { members: b.residuals.map((r) => ({ idNumber: r.idNumber, name: r.name, org: name(r.orgId), reason: `${r.difference > 0 ? '+' : ''}${r.difference}：${r.reasons.join('；')}` })) }
        : {}),
    },
  ];
  if (c.openingNote) checks.push({ rule: c.openingNote, ok: true, level: 'info' });
  if (b.uncounted.length) {
    checks.push({
      rule: '已停止党籍的党员再出党、死亡或转出的，已在停止党籍时计入减少，不重复计入',
      ok: true,
      level: 'info',
      members: b.uncounted.map((u) => {
        const m = c.members.find((x) => x.id === u.memberId);
        return { idNumber: u.idNumber, name: u.name, org: name(m?.orgId ?? null), reason: `${u.date} ${u.what}：${u.reason}` };
      }),
    });
  }
  return { ...head(c, 'stats-change', bandsFor(c.asOf).version), header: headerOf('stats-change', bandsFor(c.asOf)), rows, checks };
}

// ---------------------------------------------------------------------------------------------
// 发展党员情况

export function buildDevelopment(c: TableContext): StatsTableResult {
  const v = bandsFor(c.asOf);
  const name = orgNamer(c.orgs);
  const header = headerOf('stats-development', v);
  const defs = [TOTAL, ...OCCUPATION_ROWS];
  const grid = new Grid(defs.map((d) => d.key), header.length);
  const missing: { m: StatMember; orgId: number }[] = [];
  let a3 = 0;
  for (const m of c.members) {
    const dev = (c.balance?.moves.get(m.id) ?? []).find((x: Movement) => x.line === 'A3');
    if (!dev) continue;
    a3++;
    const at = firstDay(dev.date);
    const cols = [0];
    if (m.gender === '女') cols.push(1);
    if (isMinority(m.ethnicity)) cols.push(2);
    if (ageAt(m, at) <= v.youngMax) cols.push(3);
    const band = educationBand(m.education);
    if (isCollegeOrAbove(band)) cols.push(4);
    if (band === '中专' || band === '高中、中技') cols.push(5);
    const code = c.jobCode(m);
    if (code && FRONT_LINE_CODES.has(code)) cols.push(6);
    if (dev.sub === 'A4') cols.push(7);
    grid.add('total', cols);
    const occ = occupationOf(c, m);
    if (!occ.length) missing.push({ m, orgId: m.orgId });
    for (const k of occ) grid.add(k, cols);
  }
  return {
    ...head(c, 'stats-development', v.version),
    header,
    rows: rowsOf(defs, grid),
    checks: [
      occupationCheck(c, missing, name),
      { rule: '总计等于党员数量变化情况中的发展党员数', ok: a3 === (c.balance?.lines.A3 ?? a3), level: 'error' },
    ],
  };
}

// ---------------------------------------------------------------------------------------------
// 入党积极分子情况 (from the development register)

export function buildActivists(c: TableContext): StatsTableResult {
  const v = bandsFor(c.asOf);
  const header = headerOf('stats-activists', v);
  const defs: RowDef[] = [
    { key: 'applicant', label: '入党申请人', level: 0 },
    { key: 'activist', label: '其中：入党积极分子', level: 1 },
    { key: 'candidate', label: '其中：发展对象', level: 2 },
    { key: 'new-applicant', label: '本年新增入党申请人', level: 0 },
    { key: 'new-activist', label: '本年新确定的入党积极分子', level: 0 },
  ];
  const grid = new Grid(defs.map((d) => d.key), header.length);
  const on = (d: string | null) => d !== null && d <= c.asOf;
  const inYear = (d: string | null) => d !== null && d > c.previousYearEnd && d <= c.asOf;
  for (const p of c.dev ?? []) {
    if (!inScope(c.scope, p.orgId) || !on(p.appliedOn) || on(p.admittedOn)) continue;
    const cols = [0];
    if (p.gender === '女') cols.push(1);
    if (isMinority(p.ethnicity)) cols.push(2);
    if (p.birthDate && ageAt({ birthDate: p.birthDate } as StatMember, c.asOf) <= v.youngMax) cols.push(3);
    if (isCollegeOrAbove(educationBand(p.education))) cols.push(4);
    grid.add('applicant', cols);
    if (on(p.activistOn)) grid.add('activist', cols);
    if (on(p.candidateOn)) grid.add('candidate', cols);
    if (inYear(p.appliedOn)) grid.add('new-applicant', cols);
    if (inYear(p.activistOn)) grid.add('new-activist', cols);
  }
  const a = grid.get('applicant')[0];
  const b = grid.get('activist')[0];
  const d = grid.get('candidate')[0];
  return {
    ...head(c, 'stats-activists', v.version),
    header,
    rows: rowsOf(defs, grid),
    checks: [{ rule: '发展对象 ≤ 入党积极分子 ≤ 入党申请人', ok: d <= b && b <= a, level: 'error' }],
  };
}

// ---------------------------------------------------------------------------------------------
// 党员出党情况（一）

export function buildExits(c: TableContext): StatsTableResult {
  const v = bandsFor(c.asOf);
  const name = orgNamer(c.orgs);
  const header = headerOf('stats-exits', v);
  const defs: RowDef[] = [
    TOTAL,
    ...v.exitAge.map((b, i) => ({ key: `age-${i}`, label: b.label, level: 1 })),
    ...v.exitJoinTime.map((b, i) => ({ key: `join-${i}`, label: `${b.label}入党`, level: 1 })),
  ];
  const grid = new Grid(defs.map((d) => d.key), header.length);
  const from = c.previousYearEnd;
  const noType: CheckMember[] = [];
  let exits = 0;
  for (const m of c.members) {
    for (const e of m.events) {
      if (e.type !== '出党' || !(e.date > from && e.date <= c.asOf)) continue;
      const org = e.fromOrgId ?? orgOnDate(m.spans, dayBefore(e.date));
      if (!inScope(c.scope, org)) continue;
      exits++;
      const cols = [0];
      const t = EXIT_SUBTYPES.indexOf((e.subtype ?? '') as (typeof EXIT_SUBTYPES)[number]);
      if (t >= 0) cols.push(1 + t);
      else noType.push(checkMember(m, name(org), `${e.date} 出党，未注明出党方式（${EXIT_SUBTYPES.join('、')}）`));
      grid.add('total', cols);
      const age = yearBandIndex(v.exitAge, ageAt(m, firstDay(e.date)));
      if (age >= 0) grid.add(`age-${age}`, cols);
      const join = dateBandIndex(v.exitJoinTime, m.joinedOn);
      if (join >= 0) grid.add(`join-${join}`, cols);
    }
  }
  const total = grid.get('total')[0];
  const ageSum = v.exitAge.reduce((s, _b, i) => s + grid.get(`age-${i}`)[0], 0);
  const joinSum = v.exitJoinTime.reduce((s, _b, i) => s + grid.get(`join-${i}`)[0], 0);
  const checks: TableCheck[] = [
    { rule: '合计等于各出党方式之和', ok: noType.length === 0, level: 'error', ...(noType.length ? { members: noType } : {}) },
    { rule: '各年龄段之和等于总计', ok: ageSum === total, level: 'error' },
    { rule: '各入党时段之和等于总计', ok: joinSum === total, level: 'error' },
  ];
  if (c.balance) {
    const suspendedExits = c.balance.uncounted.filter((u) => u.what === '出党').length;
    checks.push({ rule: '总计等于党员数量变化情况中的出党数（已停止党籍后出党的另计）', ok: exits === c.balance.lines.E2 + suspendedExits, level: 'error' });
  }
  return { ...head(c, 'stats-exits', v.version), header, rows: rowsOf(defs, grid), checks };
}

// ---------------------------------------------------------------------------------------------
// 基层党组织数量

const BASE_TYPES = ['党委', '党总支', '党支部', '联合党支部'];

export function buildOrgs(c: TableContext): StatsTableResult {
  const header = headerOf('stats-orgs', bandsFor(c.asOf));
  const defs: RowDef[] = [
    { key: 'all', label: '基层党组织', level: 0 },
    { key: '党委', label: '基层党委', level: 1 },
    { key: '党总支', label: '党总支', level: 1 },
    { key: '党支部', label: '党支部', level: 1 },
    { key: '联合党支部', label: '其中：联合党支部', level: 2 },
  ];
  const grid = new Grid(defs.map((d) => d.key), header.length);
  const yearStart = addDay(c.previousYearEnd);
  const scopeIds = c.scope;
  for (const o of c.orgs) {
    if (!BASE_TYPES.includes(o.type)) continue;
    if (scopeIds && !scopeIds.has(o.id)) continue;
    if (o.establishedOn && firstDay(o.establishedOn) > c.asOf) continue;
    if (o.dissolvedOn && firstDay(o.dissolvedOn) <= c.asOf) continue;
    const cols = [0];
    const end = termEnd(o.termStart, o.termYears);
    if (!end) cols.push(3);
    else {
      const start = firstDay(o.termStart!);
      if (start >= yearStart && start <= c.asOf) cols.push(1);
      const deadline = o.postponedUntil ?? end;
      if ((deadline.length === 7 ? `${deadline}-31` : deadline) < c.asOf) cols.push(2);
    }
    grid.add('all', cols);
    grid.add(o.type === '联合党支部' ? '党支部' : o.type, cols);
    if (o.type === '联合党支部') grid.add('联合党支部', cols);
  }
  const all = grid.get('all')[0];
  const parts = grid.get('党委')[0] + grid.get('党总支')[0] + grid.get('党支部')[0];
  return {
    ...head(c, 'stats-orgs', bandsFor(c.asOf).version),
    header,
    rows: rowsOf(defs, grid),
    checks: [{ rule: '基层党组织 = 基层党委 + 党总支 + 党支部', ok: all === parts, level: 'error' }],
  };
}

// ---------------------------------------------------------------------------------------------
// 光荣在党50年

/** members in the count on 1 July of the statistics year whose 党龄 has reached 50 years by then */
export function buildFiftyYears(c: TableContext): StatsTableResult {
  const year = Number(c.asOf.slice(0, 4));
  const day = `${year}-07-01`;
  const lastYear = `${year - 1}-07-01`;
  const name = orgNamer(c.orgs);
  const list: FiftyYearEntry[] = [];
  for (const m of c.members) {
    if (!counted(m, c.scope, day)) continue;
    const years = partyAgeAt(m, day);
    if (years === null || years < 50) continue;
    const before = partyAgeAt(m, lastYear);
    list.push({
      idNumber: m.idNumber, name: m.name, gender: m.gender, birthDate: m.birthDate, joinedOn: m.joinedOn, confirmedOn: m.confirmedOn ?? '',
      partyAge: years, org: name(stateOn(m, day).orgId), newThisYear: before === null || before < 50,
    });
  }
  list.sort((a, b) => a.org.localeCompare(b.org, 'zh') || (a.confirmedOn < b.confirmedOn ? -1 : a.confirmedOn > b.confirmedOn ? 1 : 0) || a.name.localeCompare(b.name, 'zh'));
  return {
    ...head(c, 'stats-50-years', bandsFor(c.asOf).version),
    header: headerOf('stats-50-years', bandsFor(c.asOf)),
    rows: list.map((e) => ({ code: null, label: e.name, level: 0, values: [e.partyAge] })),
    checks: [{ rule: `${year}年7月1日党龄满50年（转正日期在${year - 50}年7月1日及以前）的在册党员`, ok: true, level: 'info' }],
    list,
  };
}

export const BUILDERS: Readonly<Record<TableName, (c: TableContext) => StatsTableResult>> = {
  'stats-basic': buildBasic,
  'stats-change': buildChange,
  'stats-join-time': buildJoinTime,
  'stats-education': buildEducation,
  'stats-party-age': buildPartyAge,
  'stats-confirmation': buildConfirmation,
  'stats-development': buildDevelopment,
  'stats-activists': buildActivists,
  'stats-exits': buildExits,
  'stats-orgs': buildOrgs,
  'stats-50-years': buildFiftyYears,
};
