import { describe, expect, it } from 'vitest';
import { parsePeriod } from '../../src-main/domain/periods.ts';
import { rollSpans, orgOnDate, suspendedOn } from '../../src-main/domain/roll.ts';
import { fullMemberOn, tally, type Invitee } from '../../src-main/modules/orglife/domain/attendance.ts';
import { applies, complianceOf, DEFAULT_FREQUENCIES, rate2 } from '../../src-main/modules/orglife/domain/compliance.ts';
import { hasQuorum, votePasses, voteProblems } from '../../src-main/modules/orglife/domain/quorum.ts';
import { kindOfReason, parseAbsentees, parseDayText, parseTimeRange } from '../../src-main/modules/orglife/domain/register-text.ts';
import { DEFAULT_TYPES, findType, isCommitteePost, isSecretaryPost } from '../../src-main/modules/orglife/domain/types.ts';

// The pure rules of organizational life (docs/domain/org-life.md): quorum and voting, counting held
// meetings per period, headcounts, type aliases, committee posts, reading a clerk's register.

describe('quorum and voting (org-life.md#quorum-and-voting)', () => {
  it('a meeting may decide only with MORE than half of those with a vote present', () => {
    expect(hasQuorum({ votingExpected: 10, votingPresent: 6 })).toBe(true);
    expect(hasQuorum({ votingExpected: 10, votingPresent: 5 })).toBe(false); // exactly half is not more than half
    expect(hasQuorum({ votingExpected: 5, votingPresent: 3 })).toBe(true);
    expect(hasQuorum({ votingExpected: 0, votingPresent: 0 })).toBe(false);
  });

  it('a 预备党员 never counts: a branch of 4 full members and 3 probationary ones, 2 full + 3 probationary present, has no quorum', () => {
    const invitees: Invitee[] = [
      ...[1, 2, 3, 4].map((id) => ({ memberId: id, orgId: 1, voting: true, excused: null })),
      ...[5, 6, 7].map((id) => ({ memberId: id, orgId: 1, voting: false, excused: null })),
    ];
    const { total } = tally(invitees, [{ memberId: 3, kind: '请假', reason: '出差' }, { memberId: 4, kind: '缺席', reason: null }]);
    expect(total).toMatchObject({ expected: 7, present: 5, votingExpected: 4, votingPresent: 2 });
    expect(hasQuorum(total)).toBe(false);
    expect(voteProblems(total, { kind: '一般事项', for: 2, against: 0, abstain: 0 })[0].message).toContain('到会有表决权人数未过半，不能表决');
  });

  it('passes when 赞成 exceeds half of those who SHOULD attend, not of those present', () => {
    const basis = { votingExpected: 10, votingPresent: 7 };
    expect(votePasses(basis, { kind: '一般事项', for: 5, against: 1, abstain: 1 })).toBe(false); // 5 of 7 present, but not > 10/2
    expect(votePasses(basis, { kind: '一般事项', for: 6, against: 1, abstain: 0 })).toBe(true);
  });

  it('admission and 转正 count the written opinions of absent full members; ordinary decisions do not', () => {
    const basis = { votingExpected: 10, votingPresent: 6 };
    expect(votePasses(basis, { kind: '接收预备党员', for: 5, against: 1, abstain: 0, written: { for: 2, against: 0, abstain: 0 } })).toBe(true);
    expect(votePasses(basis, { kind: '一般事项', for: 5, against: 1, abstain: 0, written: { for: 2, against: 0, abstain: 0 } })).toBe(false);
    expect(voteProblems(basis, { kind: '一般事项', for: 5, against: 1, abstain: 0, written: { for: 2, against: 0, abstain: 0 } })[0].field).toBe('votes.written');
    // no more written opinions than absent full members
    expect(voteProblems(basis, { kind: '预备党员转正', for: 6, against: 0, abstain: 0, written: { for: 5, against: 0, abstain: 0 } })[0].message).toContain('书面意见');
  });

  it('refuses more votes than voting members present', () => {
    const problems = voteProblems({ votingExpected: 8, votingPresent: 6 }, { kind: '一般事项', for: 5, against: 1, abstain: 1 });
    expect(problems).toHaveLength(1);
    expect(problems[0].message).toBe('「表决情况」的票数合计 7 超过了到会有表决权的人数 6');
  });
});

describe('held meetings per period (org-life.md#compliance)', () => {
  const H1 = parsePeriod('2026-H1');
  it('a meeting in a month counts for that month only once, however many there are', () => {
    const r = complianceOf({ period: H1, unit: 'month', today: '2026-07-10', heldDates: ['2026-01-05', '2026-01-20', '2026-01-28', '2026-03-02'] });
    expect(r).toMatchObject({ required: 6, held: 2, missing: ['2026-02', '2026-04', '2026-05', '2026-06'], notYetDue: [], rate: 0.33 });
  });

  it('a quarter’s 党员大会 held on 03-31 counts for Q1, one on 04-01 for Q2', () => {
    expect(complianceOf({ period: H1, unit: 'quarter', today: '2026-07-10', heldDates: ['2026-03-31'] })).toMatchObject({ held: 1, missing: ['2026-Q2'] });
    expect(complianceOf({ period: H1, unit: 'quarter', today: '2026-07-10', heldDates: ['2026-04-01'] })).toMatchObject({ held: 1, missing: ['2026-Q1'] });
  });

  it('only periods ended by min(period end, today) are required; the rest are not yet due', () => {
    const r = complianceOf({ period: H1, unit: 'month', today: '2026-05-31', heldDates: ['2026-05-03'] });
    // May ends today: not over yet
    expect(r).toMatchObject({ required: 4, held: 0, missing: ['2026-01', '2026-02', '2026-03', '2026-04'], notYetDue: ['2026-05', '2026-06'], heldAhead: ['2026-05'], rate: 0 });
    const y = complianceOf({ period: H1, unit: 'year', today: '2026-12-31', heldDates: [] });
    expect(y).toMatchObject({ required: 0, notYetDue: ['2026'], rate: null });
    // the example of the contract: 6 months, 5 held
    const ex = complianceOf({ period: H1, unit: 'month', today: '2026-08-01', heldDates: ['2026-01-01', '2026-02-01', '2026-03-01', '2026-05-01', '2026-06-30'] });
    expect(ex).toMatchObject({ required: 6, held: 5, missing: ['2026-04'], rate: 0.83 });
  });

  it('missing units use the period’s own spelling, and units before the organization existed are not required', () => {
    const r = complianceOf({ period: parsePeriod('2026'), unit: 'quarter', today: '2027-01-05', heldDates: [], establishedOn: '2026-05-10' });
    expect(r.missing).toEqual(['2026-Q2', '2026-Q3', '2026-Q4']);
    expect(complianceOf({ period: parsePeriod('2025'), unit: 'year', today: '2026-01-05', heldDates: [] }).missing).toEqual(['2025']);
  });

  it('rates round to 2 places; a requirement applies by organization type and committee', () => {
    expect(rate2(5, 6)).toBe(0.83);
    expect(rate2(0, 0)).toBeNull();
    const committee = DEFAULT_FREQUENCIES.find((f) => f.type === '支部委员会')!;
    expect(applies(committee, { type: '党支部', committeeSize: 3 })).toBe(true);
    expect(applies(committee, { type: '党支部', committeeSize: 1 })).toBe(false);
    expect(applies(committee, { type: '党委', committeeSize: 9 })).toBe(false);
    expect(applies(DEFAULT_FREQUENCIES.find((f) => f.type === '理论学习中心组学习')!, { type: '党委', committeeSize: 9 })).toBe(false); // no level set
  });
});

describe('headcounts', () => {
  it('counts 请假/因公/病假 as onLeave and 缺席 as absent, excused members outside 应到, per organization', () => {
    const inv: Invitee[] = [
      { memberId: 1, orgId: 10, voting: true, excused: null },
      { memberId: 2, orgId: 10, voting: true, excused: null },
      { memberId: 3, orgId: 10, voting: true, excused: '出国（境）半年以上' },
      { memberId: 4, orgId: 20, voting: false, excused: null },
      { memberId: 5, orgId: 20, voting: true, excused: null },
    ];
    const r = tally(inv, [{ memberId: 2, kind: '因公', reason: '出差' }, { memberId: 4, kind: '病假', reason: null }, { memberId: 5, kind: '缺席', reason: null }]);
    expect(r.total).toEqual({ expected: 4, present: 1, onLeave: 2, absent: 1, excused: 1, votingExpected: 3, votingPresent: 1 });
    expect(r.perOrg.get(10)).toMatchObject({ expected: 2, present: 1, onLeave: 1, absent: 0, excused: 1 });
    expect(r.perOrg.get(20)).toMatchObject({ expected: 2, present: 0, onLeave: 1, absent: 1 });
    expect(r.rows.find((x) => x.memberId === 3)).toMatchObject({ status: '免计', reason: '出国（境）半年以上' });
  });

  it('a member votes from the day of 转正 (a month-only date from the first of its month)', () => {
    expect(fullMemberOn({ category: '正式党员', confirmedOn: '2026-03-10' }, '2026-03-09')).toBe(false);
    expect(fullMemberOn({ category: '正式党员', confirmedOn: '2026-03-10' }, '2026-03-10')).toBe(true);
    expect(fullMemberOn({ category: '正式党员', confirmedOn: '2026-03' }, '2026-03-01')).toBe(true);
    expect(fullMemberOn({ category: '正式党员', confirmedOn: null }, '2026-03-01')).toBe(true);
    expect(fullMemberOn({ category: '预备党员', confirmedOn: null }, '2026-03-01')).toBe(false);
  });

  it('停止党籍 keeps a member on the roll but out of meetings until 恢复党籍 (domain/roll.ts)', () => {
    const events = [{ type: '停止党籍', date: '2025-05-01' }, { type: '恢复党籍', date: '2026-02-01' }];
    expect(orgOnDate(rollSpans({ joinedOn: '2000-01-01', orgId: 7, events }), '2025-06-01')).toBe(7);
    expect(suspendedOn(events, '2025-04-30')).toBe(false);
    expect(suspendedOn(events, '2025-06-01')).toBe(true);
    expect(suspendedOn(events, '2026-02-01')).toBe(false);
  });
});

describe('types, posts and the register’s texts', () => {
  it('finds a type by its name or a common abbreviation', () => {
    expect(findType(DEFAULT_TYPES, '支委会')?.name).toBe('支部委员会');
    expect(findType(DEFAULT_TYPES, '民主评议')?.name).toBe('民主评议党员');
    expect(findType(DEFAULT_TYPES, '党组(党委)会议')?.name).toBe('党组（党委）会议');
    expect(findType(DEFAULT_TYPES, ' 中心组学习 ')?.name).toBe('理论学习中心组学习');
    expect(findType(DEFAULT_TYPES, '党员大会')?.holders).not.toContain('党委');
    expect(findType(DEFAULT_TYPES, '茶话会')).toBeNull();
  });

  it('committee posts end in 书记 or 委员; 党小组长 and 党员 are not', () => {
    for (const p of ['书记', '副书记', '组织委员', '纪检委员', '机关第一党支部书记', '组织委员、党小组长']) expect(isCommitteePost(p)).toBe(true);
    for (const p of ['党小组长', '党员', '', null, '委员会秘书']) expect(isCommitteePost(p)).toBe(false);
    expect(isSecretaryPost('副书记')).toBe(true);
    expect(isSecretaryPost('宣传委员')).toBe(false);
  });

  it('reads absentees, reasons, dates and times as clerks write them', () => {
    expect(parseAbsentees('张三（出差）、李四(病假)，王五；赵六（请假：家中有事）')).toEqual([
      { name: '张三', kind: '因公', reason: '出差' },
      { name: '李四', kind: '病假', reason: '病假' },
      { name: '王五', kind: '缺席', reason: null },
      { name: '赵六', kind: '请假', reason: '家中有事' },
    ]);
    expect(parseAbsentees('无')).toEqual([]);
    expect(parseAbsentees('')).toEqual([]);
    expect(kindOfReason('住院')).toBe('病假');
    expect(kindOfReason('无故')).toBe('缺席');
    expect(kindOfReason('事假')).toBe('请假');
    expect(parseDayText('2026.3.5')).toBe('2026-03-05');
    expect(parseDayText('2026年3月31日')).toBe('2026-03-31');
    expect(parseDayText('3月5日')).toBeNull();
    expect(parseTimeRange('9:00-11:30')).toEqual({ start: '09:00', end: '11:30' });
    expect(parseTimeRange('14：30—16：00')).toEqual({ start: '14:30', end: '16:00' });
  });
});
