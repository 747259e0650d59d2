import { AppError } from './errors.ts';
import { MEMBER_EVENT_TYPES, type Category, type MemberStatus, type Roll } from './enums.ts';
import { addYears, certainlyAfter, certainlyBefore, daysInMonth, isMonthOnly, parsePartialDate, type PartialDate } from './partial-date.ts';
import { movesRoll } from './roll.ts';

// The member lifecycle as a state machine (docs/domain/members.md#lifecycle-events): a member's standing
// (在册情况, 党籍状态, 人员类别, the 失联/流动 flags) changes only by dated events, each checked here
// against the standing before it. Pure: the service hands in the stored standing and the event, and gets
// back the columns to write and the event row to keep, or a refusal — one Chinese sentence naming the
// rule. Probation dates follow docs/domain/members.md#probation.

/** the event types a clerk records; 取消预备党员资格 is accepted as an alias (出党 with that sub-type) */
export const LIFECYCLE_EVENT_TYPES = MEMBER_EVENT_TYPES;
export type LifecycleEventType = (typeof LIFECYCLE_EVENT_TYPES)[number];
export const EVENT_TYPE_ALIASES: Readonly<Record<string, { type: LifecycleEventType; subtype: ExitSubtype }>> = {
  取消预备党员资格: { type: '出党', subtype: '取消预备党员资格' },
};

/** 出党 sub-types, the statistical codes of 党员出党情况 (docs/domain/members.md#increase-and-decrease-types) */
export const EXIT_SUBTYPES = ['开除党籍', '退党除名', '劝退', '劝而不退除名', '自行脱党除名', '取消预备党员资格', '不予承认'] as const;
export type ExitSubtype = (typeof EXIT_SUBTYPES)[number];

/** 增加方式: how the member came onto this committee's roll (docs/domain/members.md#increase-and-decrease-types) */
export const INCREASE_TYPES = ['建账', '发展党员', '重新入党', '转入', '恢复党籍'] as const;
export type IncreaseType = (typeof INCREASE_TYPES)[number];

/** 入党类型 (docs/domain/members.md#lifecycle-events, admission) */
export const JOIN_TYPES = ['新发展', '重新入党'] as const;
export type JoinType = (typeof JOIN_TYPES)[number];

/** 延长预备期: at least 6 months, at most a year, once (docs/domain/members.md#probation, V31) */
export const EXTENSION_MIN_MONTHS = 6;
export const EXTENSION_MAX_MONTHS = 12;
/** 停止党籍 after at least 6 months out of contact; 恢复党籍 within 2 years (docs/domain/members.md#membership-status) */
export const LOST_MONTHS_BEFORE_STOP = 6;
export const RESTORE_WITHIN_YEARS = 2;

/** the standing before an event, read from the registry and the member's earlier events */
export interface LifecycleState {
  name: string;
  roll: Roll;
  leftOn: string | null;
  status: MemberStatus;
  category: Category;
  joinedOn: PartialDate;
  confirmedOn: PartialDate | null;
  orgId: number;
  isLost: boolean;
  lostOn: PartialDate | null;
  isMobile: boolean;
  outflow: string | null;
  /** the earlier events, in date order (only what the rules read) */
  events: readonly { type: string; date: string; subtype?: string | null; months?: number | null }[];
}

export interface LifecycleEventInput {
  type: string;
  date: string;
  detail?: string | null;
  subtype?: string | null;
  months?: number | null;
  wholeOrg?: boolean | null;
  /** the organization a 转入 or 调整 goes to (resolved by the service) */
  toOrgId?: number | null;
  toOrgName?: string | null;
}

/** the member columns an event changes (snake_case as stored) */
export interface MemberPatch {
  roll?: Roll;
  left_on?: string | null;
  status?: MemberStatus;
  category?: Category;
  confirmed_on?: string | null;
  org_id?: number;
  is_lost?: number;
  lost_on?: string | null;
  is_mobile?: number;
  outflow?: string | null;
}

/** the row kept in the member's history */
export interface EventRecord {
  type: LifecycleEventType;
  date: PartialDate;
  detail: string | null;
  subtype: ExitSubtype | null;
  months: number | null;
  wholeOrg: boolean;
  /** the date the event takes effect when it is not the recorded date: 转正日期, the extended probation end */
  effectiveOn: string | null;
  fromOrgId: number | null;
  toOrgId: number | null;
}

export interface Transition {
  patch: MemberPatch;
  event: EventRecord;
  warnings: string[];
}

const refuse = (message: string, field = 'type'): never => {
  throw new AppError('CONFLICT', message, field);
};
const invalid = (message: string, field: string): never => {
  throw new AppError('VALIDATION', message, field);
};

/** an event type as typed (alias included) → its type and the sub-type the alias implies */
export function normalizeEventType(text: string): { type: LifecycleEventType; subtype: ExitSubtype | null } | null {
  const t = text.trim();
  if ((LIFECYCLE_EVENT_TYPES as readonly string[]).includes(t)) return { type: t as LifecycleEventType, subtype: null };
  const alias = EVENT_TYPE_ALIASES[t];
  return alias ? { type: alias.type, subtype: alias.subtype } : null;
}

/** a calendar date plus whole months, the day kept (clamped to the month's end); a month-only date stays one */
export function addMonthsToDate(d: PartialDate, months: number): PartialDate {
  const y = +d.slice(0, 4);
  const m = +d.slice(5, 7) - 1 + months;
  const ny = y + Math.floor(m / 12);
  const nm = ((m % 12) + 12) % 12 + 1;
  const head = `${String(ny).padStart(4, '0')}-${String(nm).padStart(2, '0')}`;
  if (isMonthOnly(d)) return head;
  const day = Math.min(+d.slice(8, 10), daysInMonth(ny, nm));
  return `${head}-${String(day).padStart(2, '0')}`;
}

/**
 * The end of probation (docs/domain/members.md#probation, our choice U25): the admission day one year on
 * (29 February → 28 February), then the extension's months.
 */
export function probationEnd(joinedOn: PartialDate, extensionMonths: number | null = null): PartialDate {
  let end: PartialDate = addYears(joinedOn, 1);
  if (!isMonthOnly(joinedOn) && joinedOn.slice(5) === '02-29') end = `${end.slice(0, 4)}-02-28`;
  return extensionMonths ? addMonthsToDate(end, extensionMonths) : end;
}

/** the months of the one extension recorded, if any */
export function extensionOf(events: LifecycleState['events']): { months: number; date: string } | null {
  const e = events.find((x) => x.type === '延长预备期');
  return e ? { months: e.months ?? 0, date: e.date } : null;
}

export type ProbationLevel = 'ok' | 'overdue' | 'long-overdue';

/**
 * A 预备党员's probation on a day: past its end (one year, or the extension's end) it is overdue — a
 * warning; past two years from admission (a year plus the longest extension) an error-level reminder.
 */
export function probationLevel(s: { category: string; joinedOn: PartialDate; extensionMonths: number | null }, today: string): ProbationLevel {
  if (s.category !== '预备党员' || !s.joinedOn) return 'ok';
  if (certainlyBefore(addYears(s.joinedOn, 2), today)) return 'long-overdue';
  if (certainlyBefore(probationEnd(s.joinedOn, s.extensionMonths), today)) return 'overdue';
  return 'ok';
}

function lastEvent(s: LifecycleState) {
  return s.events.length ? s.events[s.events.length - 1] : null;
}

/** the date the member left the roll by death or 出党 (final), if so */
function finalLeaving(s: LifecycleState): { type: string; date: string; subtype: string | null } | null {
  if (s.roll !== '死亡' && s.roll !== '出党') return null;
  const e = [...s.events].reverse().find((x) => x.type === s.roll);
  return { type: s.roll, date: e?.date ?? s.leftOn ?? '', subtype: e?.subtype ?? null };
}

/**
 * Checks one event against the standing before it and says what it changes. Every refusal is one
 * sentence naming the rule; `today` refuses future dates.
 */
export function applyEvent(s: LifecycleState, input: LifecycleEventInput, opts: { today: string }): Transition {
  const norm = normalizeEventType(input.type);
  if (!norm) invalid(`变动类型应为：${LIFECYCLE_EVENT_TYPES.join('、')}（或取消预备党员资格）`, 'type');
  const { type } = norm!;
  const date = parsePartialDate(input.date);
  if (!date) return invalid(`日期“${input.date}”不是有效日期，请写成如 2026-09-15`, 'date');
  if (certainlyAfter(date, opts.today)) invalid('变动日期不能晚于今天（不能预先登记将来的变动）', 'date');
  const detail = input.detail?.trim() || null;
  const who = s.name;

  // sub-type, months and 整建制 belong to one type each
  let subtype: ExitSubtype | null = norm!.subtype;
  const typedSub = input.subtype?.trim() || null;
  if (typedSub) {
    if (type !== '出党') invalid('只有出党需要选择出党方式（--subtype）', 'subtype');
    if (!(EXIT_SUBTYPES as readonly string[]).includes(typedSub)) invalid(`出党方式应为：${EXIT_SUBTYPES.join('、')}`, 'subtype');
    if (subtype && subtype !== typedSub) invalid(`“${input.type}”即出党方式“${subtype}”，不能再选择“${typedSub}”`, 'subtype');
    subtype = typedSub as ExitSubtype;
  }
  if (type === '出党' && !subtype) invalid(`登记出党须选择出党方式：${EXIT_SUBTYPES.join('、')}`, 'subtype');
  const months = input.months ?? null;
  if (months !== null && type !== '延长预备期') invalid('只有延长预备期需要填写延长的月数', 'months');
  const wholeOrg = Boolean(input.wholeOrg);
  if (wholeOrg && type !== '转入' && type !== '转出') invalid('整建制只适用于转入、转出组织关系', 'wholeOrg');
  if (input.toOrgId != null && type !== '转入' && type !== '调整' && type !== '转出') invalid('只有转入、调整需要选择党组织（--to-org）', 'toOrg');

  // nothing after death; after 出党 only a new admission (a new record through the development pipeline)
  const final = finalLeaving(s);
  if (final?.type === '死亡') refuse(`${who}已于${final.date}死亡，死亡后不能再登记任何变动`);
  if (final?.type === '出党') {
    refuse(`${who}已于${final.date}出党${final.subtype ? `（${final.subtype}）` : ''}，出党后不能恢复在册；重新入党须按发展党员程序办理（入党类型：重新入党）`);
  }
  // in date order, never before 入党
  if (s.joinedOn && certainlyBefore(date, s.joinedOn)) {
    refuse(`变动日期 ${date} 早于入党日期 ${s.joinedOn}：党员的变动不能发生在入党之前`, 'date');
  }
  const last = lastEvent(s);
  if (last && certainlyBefore(date, last.date)) {
    refuse(`变动须按时间先后登记：${who}最近一次变动（${last.type}，${last.date}）晚于本次日期 ${date}，请核对日期或先撤销那次变动`, 'date');
  }

  const patch: MemberPatch = {};
  const warnings: string[] = [];
  let effectiveOn: string | null = null;
  let fromOrgId: number | null = null;
  let toOrgId: number | null = null;
  const onRoll = s.roll === '在册';
  const needOnRoll = (what: string) => {
    if (!onRoll) refuse(`${who}目前不在册（已于${s.leftOn ?? '—'}${s.roll}），不能登记${what}`);
  };

  switch (type) {
    case '转出':
      needOnRoll('转出');
      if (input.toOrgId != null) {
        refuse(`“${input.toOrgName ?? '该党组织'}”在本系统内：本党委内部调整支部请登记“调整”，转出只用于转往本党委以外的党组织`, 'toOrg');
      }
      if (!detail) invalid('登记转出须填写转往的党组织（去向）', 'detail');
      Object.assign(patch, { roll: '转出', left_on: date });
      fromOrgId = s.orgId;
      break;
    case '死亡':
      needOnRoll('死亡');
      Object.assign(patch, { roll: '死亡', left_on: date });
      fromOrgId = s.orgId;
      break;
    case '出党':
      needOnRoll('出党');
      if (subtype === '取消预备党员资格' && s.category !== '预备党员') {
        refuse(`取消预备党员资格只适用于预备党员：${who}是正式党员`, 'subtype');
      }
      Object.assign(patch, { roll: '出党', left_on: date });
      fromOrgId = s.orgId;
      break;
    case '转入':
      if (onRoll) refuse(`转入只适用于已转出的党员：${who}目前在册，同一党委内调整支部请登记“调整”`);
      if (s.roll !== '转出') refuse(`${who}已${s.roll}，不能转入`);
      Object.assign(patch, { roll: '在册', left_on: null });
      fromOrgId = s.orgId;
      toOrgId = input.toOrgId ?? s.orgId;
      if (toOrgId !== s.orgId) patch.org_id = toOrgId;
      break;
    case '调整':
      needOnRoll('调整组织');
      if (input.toOrgId == null) invalid('登记调整须选择调整到的党组织（--to-org）', 'toOrg');
      if (input.toOrgId === s.orgId) refuse(`${who}已在${input.toOrgName ?? '该党组织'}，无需调整`, 'toOrg');
      fromOrgId = s.orgId;
      toOrgId = input.toOrgId!;
      patch.org_id = toOrgId;
      break;
    case '停止党籍': {
      needOnRoll('停止党籍');
      if (s.category === '预备党员') refuse('停止党籍只适用于正式党员：预备党员不能停止党籍（不履行义务的应取消预备党员资格）');
      if (s.status === '停止党籍') refuse(`${who}已是停止党籍状态`);
      if (!s.isLost || !s.lostOn) refuse(`停止党籍须是失去联系满${LOST_MONTHS_BEFORE_STOP}个月的正式党员：${who}未登记失联`);
      if (certainlyBefore(date, addMonthsToDate(s.lostOn!, LOST_MONTHS_BEFORE_STOP))) {
        refuse(`停止党籍须失去联系满${LOST_MONTHS_BEFORE_STOP}个月：${who}于${s.lostOn}失去联系，至${date}不满${LOST_MONTHS_BEFORE_STOP}个月`, 'date');
      }
      patch.status = '停止党籍';
      break;
    }
    case '恢复党籍': {
      needOnRoll('恢复党籍');
      if (s.status !== '停止党籍') refuse(`${who}未停止党籍，无需恢复党籍`);
      const stop = [...s.events].reverse().find((e) => e.type === '停止党籍');
      if (stop && certainlyAfter(date, addYears(stop.date, RESTORE_WITHIN_YEARS))) {
        refuse(`恢复党籍须在停止党籍后${RESTORE_WITHIN_YEARS}年内提出：${who}于${stop.date}停止党籍，至${date}已超过${RESTORE_WITHIN_YEARS}年，应按自行脱党除名处理`, 'date');
      }
      patch.status = '正常';
      break;
    }
    case '失联':
      needOnRoll('失联');
      if (s.isLost) refuse(`${who}已登记失联（自${s.lostOn ?? '—'}起），找回后才能再次登记失联`);
      Object.assign(patch, { is_lost: 1, lost_on: date });
      break;
    case '找回':
      if (!s.isLost) refuse(`${who}未登记失联，无需登记找回`);
      Object.assign(patch, { is_lost: 0, lost_on: null });
      break;
    case '流动':
      needOnRoll('流动');
      if (s.isMobile) refuse(`${who}已是流动党员（外出流向：${s.outflow ?? '—'}），返回后才能再次登记流动`);
      if (!detail) invalid('登记流动须填写外出流向（省、市、县）', 'detail');
      Object.assign(patch, { is_mobile: 1, outflow: detail });
      break;
    case '返回':
      if (!s.isMobile) refuse(`${who}不是流动党员，无需登记返回`);
      Object.assign(patch, { is_mobile: 0, outflow: null });
      break;
    case '转正': {
      needOnRoll('转正');
      if (s.category !== '预备党员') refuse(`只有预备党员才能转正：${who}已是正式党员`);
      const ext = extensionOf(s.events);
      const end = probationEnd(s.joinedOn, ext?.months ?? null);
      if (certainlyBefore(date, end)) {
        refuse(`转正须在预备期满后由支部大会讨论：${who}的预备期至${end}届满，本次会议日期 ${date} 早于届满日`, 'date');
      }
      // 转正日期 is the end of probation, not the meeting (docs/domain/members.md#probation)
      effectiveOn = end;
      Object.assign(patch, { category: '正式党员', confirmed_on: end });
      break;
    }
    case '延长预备期': {
      needOnRoll('延长预备期');
      if (s.category !== '预备党员') refuse(`只有预备党员才能延长预备期：${who}是正式党员`);
      const ext = extensionOf(s.events);
      if (ext) refuse(`预备期只能延长一次：${who}已于${ext.date}延长预备期${ext.months}个月`);
      if (months === null || !Number.isInteger(months) || months < EXTENSION_MIN_MONTHS || months > EXTENSION_MAX_MONTHS) {
        invalid(`延长预备期的时间不少于半年、不超过一年（${EXTENSION_MIN_MONTHS}至${EXTENSION_MAX_MONTHS}个月）`, 'months');
      }
      const end = probationEnd(s.joinedOn);
      if (certainlyBefore(date, end)) {
        refuse(`延长预备期须在预备期满时由支部大会讨论决定：${who}的预备期至${end}届满，本次日期 ${date} 早于届满日`, 'date');
      }
      effectiveOn = probationEnd(s.joinedOn, months);
      break;
    }
  }
  if (type === '找回' && s.status === '停止党籍') warnings.push(`${who}仍为停止党籍状态，如符合条件请另行登记恢复党籍`);
  return {
    patch,
    warnings,
    event: { type, date, detail, subtype, months, wholeOrg, effectiveOn, fromOrgId, toOrgId },
  };
}

/**
 * the event moves the member on, off or between rolls (domain/roll.ts keeps the one table; 停止党籍 and
 * 恢复党籍 keep the member on the roll and the dues ledger as it is)
 */
export const changesRoll = (type: string): boolean => movesRoll(type);

/**
 * 增加方式 of a member first entered into the registry (docs/domain/members.md#increase-and-decrease-types):
 * admitted within the year of entry → 发展党员 (重新入党 when the 入党类型 says so), otherwise 建账 — so
 * the balance of the statistics holds in the first year of use. The import calls this too.
 */
export function initialIncreaseType(m: { joinedOn: PartialDate | null | undefined; joinType?: string | null }, enteredOn: string): IncreaseType {
  if (m.joinedOn && m.joinedOn.slice(0, 4) === enteredOn.slice(0, 4)) return m.joinType === '重新入党' ? '重新入党' : '发展党员';
  return '建账';
}

/** screening outcomes that end membership, with the 出党 sub-type they correspond to (docs/domain/religion-campaign.md#handling-codes) */
export const OUTCOME_EXIT_SUBTYPES: Readonly<Record<string, ExitSubtype>> = {
  劝退: '劝退',
  劝其退党: '劝退',
  除名: '劝而不退除名',
  劝而不退除名: '劝而不退除名',
  开除党籍: '开除党籍',
};

/** the 出党 sub-type a screening outcome calls for, or null when the outcome keeps the member */
export const exitSubtypeForOutcome = (outcome: string | null | undefined): ExitSubtype | null =>
  (outcome ? OUTCOME_EXIT_SUBTYPES[outcome.trim()] : undefined) ?? null;
