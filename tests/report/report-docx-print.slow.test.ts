import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDb, type TestDb } from '../support/db.ts';
import { convertToPdf, paperOf, printToolsMissing, readPdf, type PdfPage } from '../support/print.ts';
import { makeTemplate } from './docx-text.ts';
import { TODAY, seedReport, type ReportFixture } from './fixture.ts';

// The Word drafts printed the way a clerk prints them: LibreOffice converts the .docx to PDF, poppler reads
// back every word with its box and draws the pages (docs/domain/report.md#page-layout): A4, the 公文 text
// block (37 mm from the top, 28 mm from the left, 156 mm wide), 3号 text on a 28.95 pt line, the title in
// 2号, Chinese fonts (the names of the styles mapped to Noto CJK by tests/support/print.ts), page numbers
// “— 1 —”, and the text as written. PRINT_OUT=/some/dir keeps the PDFs and PNGs for looking at.

const missing = printToolsMissing();
const MM = 72 / 25.4;

describe.skipIf(missing !== null)(`the Word drafts printed${missing ? ` (skipped: ${missing})` : ''}`, () => {
  let t: TestDb;
  let f: ReportFixture;
  let out: string;
  const pdfs: Record<string, string> = {};
  const pages: Record<string, PdfPage[]> = {};

  beforeAll(async () => {
    t = await openTestDb({ today: TODAY });
    f = await seedReport(t);
    await t.call('report.saveSections', {
      org: f.committee, period: '2026-H1',
      sections: {
        problems: '一是报送基层党建工作统计和进展情况还需要进一步提升，个别支部台账记录不及时、不规范。\n二是向上级汇总报告年度重点任务和重要工作情况有差距，办文办件效率需要提升。',
        plans: '一是持续深化理论武装，落实“第一议题”制度。\n二是严格落实“三会一课”制度，规范组织生活。\n三是加强党费收缴管理，按时足额上缴和拨付。',
        extra: '坚持把党的政治建设摆在首位，教育引导广大党员干部深刻领悟“两个确立”的决定性意义，增强“四个意识”、坚定“四个自信”、做到“两个维护”，推动全面从严治党向纵深发展，以高质量党建引领保障各项工作任务圆满完成，为推动本单位事业高质量发展提供坚强组织保证。',
      },
    });
    out = process.env.PRINT_OUT || path.join(t.dir, 'print');
    fs.mkdirSync(out, { recursive: true });
    const draft = await t.call('report.docx', { org: f.committee, period: '2026-H1' });
    const template = await makeTemplate([
      ['{单位名称}{期间}党建工作情况'],
      ['截至', '{统计截止日}', '，共有基层党组织', '{基层党组织数}', '个，党员', '{党员总数}', '名；收缴党费', '{党费收缴额（万元）}', '万元。'],
      ['{存在问题}'],
    ]);
    const filled = await t.call('report.docx', { org: f.committee, period: '2026-H1', template: { fileName: '模板.docx', bytes: template } });
    fs.writeFileSync(path.join(out, 'draft.docx'), draft.bytes);
    fs.writeFileSync(path.join(out, 'template.docx'), filled.bytes);
    const [a, b] = convertToPdf([path.join(out, 'draft.docx'), path.join(out, 'template.docx')], out);
    pdfs.draft = a;
    pdfs.template = b;
    for (const [k, p] of Object.entries(pdfs)) {
      pages[k] = readPdf(p);
      execFileSync('pdftoppm', ['-r', '80', '-png', p, path.join(out, k)]);
    }
  }, 180_000);
  afterAll(async () => {
    await t?.close();
  });

  it('A4 portrait pages; the text block where the 公文 format puts it', () => {
    const p = pages.draft;
    expect(p.length).toBeGreaterThanOrEqual(2);
    for (const page of [...p, ...pages.template]) expect(paperOf(page)).toBe('A4 portrait');
    for (const page of p) {
      const body = page.words.filter((w) => w.yMin < 262 * MM); // above the page number
      const left = Math.min(...body.map((w) => w.xMin));
      // a line may end with one punctuation mark hanging into the margin (标点悬挂, common Chinese typesetting
      // and what LibreOffice does with w:overflowPunct): the text block is measured without it
      const edge = (w: { text: string; xMin: number; xMax: number }) =>
        /[，。、；：！？”’）》]$/.test(w.text) ? w.xMax - (w.xMax - w.xMin) / [...w.text].length : w.xMax;
      const right = Math.max(...body.map(edge));
      expect(left / MM, 'left margin, mm').toBeGreaterThan(27.5);
      // a page may hold only indented first lines; the first page's text starts at the margin
      if (page === p[0]) expect(left / MM).toBeLessThan(29);
      expect(right / MM, 'right edge of the text block, mm').toBeLessThanOrEqual(184.5);
      expect(Math.max(...body.map((w) => w.yMax)) / MM, 'bottom of the text block, mm').toBeLessThanOrEqual(262.5);
    }
    // the title's first line starts the text block, 37 mm from the top
    const first = p[0].words.reduce((a, w) => (w.yMin < a.yMin ? w : a));
    expect(first.yMin / MM).toBeGreaterThan(37);
    expect(first.yMin / MM).toBeLessThan(45);
    // a full page of text: 22 lines of 28.95 pt, the last one reaching the block's bottom
    const lines = [...new Set(p[0].words.filter((w) => w.yMin > 60 * MM && w.yMin < 262 * MM).map((w) => Math.round(w.yMin * 10) / 10))].sort((x, y) => x - y);
    const steps = lines.slice(1).map((y, i) => y - lines[i]);
    expect(steps.filter((s) => Math.abs(s - 28.95) < 0.6).length).toBeGreaterThan(10);
  });

  it('3号 text and a 2号 title, in Chinese fonts; 28 characters to a full line', () => {
    // a word of full-width characters (ideographs and Chinese punctuation) advances one em per character
    const words = pages.draft.flatMap((p) => p.words).filter((w) => /^[\u2018-\u201d\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]+$/.test(w.text));
    const size = (text: string) => {
      const w = words.find((x) => x.text === text)!;
      return (w.xMax - w.xMin) / [...w.text].length;
    };
    expect(size('中共某某局机关委员会')).toBeCloseTo(22, 0); // the title's first line
    expect(size('一、主要工作情况')).toBeCloseTo(16, 0);
    expect(size('二、存在问题')).toBeCloseTo(16, 0);
    // 3号 characters condensed to 15.75 pt so that 28 fill the 156 mm line
    const full = words.filter((w) => [...w.text].length === 28);
    expect(full.length).toBeGreaterThanOrEqual(3);
    for (const w of full) expect((w.xMax - w.xMin) / MM).toBeLessThanOrEqual(156.2);
    const fonts = execFileSync('pdffonts', [pdfs.draft], { encoding: 'utf8' });
    expect(fonts).toMatch(/NotoSerifCJK/); // 仿宋_GB2312, 楷体_GB2312, 方正小标宋简体
    expect(fonts).toMatch(/NotoSansCJK/); // 黑体
    expect(fonts).not.toMatch(/DejaVu/);
  });

  it('the text reads back as written, page numbers “— 1 —” at the foot', () => {
    const text = execFileSync('pdftotext', ['-layout', pdfs.draft, '-'], { encoding: 'utf8' }).replace(/[ \t]+/g, '').replace(/\n+/g, '\n');
    const flat = text.replace(/\n/g, '');
    for (const s of [
      '中共某某局机关委员会', '2026年上半年党建工作总结', '一、主要工作情况', '（一）加强理论武装',
      '截至2026年6月30日，共有基层党组织3个，其中党委1个、党支部2个。共有党员8名，其中预备党员2名，',
      '期间转入组织关系党员1名，转出组织关系党员0名，去世党员1名，出党1名。',
      '收缴党费0.12万元，党费收缴率92.54%', '对所属3名党员开展全面排查整治', '二、存在问题', '一是报送基层党建工作统计和进展情况还需要进一步提升',
      '三、下步工作打算', '三是加强党费收缴管理，按时足额上缴和拨付。', '2026年7月10日',
    ]) expect(flat).toContain(s);
    for (const [i, page] of pages.draft.entries()) {
      const foot = page.words.filter((w) => w.yMin > 262 * MM).map((w) => w.text).join('');
      expect(foot).toBe(`—${i + 1}—`);
      // odd pages right, even pages left
      const x = page.words.filter((w) => w.yMin > 262 * MM)[0].xMin / MM;
      if (i % 2 === 0) expect(x).toBeGreaterThan(150);
      else expect(x).toBeLessThan(60);
    }
    const tpl = execFileSync('pdftotext', [pdfs.template, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
    expect(tpl).toContain('中共某某局机关委员会2026年上半年党建工作情况');
    expect(tpl).toContain('截至2026年6月30日，共有基层党组织3个，党员8名；收缴党费0.12万元。');
    expect(tpl).toContain('一是报送基层党建工作统计');
  });
});
