import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../src-main/domain/errors.ts';
import { percent } from '../../src-main/domain/figures.ts';
import type { FigureDto, FiguresDto } from '../../src-main/modules/report/contract.ts';
import { openTestDb, runExport, type TestDb } from '../support/db.ts';
import { TODAY, seedReport, type ReportFixture } from './fixture.ts';

// The rules of the work report's figures (docs/domain/report.md): periods and the as-of day, the last day
// of a period, movements at the level of the chosen organization, additivity over a subtree (both ways),
// 人 counted once, money agreeing with the dues tables to the fen, traceability and "changed since".

let t: TestDb;
let f: ReportFixture;

// one seeded database for the tests that only read; a test that writes opens its own (fresh())
let shared: { t: TestDb; f: ReportFixture };
beforeAll(async () => {
  const db = await openTestDb({ today: TODAY });
  shared = { t: db, f: await seedReport(db) };
  ({ t, f } = shared);
});
afterAll(async () => {
  await shared.t.close();
});

async function fresh(): Promise<() => Promise<void>> {
  const db = await openTestDb({ today: TODAY });
  t = db;
  f = await seedReport(db);
  return async () => {
    await db.close();
    ({ t, f } = shared);
  };
}

const figures = (org: number | string, period: string, more: Record<string, unknown> = {}) =>
  t.call('report.figures', { org, period, track: false, ...more });

/** id → value of every figure */
const values = (r: FiguresDto): Record<string, FigureDto['value']> =>
  Object.fromEntries(r.figures.map((x) => [x.param ? `${x.key}:${x.param}` : x.key, x.value]));

async function refusal(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('accepted');
}

describe('the figures of a period and a subtree', () => {
  it('the committee and its branches for 2026-H1: members on 06-30, movements, money, screening', async () => {
    const r = await figures(f.committee, '2026-H1');
    expect(r.period).toEqual({ from: '2026-01-01', to: '2026-06-30', key: '2026-H1', label: '2026年上半年' });
    expect(r.org).toBe('中共某某局机关委员会');
    expect(r.asOf).toBe('2026-06-30');
    expect(values(r)).toMatchObject({
      members: 8, // 赵六 died on 06-30, 孙八 left, 郑一 joined in July, 冯二's 党籍 was stopped; 吴十 came back on 06-30
      probationaryMembers: 2, // 王五, and 周九 confirmed only on 07-20
      orgsByType: 3,
      'orgsByType:党委': 1,
      'orgsByType:党支部': 2,
      transfersIn: 1, // 吴十 from outside; 钱七's move between the two branches is none
      transfersOut: 0,
      deaths: 1,
      exits: 1, // 孙八, dated 2026-02 (month only)
      duesCollected: '1166.00',
      duesRemitted: '155.55', // 2026-Q1 and 2026-H1; the 2025-Q4 share paid in January is 2025's
      duesAllocated: '1200.00', // the allocation of 06-30; the one of 07-01 is H2's, a 使用 is none
      duesCollectionRate: 92.54, // 1166 / 1260
      screenedMembers: 3,
      commitmentsSigned: 2,
    });
    const money = r.figures.find((x) => x.key === 'duesCollected')!;
    expect(money).toMatchObject({ unit: '元', value: '1166.00', valueFen: 116600, label: '党费收缴额' });
    expect([...new Set(r.figures.map((x) => x.module))]).toEqual(expect.arrayContaining(['core', 'dues', 'campaign']));
  });

  it('a record dated on the last day of the period counts in it, and not in the next', async () => {
    const h1 = values(await figures(f.committee, '2026-H1'));
    const h2 = values(await figures(f.committee, '2026-H2'));
    const june = values(await figures(f.committee, '2026-06'));
    const lastDay = values(await figures(f.committee, '2026-06-30..2026-06-30'));
    for (const v of [h1, june, lastDay]) {
      expect(v).toMatchObject({ deaths: 1, transfersIn: 1, duesAllocated: '1200.00', screenedMembers: 3 });
    }
    expect(lastDay.commitmentsSigned).toBe(1); // 钱七 on 06-30 (张三 signed in May)
    expect(h2).toMatchObject({ deaths: 0, transfersIn: 0, duesAllocated: '800.00', screenedMembers: 1, commitmentsSigned: 1 });
    // the as-of day of a period not yet ended is today
    expect((await figures(f.committee, '2026-H2')).asOf).toBe(TODAY);
    expect(h2.members).toBe(9); // on 07-10: the 8 of 06-30 and 郑一, who joined on 07-05
  });

  it('a move between two branches of the subtree is neither 转入 nor 转出 at its level, but is at each branch’s', async () => {
    expect(values(await figures(f.branchA, '2026-H1'))).toMatchObject({ transfersOut: 1, transfersIn: 0, deaths: 1, exits: 1, members: 4 });
    expect(values(await figures(f.branchB, '2026-H1'))).toMatchObject({ transfersIn: 2, transfersOut: 0, members: 3 });
    expect(values(await figures(f.committee, '2026-H1'))).toMatchObject({ transfersIn: 1, transfersOut: 0 });
  });

  it('additive figures over a subtree equal the organization’s own plus its branches’; the others do not (both ways)', async () => {
    const cat = await t.call('report.catalogue', {});
    const additive = new Set(cat.figures.filter((x) => x.additive).map((x) => x.key));
    expect([...additive]).toEqual(expect.arrayContaining(['members', 'probationaryMembers', 'duesCollected', 'duesRemitted', 'duesAllocated', 'screenedMembers', 'deaths', 'exits', 'orgsByType']));
    for (const period of ['2026-H1', '2026', '2026-03-01..2026-05-31']) {
      const all = await figures(f.committee, period);
      const own = values(await figures(f.committee, period, { withSubOrgs: false }));
      const parts = [own, values(await figures(f.branchA, period)), values(await figures(f.branchB, period))];
      const fen = (v: FigureDto['value'], x: FigureDto) => (x.unit === '元' ? Math.round(Number(v ?? 0) * 100) : Number(v ?? 0));
      for (const x of all.figures.filter((x) => additive.has(x.key))) {
        const id = x.param ? `${x.key}:${x.param}` : x.key;
        const sum = parts.reduce((s, p) => s + fen(p[id] ?? 0, x), 0);
        expect(sum, `${period} ${id}`).toBe(fen(x.value, x));
      }
      // the other way: 转入 is not additive — the branches' sum counts the move between them
      const v = values(all);
      const sumIn = parts.reduce((s, p) => s + Number(p.transfersIn), 0);
      if (period !== '2026-03-01..2026-05-31') expect(sumIn - Number(v.transfersIn)).toBe(1); // 钱七 counted by 第二支部 only
      expect(cat.figures.find((x) => x.key === 'transfersIn')!.additive).toBe(false);
    }
  });

  it('人 counts each member once: screened in two campaigns of the period is one 排查党员', async () => {
    const done = await fresh();
    const { id } = await t.call('campaign.create', { name: '2026年5月回头看', year: 2026, start: '2026-05-01', end: '2026-05-31' });
    await t.call('campaign.screen', { campaignId: id, idNumber: f.idNumbers['张三'], date: '2026-05-10' });
    const v = values(await figures(f.committee, '2026-H1'));
    expect(v.screenedMembers).toBe(3);
    const records = await t.call('report.explain', { org: f.committee, period: '2026-H1', key: 'screenedMembers' });
    expect(records.records.map((x) => x.title).filter((x) => x.startsWith('张三'))).toHaveLength(1);
    await done();
  });

  it('money agrees to the fen with the dues tables of the same period', async () => {
    const read = async (bytes: Uint8Array) => {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(Buffer.from(bytes) as never);
      const rows: unknown[][] = [];
      wb.worksheets[0].eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
      return rows;
    };
    const column = (rows: unknown[][], name: string) => rows.findIndex((r) => r.includes(name)) >= 0 ? rows.find((r) => r.includes(name))!.indexOf(name) : -1;
    const yuan = (v: unknown) => Math.round(Number(v) * 100);

    // the year: 党费收缴情况统计表 of every organization, its 合计 row
    const year = values(await figures(f.committee, '2026'));
    const summary = await read((await runExport(t.ctx, 'dues-summary', { year: 2026 })).bytes);
    const total = summary.find((r) => r[0] === '合计')!;
    const header = summary.find((r) => r.includes('实交'))!;
    expect(yuan(year.duesCollected)).toBe(yuan(total[header.indexOf('实交')]));
    const sub = summary.find((r) => r.includes('上缴'))!;
    expect(yuan(year.duesRemitted)).toBe(yuan(total[sub.indexOf('上缴')]));
    expect(year.duesCollected).toBe('1259.00');

    // a quarter of one branch: 党费收缴情况公示表's 本期实交
    for (const [org, name] of [[f.branchA, '第一党支部'], [f.branchB, '第二党支部']] as const) {
      const q1 = values(await figures(org, '2026-Q1'));
      const pub = await read((await runExport(t.ctx, 'dues-publicity', { org: name, period: '2026-Q1' })).bytes);
      const paid = pub.find((r) => r[0] === '合计')![column(pub, '本期实交')];
      expect(yuan(q1.duesCollected), name).toBe(yuan(paid));
    }

    // 下拨: 党费使用情况明细表 of the committee for the year
    const own = values(await figures(f.committee, '2026', { withSubOrgs: false }));
    const usage = await read((await runExport(t.ctx, 'dues-usage', { org: f.committee, year: 2026 })).bytes);
    const kind = column(usage, '类型');
    const amount = column(usage, '金额');
    const allocated = usage.filter((r) => r[kind] === '下拨').reduce((s, r) => s + yuan(r[amount]), 0);
    expect(yuan(own.duesAllocated)).toBe(allocated);
    expect(allocated).toBe(200_000);
  });

  it('compares two periods side by side with the difference', async () => {
    const r = await figures(f.committee, '2026-H1', { compare: '2025-H1' });
    expect(r.compare).toEqual({ from: '2025-01-01', to: '2025-06-30', key: '2025-H1', label: '2025年上半年' });
    const by = (key: string) => r.figures.find((x) => x.key === key && !x.param)!;
    expect(by('members')).toMatchObject({ value: 8, compareValue: 8, difference: 0 }); // on 2025-06-30 赵六, 孙八 and 冯二 (stopped only in 2026) were counted; 王五, 周九, 郑一 not yet; 吴十 away
    expect(by('duesCollected')).toMatchObject({ value: '1166.00', compareValue: '0.00', difference: '1166.00', valueFen: 116600, compareValueFen: 0, differenceFen: 116600 });
    expect(by('duesCollectionRate')).toMatchObject({ value: 92.54, compareValue: null, difference: null });
    expect(by('deaths')).toMatchObject({ value: 1, compareValue: 0, difference: 1 });
  });

  it('takes every spelling of a period, and refuses a wrong one naming the field', async () => {
    const r = await figures(f.committee, '2026-03-01..2026-05-31');
    expect(r.period).toMatchObject({ from: '2026-03-01', to: '2026-05-31', label: '2026年3月1日至5月31日' });
    expect(values(r)).toMatchObject({ exits: 0, duesAllocated: '0.00', duesCollected: '560.00' }); // Mar–May: 张三 3 × 93, 李四's March 2.00, 钱七 3 × 93
    expect((await refusal(figures(f.committee, '2026-H3'))).message).toMatch(/^期间格式不正确：2026-H3（应为 2026、2026-H1、2026-Q3、2026-07 或 2026-03-01..2026-05-31）/);
    expect((await refusal(figures(f.committee, '2026-13'))).message).toMatch(/^月份格式不正确/);
    expect((await refusal(figures(f.committee, '2026-05-31..2026-03-01'))).message).toMatch(/^期间起止颠倒/);
    const e2 = await refusal(t.call('report.figures', { org: f.committee, period: 2026 as never }));
    expect(e2.message).toContain('「统计期间」');
  });
});

describe('traceability', () => {
  it('every figure opens its records: counts are their number, money their sum', async () => {
    const r = await figures(f.committee, '2026-H1');
    for (const x of r.figures) {
      const id = x.param ? `${x.key}:${x.param}` : x.key;
      const e = await t.call('report.explain', { org: f.committee, period: '2026-H1', key: id });
      expect(e.value, id).toEqual(x.value);
      expect(e.total).toBe(e.records.length);
      if (x.unit === '元') expect(e.records.reduce((s, rec) => s + Math.round(Number(rec.amount) * 100), 0), id).toBe(x.valueFen);
      else if (x.unit !== '%') expect(e.records.length, id).toBe(x.value);
      for (const rec of e.records) expect(rec).toEqual(expect.objectContaining({ kind: expect.any(String), id: expect.any(Number), org: expect.any(String), title: expect.any(String) }));
    }
    const deaths = await t.call('report.explain', { org: f.committee, period: '2026-H1', key: 'deaths' });
    expect(deaths).toMatchObject({ key: 'deaths', label: '死亡党员数', value: 1, records: [{ kind: '死亡', date: '2026-06-30', org: '中共某某局机关第一党支部', title: '赵六 死亡' }] });
    const remitted = await t.call('report.explain', { org: f.committee, period: '2026-H1', key: 'duesRemitted' });
    expect(remitted.records.map((x) => x.amount)).toEqual(['100.00', '55.55']);
    const param = await t.call('report.explain', { org: f.committee, period: '2026-H1', key: 'orgsByType：党支部' });
    expect(param).toMatchObject({ key: 'orgsByType', param: '党支部', label: '基层党组织数（党支部）', value: 2 });
  });

  it('a figure that changed since the last run says so, and why', async () => {
    const done = await fresh();
    const run = () => t.call('report.figures', { org: f.committee, period: '2026-H1' });
    expect((await run()).figures.filter((x) => x.changed)).toEqual([]);
    expect((await run()).figures.filter((x) => x.changed)).toEqual([]);
    await new Promise((r) => setTimeout(r, 5)); // a later timestamp than the run's
    await t.call('dues.pay', { idNumber: f.idNumbers['李四'], months: '2026-04', amount: '24.00', paidOn: '2026-07-09' });
    const second = await run();
    const changed = second.figures.filter((x) => x.changed);
    expect(changed.map((x) => x.key).sort()).toEqual(['duesCollected', 'duesCollectionRate']);
    const money = changed.find((x) => x.key === 'duesCollected')!;
    expect(money.value).toBe('1190.00');
    expect(money.changed).toMatchObject({ previous: '1166.00', added: 1 });
    expect(money.changed!.reason).toMatch(/与上次计算（.*）相比增加 24\.00 元：其间新录入或修改的记录 1 条（李四 实交 74\.00 元/);
    // shown once: the next run compares with this one
    expect((await run()).figures.filter((x) => x.changed)).toEqual([]);
    // a record removed: no new record explains it
    t.db.sqlite.prepare("DELETE FROM dues_spending WHERE spent_on = '2026-06-30'").run();
    const third = (await run()).figures.find((x) => x.key === 'duesAllocated')!;
    expect(third.changed!.reason).toMatch(/减少 1200\.00 元：其间没有新录入的记录/);
    await done();
  });

  it('names a figure it does not know, and the parameters a figure takes', async () => {
    const unknown = await refusal(t.call('report.explain', { org: f.committee, period: '2026-H1', key: '第一议题学习总次数' }));
    expect(unknown.code).toBe('NOT_FOUND');
    expect(unknown.message).toMatch(/没有名为“第一议题学习总次数”的指标。可用的指标：firstTopicStudies、/);
    const wrong = await refusal(t.call('report.explain', { org: f.committee, period: '2026-H1', key: 'orgsByType:党小组' }));
    expect(wrong.message).toBe('组织类型应为：党委、党总支、党支部、联合党支部（收到“党小组”）');
    const none = await refusal(t.call('report.explain', { org: f.committee, period: '2026-H1', key: 'members:党支部' }));
    expect(none.message).toContain('不带参数');
  });
});

describe('rates', () => {
  it('承诺书签订率 is those signed by the period’s end over those who should sign', async () => {
    const e = await t.call('report.explain', { org: f.committee, period: '2026-H1', key: 'commitmentRate' });
    const signed = e.records.filter((x) => x.title.includes('已签订')).length;
    expect(signed).toBe(2);
    expect(e.value).toBe(percent(signed, e.records.length));
  });
});
