import { describe, expect, it } from 'vitest';
import {
  addMonthsToDate, applyEvent, exitSubtypeForOutcome, initialIncreaseType, normalizeEventType, probationEnd, probationLevel, type LifecycleState,
} from '../../src-main/domain/lifecycle.ts';
import { orgForMonth, rollSpans } from '../../src-main/domain/roll.ts';

// The member lifecycle state machine (docs/domain/members.md#transitions): every transition, allowed and
// refused, each refusal one sentence naming the rule.

const TODAY = '2026-12-01';
const base: LifecycleState = {
  name: '张三', roll: '在册', leftOn: null, status: '正常', category: '正式党员', joinedOn: '2000-07-01', confirmedOn: '2001-07-01',
  orgId: 1, isLost: false, lostOn: null, isMobile: false, outflow: null, events: [],
};
const st = (over: Partial<LifecycleState> = {}): LifecycleState => ({ ...base, ...over });
const run = (s: LifecycleState, ev: Parameters<typeof applyEvent>[1]) => applyEvent(s, ev, { today: TODAY });
const refusal = (s: LifecycleState, ev: Parameters<typeof applyEvent>[1]): string => {
  try {
    run(s, ev);
  } catch (e) {
    const m = (e as Error).message;
    // one sentence: no line breaks, ends without a list of several messages
    expect(m).not.toMatch(/\n/);
    return m;
  }
  throw new Error('expected a refusal');
};

describe('leaving the roll: 转出, 死亡, 出党', () => {
  it('转出 needs a destination and takes the member off the roll from that day', () => {
    expect(refusal(st(), { type: '转出', date: '2026-09-15' })).toBe('登记转出须填写转往的党组织（去向）');
    const t = run(st(), { type: '转出', date: '2026-09-15', detail: '中共某区委组织部', wholeOrg: true });
    expect(t.patch).toEqual({ roll: '转出', left_on: '2026-09-15' });
    expect(t.event).toMatchObject({ type: '转出', fromOrgId: 1, wholeOrg: true });
  });
  it('转出 to an organization of the tree is a 调整', () => {
    expect(refusal(st(), { type: '转出', date: '2026-09-15', toOrgId: 2, toOrgName: '第二支部' })).toContain('本党委内部调整支部请登记“调整”');
  });
  it('死亡 is final: nothing after it, 转入 included', () => {
    const dead = st({ roll: '死亡', leftOn: '2026-09-15', events: [{ type: '死亡', date: '2026-09-15' }] });
    for (const type of ['转入', '恢复党籍', '失联', '转出', '转正']) {
      expect(refusal(dead, { type, date: '2026-10-01' })).toBe('张三已于2026-09-15死亡，死亡后不能再登记任何变动');
    }
  });
  it('出党 needs a coded sub-type; after it only a new admission', () => {
    expect(refusal(st(), { type: '出党', date: '2026-05-01' })).toContain('登记出党须选择出党方式：开除党籍、退党除名、劝退、劝而不退除名、自行脱党除名、取消预备党员资格、不予承认');
    expect(refusal(st(), { type: '出党', date: '2026-05-01', subtype: '除名' })).toContain('出党方式应为');
    const t = run(st(), { type: '出党', date: '2026-05-01', subtype: '开除党籍' });
    expect(t.patch).toEqual({ roll: '出党', left_on: '2026-05-01' });
    expect(t.event.subtype).toBe('开除党籍');
    const out = st({ roll: '出党', leftOn: '2026-05-01', events: [{ type: '出党', date: '2026-05-01', subtype: '开除党籍' }] });
    expect(refusal(out, { type: '转入', date: '2026-06-01' })).toBe('张三已于2026-05-01出党（开除党籍），出党后不能恢复在册；重新入党须按发展党员程序办理（入党类型：重新入党）');
  });
  it('取消预备党员资格 is 出党 with that sub-type, for a 预备党员 only', () => {
    expect(normalizeEventType('取消预备党员资格')).toEqual({ type: '出党', subtype: '取消预备党员资格' });
    expect(refusal(st(), { type: '取消预备党员资格', date: '2026-05-01' })).toBe('取消预备党员资格只适用于预备党员：张三是正式党员');
    const pre = st({ category: '预备党员', confirmedOn: null, joinedOn: '2025-03-01' });
    expect(run(pre, { type: '取消预备党员资格', date: '2026-03-05' }).event).toMatchObject({ type: '出党', subtype: '取消预备党员资格' });
    expect(refusal(pre, { type: '取消预备党员资格', date: '2026-03-05', subtype: '劝退' })).toContain('即出党方式“取消预备党员资格”');
  });
  it('one cannot leave twice', () => {
    const gone = st({ roll: '转出', leftOn: '2026-03-01', events: [{ type: '转出', date: '2026-03-01' }] });
    expect(refusal(gone, { type: '死亡', date: '2026-04-01' })).toBe('张三目前不在册（已于2026-03-01转出），不能登记死亡');
  });
});

describe('arriving: 转入 only from off the roll; 调整 inside the tree', () => {
  it('转入 of a member on the roll is refused (it would inflate the 转入 counts)', () => {
    expect(refusal(st(), { type: '转入', date: '2026-05-01' })).toBe('转入只适用于已转出的党员：张三目前在册，同一党委内调整支部请登记“调整”');
  });
  it('转入 after 转出 puts the member back, into the organization named', () => {
    const gone = st({ roll: '转出', leftOn: '2026-03-01', events: [{ type: '转出', date: '2026-03-01' }] });
    const t = run(gone, { type: '转入', date: '2026-08-01', toOrgId: 3 });
    expect(t.patch).toEqual({ roll: '在册', left_on: null, org_id: 3 });
    expect(t.event).toMatchObject({ fromOrgId: 1, toOrgId: 3 });
  });
  it('调整 moves a member on the roll to another organization, with its date', () => {
    expect(refusal(st(), { type: '调整', date: '2026-05-01' })).toBe('登记调整须选择调整到的党组织（--to-org）');
    expect(refusal(st(), { type: '调整', date: '2026-05-01', toOrgId: 1, toOrgName: '第一支部' })).toBe('张三已在第一支部，无需调整');
    expect(run(st(), { type: '调整', date: '2026-05-01', toOrgId: 2 })).toMatchObject({ patch: { org_id: 2 }, event: { fromOrgId: 1, toOrgId: 2 } });
  });
});

describe('order and dates', () => {
  it('no event before 入党, none before the latest event, none in the future', () => {
    expect(refusal(st(), { type: '失联', date: '1999-01-01' })).toBe('变动日期 1999-01-01 早于入党日期 2000-07-01：党员的变动不能发生在入党之前');
    const later = st({ events: [{ type: '失联', date: '2026-06-01' }], isLost: true, lostOn: '2026-06-01' });
    expect(refusal(later, { type: '找回', date: '2026-05-01' })).toBe('变动须按时间先后登记：张三最近一次变动（失联，2026-06-01）晚于本次日期 2026-05-01，请核对日期或先撤销那次变动');
    expect(refusal(st(), { type: '死亡', date: '2026-12-02' })).toBe('变动日期不能晚于今天（不能预先登记将来的变动）');
    // a month-only date is refused only when certainly broken
    expect(() => run(later, { type: '找回', date: '2026-06' })).not.toThrow();
  });
  it('unknown types, wrong extras', () => {
    expect(refusal(st(), { type: '离开', date: '2026-01-01' })).toContain('变动类型应为');
    expect(refusal(st(), { type: '死亡', date: '2026-01-01', subtype: '劝退' })).toBe('只有出党需要选择出党方式（--subtype）');
    expect(refusal(st(), { type: '死亡', date: '2026-01-01', months: 6 })).toBe('只有延长预备期需要填写延长的月数');
    expect(refusal(st(), { type: '死亡', date: '2026-01-01', wholeOrg: true })).toBe('整建制只适用于转入、转出组织关系');
  });
});

describe('党籍: 停止党籍 and 恢复党籍', () => {
  const lost = st({ isLost: true, lostOn: '2025-01-10', events: [{ type: '失联', date: '2025-01-10' }] });
  it('停止党籍 only for a full member lost for at least 6 months', () => {
    expect(refusal(st({ category: '预备党员', confirmedOn: null, joinedOn: '2025-03-01' }), { type: '停止党籍', date: '2026-01-01' }))
      .toBe('停止党籍只适用于正式党员：预备党员不能停止党籍（不履行义务的应取消预备党员资格）');
    expect(refusal(st(), { type: '停止党籍', date: '2026-01-01' })).toBe('停止党籍须是失去联系满6个月的正式党员：张三未登记失联');
    expect(refusal(lost, { type: '停止党籍', date: '2025-07-09' })).toBe('停止党籍须失去联系满6个月：张三于2025-01-10失去联系，至2025-07-09不满6个月');
    expect(run(lost, { type: '停止党籍', date: '2025-07-10' }).patch).toEqual({ status: '停止党籍' });
  });
  it('恢复党籍 within 2 years of 停止党籍; beyond, the rule is named', () => {
    const stopped = st({ ...lost, status: '停止党籍', events: [...lost.events, { type: '停止党籍', date: '1990-03-01' }], joinedOn: '1980-07-01' });
    // a restoration 36 years later (the registry accepted it before)
    expect(refusal({ ...stopped, events: [{ type: '失联', date: '1989-06-01' }, { type: '停止党籍', date: '1990-03-01' }] }, { type: '恢复党籍', date: '2026-03-01' }))
      .toBe('恢复党籍须在停止党籍后2年内提出：张三于1990-03-01停止党籍，至2026-03-01已超过2年，应按自行脱党除名处理');
    const recent = st({ ...lost, status: '停止党籍', events: [...lost.events, { type: '停止党籍', date: '2025-08-01' }] });
    expect(run(recent, { type: '恢复党籍', date: '2026-08-01' }).patch).toEqual({ status: '正常' });
    expect(refusal(st(), { type: '恢复党籍', date: '2026-01-01' })).toBe('张三未停止党籍，无需恢复党籍');
  });
});

describe('失联/找回 and 流动/返回', () => {
  it('each has its end event', () => {
    expect(run(st(), { type: '失联', date: '2026-01-01' }).patch).toEqual({ is_lost: 1, lost_on: '2026-01-01' });
    const lost = st({ isLost: true, lostOn: '2026-01-01' });
    expect(refusal(lost, { type: '失联', date: '2026-02-01' })).toBe('张三已登记失联（自2026-01-01起），找回后才能再次登记失联');
    expect(run(lost, { type: '找回', date: '2026-02-01' }).patch).toEqual({ is_lost: 0, lost_on: null });
    expect(refusal(st(), { type: '找回', date: '2026-02-01' })).toBe('张三未登记失联，无需登记找回');
    expect(refusal(st(), { type: '流动', date: '2026-02-01' })).toBe('登记流动须填写外出流向（省、市、县）');
    expect(run(st(), { type: '流动', date: '2026-02-01', detail: '广东省深圳市' }).patch).toEqual({ is_mobile: 1, outflow: '广东省深圳市' });
    const away = st({ isMobile: true, outflow: '广东省深圳市' });
    expect(refusal(away, { type: '流动', date: '2026-03-01', detail: 'x' })).toContain('已是流动党员');
    expect(run(away, { type: '返回', date: '2026-03-01' }).patch).toEqual({ is_mobile: 0, outflow: null });
    expect(refusal(st(), { type: '返回', date: '2026-03-01' })).toBe('张三不是流动党员，无需登记返回');
  });
});

describe('probation: 转正, 延长预备期', () => {
  const pre = st({ category: '预备党员', confirmedOn: null, joinedOn: '2025-03-18' });
  it('转正 at the branch meeting after the end of probation; 转正日期 is the end', () => {
    expect(refusal(pre, { type: '转正', date: '2026-03-10' })).toBe('转正须在预备期满后由支部大会讨论：张三的预备期至2026-03-18届满，本次会议日期 2026-03-10 早于届满日');
    const t = run(pre, { type: '转正', date: '2026-04-02' });
    expect(t.patch).toEqual({ category: '正式党员', confirmed_on: '2026-03-18' });
    expect(t.event.effectiveOn).toBe('2026-03-18');
    expect(refusal(st(), { type: '转正', date: '2026-04-02' })).toBe('只有预备党员才能转正：张三已是正式党员');
  });
  it('延长预备期: 6–12 months, once; 转正 then at the extension’s end', () => {
    expect(refusal(pre, { type: '延长预备期', date: '2026-03-20', months: 5 })).toBe('延长预备期的时间不少于半年、不超过一年（6至12个月）');
    expect(refusal(pre, { type: '延长预备期', date: '2026-03-20', months: 13 })).toContain('6至12个月');
    const t = run(pre, { type: '延长预备期', date: '2026-03-20', months: 6 });
    expect(t.event).toMatchObject({ months: 6, effectiveOn: '2026-09-18' });
    const extended = { ...pre, events: [{ type: '延长预备期', date: '2026-03-20', months: 6 }] };
    expect(refusal(extended, { type: '延长预备期', date: '2026-04-01', months: 6 })).toBe('预备期只能延长一次：张三已于2026-03-20延长预备期6个月');
    expect(refusal(extended, { type: '转正', date: '2026-08-01' })).toContain('预备期至2026-09-18届满');
    expect(run(extended, { type: '转正', date: '2026-09-25' }).patch).toEqual({ category: '正式党员', confirmed_on: '2026-09-18' });
  });
  it('probation end: same calendar day a year on (29 February → 28 February), then the months', () => {
    expect(probationEnd('2024-02-29')).toBe('2025-02-28');
    expect(probationEnd('2025-03-31', 6)).toBe('2026-09-30');
    expect(probationEnd('2025-03')).toBe('2026-03');
    expect(addMonthsToDate('2025-08-31', 6)).toBe('2026-02-28');
  });
  it('past one year a warning, past two years an error-level reminder', () => {
    expect(probationLevel({ category: '预备党员', joinedOn: '2025-12-01', extensionMonths: null }, TODAY)).toBe('ok');
    expect(probationLevel({ category: '预备党员', joinedOn: '2025-06-01', extensionMonths: null }, TODAY)).toBe('overdue');
    expect(probationLevel({ category: '预备党员', joinedOn: '2025-06-01', extensionMonths: 12 }, TODAY)).toBe('ok');
    // 3.4 years in probation
    expect(probationLevel({ category: '预备党员', joinedOn: '2023-07-15', extensionMonths: null }, TODAY)).toBe('long-overdue');
    expect(probationLevel({ category: '正式党员', joinedOn: '2000-07-01', extensionMonths: null }, TODAY)).toBe('ok');
  });
});

describe('增加方式 and the screening outcomes', () => {
  it('a new record: 发展党员 when admitted in the year it is entered (重新入党 by the 入党类型), otherwise 建账', () => {
    expect(initialIncreaseType({ joinedOn: '2026-05-04' }, '2026-11-20')).toBe('发展党员');
    expect(initialIncreaseType({ joinedOn: '2026-05', joinType: '重新入党' }, '2026-11-20')).toBe('重新入党');
    expect(initialIncreaseType({ joinedOn: '1998-05-04' }, '2026-11-20')).toBe('建账');
  });
  it('劝退 / 除名 / 开除党籍 call for the matching 出党; other outcomes keep the member', () => {
    expect(exitSubtypeForOutcome('劝退')).toBe('劝退');
    expect(exitSubtypeForOutcome('除名')).toBe('劝而不退除名');
    expect(exitSubtypeForOutcome('开除党籍')).toBe('开除党籍');
    expect(exitSubtypeForOutcome('教育转化')).toBeNull();
  });
});

describe('the month a member owes dues to (roll.ts orgForMonth)', () => {
  it('the month of a leaving or a move stays with the organization left; a return re-opens from its month', () => {
    const spans = rollSpans({
      joinedOn: '2000-07-01', orgId: 2,
      events: [{ type: '调整', date: '2026-04-20', fromOrgId: 1, toOrgId: 2 }, { type: '转出', date: '2026-06-10', fromOrgId: 2 }, { type: '转入', date: '2026-09-20', fromOrgId: 2, toOrgId: 2 }],
    });
    expect(orgForMonth(spans, '2026-04')).toBe(1);
    expect(orgForMonth(spans, '2026-05')).toBe(2);
    expect(orgForMonth(spans, '2026-06')).toBe(2);
    expect(orgForMonth(spans, '2026-07')).toBeNull();
    expect(orgForMonth(spans, '2026-09')).toBe(2);
    expect(orgForMonth(spans, '2000-06')).toBeNull();
    expect(orgForMonth(spans, '2000-07')).toBe(1);
  });
  it('a member entered as 转入 is on the roll from that day, not from 入党', () => {
    const spans = rollSpans({ joinedOn: '1990-07-01', enteredOn: '2026-05-12', orgId: 3, events: [] });
    expect(orgForMonth(spans, '2026-04')).toBeNull();
    expect(orgForMonth(spans, '2026-05')).toBe(3);
  });
});
