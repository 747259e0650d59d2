import { addYears, certainlyBefore, daysBetween, daysInMonth, isPartialDate } from '../../../domain/partial-date.ts';
import { ageOn } from '../../../domain/ages.ts';

// The development pipeline's stages and time rules (docs/domain/development.md#stages,
// docs/domain/development.md#time-rules, docs/domain/development.md#in-the-app), pure. A time rule that is broken refuses the step unless the
// clerk overrides it with a reason (kept with the person); a hard rule (order of the stages, dates that
// contradict each other, sponsors who are not full members, a vote without quorum) cannot be overridden.

export const STAGES = ['入党申请人', '入党积极分子', '发展对象', '预备党员'] as const;
export type Stage = (typeof STAGES)[number];

const STAGE_ALIASES: Readonly<Record<string, Stage>> = { 申请人: '入党申请人', 积极分子: '入党积极分子', 预备: '预备党员' };

/** a stage as typed (积极分子 accepted for 入党积极分子) */
export function stageOf(text: string | null | undefined): Stage | null {
  const t = (text ?? '').replace(/\s/g, '');
  if ((STAGES as readonly string[]).includes(t)) return t as Stage;
  return STAGE_ALIASES[t] ?? null;
}

/** 入党类型 (docs/domain/members.md#increase-and-decrease-types) */
export const JOIN_TYPES = ['新发展', '重新入党'] as const;

/** 培养考察 every six months; 思想汇报 quarterly in practice (docs/domain/development.md#registry-fields) */
export const REVIEW_KINDS = ['培养考察', '思想汇报'] as const;

/** a broken time rule: refuses the step unless overridden with a reason */
export interface RuleBreak {
  /** V27, V28 … of docs/domain/members.md#validation-list, AGE18 for the application age */
  code: string;
  /** one Chinese sentence naming the rule and the dates */
  rule: string;
}

export interface DevDates {
  birthDate: string | null;
  appliedOn: string;
  talkedOn: string | null;
  activistOn: string | null;
  candidateOn: string | null;
  trainingFrom: string | null;
  trainingTo: string | null;
  trainingHours: number | null;
  politicalReviewOn: string | null;
  admittedOn: string | null;
  approvalOn: string | null;
  /** 培养考察 dates */
  reviews: readonly string[];
}

export interface StepCheck {
  /** cannot be overridden */
  hard: string[];
  /** overridable with a reason */
  rules: RuleBreak[];
  /** told, never refused */
  warnings: string[];
}

/** a day plus whole months, the day clamped to the month's end (a month-only date stays one) */
export function addMonthsTo(d: string, months: number): string {
  const y = +d.slice(0, 4);
  const m = +d.slice(5, 7) - 1 + months;
  const ny = y + Math.floor(m / 12);
  const nm = (((m % 12) + 12) % 12) + 1;
  const head = `${String(ny).padStart(4, '0')}-${String(nm).padStart(2, '0')}`;
  if (d.length === 7) return head;
  return `${head}-${String(Math.min(+d.slice(8, 10), daysInMonth(ny, nm))).padStart(2, '0')}`;
}

/** ≥ 3 days or ≥ 24 class hours of short training (V29) */
export function trainingEnough(from: string | null, to: string | null, hours: number | null): boolean {
  if (hours !== null && hours >= 24) return true;
  if (from && to && from.length === 10 && to.length === 10) return daysBetween(from, to) + 1 >= 3;
  return false;
}

/** the longest stretch without a 培养考察 between `from` and `until` exceeds six months */
export function reviewGap(from: string, reviews: readonly string[], until: string): string | null {
  let last = from;
  for (const r of [...reviews].filter((x) => x > from && x <= until).sort()) {
    if (addMonthsTo(last, 6) < r) return last;
    last = r;
  }
  return addMonthsTo(last, 6) < until ? last : null;
}

/** the application (docs/domain/development.md#time-rules): age ≥ 18 on the day of the written application */
export function checkApplication(p: { birthDate: string | null; appliedOn: string }, today: string): StepCheck {
  const out: StepCheck = { hard: [], rules: [], warnings: [] };
  if (!isPartialDate(p.appliedOn)) out.hard.push(`申请入党日期“${p.appliedOn}”不是有效日期`);
  else if (certainlyBefore(today, p.appliedOn)) out.hard.push('申请入党日期不能晚于今天');
  else if (p.birthDate && certainlyBefore(p.appliedOn, addYears(p.birthDate, 18))) {
    out.rules.push({ code: 'AGE18', rule: `申请入党时未满十八周岁（出生日期 ${p.birthDate}，申请日期 ${p.appliedOn}）` });
  }
  return out;
}

/**
 * The step to `to` on `date` from the person's current stage: the order of the stages and of the dates
 * (hard), and the time rules — V27 talk within a month of the application, V28 a year as activist before
 * becoming a candidate, V29 short training before admission.
 */
export function checkStep(p: DevDates & { stage: Stage }, to: Stage, date: string, today: string): StepCheck {
  const out: StepCheck = { hard: [], rules: [], warnings: [] };
  if (!isPartialDate(date) || date.length !== 10) {
    out.hard.push(`日期“${date}”不是有效日期（应为 YYYY-MM-DD）`);
    return out;
  }
  if (date > today) out.hard.push('日期不能晚于今天');
  const from = STAGES.indexOf(p.stage);
  const next = STAGES.indexOf(to);
  if (next <= from) {
    out.hard.push(`当前为${p.stage}，不能再确定为${to}`);
    return out;
  }
  if (next > from + 1) {
    out.hard.push(`当前为${p.stage}，须先确定为${STAGES[from + 1]}，才能确定为${to}`);
    return out;
  }
  if (to === '入党积极分子') {
    if (date < p.appliedOn) out.hard.push(`确定为入党积极分子的日期（${date}）早于申请入党日期（${p.appliedOn}）`);
    const deadline = addMonthsTo(p.appliedOn, 1);
    if (!p.talkedOn) out.rules.push({ code: 'V27', rule: `尚未记录谈话（收到入党申请书后应在一个月内谈话，即 ${deadline} 前）` });
    else if (p.talkedOn > deadline) out.rules.push({ code: 'V27', rule: `谈话日期 ${p.talkedOn} 晚于收到入党申请书（${p.appliedOn}）后一个月` });
  }
  if (to === '发展对象') {
    const since = p.activistOn ?? p.appliedOn;
    if (date < since) out.hard.push(`确定为发展对象的日期（${date}）早于确定为入党积极分子的日期（${since}）`);
    const year = addYears(since, 1);
    if (date < year) out.rules.push({ code: 'V28', rule: `入党积极分子培养考察不足一年（${since} 确定为入党积极分子，${year} 起方可确定为发展对象）` });
    const gap = reviewGap(since, p.reviews, date);
    if (gap) out.warnings.push(`${gap} 之后超过半年没有培养考察记录（应每半年考察一次）`);
  }
  if (to === '预备党员') {
    const since = p.candidateOn ?? p.activistOn ?? p.appliedOn;
    if (date < since) out.hard.push(`接收为预备党员的日期（${date}）早于确定为发展对象的日期（${since}）`);
    if (p.birthDate && date.length === 10 && ageOn(p.birthDate, date) < 18) out.hard.push('接收为预备党员时未满十八周岁');
    if (!trainingEnough(p.trainingFrom, p.trainingTo, p.trainingHours)) {
      out.rules.push({
        code: 'V29',
        rule: p.trainingFrom || p.trainingHours !== null
          ? `发展对象集中培训不足三天（24学时）（${p.trainingFrom ?? ''}${p.trainingTo ? `至${p.trainingTo}` : ''}${p.trainingHours !== null ? `，${p.trainingHours}学时` : ''}）`
          : '尚未记录发展对象集中培训（不少于三天或24学时）',
      });
    }
    if (!p.politicalReviewOn) out.warnings.push('尚未记录政治审查');
  }
  return out;
}

/** V30: the higher committee approves within 3 months of the admission meeting (6 in special cases) */
export function approvalWarning(admittedOn: string, approvalOn: string): string | null {
  if (approvalOn < admittedOn) return `审批日期（${approvalOn}）早于支部大会接收日期（${admittedOn}）`;
  if (approvalOn > addMonthsTo(admittedOn, 6)) return `上级党委审批超过六个月（支部大会 ${admittedOn}，审批 ${approvalOn}），应重新履行手续`;
  if (approvalOn > addMonthsTo(admittedOn, 3)) return `上级党委应在三个月内审批（支部大会 ${admittedOn}，审批 ${approvalOn}），特殊情况不超过六个月`;
  return null;
}

export type DueKind = 'talk' | 'review' | 'candidate' | 'training' | 'approval';

export interface DueItem {
  kind: DueKind;
  /** the day it is due */
  due: string;
  level: 'info' | 'warning' | 'error';
  message: string;
}

/**
 * What is due for one person (docs/domain/development.md#reminders): the talk (application + 1 month),
 * the half-yearly review, eligibility as a candidate (activist + 1 year), the short training before the
 * admission meeting, the approval within 3 months of it. Items due within `horizonDays` of `asOf` or
 * overdue are returned.
 */
export function dueItems(p: DevDates & { stage: Stage }, asOf: string, horizonDays = 30): DueItem[] {
  const out: DueItem[] = [];
  const soon = (due: string) => daysBetween(asOf, due) <= horizonDays;
  const level = (due: string): DueItem['level'] => (due < asOf ? 'error' : 'warning');
  if (p.stage === '入党申请人' && !p.talkedOn) {
    const due = addMonthsTo(p.appliedOn, 1);
    if (soon(due)) out.push({ kind: 'talk', due, level: level(due), message: due < asOf ? `收到入党申请书已超过一个月，尚未谈话（应于 ${due} 前）` : `应于 ${due} 前与入党申请人谈话` });
  }
  if ((p.stage === '入党积极分子' || p.stage === '发展对象') && p.activistOn) {
    const last = [p.activistOn, ...p.reviews].filter((d) => d <= asOf).sort().pop()!;
    const due = addMonthsTo(last, 6);
    if (soon(due)) out.push({ kind: 'review', due, level: level(due), message: due < asOf ? `培养考察已超过半年未记录（上次 ${last}）` : `应于 ${due} 前进行半年一次的培养考察` });
  }
  if (p.stage === '入党积极分子' && p.activistOn) {
    const due = addYears(p.activistOn, 1);
    if (soon(due)) out.push({ kind: 'candidate', due, level: 'info', message: due <= asOf ? `培养考察已满一年（${p.activistOn} 起），可研究确定为发展对象` : `${due} 培养考察满一年，可研究确定为发展对象` });
  }
  if (p.stage === '发展对象' && !trainingEnough(p.trainingFrom, p.trainingTo, p.trainingHours)) {
    out.push({ kind: 'training', due: p.candidateOn ?? asOf, level: 'warning', message: '发展对象尚未参加集中培训（不少于三天或24学时），培训后方可接收为预备党员' });
  }
  if (p.stage === '预备党员' && p.admittedOn && !p.approvalOn) {
    const due = addMonthsTo(p.admittedOn, 3);
    if (soon(due)) out.push({ kind: 'approval', due, level: level(due), message: due < asOf ? `支部大会接收（${p.admittedOn}）已超过三个月，上级党委尚未审批` : `上级党委应于 ${due} 前审批` });
  }
  return out;
}
