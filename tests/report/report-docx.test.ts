import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../src-main/adapters/dispatch.ts';
import { AppError } from '../../src-main/domain/errors.ts';
import { registry } from '../../src-main/modules/index.ts';
import type { OpInput, OpName, OpOutput } from '../../src-main/contract/index.ts';
import { createContext } from '../../src-main/services/context.ts';
import { fixedClock, openTestDb, type TestDb } from '../support/db.ts';
import { docxFooters, docxParagraphs, docxXml, makeTemplate } from './docx-text.ts';
import { TODAY, seedReport, type ReportFixture } from './fixture.ts';

// The Word draft and the clerk's template, read back from the .docx (docs/domain/report.md#the-word-draft,
// docs/domain/report.md#the-clerks-template). How they print is checked with LibreOffice in
// report-docx-print.slow.test.ts.

let t: TestDb;
let f: ReportFixture;

/** the app as if the organizational-life and statistics modules were not installed (no figures of theirs) */
function withoutOrglife<K extends OpName>(name: K, input: OpInput<K>): Promise<OpOutput<K>> {
  const ctx = createContext(t.db, {
    ...registry,
    figureSources: async () => (await registry.figureSources()).filter((s) => s.module !== 'orglife' && s.module !== 'stats'),
  }, fixedClock(TODAY));
  return dispatch(ctx, name, input) as Promise<OpOutput<K>>;
}

beforeAll(async () => {
  t = await openTestDb({ today: TODAY });
  f = await seedReport(t);
});
afterAll(async () => {
  await t.close();
});

async function refusal(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('accepted');
}

describe('the built-in draft', () => {
  it('一、主要工作情况 with the figures, 「（暂无数据）」 where no module gives them, the clerk’s parts', async () => {
    await t.call('report.saveSections', { org: f.committee, period: '2026-H1', sections: { problems: '一是报送基层党建工作统计还需提升。\n二是办文办件效率需要提高。' } });
    const file = await withoutOrglife('report.docx', { org: f.committee, period: '2026-H1' });
    expect(file.fileName).toBe('中共某某局机关委员会2026年上半年党建工作总结.docx');
    const p = docxParagraphs(file.bytes).filter(Boolean);
    expect(p.slice(0, 3)).toEqual([
      '中共某某局机关委员会', // a title too long for one line breaks where the meaning does
      '2026年上半年党建工作总结',
      '2026年上半年，中共某某局机关委员会坚持以习近平新时代中国特色社会主义思想为指导，认真落实新时代党的建设总要求，扎实推进各项党建工作。现将有关情况总结如下。',
    ]);
    const after = (heading: string) => p[p.indexOf(heading) + 1];
    expect(p).toContain('一、主要工作情况');
    // organizational life is not installed: its parts say so
    expect(after('（一）加强理论武装')).toBe('（暂无数据）');
    expect(after('（二）严格党的组织生活')).toBe('（暂无数据）');
    expect(after('（三）抓好党员教育培训')).toBe('（暂无数据）');
    expect(after('（四）加强组织建设和党员队伍建设')).toBe(
      '截至2026年6月30日，共有基层党组织3个，其中党委1个、党支部2个。共有党员8名，其中预备党员2名。期间转入组织关系党员1名，转出组织关系党员0名，去世党员1名，出党1名。',
    );
    // 1166.00 元 = 0.12 万元; 155.55 元 = 0.02 万元; 1200.00 元 = 0.12 万元
    expect(after('（五）规范党费收缴使用管理')).toBe('收缴党费0.12万元，党费收缴率92.54%，向上级党委上缴党费0.02万元，按时拨付基层党建工作经费0.12万元。');
    expect(after('（六）扎实开展专项工作')).toMatch(/^对所属3名党员开展全面排查整治，签订承诺书2份，签订率\d+\.\d\d%。$/);
    expect(p.slice(p.indexOf('二、存在问题') + 1, p.indexOf('三、下步工作打算'))).toEqual(['一是报送基层党建工作统计还需提升。', '二是办文办件效率需要提高。']);
    expect(after('三、下步工作打算')).toBe('（待填写）');
    expect(p.slice(-2)).toEqual(['中共某某局机关委员会', '2026年7月10日']);
  });

  it('the 公文 page: A4, the margins, the fonts named with their stand-ins', async () => {
    const file = await t.call('report.docx', { org: f.branchA, period: '2026' });
    const doc = docxXml(file.bytes, 'word/document.xml');
    expect(doc).toMatch(/<w:pgSz w:w="11906" w:h="16838"/);
    // 37 mm top, 35 bottom, 28 left, 26 right (1 mm = 56.7 twips)
    const margin = /<w:pgMar ([^>]*)\/>/.exec(doc)![1];
    const mm = (name: string) => Math.round(Number(new RegExp(`w:${name}="(\\d+)"`).exec(margin)![1]) / 56.693);
    expect([mm('top'), mm('bottom'), mm('left'), mm('right')]).toEqual([37, 35, 28, 26]);
    expect(doc).toContain('w:lineRule="exact"');
    expect(doc).toMatch(/w:line="579"/); // 28.95 pt: 22 lines in 225 mm
    expect(doc).toContain('w:eastAsia="方正小标宋简体"');
    expect(doc).toContain('w:eastAsia="黑体"');
    expect(doc).toContain('w:eastAsia="楷体_GB2312"');
    expect(docxXml(file.bytes, 'word/styles.xml')).toContain('w:eastAsia="仿宋_GB2312"');
    const fonts = docxXml(file.bytes, 'word/fontTable.xml');
    expect(fonts).toContain('<w:font w:name="仿宋_GB2312"><w:altName w:val="仿宋"/><w:charset w:val="86"/>');
    expect(fonts).toContain('<w:font w:name="方正小标宋简体"><w:altName w:val="宋体"/>');
    // page numbers “— N —”, odd pages right and even pages left
    expect(docxXml(file.bytes, 'word/settings.xml')).toContain('w:evenAndOddHeaders');
    const footers = docxFooters(file.bytes);
    expect(footers).toHaveLength(2);
    for (const x of footers) expect(x).toMatch(/— <\/w:t>[\s\S]*PAGE[\s\S]*> —<\/w:t>/);
    expect(footers.map((x) => /<w:jc w:val="(\w+)"/.exec(x)![1]).sort()).toEqual(['left', 'right']);
  });
});

describe('the sections the clerk writes', () => {
  it('are kept per period and offered again for the next one, which the draft uses only once saved', async () => {
    await t.call('report.saveSections', { org: f.branchB, period: '2025-H2', sections: { plans: '持续深化理论武装。', problems: '组织生活质量不高。' } });
    const next = await t.call('report.sections', { org: f.branchB, period: '2026-H1' });
    expect(next.carriedFrom).toMatchObject({ key: '2025-H2', label: '2025年下半年' });
    expect(next.sections).toMatchObject({ plans: '持续深化理论武装。', problems: '组织生活质量不高。', intro: '', extra: '' });
    const draft = docxParagraphs((await t.call('report.docx', { org: f.branchB, period: '2026-H1' })).bytes);
    expect(draft[draft.indexOf('三、下步工作打算') + 1]).toBe('（待填写）');
    await t.call('report.saveSections', { org: f.branchB, period: '2026-H1', sections: { plans: '持续深化理论武装。\n抓好党费收缴。' } });
    const saved = await t.call('report.sections', { org: f.branchB, period: '2026-H1' });
    expect(saved.carriedFrom).toBeNull();
    expect(saved.sections.plans).toBe('持续深化理论武装。\n抓好党费收缴。');
    const again = docxParagraphs((await t.call('report.docx', { org: f.branchB, period: '2026-H1' })).bytes);
    expect(again.slice(again.indexOf('三、下步工作打算') + 1, again.indexOf('三、下步工作打算') + 3)).toEqual(['持续深化理论武装。', '抓好党费收缴。']);
    // the earlier period keeps its own text
    expect((await t.call('report.sections', { org: f.branchB, period: '2025-H2' })).sections.plans).toBe('持续深化理论武装。');
    // each save is in the audit log, under the report module
    expect(t.all("SELECT module, action FROM audit_log WHERE entity = 'report_sections' AND entity_id = ?", f.branchB)).toEqual([
      { module: 'report', action: '保存2025年下半年工作总结' },
      { module: 'report', action: '保存2026年上半年工作总结' },
    ]);
  });
});

describe('the clerk’s template', () => {
  it('fills every placeholder it knows, also split across runs, with a full-width colon or the 万元 and comparison forms', async () => {
    const bytes = await makeTemplate([
      ['{单位名称}', '{期间}', '党建工作情况'],
      ['截至', '{统计截止日}', '，共有党员', '{党员', '总数}', '名，其中预备党员{预备党员数}名（', '{对比期间}', '为', '{党员总数（对比期间）}', '名）。'],
      ['党支部', '{基层党组织数：党支部}', '个；收缴党费', '{党费收缴额（万', '元）}', '万元（', '{党费收缴额}', '元）。'],
      ['存在问题：', '{存在问题}'],
    ]);
    await t.call('report.saveSections', { org: f.committee, period: '2026-H1', sections: { problems: '统计报送不及时。' } });
    const file = await t.call('report.docx', { org: '中共某某局机关委员会', period: '2026-H1', compare: '2025-H1', template: { fileName: '我的总结模板.docx', bytes } });
    expect(file.fileName).toBe('我的总结模板-中共某某局机关委员会2026年上半年.docx');
    expect(docxParagraphs(file.bytes)).toEqual([
      '中共某某局机关委员会2026年上半年党建工作情况',
      '截至2026年6月30日，共有党员8名，其中预备党员2名（2025年上半年为8名）。',
      '党支部2个；收缴党费0.12万元（1166.00元）。',
      '存在问题：统计报送不及时。',
    ]);
  });

  it('refuses a template naming a placeholder it does not know, naming it — here an organizational-life figure, not installed', async () => {
    const bytes = await makeTemplate([['第一议题学习', '{第一议题学习次数}', '次，党员', '{党员总数}', '名，', '{党员人数}']]);
    const e = await refusal(withoutOrglife('report.docx', { org: f.committee, period: '2026-H1', template: { fileName: 'a.docx', bytes } }));
    expect(e.code).toBe('VALIDATION');
    expect(e.message).toBe('Word 模板中有本软件不认识的占位符：{第一议题学习次数}、{党员人数}。可用的占位符见“工作总结”页的“我的模板”，或运行 report placeholders');
    const stored = await refusal(withoutOrglife('report.saveTemplate', { fileName: 'a.docx', bytes }));
    expect(stored.message).toContain('{党员人数}');
    expect(await t.call('report.templates', {})).toEqual([]);
  });

  it('refuses loops, unbalanced braces and files that are not Word documents', async () => {
    const loop = await makeTemplate([['{#党员总数}', '有', '{/党员总数}']]);
    expect((await refusal(t.call('report.saveTemplate', { fileName: 'l.docx', bytes: loop }))).message).toMatch(/循环或条件标记/);
    const open = await makeTemplate([['党员{党员总数名']]);
    expect((await refusal(t.call('report.saveTemplate', { fileName: 'o.docx', bytes: open }))).message).toMatch(/^Word 模板中的占位符有误：/);
    const notDocx = new TextEncoder().encode('not a zip');
    expect((await refusal(t.call('report.saveTemplate', { fileName: 'x.docx', bytes: notDocx }))).message).toBe('无法打开该文件：请选择 Word 文档（.docx）');
    const none = await makeTemplate([['没有占位符']]);
    expect((await refusal(t.call('report.saveTemplate', { fileName: 'n.docx', bytes: none }))).message).toMatch(/没有占位符/);
  });

  it('keeps a checked template in the app, fills it by id, and deletes it', async () => {
    const bytes = await makeTemplate([['{单位名称}', '党员', '{党员总数}', '名']]);
    const saved = await t.call('report.saveTemplate', { fileName: '支部模板.docx', bytes });
    expect(saved).toMatchObject({ fileName: '支部模板.docx', placeholders: ['{单位名称}', '{党员总数}'] });
    expect((await t.call('report.templates', {})).map((x) => x.id)).toEqual([saved.id]);
    const file = await t.call('report.docx', { org: f.branchA, period: '2026-H1', templateId: saved.id });
    expect(docxParagraphs(file.bytes)).toEqual(['中共某某局机关第一党支部党员4名']);
    await t.call('report.deleteTemplate', { id: saved.id });
    expect(await t.call('report.templates', {})).toEqual([]);
    expect((await refusal(t.call('report.docx', { org: f.branchA, period: '2026-H1', templateId: saved.id }))).message).toMatch(/找不到该模板/);
  });

  it('lists every placeholder it knows', async () => {
    const { placeholders } = await withoutOrglife('report.catalogue', {});
    const texts = placeholders.map((p) => p.text);
    expect(texts).toEqual(expect.arrayContaining([
      '{单位名称}', '{期间}', '{存在问题}', '{下步工作打算}', '{党员总数}', '{预备党员数}', '{党费收缴额}', '{党费收缴额（万元）}',
      '{基层党组织数:党支部}', '{基层党组织数:<组织类型>}', '{排查党员数}', '{承诺书签订率}',
    ]));
    expect(texts).not.toContain('{第一议题学习次数}');
    for (const p of placeholders) expect(p.meaning.length).toBeGreaterThan(2);
  });
});
