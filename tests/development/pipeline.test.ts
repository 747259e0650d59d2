import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkVote } from '../../src-main/domain/votes.ts';
import { cell, idOf, makeFixture, type Fixture } from '../stats/fixture.ts';

// The development pipeline on a real register (docs/domain/development.md): the time rules refuse a step
// with the rule unless overridden with a reason (kept and listed); sponsors and contacts must be full
// members; the admission vote needs its quorum and majority; the admission enters the member registry as
// 预备党员 with 增加方式 发展党员, counted by the statistics; board, reminders, import and the CLI.

let f: Fixture;
let root: number;
let a: number;
let b: number;
let full1: string;
let full2: string;
let probationer: string;
const TODAY = '2026-11-10';
const ZHAO = idOf('1998-04-04', 31);
const QIAN = idOf('2009-02-02', 33);

beforeAll(async () => {
  f = await makeFixture(TODAY);
  root = f.org('中共某某县教育局委员会', '党委');
  a = f.org('中共某某县第一中学党支部', '党支部', root, { shortName: '一中支部' });
  b = f.org('中共某某县第二中学党支部', '党支部', root, { shortName: '二中支部' });
  full1 = f.member({ name: '介绍人甲', org: a, joinedOn: '2000-07-01' }).idNumber;
  full2 = f.member({ name: '介绍人乙', org: a, joinedOn: '2001-07-01' }).idNumber;
  probationer = f.member({ name: '预备党员丙', org: a, category: '预备党员', joinedOn: '2026-05-01' }).idNumber;
});
afterAll(async () => f?.close());

describe('the quorum and majority rule (domain/votes.ts)', () => {
  it('more than half of those due present; yes votes more than half of those due', () => {
    expect(checkVote({ expected: 20, present: 11, for: 11, against: 0, abstain: 0 }, 'admission')).toEqual({ valid: true, quorum: true, passed: true, problems: [] });
    const noQuorum = checkVote({ expected: 20, present: 10, for: 10, against: 0, abstain: 0 }, 'admission');
    expect(noQuorum.quorum).toBe(false);
    expect(noQuorum.problems).toEqual(['到会有表决权的正式党员10人，未超过应到20人的半数，不能表决']);
    const notPassed = checkVote({ expected: 20, present: 18, for: 10, against: 5, abstain: 3 }, 'admission');
    expect([notPassed.quorum, notPassed.passed]).toEqual([true, false]);
    expect(notPassed.problems[0]).toContain('赞成票10票，未超过应到会有表决权的正式党员20人的半数');
    // written opinions of absent full members count with the votes
    expect(checkVote({ expected: 10, present: 6, for: 6, against: 0, abstain: 0, written: 2 }).passed).toBe(true);
    expect(checkVote({ expected: 10, present: 6, for: 7, against: 0, abstain: 0 }).valid).toBe(false);
    expect(checkVote({ expected: 10, present: 11, for: 6, against: 0, abstain: 0 }).problems[0]).toBe('实到人数（11）不能多于应到人数（10）');
  });
});

describe('from application to admission', () => {
  it('an application under 18 is refused with the rule, and accepted with a reason that is kept', async () => {
    await expect(f.call('dev.add', { name: '钱小', idNumber: QIAN, org: a, appliedOn: '2026-09-01' })).rejects.toMatchObject({
      code: 'NEEDS_CONFIRMATION', message: expect.stringContaining('申请入党时未满十八周岁（出生日期 2009-02-02，申请日期 2026-09-01）'),
    });
    await expect(f.call('dev.add', { name: '钱小', idNumber: QIAN, org: a, appliedOn: '2026-09-01', override: true })).rejects.toThrow('须写明特殊情况的理由');
    const { person } = await f.call('dev.add', { name: '钱小', idNumber: QIAN, org: a, appliedOn: '2026-09-01', override: true, reason: '高中生递交申请书，先行登记，满18岁后再培养' });
    expect(person.overrides).toEqual([{ rule: '申请入党时未满十八周岁（出生日期 2009-02-02，申请日期 2026-09-01）', code: 'AGE18', reason: '高中生递交申请书，先行登记，满18岁后再培养', date: '2026-09-01', stage: '入党申请人' }]);
    // a member cannot apply; nor anyone twice
    await expect(f.call('dev.add', { name: '介绍人甲', idNumber: full1, org: a, appliedOn: '2026-09-01' })).rejects.toThrow(/已登记为党员/);
    await expect(f.call('dev.add', { name: '钱小', idNumber: QIAN, org: b, appliedOn: '2026-10-01' })).rejects.toThrow(/已在发展党员名册中/);
  });

  it('activist: talk within a month; contacts must be full members', async () => {
    await f.call('dev.add', { name: '赵某', idNumber: ZHAO, org: a, appliedOn: '2024-03-01', gender: '女', education: '本科', ethnicity: '汉' });
    await expect(f.call('dev.advance', { person: ZHAO, stage: '积极分子', date: '2024-06-01' })).rejects.toThrow('尚未记录谈话（收到入党申请书后应在一个月内谈话，即 2024-04-01 前）');
    await f.call('dev.edit', { person: ZHAO, patch: { talkedOn: '2024-04-15' } });
    await expect(f.call('dev.advance', { person: ZHAO, stage: '积极分子', date: '2024-06-01' })).rejects.toThrow('谈话日期 2024-04-15 晚于收到入党申请书（2024-03-01）后一个月');
    await f.call('dev.edit', { person: ZHAO, patch: { talkedOn: '2024-03-20' } });
    await expect(f.call('dev.advance', { person: ZHAO, stage: '积极分子', date: '2024-06-01', contacts: [probationer] })).rejects.toThrow('培养联系人须为正式党员：预备党员丙是预备党员');
    const { person, warnings } = await f.call('dev.advance', { person: ZHAO, stage: '积极分子', date: '2024-06-01', contacts: [full1] });
    expect(warnings).toEqual([]);
    expect(person).toMatchObject({ stage: '入党积极分子', activistOn: '2024-06-01', contacts: [{ name: '介绍人甲', idNumber: full1 }] });
  });

  it('candidate: a year as activist, else refused unless overridden (recorded with the reason)', async () => {
    await expect(f.call('dev.advance', { person: ZHAO, stage: '发展对象', date: '2025-05-01' })).rejects.toMatchObject({
      code: 'NEEDS_CONFIRMATION', message: expect.stringContaining('入党积极分子培养考察不足一年（2024-06-01 确定为入党积极分子，2025-06-01 起方可确定为发展对象）'),
    });
    await f.call('dev.addReview', { person: ZHAO, kind: '培养考察', date: '2024-12-01', reviewer: '介绍人甲', summary: '表现良好' });
    const { person, warnings } = await f.call('dev.advance', { person: ZHAO, stage: '发展对象', date: '2025-05-01', override: true, reason: '援藏支教提前返回，经上级党委同意' });
    expect(warnings).toEqual([]);
    expect(person.overrides.map((o) => [o.code, o.reason, o.date])).toEqual([['V28', '援藏支教提前返回，经上级党委同意', '2025-05-01']]);
    // a step cannot be skipped or repeated
    await expect(f.call('dev.advance', { person: ZHAO, stage: '发展对象', date: '2025-06-01' })).rejects.toThrow('当前为发展对象，不能再确定为发展对象');
    await expect(f.call('dev.advance', { person: QIAN, stage: '预备党员', date: '2026-10-01' })).rejects.toThrow('须先确定为入党积极分子');
  });

  it('admission: two full members as sponsors, training, a vote with quorum; then a 预备党员 in the registry, counted as 发展党员', async () => {
    const admit = (more: Record<string, unknown> = {}) => f.call('dev.advance', { person: ZHAO, stage: '预备党员', date: '2026-06-20', ...more });
    await expect(admit()).rejects.toThrow('须有两名正式党员作入党介绍人（现有 0 名）');
    await expect(admit({ sponsors: [full1, probationer] })).rejects.toThrow('入党介绍人须为正式党员：预备党员丙是预备党员');
    await expect(admit({ sponsors: [full1, full2] })).rejects.toMatchObject({ code: 'NEEDS_CONFIRMATION', message: expect.stringContaining('尚未记录发展对象集中培训（不少于三天或24学时）') });
    await f.call('dev.edit', { person: ZHAO, patch: { trainingFrom: '2026-04-10', trainingTo: '2026-04-11', trainingHours: 16 } });
    await expect(admit({ sponsors: [full1, full2] })).rejects.toThrow('发展对象集中培训不足三天（24学时）（2026-04-10至2026-04-11，16学时）');
    await f.call('dev.edit', { person: ZHAO, patch: { trainingTo: '2026-04-12', politicalReviewOn: '2026-03-01', politicalReviewResult: '合格' } });
    await expect(admit({ sponsors: [full1, full2], votes: { expected: 9, present: 4, for: 4, against: 0, abstain: 0 } })).rejects.toThrow('到会有表决权的正式党员4人，未超过应到9人的半数，不能表决');
    // not overridable: a vote without quorum is no decision
    await expect(admit({ sponsors: [full1, full2], votes: { expected: 9, present: 4, for: 4, against: 0, abstain: 0 }, override: true, reason: '试试' })).rejects.toThrow('不能表决');
    const { person } = await admit({ sponsors: [full1, full2], votes: { expected: 9, present: 8, for: 7, against: 1, abstain: 0 } });
    expect(person).toMatchObject({ stage: '预备党员', admittedOn: '2026-06-20', votes: { expected: 9, present: 8, for: 7, against: 1, abstain: 0 } });
    expect(person.memberId).toBeGreaterThan(0);
    const m = f.db.sqlite.prepare('SELECT name, category, joined_on, org_id, increase_type, join_type, gender, education FROM members WHERE id = ?').get(person.memberId);
    expect(m).toEqual({ name: '赵某', category: '预备党员', joined_on: '2026-06-20', org_id: a, increase_type: '发展党员', join_type: '新发展', gender: '女', education: '大学本科' });
    const ch = await f.call('stats.table', { name: 'stats-change', org: a, asOf: '2026-12-31' });
    expect(cell(ch, 'A3', '人数')).toBe(2); // 赵某 and 预备党员丙 (入党日期 in the year)
    expect(cell(ch, '六、实有数与应有数之差', '人数')).toBe(0);
    // admitted: the record stays, the approval is checked against the 3-month rule
    await expect(f.call('dev.delete', { person: ZHAO })).rejects.toThrow('发展材料须保留，不能删除');
    const late = await f.call('dev.edit', { person: ZHAO, patch: { approvalOn: '2026-10-25' } });
    expect(late.warnings).toEqual(['上级党委应在三个月内审批（支部大会 2026-06-20，审批 2026-10-25），特殊情况不超过六个月']);
    const history = f.db.sqlite.prepare(`SELECT action FROM audit_log WHERE entity = 'dev_person' ORDER BY id`).pluck().all();
    expect(history).toEqual(expect.arrayContaining(['登记入党申请', '确定为入党积极分子', '确定为发展对象', '确定为预备党员', '修改发展党员信息', '登记培养考察']));
  });

  it('dev list, board and the home page', async () => {
    await f.call('dev.add', { name: '孙某', idNumber: idOf('1995-05-05', 41), org: b, appliedOn: '2026-10-20' });
    await f.call('dev.add', { name: '李某', idNumber: idOf('1990-05-05', 43), org: b, appliedOn: '2025-09-01', talkedOn: '2025-09-10' });
    await f.call('dev.advance', { person: idOf('1990-05-05', 43), stage: '入党积极分子', date: '2025-11-20', contacts: [full2] });
    const list = await f.call('dev.list', { org: root });
    expect(list.map((p) => [p.name, p.stage])).toEqual([['赵某', '预备党员'], ['钱小', '入党申请人'], ['李某', '入党积极分子'], ['孙某', '入党申请人']]);
    expect((await f.call('dev.list', { org: root, stage: '积极分子' })).map((p) => p.name)).toEqual(['李某']);
    const board = await f.call('dev.board', { org: root });
    expect(board.branches.map((x) => [x.org, x.applicants, x.activists, x.candidates, x.probationary])).toEqual([
      ['中共某某县第一中学党支部', 1, 0, 0, 2],
      ['中共某某县第二中学党支部', 1, 1, 0, 0],
    ]);
    // November: 孙某's talk is due by 11-20; 李某's half-yearly review (last 2025-11-20) is overdue; 李某 a year as activist on 11-20
    expect(board.due.map((d) => [d.name, d.kind, d.due, d.level])).toEqual([
      ['李某', 'review', '2026-05-20', 'error'],
      ['钱小', 'talk', '2026-10-01', 'error'],
      ['李某', 'candidate', '2026-11-20', 'info'],
      ['孙某', 'talk', '2026-11-20', 'warning'],
    ]);
    const home = await f.call('reminders.list', { org: root });
    const dev = home.filter((r) => r.module === 'development');
    expect(dev.map((r) => r.member)).toEqual(expect.arrayContaining(['孙某（入党申请人）', '李某（入党积极分子）']));
    expect(dev.find((r) => r.kind === 'dev-talk' && r.member === '孙某（入党申请人）')?.message).toBe('应于 2026-11-20 前与入党申请人谈话');
  });
});

describe('import of an existing applicant / activist list', () => {
  it('headings found and mapped; stages from the dates; errors listed and left out; history rules told', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('积极分子名册');
    ws.addRow(['某某县教育局入党积极分子名册']);
    ws.addRow(['序号', '姓  名', '性别', '身份证号', '学历', '所在支部', '递交入党申请书日期', '确定为入党积极分子日期', '确定发展对象日期', '备注']);
    ws.addRow([1, '周一', '男', idOf('1992-01-01', 51), '本科', '一中支部', '2022.3.1', '2022.09.01', '2023.6.1', '历史资料']);
    ws.addRow([2, '吴二', '女', idOf('1993-01-01', 52), '大专', '二中支部', new Date(Date.UTC(2025, 2, 5)), null, null, null]);
    ws.addRow([3, '郑三', '男', '11010119930101999X', '本科', '二中支部', '2025-03-05', null, null, null]);
    ws.addRow([4, '王四', '男', idOf('1994-01-01', 53), '本科', '不存在的支部', '2025-03-05', '2025-06-01', null, null]);
    ws.addRow([5, '赵某', '女', ZHAO, '本科', '一中支部', '2024-03-01', null, null, null]);
    ws.addRow([6, '冯五', '男', idOf('1995-01-01', 55), '高中', '二中支部', '2025-06-01', '2025-03-01', null, null]);
    const bytes = new Uint8Array(await wb.xlsx.writeBuffer());
    const dry = await f.call('dev.import', { bytes, fileName: '积极分子名册.xlsx', dryRun: true });
    expect(dry).toMatchObject({ dryRun: true, imported: 0, rows: 6 });
    expect(dry.mapping.filter((m) => m.field).map((m) => [m.column, m.field])).toEqual([
      ['姓名', '姓名'], ['性别', '性别'], ['身份证号', '公民身份号码'], ['学历', '学历'], ['所在支部', '所在党组织'], ['递交入党申请书日期', '申请入党日期'],
      ['确定为入党积极分子日期', '确定入党积极分子日期'], ['确定发展对象日期', '确定发展对象日期'], ['备注', '备注'],
    ]);
    expect(dry.errors.map((e) => e.row)).toEqual([5, 6, 7, 8]);
    expect(dry.errors[0].message).toMatch(/^郑三：.*校验/);
    expect(dry.errors[1].message).toContain('找不到党组织“不存在的支部”');
    expect(dry.errors[2].message).toContain('已在发展党员名册中');
    expect(dry.errors[3].message).toContain('确定入党积极分子日期早于申请入党日期');
    expect(dry.warnings).toEqual([{ row: 3, message: '周一：入党积极分子培养考察不足一年即确定为发展对象' }]);
    expect((await f.call('dev.list', {})).some((p) => p.name === '周一')).toBe(false);

    const done = await f.call('dev.import', { bytes, fileName: '积极分子名册.xlsx' });
    expect(done.imported).toBe(2);
    const list = await f.call('dev.list', {});
    expect(list.find((p) => p.name === '周一')).toMatchObject({ stage: '发展对象', org: '中共某某县第一中学党支部', appliedOn: '2022-03-01', activistOn: '2022-09-01', candidateOn: '2023-06-01' });
    expect(list.find((p) => p.name === '吴二')).toMatchObject({ stage: '入党申请人', appliedOn: '2025-03-05', org: '中共某某县第二中学党支部' });
  });
});

describe('the CLI in process', () => {
  it('dev add / advance (refused with the rule, then overridden) / list --json / delete', async () => {
    const id = idOf('1996-06-06', 61);
    const add = await f.cli('dev', 'add', '--json', JSON.stringify({ name: '陈某', idNumber: id, org: '一中支部', appliedOn: '2026-10-01', talkedOn: '2026-10-08' }));
    expect(add.code).toBe(0);
    expect(JSON.parse(add.out)).toMatchObject({ name: '陈某', stage: '入党申请人' });
    const early = await f.cli('dev', 'advance', '--id-number', id, '--stage', '积极分子', '--date', '2026-10-09');
    expect(early.code).toBe(0);
    expect(early.out).toContain('已确定为入党积极分子');
    expect(early.err).toContain('提示：尚未指定培养联系人');
    const refused = await f.cli('dev', 'advance', '--id-number', id, '--stage', '发展对象', '--date', '2026-11-01');
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('入党积极分子培养考察不足一年（2026-10-09 确定为入党积极分子，2027-10-09 起方可确定为发展对象）');
    expect(refused.err).toContain('--override --reason');
    const noReason = await f.cli('dev', 'advance', '--id-number', id, '--stage', '发展对象', '--date', '2026-11-01', '--override');
    expect(noReason.code).toBe(1);
    const ok = await f.cli('dev', 'advance', '--id-number', id, '--stage', '发展对象', '--date', '2026-11-01', '--override', '--reason', '重点培养对象，经党委研究同意');
    expect(ok.code).toBe(0);
    const list = await f.cli('dev', 'list', '--org', '一中支部', '--stage', '发展对象', '--json');
    expect(list.code).toBe(0);
    expect(JSON.parse(list.out)).toEqual([
      { idNumber: idOf('1992-01-01', 51), name: '周一', org: '中共某某县第一中学党支部', stage: '发展对象', appliedOn: '2022-03-01', activistOn: '2022-09-01', candidateOn: '2023-06-01', admittedOn: null, overrides: [] },
      { idNumber: id, name: '陈某', org: '中共某某县第一中学党支部', stage: '发展对象', appliedOn: '2026-10-01', activistOn: '2026-10-09', candidateOn: '2026-11-01', admittedOn: null, overrides: [{ rule: '入党积极分子培养考察不足一年（2026-10-09 确定为入党积极分子，2027-10-09 起方可确定为发展对象）', reason: '重点培养对象，经党委研究同意', date: '2026-11-01' }] },
    ]);
    const votesBad = await f.cli('dev', 'advance', '--id-number', id, '--stage', '预备党员', '--date', '2026-11-05', '--votes', '{"expected":5');
    expect(votesBad.code).toBe(2);
    const del = await f.cli('dev', 'delete', '--id-number', id);
    expect(del).toMatchObject({ code: 0, out: '已删除：陈某\n' });
    expect(f.db.sqlite.prepare(`SELECT action FROM audit_log WHERE entity = 'dev_person' ORDER BY id DESC LIMIT 1`).pluck().get()).toBe('删除发展党员记录');
    const board = await f.cli('dev', 'board', '--org', '中共某某县教育局委员会');
    expect(board.out).toContain('中共某某县第二中学党支部\t入党申请人 2\t入党积极分子 1');
  });
});
