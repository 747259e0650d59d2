import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { dispatch } from '../../src-main/adapters/dispatch.ts';
import { fields, labelled, labelOf, unlabelledFields, validationError } from '../../src-main/contract/labels.ts';
import { AppError, type Issue } from '../../src-main/domain/errors.ts';
import { contract, exportDefinitions } from '../../src-main/modules/index.ts';
import { openTestDb, type TestDb } from '../support/db.ts';
import { SAMPLE_MEMBER } from '../support/seed.ts';

// Every field of every operation's input and every export's input carries a Chinese label, so that a
// validation message names the field as the form does and never by its English key. The walk runs over
// the runtime contract table and the export registry: a future module's unlabelled field fails here.

let f: TestDb;
beforeAll(async () => {
  f = await openTestDb();
});
afterAll(async () => {
  await f.close();
});

/** the issues of a refused call (the call must be refused as VALIDATION) */
async function refusal(name: string, input: unknown): Promise<{ message: string; issues: Issue[] }> {
  try {
    await dispatch(f.ctx, name, input);
  } catch (e) {
    if (!(e instanceof AppError) || e.code !== 'VALIDATION') throw e;
    return { message: e.message, issues: (e.details as { issues: Issue[] }).issues };
  }
  throw new Error(`${name} accepted ${JSON.stringify(input)}`);
}
const messageOf = async (name: string, input: unknown) => (await refusal(name, input)).message;

describe('every field has a Chinese label', () => {
  it('every operation of the contract table', () => {
    const names = Object.keys(contract);
    expect(names.length).toBeGreaterThan(50);
    const missing = Object.fromEntries(names.map((n) => [n, unlabelledFields(contract[n].input)]).filter(([, u]) => u.length));
    expect(missing).toEqual({});
  });

  it('every export of the registry', async () => {
    const defs = await exportDefinitions();
    expect(defs.length).toBeGreaterThan(5);
    const missing = Object.fromEntries(defs.map((d) => [d.name, unlabelledFields(d.input)]).filter(([, u]) => u.length));
    expect(missing).toEqual({});
  });

  it('the labels are Chinese words, not keys', async () => {
    const labels = new Set<string>();
    const collect = (s: z.ZodType): void => {
      const d = (s as unknown as { _zod: { def: Record<string, unknown> } })._zod.def;
      if (d.type === 'object') {
        for (const child of Object.values(d.shape as Record<string, z.ZodType>)) {
          labels.add(labelOf(child) ?? '');
          collect(child);
        }
      }
      for (const k of ['innerType', 'in', 'element', 'valueType']) if (d[k]) collect(d[k] as z.ZodType);
      for (const o of (d.options as z.ZodType[] | undefined) ?? []) collect(o);
    };
    for (const def of Object.values(contract)) collect(def.input);
    for (const def of await exportDefinitions()) collect(def.input);
    expect(labels.size).toBeGreaterThan(100);
    // paper sizes (A3, A4) are the one kind of Latin a clerk reads in a label
    const words = (l: string) => l.replace(/\bA[34]\b/g, '');
    expect([...labels].filter((l) => !/^[^A-Za-z]*[\u4e00-\u9fa5][^A-Za-z]*$/.test(words(l)))).toEqual([]);
  });
});

describe('unlabelledFields skips nothing', () => {
  const L = (s: z.ZodType) => labelled(s, '标签');
  it('looks into nested objects, lists, unions, records, tuples, intersections, wrappers and lazy schemas', () => {
    const node: z.ZodType = z.lazy(() => z.strictObject({ name: L(z.string()), children: L(z.array(node)), bad: z.string() }));
    const schema = z.strictObject({
      plain: z.string(),
      ok: L(z.string().optional()),
      nested: L(z.strictObject({ a: z.string(), b: L(z.number()) }).nullable().optional()),
      list: L(z.array(z.strictObject({ item: z.string() })).optional()),
      either: L(z.union([z.string(), z.strictObject({ u: z.string() })])),
      map: L(z.record(z.string(), z.strictObject({ r: z.string() }))),
      pair: L(z.tuple([z.strictObject({ t: z.string() })])),
      both: L(z.intersection(z.strictObject({ i: z.string() }), z.strictObject({ j: L(z.string()) }))),
      later: L(z.strictObject({ d: z.string() }).default({ d: 'x' })),
      shaped: L(z.strictObject({ p: z.string() }).transform((v) => v)),
      pre: L(z.preprocess((v) => v, z.strictObject({ q: z.string() }))),
      tree: L(node),
      loose: L(z.object({}).catchall(z.strictObject({ c: z.string() }))),
    });
    expect(unlabelledFields(schema).sort()).toEqual([
      'both.i', 'either.u', 'later.d', 'list[].item', 'loose{}.c', 'map{}.r', 'nested.a', 'pair[0].t', 'plain', 'pre.q', 'shaped.p', 'tree.bad',
    ]);
  });

  it('reports a schema shared by two fields at both paths', () => {
    const shared = z.strictObject({ x: z.string() });
    expect(unlabelledFields(z.strictObject({ a: L(shared), b: L(shared) })).sort()).toEqual(['a.x', 'b.x']);
  });

  it('a label given to fields() wins over the one the schema carries; keys not named keep theirs', () => {
    const year = labelled(z.number(), '年度');
    const shape = fields({ year, other: year, text: z.string() }, { year: '核定年度', text: '说明' });
    expect([labelOf(shape.year), labelOf(shape.other), labelOf(shape.text)]).toEqual(['核定年度', '年度', '说明']);
    expect(labelOf(year)).toBe('年度');
  });
});

// ----- a sweep over every operation and export: wrong-typed and missing values name the field -----

type Def = { type: string; [k: string]: unknown };
const defOf = (s: z.ZodType): Def => (s as unknown as { _zod: { def: Def } })._zod.def;
/** below optional / nullable / default / a transform */
function base(s: z.ZodType): z.ZodType {
  for (;;) {
    const d = defOf(s);
    if (['optional', 'nullable', 'default', 'prefault', 'readonly', 'catch'].includes(d.type)) s = d.innerType as z.ZodType;
    else if (d.type === 'pipe') s = d.in as z.ZodType;
    else return s;
  }
}
const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** a message a clerk may read: labels in 「」, no English outside the values listed after 应为： */
const CLEAN = /^(缺少)?(「(?:[^「」A-Za-z]|\bA[34]\b)+」(第\d+项)?)+(格式不正确|应为整数|应为：.+)?$/;

interface Case {
  input: unknown;
  /** one of the messages must be this sentence (or match it) */
  expect: string | RegExp;
}

/** for each key: a wrong-typed value, the key missing when required, and the same one level down */
function casesFor(schema: z.ZodType, wrap: (o: Record<string, unknown>) => unknown, prefix = ''): Case[] {
  const d = defOf(base(schema));
  if (d.type !== 'object') return [];
  const out: Case[] = [];
  for (const [key, child] of Object.entries(d.shape as Record<string, z.ZodType>)) {
    const label = labelOf(child)!;
    const wrong = !child.safeParse(true).success ? true : !child.safeParse('是').success ? '是' : undefined;
    if (wrong !== undefined) {
      out.push({ input: wrap({ [key]: wrong }), expect: new RegExp(`^${esc(`${prefix}「${label}」`)}(格式不正确|应为：.+)$`) });
    }
    if (!child.safeParse(undefined).success) out.push({ input: wrap({}), expect: `缺少${prefix}「${label}」` });
    const b = defOf(base(child));
    if (b.type === 'object') out.push(...casesFor(child, (o) => wrap({ [key]: o }), prefix));
    if (b.type === 'array') out.push(...casesFor(b.element as z.ZodType, (o) => wrap({ [key]: [o] }), `${prefix}「${label}」第1项`));
  }
  return out;
}

async function sweep(name: string, cases: Case[]): Promise<string[]> {
  const problems: string[] = [];
  for (const c of cases) {
    const { issues } = await refusal(name, c.input);
    const messages = issues.map((i) => i.message);
    const hit = messages.some((m) => (typeof c.expect === 'string' ? m === c.expect : c.expect.test(m)));
    if (!hit) problems.push(`${name} ${JSON.stringify(c.input)}: expected ${String(c.expect)}, got ${messages.join('；')}`);
    for (const m of messages) if (!CLEAN.test(m)) problems.push(`${name} ${JSON.stringify(c.input)}: not a clean message: ${m}`);
  }
  return problems;
}

describe('messages name fields by their labels, through dispatch', () => {
  it('every operation: a wrong-typed value is 「…」格式不正确, a missing one 缺少「…」', async () => {
    const problems: string[] = [];
    let count = 0;
    for (const [name, def] of Object.entries(contract)) {
      const cases = casesFor(def.input, (o) => o);
      count += cases.length;
      problems.push(...(await sweep(name, cases)));
    }
    expect(count).toBeGreaterThan(300);
    expect(problems).toEqual([]);
  });

  it('every export: the same for the table input of exports.run', async () => {
    const problems: string[] = [];
    for (const def of await exportDefinitions()) {
      problems.push(...(await sweep('exports.run', casesFor(def.input, (o) => ({ name: def.name, input: o })))));
    }
    expect(problems).toEqual([]);
  });
});

describe('the reported cases', () => {
  const member = (patch: Record<string, unknown>) => ({ member: { ...SAMPLE_MEMBER, ...patch } });

  it('campaign.checklist {} asks for the campaign by its name', async () => {
    expect(await messageOf('campaign.checklist', {})).toBe('缺少「专项工作」');
    expect(await messageOf('campaign.checklist', { campaignId: null })).toBe('缺少「专项工作」');
  });

  it('a present but wrong value is 格式不正确, not missing', async () => {
    const r = await refusal('members.save', member({ idNumber: 110105199001011234 }));
    expect(r.message).toBe('「公民身份号码」格式不正确');
    expect(r.issues[0].field).toBe('member.idNumber');
    expect(await messageOf('members.save', member({ isLost: '是' }))).toBe('「是否失联」格式不正确');
    expect(await messageOf('members.save', member({ org: true }))).toBe('「所在党组织」格式不正确');
    expect(await messageOf('dues.pay', { memberId: 1, months: '2023-01', amount: true, paidOn: '2023-01-05' })).toBe('「交纳金额」格式不正确');
  });

  it('a missing required value is 缺少「…」', async () => {
    expect(await messageOf('members.save', { member: { idNumber: SAMPLE_MEMBER.idNumber } })).toBe('缺少「姓名」');
    expect(await messageOf('members.save', {})).toBe('缺少「党员信息」');
    expect(await messageOf('orgs.save', { org: { type: '党委' } })).toBe('缺少「组织全称」');
    expect(await messageOf('campaign.screen', { campaignId: 1, memberId: 1 })).toBe('缺少「排查日期」');
    expect(await messageOf('dues.importAssessment', { org: '第一支部', year: 2024, fileName: '核定表.xlsx' })).toBe('缺少「文件内容」');
    expect(await messageOf('import.preview', { fileName: 'a.xlsx', bytes: 'abc' })).toBe('「文件内容」格式不正确');
  });

  it('an enumeration value not allowed lists the allowed ones (with their meaning when they are codes)', async () => {
    expect(await messageOf('dues.addWaiver', {
      memberId: 1, type: '停交', fromMonth: '2023-01', toMonth: '2023-03', approvalBody: '街道党工委', approvalDate: '2023-01-01',
    })).toBe('「少交/免交」应为：少交、免交');
    expect(await messageOf('import.preview', { fileName: 'a.xlsx', bytes: new Uint8Array(1), mode: 'replace' }))
      .toBe('「导入方式」应为：insert（仅新增）、upsert（按身份证号更新）');
    expect(await messageOf('members.list', { sortOrder: 'up' })).toBe('「排序方向」应为：asc（升序）、desc（降序）');
    // missing is missing, even for an enumeration
    expect(await messageOf('campaign.bulk', { campaignId: 1, date: '2023-05-01' })).toBe('缺少「批量操作」');
  });

  it('items of lists, values of records, nested objects and unknown keys', async () => {
    expect(await messageOf('dues.setBase', { memberId: 1, year: 2023, category: '在职', payslip: [{ item: '基本工资', amount: '100' }, { item: 3, amount: '1' }] }))
      .toBe('「工资条」第2项「工资项目」格式不正确');
    expect(await messageOf('members.move', { ids: [1, 'x'], orgId: 1 })).toBe('「选中的党员」第2项格式不正确');
    expect(await messageOf('import.preview', { fileName: 'a.xlsx', bytes: new Uint8Array(1), headerRows: { 花名册: 0 } }))
      .toBe('「表头所在行」中的“花名册”不能小于 1');
    expect(await messageOf('dues.saveOrgSettings', { orgId: 1, deductionProfile: { name: '口径', add: [], subtract: [true] } }))
      .toBe('「扣除的项目」第1项格式不正确');
    expect(await messageOf('members.save', member({ bogus: 1 }))).toBe('「党员信息」中有不认识的字段：“bogus”');
    expect(await messageOf('settings.save', { bogus: 1, other: 2 })).toBe('不认识的字段：“bogus”、“other”');
  });

  it('lengths, ranges, integers and formats', async () => {
    expect(await messageOf('members.save', member({ name: '张'.repeat(2001) }))).toBe('「姓名」过长（最多 2000 个字符）');
    expect(await messageOf('members.list', { limit: 0 })).toBe('「每页条数」不能小于 1');
    expect(await messageOf('members.list', { limit: 5000 })).toBe('「每页条数」不能大于 1000');
    expect(await messageOf('members.list', { limit: 1.5 })).toBe('「每页条数」应为整数');
    expect(await messageOf('members.move', { ids: [], orgId: 1 })).toBe('「选中的党员」至少要有 1 项');
    expect(await messageOf('dues.pay', { memberId: 1, months: [], amount: '1', paidOn: '2023-01-05' })).toBe('「交纳月份」至少要有 1 项');
    expect(await messageOf('orgs.delete', { org: '' })).toBe('「党组织」不能为空');
    expect(await messageOf('orgs.delete', { org: '党'.repeat(201) })).toBe('「党组织」过长（最多 200 个字符）');
    expect(await messageOf('campaign.screen', { campaignId: 1, memberId: 1, date: '2023/05/10' })).toBe('「排查日期」格式不正确（应为 YYYY-MM-DD）');
    expect(await messageOf('reminders.list', { asOf: '2023-5-1' })).toBe('「截至日期」格式不正确（应为 YYYY-MM-DD）');
    // a Chinese message written on the schema is kept
    expect(await messageOf('orgs.save', { org: { name: '', type: '党委' } })).toBe('请填写组织全称');
  });

  it('an export input is checked by its own labels', async () => {
    expect(await messageOf('exports.run', { name: 'dues-usage', input: {} })).toBe('缺少「党组织」；缺少「年度」');
    expect(await messageOf('exports.run', { name: 'religion-ledger', input: { campaignId: '一' } })).toBe('「专项工作」格式不正确');
    expect(await messageOf('exports.run', { name: 'roster', input: { includeSubOrgs: '是' } })).toBe('「包含下级组织」格式不正确');
  });
});

describe('validationError reads well for each zod issue code', () => {
  const check = (schema: z.ZodType, input: unknown) => {
    const r = schema.safeParse(input);
    if (r.success) throw new Error('accepted');
    return validationError(r.error, schema, input).message;
  };
  const L = labelled;

  it('custom checks, unions of objects, exclusive bounds, multiples, record keys, short strings', () => {
    const s = z.strictObject({
      code: L(z.string().refine((v) => v !== 'x'), '编码'),
      named: L(z.string().refine((v) => v !== 'x', '编码不能是 x'), '编码'),
      file: L(z.custom<Uint8Array>((v) => v instanceof Uint8Array), '文件内容'),
      place: L(z.union([z.strictObject({ city: L(z.string(), '城市') }), z.strictObject({ id: L(z.number(), '地点编号') })]), '地点'),
      share: L(z.number().positive(), '比例'),
      under: L(z.number().lt(10), '月数'),
      step: L(z.number().multipleOf(5), '步长'),
      sheets: L(z.record(z.string().max(3), z.number()), '工作表'),
      pin: L(z.string().min(4), '密码'),
      kind: L(z.literal('a'), '类型'),
    });
    const input = { code: 'x', named: 'x', place: { city: 1 }, share: 0, under: 10, step: 3, sheets: { 很长的名字: 1 }, pin: 'ab', kind: 'b' };
    expect(check(s, input).split('；')).toEqual([
      '「编码」格式不正确',
      '编码不能是 x',
      '缺少「文件内容」',
      '「城市」格式不正确',
      '「比例」应大于 0',
      '「月数」应小于 10',
      '「步长」应为 5 的倍数',
      '「工作表」中的名称“很长的名字”不正确',
      '「密码」至少要有 4 个字符',
      '「类型」应为：a',
    ]);
    expect(check(s, { ...input, file: 'abc' })).toContain('「文件内容」格式不正确');
  });

  it('a value of no branch of a union, and the whole input of the wrong type', () => {
    const s = z.strictObject({ ref: L(z.union([z.number(), z.string()]), '党组织') });
    expect(check(s, { ref: true })).toBe('「党组织」格式不正确');
    expect(check(s, { ref: null })).toBe('缺少「党组织」');
    expect(check(s, 'text')).toBe('「输入」格式不正确');
  });
});
