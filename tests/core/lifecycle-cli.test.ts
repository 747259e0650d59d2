import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../support/cli.ts';
import { openTestDb, type TestDb } from '../support/db.ts';
import { makeId } from '../support/id-numbers.ts';

// The member lifecycle end to end through the CLI (docs/domain/members.md#transitions): every history the
// registry used to accept and cannot happen is refused with one sentence naming the rule; 转正, 延长预备期
// and 取消预备党员资格 are events; mistakes can be undone; a member entered by mistake can be deleted
// unless records rest on it.


// the CLI in process on a fresh database (tests/support), with a "today" a test may move on
let db: TestDb;
let today = '2026-12-01';
const run = async (...args: string[]) => {
  const r = await cli(args, { db, env: { DANGWU_TODAY: today } });
  return { code: r.code, out: r.stdout, err: r.stderr, json: r.json };
};
/** the command must succeed; its JSON output */
const ok = async <T = any>(...args: string[]): Promise<T> => {
  const r = await run(...args, ...(args.includes('--json') ? [] : ['--json']));
  if (r.code !== 0) throw new Error(`${args.join(' ')} → ${r.code}: ${r.err}`);
  return r.out.trim() ? r.json<T>() : (undefined as never);
};
/** a member as `member add --json` takes it */
const memberJson = (m: Record<string, unknown>) => JSON.stringify({ ethnicity: '汉族', category: '正式党员', ...m });
const BRANCH1 = '中共某局机关第一党支部';
const BRANCH2 = '中共某局机关第二党支部';
const ids = {
  dead: makeId('19500301', '011'),
  expelled: makeId('19600301', '021'),
  onRoll: makeId('19700301', '031'),
  restore: makeId('19550301', '041'),
  probation: makeId('19900301', '052'),
  extend: makeId('19920301', '062'),
  cancel: makeId('19930301', '072'),
  edit: makeId('19800301', '081'),
  whole1: makeId('19810301', '091'),
  whole2: makeId('19820301', '101'),
};

beforeAll(async () => {
  db = await openTestDb({ today: '2026-12-01' });
  await db.closeDb(); // the CLI opens the file itself
  await ok('org', 'add', '--name', '中共某局机关委员会', '--type', '党委');
  await ok('org', 'add', '--name', BRANCH1, '--short', '第一支部', '--type', '党支部', '--parent', '中共某局机关委员会');
  await ok('org', 'add', '--name', BRANCH2, '--short', '第二支部', '--type', '党支部', '--parent', '中共某局机关委员会');
  const add = (name: string, idNumber: string, extra: Record<string, unknown> = {}) =>
    ok('member', 'add', '--json', memberJson({ name, idNumber, org: BRANCH1, joinedOn: '1990-06-01', confirmedOn: '1991-06-01', ...extra }));
  await add('甲', ids.dead);
  await add('乙', ids.expelled);
  await add('丙', ids.onRoll);
  await add('丁', ids.restore, { joinedOn: '1980-06-01', confirmedOn: '1981-06-01' });
  await add('戊', ids.probation, { category: '预备党员', confirmedOn: null, joinedOn: '2023-07-15' });
  await add('己', ids.extend, { category: '预备党员', confirmedOn: null, joinedOn: '2025-09-10' });
  await add('庚', ids.cancel, { category: '预备党员', confirmedOn: null, joinedOn: '2025-06-01' });
  const later = { joinedOn: '2005-06-01', confirmedOn: '2006-06-01' };
  await add('辛', ids.edit, later);
  await add('壬', ids.whole1, later);
  await add('癸', ids.whole2, later);
}, 120_000);
afterAll(() => db.close());

const refused = async (...args: string[]) => {
  const r = await run(...args);
  expect(r.code, r.out).toBe(1);
  return r.err.trim();
};

describe('histories that cannot happen are refused', () => {
  it('死亡 then 转入: nothing after death', async () => {
    await ok('member', 'event', '--id-number', ids.dead, '--type', '死亡', '--date', '2026-09-15');
    expect(await refused('member', 'event', '--id-number', ids.dead, '--type', '转入', '--date', '2026-10-01')).toBe('甲已于2026-09-15死亡，死亡后不能再登记任何变动');
  });
  it('出党 needs its coded sub-type; then 转入 is refused', async () => {
    expect(await refused('member', 'event', '--id-number', ids.expelled, '--type', '出党', '--date', '2026-03-01', '--detail', '严重违纪')).toContain('登记出党须选择出党方式');
    const r = await ok('member', 'event', '--id-number', ids.expelled, '--type', '出党', '--subtype', '开除党籍', '--date', '2026-03-01');
    expect(r).toMatchObject({ roll: '出党', event: { type: '出党', subtype: '开除党籍' } });
    expect(await refused('member', 'event', '--id-number', ids.expelled, '--type', '转入', '--date', '2026-04-01')).toContain('出党后不能恢复在册；重新入党须按发展党员程序办理');
  });
  it('转入 of a member already on the roll', async () => {
    expect(await refused('member', 'event', '--id-number', ids.onRoll, '--type', '转入', '--date', '2026-04-01')).toBe('转入只适用于已转出的党员：丙目前在册，同一党委内调整支部请登记“调整”');
  });
  it('events before 入党, or before an earlier event', async () => {
    expect(await refused('member', 'event', '--id-number', ids.onRoll, '--type', '失联', '--date', '1989-01-01')).toContain('早于入党日期 1990-06-01');
    await ok('member', 'event', '--id-number', ids.onRoll, '--type', '流动', '--date', '2026-05-01', '--detail', '广东省深圳市');
    expect(await refused('member', 'event', '--id-number', ids.onRoll, '--type', '失联', '--date', '2026-04-01')).toContain('变动须按时间先后登记');
    await ok('member', 'event', '--id-number', ids.onRoll, '--type', '返回', '--date', '2026-06-01');
  });
  it('恢复党籍 36 years after 停止党籍 is refused naming the 2-year rule; 停止党籍 needs 6 months lost', async () => {
    expect(await refused('member', 'event', '--id-number', ids.restore, '--type', '停止党籍', '--date', '1990-03-01')).toBe('停止党籍须是失去联系满6个月的正式党员：丁未登记失联');
    await ok('member', 'event', '--id-number', ids.restore, '--type', '失联', '--date', '1989-06-01');
    await ok('member', 'event', '--id-number', ids.restore, '--type', '停止党籍', '--date', '1990-03-01');
    expect(await refused('member', 'event', '--id-number', ids.restore, '--type', '恢复党籍', '--date', '2026-03-01'))
      .toBe('恢复党籍须在停止党籍后2年内提出：丁于1990-03-01停止党籍，至2026-03-01已超过2年，应按自行脱党除名处理');
  });
  it('停止党籍 for a 预备党员', async () => {
    expect(await refused('member', 'event', '--id-number', ids.probation, '--type', '停止党籍', '--date', '2026-03-01')).toContain('停止党籍只适用于正式党员');
  });
});

describe('转正, 延长预备期 and 取消预备党员资格 are events', () => {
  it('a 预备党员 3.4 years in probation gets an error-level reminder, not the generic warning', async () => {
    const list = await ok('reminders');
    const r = list.find((x: { member?: string }) => x.member === '戊');
    expect(r).toMatchObject({ level: 'error', kind: 'probation-long-overdue' });
    expect(r.message).toContain('入党已超过两年仍为预备党员');
    const warn = list.find((x: { member?: string }) => x.member === '庚');
    expect(warn).toMatchObject({ level: 'warning', kind: 'probation-overdue', due: '2026-06-01' });
  });
  it('转正 is not a record edit: the edit is refused and the event sets 人员类别 and 转正日期 (the end of probation)', async () => {
    expect(await refused('member', 'edit', '--id-number', ids.probation, '--json', '{"category":"正式党员","confirmedOn":"2024-07-15"}'))
      .toContain('预备党员转为正式党员须登记“转正”变动');
    const r = await ok('member', 'event', '--id-number', ids.probation, '--type', '转正', '--date', '2026-11-20');
    expect(r).toMatchObject({ category: '正式党员', confirmedOn: '2024-07-15', event: { type: '转正', date: '2026-11-20', effectiveOn: '2024-07-15' } });
  });
  it('延长预备期 --months 6..12, once; 转正 then at the extended end', async () => {
    expect(await refused('member', 'event', '--id-number', ids.extend, '--type', '延长预备期', '--date', '2026-09-15', '--months', '3')).toContain('6至12个月');
    const r = await ok('member', 'event', '--id-number', ids.extend, '--type', '延长预备期', '--date', '2026-09-15', '--months', '6');
    expect(r.event).toMatchObject({ months: 6, effectiveOn: '2027-03-10' });
    expect(await refused('member', 'event', '--id-number', ids.extend, '--type', '延长预备期', '--date', '2026-10-15', '--months', '6')).toContain('预备期只能延长一次');
    expect(await refused('member', 'event', '--id-number', ids.extend, '--type', '转正', '--date', '2026-11-01')).toContain('预备期至2027-03-10届满');
  });
  it('--type 取消预备党员资格 is 出党 with that sub-type', async () => {
    const r = await ok('member', 'event', '--id-number', ids.cancel, '--type', '取消预备党员资格', '--date', '2026-07-01');
    expect(r).toMatchObject({ roll: '出党', event: { type: '出党', subtype: '取消预备党员资格' } });
  });
});

describe('member edit, history, undo, delete', () => {
  it('member edit changes a member found by ID number, with the form’s rules', async () => {
    const m = await ok('member', 'edit', '--id-number', ids.edit, '--json', '{"phone":"13912345678","joinType":"重新入党"}');
    expect(m).toMatchObject({ phone: '13912345678', joinType: '重新入党' });
    expect(await refused('member', 'edit', '--id-number', ids.edit, '--json', '{"status":"停止党籍"}')).toContain('党籍状态的变化须登记“停止党籍”变动');
  });
  it('member history --json: the events in order, coded', async () => {
    const h = await ok('member', 'history', '--id-number', ids.onRoll);
    expect(h.map((e: { type: string; date: string }) => [e.type, e.date])).toEqual([['流动', '2026-05-01'], ['返回', '2026-06-01']]);
    expect(h[0]).toMatchObject({ detail: '广东省深圳市', subtype: null, months: null, wholeOrg: false });
  });
  it('member event undo removes the latest event and puts back what it changed', async () => {
    await ok('member', 'event', '--id-number', ids.edit, '--type', '调整', '--to-org', '第二支部', '--date', '2026-08-01');
    const u = await ok('member', 'event', 'undo', '--id-number', ids.edit);
    expect(u).toMatchObject({ member: { org: BRANCH1 }, undone: { type: '调整', toOrg: BRANCH2 } });
    expect(await ok('member', 'history', '--id-number', ids.edit)).toEqual([]);
  });
  it('undo is refused while a later payment rests on a move, naming it', async () => {
    await ok('member', 'event', '--id-number', ids.edit, '--type', '调整', '--to-org', BRANCH2, '--date', '2026-08-01');
    await ok('dues', 'base', 'set', '--id-number', ids.edit, '--year', '2026', '--category', '在职', '--income', '6000');
    await ok('dues', 'pay', '--id-number', ids.edit, '--months', '2026-09', '--amount', '90.00', '--date', '2026-09-05');
    const msg = await refused('member', 'event', 'undo', '--id-number', ids.edit);
    expect(msg).toContain('不能撤销辛的“调整”（2026-08-01）');
    expect(msg).toContain('2026-09-05 交纳 90.00 元');
  });
  it('member delete is refused naming the records that depend on the member, and audited when done', async () => {
    const msg = await refused('member', 'delete', '--id-number', ids.edit);
    expect(msg).toContain('不能删除辛：已有依赖该党员的记录——党费管理：党费交纳记录 1 笔');
    const r = await ok('member', 'delete', '--id-number', ids.onRoll);
    expect(r).toEqual({ deleted: true, name: '丙' });
    expect((await run('member', 'history', '--id-number', ids.onRoll)).code).toBe(1);
  });
  it('several ID numbers in one --id-number: one action, --whole-org marks 整建制', async () => {
    const r = await ok('member', 'event', '--id-number', `${ids.whole1},${ids.whole2}`, '--type', '转出', '--date', '2026-10-01', '--detail', '中共某区委组织部', '--whole-org');
    expect(r).toMatchObject({ recorded: 2 });
    expect((await ok('member', 'history', '--id-number', ids.whole2))[0]).toMatchObject({ type: '转出', wholeOrg: true });
    // all or nothing: one refusal refuses the whole action
    expect(await refused('member', 'event', '--id-number', `${ids.whole1},${ids.edit}`, '--type', '死亡', '--date', '2026-11-01')).toContain('壬目前不在册');
  });
});

describe('values and dates of the record', () => {
  it('a value of the wrong type is reported as 格式不正确, not as missing', async () => {
    const asNumber = await refused('member', 'add', '--json', `{"name":"测试","idNumber":110101199003072316,"org":"${BRANCH1}","joinedOn":"2015-06-01"}`);
    expect(asNumber).toBe('「公民身份号码」格式不正确');
    const lost = await refused('member', 'add', '--json', memberJson({ name: '测试', idNumber: makeId('19900307', '231'), org: BRANCH1, joinedOn: '2015-06-01', confirmedOn: '2016-06-01', isLost: '是' }));
    expect(lost).toBe('「是否失联」格式不正确');
  });
  it('a birth month the ID completes is stored to the day, with a note in the history', async () => {
    const id = makeId('19661005', '111');
    const r = await run('member', 'add', '--json', memberJson({ name: '周某', idNumber: id, org: BRANCH1, joinedOn: '1990-06-01', confirmedOn: '1991-06-01', birthDate: '1966.10' }));
    expect(r.code).toBe(0);
    expect(r.json()).toMatchObject({ birthDate: '1966-10-05', increaseType: '建账' });
    expect(r.err).toContain('出生日期“1966.10”只写到月，已按公民身份号码补全为 1966-10-05');
  });
  it('增加方式: admitted in the year of entry → 发展党员; 转入 needs the day it came onto the roll', async () => {
    const m = await ok('member', 'add', '--json', memberJson({ name: '吴某', idNumber: makeId('19980101', '121'), org: BRANCH1, category: '预备党员', joinedOn: '2026-05-04' }));
    expect(m).toMatchObject({ increaseType: '发展党员', joinType: '新发展' });
    expect(await refused('member', 'add', '--json', memberJson({ name: '郑某', idNumber: makeId('19880101', '131'), org: BRANCH1, joinedOn: '2010-05-04', confirmedOn: '2011-05-04', increaseType: '转入' })))
      .toContain('增加方式为转入的，请填写进入本组织的日期');
    const t = await ok('member', 'add', '--json', memberJson({ name: '郑某', idNumber: makeId('19880101', '131'), org: BRANCH1, joinedOn: '2010-05-04', confirmedOn: '2011-05-04', increaseType: '转入', enteredOn: '2026-03-02' }));
    expect(t).toMatchObject({ increaseType: '转入', enteredOn: '2026-03-02' });
  });
});

describe('a screening outcome that ends membership offers the matching 出党', () => {
  it('campaign handle 劝退 prints how to record it; nothing is recorded by itself', async () => {
    const id = makeId('19750101', '141');
    await ok('member', 'add', '--json', memberJson({ name: '冯某', idNumber: id, org: BRANCH2, joinedOn: '2000-06-01', confirmedOn: '2001-06-01' }));
    const c = await ok('campaign', 'create', '--name', '2026年专项排查', '--year', '2026', '--start', '2026-03-01', '--end', '2026-11-30');
    await ok('campaign', 'screen', '--campaign', String(c.id), '--id', id, '--date', '2026-04-01', '--belief', '基督教');
    const r = await run('campaign', 'handle', '--campaign', String(c.id), '--id', id, '--outcome', '劝退', '--date', '2026-06-01');
    expect(r.code).toBe(0);
    expect(r.err).toContain(`member event --id-number ${id} --type 出党 --subtype 劝退 --date 2026-06-01`);
    expect((await ok('members', 'list', '--search', '冯某'))[0]).toMatchObject({ roll: '在册' });
  });
});
