// Attendance by exception (docs/domain/org-life.md#attendance): who should attend is derived; the clerk
// names only the absentees. The counts are computed here and stored with the record. Pure.

export const ABSENCE_KINDS = ['请假', '因公', '病假', '缺席'] as const;
export type AbsenceKind = (typeof ABSENCE_KINDS)[number];
/** 请假 + 因公 + 病假 are counted as 请假 (onLeave); 缺席 alone as absent */
export const LEAVE_KINDS: readonly string[] = ['请假', '因公', '病假'];

/** what an attendance row says: present, one of the absence kinds, or 免计 (excused, not in 应到) */
export type AttendanceStatus = '出席' | AbsenceKind | '免计';

/**
 * Reasons a member may be left out of 应到会人数 (docs/domain/org-life.md#quorum-and-voting; higher-level
 * approval is the clerk's business, the app records the reason and the dates).
 */
export const EXCUSE_REASONS = [
  '因病无法表达意志',
  '长期患病或年老体弱卧床',
  '出国（境）半年以上',
  '外出工作学习半年以上未转组织关系',
  '被羁押或正在服刑',
  '受留党察看处分',
  '被留置或逮捕',
  '流动党员无法参加并经申请',
  '其他经批准的情形',
] as const;

export interface Invitee {
  memberId: number;
  /** the organization the member was on the roll of that day (counts per organization of a joint activity) */
  orgId: number;
  /** a full member that day (预备党员 have no vote) */
  voting: boolean;
  /** left out of 应到: the excuse's reason (or 停止党籍) */
  excused: string | null;
}

export interface AbsenteeMark {
  memberId: number;
  kind: AbsenceKind;
  reason: string | null;
}

export interface Counts {
  expected: number;
  present: number;
  onLeave: number;
  absent: number;
  excused: number;
  votingExpected: number;
  votingPresent: number;
}

export const zeroCounts = (): Counts => ({ expected: 0, present: 0, onLeave: 0, absent: 0, excused: 0, votingExpected: 0, votingPresent: 0 });

export interface AttendanceRow {
  memberId: number;
  orgId: number;
  status: AttendanceStatus;
  reason: string | null;
  voting: boolean;
}

/** the rows to store and the counts, in total and per organization */
export function tally(invitees: readonly Invitee[], absentees: readonly AbsenteeMark[]): { rows: AttendanceRow[]; total: Counts; perOrg: Map<number, Counts> } {
  const marks = new Map(absentees.map((a) => [a.memberId, a]));
  const total = zeroCounts();
  const perOrg = new Map<number, Counts>();
  const rows: AttendanceRow[] = [];
  for (const inv of invitees) {
    let c = perOrg.get(inv.orgId);
    if (!c) perOrg.set(inv.orgId, (c = zeroCounts()));
    if (inv.excused) {
      rows.push({ memberId: inv.memberId, orgId: inv.orgId, status: '免计', reason: inv.excused, voting: inv.voting });
      total.excused++;
      c.excused++;
      continue;
    }
    const mark = marks.get(inv.memberId);
    const status: AttendanceStatus = mark ? mark.kind : '出席';
    rows.push({ memberId: inv.memberId, orgId: inv.orgId, status, reason: mark?.reason ?? null, voting: inv.voting });
    for (const x of [total, c]) {
      x.expected++;
      if (inv.voting) x.votingExpected++;
      if (status === '出席') {
        x.present++;
        if (inv.voting) x.votingPresent++;
      } else if (LEAVE_KINDS.includes(status)) x.onLeave++;
      else x.absent++;
    }
  }
  return { rows, total, perOrg };
}

/**
 * A full member on the day: 转正 on or before it (a month-only 转正日期 counts from the first of its
 * month); a 正式党员 without a recorded 转正日期 counts as full.
 */
export function fullMemberOn(m: { category: string; confirmedOn: string | null }, date: string): boolean {
  if (m.confirmedOn) return m.confirmedOn <= date;
  return m.category === '正式党员';
}
