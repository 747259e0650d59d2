import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cell, idOf, makeFixture, type Fixture, type MemberSeed } from './fixture.ts';
import type { StatsTableDto } from '../../src-main/modules/stats/contract.ts';

// Each table's 合计 and the identities the tables share (总数 equal across tables, 发展党员 = A3 …) on a
// mixed roster: occupations (with a legacy free-text 工作岗位 the clerk maps once), education, minorities,
// 台湾省籍, the dues ledger's supplementary rows, new social strata, organizations founded and dissolved,
// 光荣在党50年, the development register.

let f: Fixture;
let root: number;
let a: number;
let b: number;
const AS_OF = '2026-12-31';
const t = (name: string, org: number = root, asOf = AS_OF) => f.call('stats.table', { name, org, asOf });

beforeAll(async () => {
  f = await makeFixture('2027-01-15');
  root = f.org('中共某某县农业农村局委员会', '党委', null, { termStart: '2022-03-01', termYears: 5 });
  a = f.org('中共某某县农业农村局机关党支部', '党支部', root, { termStart: '2023-01-10', termYears: 3, establishedOn: '2001-05-01' });
  b = f.org('中共某某县农业农村局离退休干部党支部', '党支部', root, { termStart: '2026-04-01', termYears: 3 });
  f.org('中共某某县农业农村局农技站党支部', '党支部', root, { establishedOn: '2027-01-05' }); // founded after the date
  f.org('中共某某县农业农村局原种场党支部', '党支部', root, { establishedOn: '1990-01-01', dissolvedOn: '2026-06-30' }); // dissolved
  const merged = f.org('中共某某县农业农村局联合党支部', '联合党支部', root, { establishedOn: '2020-01-01' });
  f.org('中共某某县农业农村局党组', '党组', root);

  const m = (name: string, more: Partial<MemberSeed>) => f.member({ name, org: a, ...more });
  m('公务员甲', { job: '公务员', birth: '1990-05-05', gender: '女' });
  m('参公乙', { job: '参照公务员法管理的工作人员', birth: '1985-05-05', ethnicity: '回族' });
  m('工勤丙', { job: '机关单位工勤岗位', migrant: true, birth: '1975-05-05', education: '高中' });
  m('农民丁', { job: '外出务工经商人员', birth: '1970-05-05', education: '初中', newStratum: '城镇个体劳动者' });
  m('企业戊', { job: '非公有经济控制企业专业技术岗位', profTitle: '高级', birth: '1980-05-05', education: '硕士研究生', newStratum: '私营企业主（民营科技企业创业人员）' });
  m('台胞己', { job: '公务员', nativePlace: '台湾省台北市', birth: '1988-05-05', ethnicity: '其他' });
  m('未填学历', { job: '公务员', education: null, birth: '1992-05-05' });
  m('老字号', { job: '退休干部', birth: '1950-05-05' }); // a legacy free text
  m('不能自理', { job: '退休人员', selfCareUnable: true, birth: '1940-05-05', joinedOn: '1965-07-01', confirmedOn: '1966-07-01', org: b });
  f.member({ name: '五十年整', org: b, job: '离休干部', birth: '1948-01-01', joinedOn: '1975-07-01', confirmedOn: '1976-07-01' });
  f.member({ name: '五十多年', org: b, job: '退休人员', birth: '1940-01-01', joinedOn: '1960-07-01', confirmedOn: '1961-07-01' });
  f.member({ name: '差一天', org: b, job: '退休人员', birth: '1948-01-02', joinedOn: '1975-07-02', confirmedOn: '1976-07-02' });
  f.member({ name: '联合支部', org: merged, job: '个体工商户中的从业人员', birth: '1983-03-03' });
  // admissions, 转正 and extensions of the year
  f.member({ name: '新预备', org: a, category: '预备党员', joinedOn: '2026-05-01', increaseType: '发展党员', job: '公务员', birth: '2001-01-01', gender: '女', education: '大学专科' });
  f.member({ name: '按期转正', org: a, joinedOn: '2025-04-01', confirmedOn: '2026-04-01', increaseType: '发展党员', job: '公务员', birth: '1999-01-01' });
  const ext = f.member({ name: '延长后转正', org: a, joinedOn: '2025-01-10', confirmedOn: '2026-07-10', increaseType: '发展党员', job: '公务员', birth: '1998-01-01' });
  f.event(ext.id, { type: '延长预备期', date: '2026-01-15', months: 6, effectiveOn: '2026-07-10' });
  const cancelled = f.member({ name: '取消资格', org: a, category: '预备党员', joinedOn: '2025-09-01', roll: '出党', leftOn: '2026-08-01', job: '公务员', birth: '1997-01-01' });
  f.event(cancelled.id, { type: '出党', date: '2026-08-01', from: a, subtype: '取消预备党员资格' });
  const expelled = f.member({ name: '开除者', org: a, roll: '出党', leftOn: '2026-03-01', job: '公务员', birth: '1960-01-01', joinedOn: '1985-07-01' });
  f.event(expelled.id, { type: '出党', date: '2026-03-01', from: a, subtype: '开除党籍' });

  // dues: 公务员甲 paid every month; 参公乙 made the whole year up in December; 工勤丙 exempt; 农民丁 reduced and owing;
  // 企业戊 paid 1,000 元 voluntarily
  const id = (name: string) => f.db.sqlite.prepare('SELECT id_number FROM members WHERE name = ?').pluck().get(name) as string;
  await f.call('dues.setBase', { idNumber: id('公务员甲'), year: 2026, category: '在职', income: '6000.00' });
  for (const month of ['01', '02', '03', '04', '05', '06', '07', '08', '09', '10', '11', '12']) {
    await f.call('dues.pay', { idNumber: id('公务员甲'), months: `2026-${month}`, amount: '90.00', paidOn: `2026-${month}-05` });
  }
  await f.call('dues.setBase', { idNumber: id('参公乙'), year: 2026, category: '在职', income: '6000.00' });
  await f.call('dues.pay', { idNumber: id('参公乙'), months: '2026-01..2026-12', amount: '1080.00', paidOn: '2026-12-20', confirm: true });
  await f.call('dues.setBase', { idNumber: id('工勤丙'), year: 2026, category: '在职', income: '3000.00' });
  await f.call('dues.addWaiver', { idNumber: id('工勤丙'), type: '免交', fromMonth: '2026-01', toMonth: '2026-12', approvalBody: '机关党委', approvalDate: '2026-01-05' });
  await f.call('dues.setBase', { idNumber: id('农民丁'), year: 2026, category: '农民', farmerAmount: '1.00' });
  await f.call('dues.addWaiver', { idNumber: id('农民丁'), type: '少交', fromMonth: '2026-03', toMonth: '2026-12', reducedAmount: '0.20', approvalBody: '机关党委', approvalDate: '2026-03-01' });
  await f.call('dues.voluntary', { idNumber: id('企业戊'), amount: '1000.00', paidOn: '2026-07-01' });

  // the development register
  await f.call('dev.add', { name: '申请人一', idNumber: idOf('2003-03-03', 201), org: a, appliedOn: '2026-03-01', gender: '女' });
  await f.call('dev.add', { name: '积极分子一', idNumber: idOf('1996-03-03', 203), org: a, appliedOn: '2024-03-01', talkedOn: '2024-03-10', ethnicity: '壮族', education: '大学本科' });
  await f.call('dev.advance', { person: idOf('1996-03-03', 203), stage: '积极分子', date: '2024-06-01' });
  await f.call('dev.add', { name: '发展对象一', idNumber: idOf('1980-03-03', 205), org: b, appliedOn: '2023-03-01', talkedOn: '2023-03-20' });
  await f.call('dev.advance', { person: idOf('1980-03-03', 205), stage: '入党积极分子', date: '2023-06-01' });
  await f.call('dev.advance', { person: idOf('1980-03-03', 205), stage: '发展对象', date: '2024-07-01' });
}, 120_000);
afterAll(async () => f?.close());

const total = (x: StatsTableDto, col = '总数') => cell(x, '总计', col);

describe('党员基本情况', () => {
  it('rows of the occupation tree, columns of the form, the supplementary rows from the ledger and the registry', async () => {
    const x = await t('stats-basic');
    expect(x.columns).toEqual(['总数', '预备党员', '女', '少数民族', '台湾省籍', '30岁及以下', '31-35岁', '36-40岁', '41-45岁', '46-50岁', '51-55岁', '56-60岁', '61-65岁', '66-70岁', '71岁及以上']);
    expect(x.rows.every((r) => r.code === null)).toBe(true);
    expect(total(x)).toBe(16); // 取消资格 and 开除者 left during the year
    expect(total(x, '预备党员')).toBe(1);
    expect(total(x, '女')).toBe(2);
    expect(total(x, '少数民族')).toBe(1); // 回族; 其他 is not counted (U3)
    expect(total(x, '台湾省籍')).toBe(1);
    expect(cell(x, '党政机关工作人员', '总数')).toBe(7);
    expect(cell(x, '其中：农民工', '总数')).toBe(1);
    expect(cell(x, '其中：外出务工经商人员', '总数')).toBe(1);
    expect(cell(x, '二、农牧渔民', '总数')).toBe(1);
    expect(cell(x, '按时足额交纳党费的党员', '总数')).toBe(2); // nothing owed on the date (甲, 乙); not the exempt, not the owing
    expect(cell(x, '经批准少交党费的党员', '总数')).toBe(1);
    expect(cell(x, '经批准免交党费的党员', '总数')).toBe(1);
    expect(cell(x, '一次性自愿多交1000元以上党费的党员', '总数')).toBe(1);
    expect(cell(x, '生活不能自理或无劳动能力的党员', '总数')).toBe(1);
    expect(cell(x, '企业和民办非企业单位中具有高级专业技术职务的党员', '总数')).toBe(1);
    // the legacy text is not in any row: the total's check names the member
    const occ = x.checks.find((c) => c.rule.startsWith('总计等于一至六项'))!;
    expect(occ.ok).toBe(false);
    expect(occ.members).toEqual([expect.objectContaining({ name: '老字号', reason: expect.stringContaining('工作岗位“退休干部”尚未对应统计行') })]);
    // refused to sign off while so
    await expect(f.call('stats.finalize', { name: 'stats-basic', org: root, asOf: AS_OF })).rejects.toThrow(/党员基本情况校验未通过，不能上报/);

    // the clerk confirms the suggestion once; it is remembered
    const jobs = await f.call('stats.jobMappings', {});
    expect(jobs).toEqual([{ text: '退休干部', count: 1, code: null, codeName: null, suggestion: '502', suggestionName: '退休人员' }]);
    await f.call('stats.mapJob', { text: '退休干部', code: '502' });
    const y = await t('stats-basic');
    expect(y.checks.every((c) => c.ok)).toBe(true);
    expect(cell(y, '五、离退休人员', '总数')).toBe(5);
    expect((await f.call('stats.jobMappings', {}))[0]).toMatchObject({ text: '退休干部', code: '502', codeName: '退休人员' });
  });

  it('every row is the sum of its children; the top rows add up to the total; the age bands to 总数', async () => {
    const x = await t('stats-basic');
    const v = (label: string) => x.rows.find((r) => r.label === label)!.values;
    const idx = x.rows.findIndex((r) => r.label === '公有制单位');
    const kids = x.rows.slice(idx + 1, idx + 7);
    for (let c = 0; c < x.columns.length; c++) {
      expect(v('公有制单位')[c]).toBe(kids.reduce((s, r) => s + r.values[c], 0));
      expect(v('一、在岗职工')[c]).toBe(v('公有制单位')[c] + v('非公有制单位')[c]);
      const top = ['一、在岗职工', '二、农牧渔民', '三、军人、武警', '四、学生', '五、离退休人员', '六、其他'].reduce((s, l) => s + v(l)[c], 0);
      expect(top).toBe(v('总计')[c]);
    }
    for (const r of x.rows) expect(r.values.slice(5).reduce((s, n) => s + n, 0)).toBe(r.values[0]);
  });
});

describe('the tables agree with each other', () => {
  it('总数 is equal across tables; E8 is it; 发展党员 = A3; 期末预备党员 = 预备党员; 出党 = E2', async () => {
    const [basic, join, edu, age, change, dev, conf, exits] = await Promise.all(
      ['stats-basic', 'stats-join-time', 'stats-education', 'stats-party-age', 'stats-change', 'stats-development', 'stats-confirmation', 'stats-exits'].map((n) => t(n)),
    );
    const n = total(basic);
    expect(total(join)).toBe(n);
    expect(total(edu)).toBe(n);
    expect(total(age)).toBe(n);
    expect(cell(change, 'E8', '人数')).toBe(n);
    expect(cell(dev, '总计', '发展党员数')).toBe(cell(change, 'A3', '人数'));
    expect(cell(dev, '总计', '发展党员数')).toBe(1);
    expect(cell(conf, '总计', '期末预备党员')).toBe(total(basic, '预备党员'));
    expect(cell(exits, '总计', '合计')).toBe(cell(change, 'E2', '人数'));
    expect(cell(change, '六、实有数与应有数之差', '人数')).toBe(0);
    // each table's own sums
    expect(join.rows[0].values.slice(1).reduce((s, x) => s + x, 0)).toBe(n);
    expect(age.rows[0].values.slice(1).reduce((s, x) => s + x, 0)).toBe(n);
    // education: one member without 学历 is named, and the bands fall short by one
    expect(edu.rows[0].values.slice(1).reduce((s, x) => s + x, 0)).toBe(n - 1);
    expect(edu.checks.find((c) => c.rule === '各学历之和等于总数')!.members).toEqual([expect.objectContaining({ name: '未填学历', reason: '未填写学历' })]);
    expect(cell(edu, '总计', '研究生')).toBe(1);
    // party age by organization: the committee row is the sum of its branches
    const rowOf = (label: string) => age.rows.find((r) => r.label === label)!.values;
    expect(rowOf('中共某某县农业农村局委员会')).toEqual(age.rows[0].values);
  });

  it('入党时间 carries the 新社会阶层 supplement; its 其中 values count in their group', async () => {
    const x = await t('stats-join-time');
    expect(cell(x, '新社会阶层人员', '总数')).toBe(2);
    expect(cell(x, '个体劳动者', '总数')).toBe(1);
    expect(cell(x, '其中：城镇个体劳动者', '总数')).toBe(1);
    expect(cell(x, '私营企业主', '总数')).toBe(1);
    expect(cell(x, '其中：民营科技企业创业人员', '总数')).toBe(1);
  });

  it('发展党员, 转正 and 出党 of the year', async () => {
    const dev = await t('stats-development');
    expect(dev.columns).toEqual(['发展党员数', '女', '少数民族', '35岁及以下', '大专及以上', '中专、高中、中技', '生产、工作第一线', '重新入党']);
    expect(dev.rows[0].values).toEqual([1, 1, 0, 1, 1, 0, 0, 0]);
    const conf = await t('stats-confirmation');
    expect(conf.rows[0].values).toEqual([1, 1, 1, 1, 1]);
    expect(conf.rows.find((r) => r.label === '中共某某县农业农村局机关党支部')!.values).toEqual([1, 1, 1, 1, 1]);
    const exits = await t('stats-exits');
    expect(cell(exits, '总计', '合计')).toBe(2);
    expect(cell(exits, '总计', '开除党籍')).toBe(1);
    expect(cell(exits, '总计', '取消预备党员资格')).toBe(1);
    expect(cell(exits, '60岁及以上', '合计')).toBe(1);
    expect(cell(exits, '2012年11月及以后入党', '合计')).toBe(1);
    expect(exits.checks.every((c) => c.ok)).toBe(true);
  });
});

describe('organizations, 光荣在党50年, the development register', () => {
  it('基层党组织数量 as of a date: founded before and not dissolved; 党组 is not counted; 换届 status', async () => {
    const x = await t('stats-orgs');
    expect(cell(x, '基层党组织', '数量')).toBe(4); // committee, 机关, 离退休, 联合 (not 农技站, not 原种场, not 党组)
    expect(cell(x, '基层党委', '数量')).toBe(1);
    expect(cell(x, '党支部', '数量')).toBe(3);
    expect(cell(x, '其中：联合党支部', '数量')).toBe(1);
    expect(cell(x, '基层党组织', '本年换届')).toBe(1); // 离退休 elected 2026-04
    expect(cell(x, '基层党组织', '任期届满未换届')).toBe(1); // 机关: 2023-01-10 + 3 years
    expect(cell(x, '基层党组织', '未登记任期')).toBe(1);
    const before = await t('stats-orgs', root, '2026-06-29');
    expect(cell(before, '基层党组织', '数量')).toBe(5); // 原种场 still there
    const later = await t('stats-orgs', root, '2027-01-05');
    expect(cell(later, '基层党组织', '数量')).toBe(5); // 农技站 founded
  });

  it('光荣在党50年: 党龄 of 50 years by 1 July, 本年新达到 marked', async () => {
    const x = await t('stats-50-years');
    expect(x.list!.map((p) => [p.name, p.partyAge, p.newThisYear])).toEqual([
      ['五十多年', 65, false],
      ['不能自理', 60, false],
      ['五十年整', 50, true],
    ]);
    expect(x.list!.find((p) => p.name === '差一天')).toBeUndefined();
    expect(x.rows.map((r) => r.values[0])).toEqual(x.list!.map((p) => p.partyAge));
  });

  it('入党积极分子情况 from the register, as of a date', async () => {
    const x = await t('stats-activists');
    expect(x.rows.map((r) => [r.label, r.values[0]])).toEqual([['入党申请人', 3], ['其中：入党积极分子', 2], ['其中：发展对象', 1], ['本年新增入党申请人', 1], ['本年新确定的入党积极分子', 0]]);
    expect(cell(x, '入党申请人', '女')).toBe(1);
    expect(cell(x, '入党申请人', '少数民族')).toBe(1);
    expect(cell(x, '入党申请人', '35岁及以下')).toBe(2);
    expect(cell(x, '其中：入党积极分子', '大专及以上')).toBe(1);
    const earlier = await t('stats-activists', root, '2024-01-01');
    expect(earlier.rows.map((r) => r.values[0])).toEqual([1, 1, 0, 0, 0]);
    const branch = await t('stats-activists', b);
    expect(branch.rows.map((r) => r.values[0])).toEqual([1, 1, 1, 0, 0]);
  });
});
