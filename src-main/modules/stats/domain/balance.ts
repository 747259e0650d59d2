import { orgOnDate, rollEffect } from '../../../domain/roll.ts';
import { counted, countedByTimeline, dayBefore, firstDayOf, inScope, stateOn, timelineOn, type Prepared, type Scope } from './roster.ts';

// The member balance of 党员数量变化情况 (docs/domain/statistics.md#balance-equation, line by line:
// docs/domain/statistics.md#how-the-app-counts-each-table):
//   A1 上年底总数 + A2 本年增加 − E1 本年减少 = E7 本年底应有数;  E8 本年底实有数;  六 = E8 − E7.
// The increases and decreases are the dated records of the period (admissions by 入党日期, the events by
// their date and organization); the year-end actual count is the registry on the statistics date; the
// opening count is last year's signed-off actual count (with its members), else the count the dated
// records give for last year's end. So for every member
//   (counted at the end) − (counted at the start) − (increases − decreases) = the member's share of 六,
// and the members whose share is not 0 are exactly the ones that explain a difference: a record missing
// or dated wrongly, a field edited without its event.

export type IncreaseLine = 'A3' | 'A5' | 'A7';
export type DecreaseLine = 'E2' | 'E3' | 'E4' | 'E5';
export type SubLine = 'A4' | 'A6' | 'A8' | 'E6';

export interface Movement {
  line: IncreaseLine | DecreaseLine;
  sub: SubLine | null;
  date: string;
  /** what was recorded: 入党, 转入, 调整, 出党 … */
  what: string;
  /** the event's 出党 sub-type, if any */
  subtype?: string | null;
}

/** a record of the period that does not change the count, and why (shown, never a difference) */
export interface Uncounted {
  date: string;
  what: string;
  reason: string;
}

const isIncrease = (l: Movement['line']): l is IncreaseLine => l[0] === 'A';

const LEAVE_LINE: Record<string, DecreaseLine> = { 出党: 'E2', 死亡: 'E4', 转出: 'E5' };

/**
 * The increases and decreases of one member within (from, to] at the level of `scope`: an admission or
 * first entry into an organization in scope; a 转入 into it; a 调整 across its border (a move inside the
 * scope is no movement at its level); 停止党籍 / 恢复党籍 in it; a 出党, 死亡 or 转出 from it — except by a
 * member already 停止党籍, who left the count by E3.
 */
export function movementsOf(p: Prepared, scope: Scope, from: string, to: string): { moves: Movement[]; uncounted: Uncounted[] } {
  const within = (d: string) => d > from && d <= to;
  const moves: Movement[] = [];
  const uncounted: Uncounted[] = [];

  if (within(p.entryDate)) {
    const at = timelineOn(p, firstDayOf(p.entryDate));
    if (inScope(scope, at.orgId)) {
      const what = p.increaseType === '转入' ? '转入' : p.increaseType === '恢复党籍' ? '恢复党籍' : '入党';
      if (at.suspended) uncounted.push({ date: p.entryDate, what, reason: '登记时已停止党籍，不计入增加' });
      else if (p.increaseType === '转入') moves.push({ line: 'A7', sub: null, date: p.entryDate, what });
      else if (p.increaseType === '恢复党籍') moves.push({ line: 'A5', sub: null, date: p.entryDate, what });
      else moves.push({ line: 'A3', sub: p.joinType === '重新入党' || p.increaseType === '重新入党' ? 'A4' : null, date: p.entryDate, what });
    }
  }

  let suspended = false;
  for (const e of p.events) {
    const eff = rollEffect(e.type);
    if (eff === 'none') continue;
    const inside = within(e.date);
    if (eff === 'suspend') {
      const org = orgOnDate(p.spans, firstDayOf(e.date));
      if (inside && inScope(scope, org)) moves.push({ line: 'E3', sub: null, date: e.date, what: e.type });
      suspended = true;
    } else if (eff === 'restore') {
      const org = orgOnDate(p.spans, firstDayOf(e.date));
      if (inside && inScope(scope, org)) moves.push({ line: 'A5', sub: suspended ? 'A6' : null, date: e.date, what: e.type });
      suspended = false;
    } else if (eff === 'leave') {
      const org = e.fromOrgId ?? orgOnDate(p.spans, dayBefore(e.date));
      if (!inside || !inScope(scope, org)) continue;
      if (suspended) uncounted.push({ date: e.date, what: e.type, reason: '此前已停止党籍（已计入停止党籍），不再计入本年减少' });
      else moves.push({ line: LEAVE_LINE[e.type] ?? 'E5', sub: e.type === '转出' && e.wholeOrg ? 'E6' : null, date: e.date, what: e.type, subtype: e.subtype });
    } else if (eff === 'return') {
      const org = e.toOrgId ?? orgOnDate(p.spans, e.date);
      if (!inside || !inScope(scope, org)) continue;
      if (suspended) uncounted.push({ date: e.date, what: e.type, reason: '已停止党籍，不计入增加' });
      else moves.push({ line: 'A7', sub: e.wholeOrg ? 'A8' : null, date: e.date, what: e.type });
    } else if (eff === 'move') {
      if (!inside) continue;
      const fromOrg = e.fromOrgId ?? orgOnDate(p.spans, dayBefore(e.date));
      const toOrg = e.toOrgId ?? orgOnDate(p.spans, e.date);
      const out = inScope(scope, fromOrg);
      const into = inScope(scope, toOrg);
      if (out === into || suspended) continue;
      moves.push(into
        ? { line: 'A7', sub: e.wholeOrg ? 'A8' : null, date: e.date, what: e.type }
        : { line: 'E5', sub: e.wholeOrg ? 'E6' : null, date: e.date, what: e.type });
    }
  }
  return { moves, uncounted };
}

export const BALANCE_LINES = ['A1', 'A2', 'A3', 'A4', 'A5', 'A6', 'A7', 'A8', 'E1', 'E2', 'E3', 'E4', 'E5', 'E6', 'E7', 'E8'] as const;
export type BalanceLine = (typeof BALANCE_LINES)[number];

export interface ResidualMember {
  memberId: number;
  name: string;
  idNumber: string;
  /** the organization the registry holds the member in now (null: no longer in the registry) */
  orgId: number | null;
  /** the member's share of 六 (E8 − E7) */
  difference: number;
  reasons: string[];
}

export interface Balance {
  lines: Record<BalanceLine, number>;
  /** 六 = E8 − E7 */
  difference: number;
  residuals: ResidualMember[];
  uncounted: (Uncounted & { memberId: number; name: string; idNumber: string })[];
  /** the members counted in E8 (kept when the table is signed off: next year's opening members) */
  endMembers: number[];
  /** the movements per member, for the other tables of the period */
  moves: Map<number, Movement[]>;
}

/** last year's signed-off actual count: the figure and the members in it */
export interface Opening {
  total: number;
  memberIds: ReadonlySet<number>;
}

/** a member of a signed-off opening count who is not among the members read (moved elsewhere, deleted) */
export interface AbsentMember {
  memberId: number;
  name: string;
  idNumber: string;
  orgId: number | null;
}

export function computeBalance(
  members: readonly Prepared[],
  scope: Scope,
  from: string,
  to: string,
  opts: { opening?: Opening | null; absent?: readonly AbsentMember[]; orgName?: (id: number | null) => string } = {},
): Balance {
  const lines = Object.fromEntries(BALANCE_LINES.map((l) => [l, 0])) as Record<BalanceLine, number>;
  const residuals: ResidualMember[] = [];
  const uncounted: Balance['uncounted'] = [];
  const endMembers: number[] = [];
  const movesBy = new Map<number, Movement[]>();
  const orgName = opts.orgName ?? ((id) => String(id ?? ''));
  let start = 0;
  for (const p of members) {
    const { moves, uncounted: un } = movementsOf(p, scope, from, to);
    if (moves.length) movesBy.set(p.id, moves);
    for (const u of un) uncounted.push({ ...u, memberId: p.id, name: p.name, idNumber: p.idNumber });
    let net = 0;
    for (const m of moves) {
      lines[m.line]++;
      if (m.sub) lines[m.sub]++;
      net += isIncrease(m.line) ? 1 : -1;
    }
    const atStart = opts.opening ? opts.opening.memberIds.has(p.id) : countedByTimeline(p, scope, from);
    const atEnd = counted(p, scope, to);
    if (atStart) start++;
    if (atEnd) endMembers.push(p.id);
    const diff = (atEnd ? 1 : 0) - (atStart ? 1 : 0) - net;
    if (diff !== 0) {
      residuals.push({ memberId: p.id, name: p.name, idNumber: p.idNumber, orgId: p.orgId, difference: diff, reasons: explain(p, scope, from, to, atStart, atEnd, moves, Boolean(opts.opening), orgName) });
    }
  }
  for (const a of opts.absent ?? []) {
    start++;
    residuals.push({
      memberId: a.memberId, name: a.name, idNumber: a.idNumber, orgId: a.orgId, difference: -1,
      reasons: [a.orgId === null
        ? '上年底已上报的实有数含该党员，但该党员已从党员信息中删除'
        : `上年底已上报的实有数含该党员，现所在党组织为“${orgName(a.orgId)}”，但没有转出或调整的记录`],
    });
  }
  lines.A1 = opts.opening ? opts.opening.total : start;
  lines.A2 = lines.A3 + lines.A5 + lines.A7;
  lines.E1 = lines.E2 + lines.E3 + lines.E4 + lines.E5;
  lines.E7 = lines.A1 + lines.A2 - lines.E1;
  lines.E8 = endMembers.length;
  // a signed-off opening figure that differs from its own member list (edited by hand) is a difference too
  const difference = lines.E8 - lines.E7;
  return { lines, difference, residuals, uncounted, endMembers, moves: movesBy };
}

/** why a member's start, movements and end do not add up, in the clerk's words */
function explain(
  p: Prepared, scope: Scope, from: string, to: string, atStart: boolean, atEnd: boolean, moves: Movement[], opening: boolean,
  orgName: (id: number | null) => string,
): string[] {
  const reasons: string[] = [];
  const reg = stateOn(p, to);
  const tl = timelineOn(p, to);
  if (to >= p.lastChange) {
    if (reg.suspended && !tl.suspended) reasons.push('党籍状态为“停止党籍”，但没有停止党籍的记录（请补记停止党籍及其日期）');
    if (!reg.suspended && tl.suspended) reasons.push('党籍状态为“正常”，但最后一条记录是停止党籍（请补记恢复党籍）');
    if (reg.orgId === null && tl.orgId !== null) reasons.push(`在册情况为“${p.roll}”，但没有${p.roll}的记录（请补记${p.roll}及其日期）`);
    if (reg.orgId !== null && tl.orgId === null) reasons.push('在册情况为“在册”，但记录显示已离开，没有此后再转入的记录');
    if (reg.orgId !== null && tl.orgId !== null && reg.orgId !== tl.orgId) {
      reasons.push(`所在党组织为“${orgName(reg.orgId)}”，但按转入、调整记录应在“${orgName(tl.orgId)}”（组织被直接修改，请补记调整记录）`);
    }
  }
  if (opening) {
    const computed = countedByTimeline(p, scope, from);
    if (computed !== atStart) {
      reasons.push(atStart
        ? '上年底已上报的实有数含该党员，但按现在的登记和记录，上年底不在本组织的统计范围内'
        : '上年底已上报的实有数不含该党员，但按现在的登记和记录，上年底已在本组织的统计范围内（请核对入党日期、转入日期或所在党组织）');
    }
  }
  const seen = new Map<string, number>();
  for (const m of moves) seen.set(`${m.date}|${m.line}|${m.what}`, (seen.get(`${m.date}|${m.line}|${m.what}`) ?? 0) + 1);
  for (const [key, n] of seen) {
    if (n < 2) continue;
    const [date, , what] = key.split('|');
    reasons.push(`${date} 的${what}记录重复（${n}条），请删除多余的记录`);
  }
  for (const m of moves) {
    if ((seen.get(`${m.date}|${m.line}|${m.what}`) ?? 0) > 1) continue;
    const before = timelineOn(p, dayBefore(m.date));
    const after = timelineOn(p, firstDayOf(m.date));
    const inBefore = !before.suspended && inScope(scope, before.orgId);
    const inAfter = !after.suspended && inScope(scope, after.orgId);
    if (m.line[0] === 'A' && !(inAfter && !inBefore)) reasons.push(`${m.date} 的${m.what}记录计为增加，但此前已在统计范围内或此后不在（请核对日期或删除重复记录）`);
    if (m.line[0] === 'E' && !(inBefore && !inAfter)) reasons.push(`${m.date} 的${m.what}记录计为减少，但此前不在统计范围内或此后仍在（请核对日期或删除重复记录）`);
  }
  if (!reasons.length) {
    const inc = moves.filter((m) => m.line[0] === 'A').length;
    const dec = moves.length - inc;
    reasons.push(`上年底${atStart ? '计入' : '不计入'}，本期增加${inc}次、减少${dec}次，统计时点${atEnd ? '计入' : '不计入'}，前后不符（请核对该党员的入党日期和变动记录）`);
  }
  return reasons;
}
