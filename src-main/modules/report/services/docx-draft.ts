import {
  AlignmentType, Document, Footer, LineRuleType, Packer, PageNumber, Paragraph, TextRun,
} from 'docx';
import PizZip from 'pizzip';
import type { DraftText } from '../domain/draft.ts';
import { BODY_PT, CHARS_PER_LINE, FONTS, FOOTER_MM, LATIN_FONT, LINE_PT, MARGIN_MM, PAGE_MM, PAGE_NUMBER_PT, TITLE_PT, type GongwenFont } from '../domain/gongwen.ts';

// The built-in 党建工作总结 as a .docx (docs/domain/report.md#the-word-draft), written with `docx`: the page
// and fonts of domain/gongwen.ts, the text of domain/draft.ts. The fonts are named in the styles as
// offices use them; the font table tells Word and WPS what to use where one is not installed.

/** millimetres to twips, rounded (A4 is 11906 × 16838 twips, as Word writes it) */
const twips = (mm: number) => Math.round((mm * 1440) / 25.4);
const fontOf = (f: GongwenFont) => ({ ascii: LATIN_FONT, hAnsi: LATIN_FONT, eastAsia: f.name, cs: f.name });
const half = (pt: number) => Math.round(pt * 2);
const exact = { line: Math.round(LINE_PT * 20), lineRule: LineRuleType.EXACT, before: 0, after: 0 };
/**
 * 28 characters of 3号 text across the 156 mm text block (GB/T 9704: 22 lines × 28 characters): 16 pt
 * characters take 15.79 pt each, so the text runs are condensed by the difference, in twentieths of a
 * point, rounded down (a document grid would do the same in Word, but LibreOffice spreads it out)
 */
const CONDENSE = Math.floor(((((PAGE_MM.width - MARGIN_MM.left - MARGIN_MM.right) / 25.4) * 72) / CHARS_PER_LINE - BODY_PT) * 20);
/** two characters of 3号 text: the first-line indent of every paragraph */
const TWO_CHARS = BODY_PT * 20 * 2;

const run = (text: string, font: GongwenFont, pt = BODY_PT, bold = false) =>
  new TextRun({ text, font: fontOf(font), size: half(pt), bold, ...(pt === BODY_PT ? { characterSpacing: CONDENSE } : {}) });

const body = (text: string) => new Paragraph({ children: [run(text, FONTS.body)], indent: { firstLine: TWO_CHARS }, spacing: exact, alignment: AlignmentType.JUSTIFIED });
const heading1 = (text: string) => new Paragraph({ children: [run(text, FONTS.heading1)], indent: { firstLine: TWO_CHARS }, spacing: exact });
const heading2 = (text: string) => new Paragraph({ children: [run(text, FONTS.heading2)], indent: { firstLine: TWO_CHARS }, spacing: exact });
const blank = () => new Paragraph({ children: [run('', FONTS.body)], spacing: exact });

function pageNumberFooter(side: 'left' | 'right'): Footer {
  return new Footer({
    children: [
      new Paragraph({
        alignment: side === 'right' ? AlignmentType.RIGHT : AlignmentType.LEFT,
        // 单页码居右空一字，双页码居左空一字
        indent: side === 'right' ? { right: PAGE_NUMBER_PT * 20 } : { left: PAGE_NUMBER_PT * 20 },
        children: [new TextRun({ children: ['— ', PageNumber.CURRENT, ' —'], font: fontOf(FONTS.pageNumber), size: half(PAGE_NUMBER_PT) })],
      }),
    ],
  });
}

/** the font table: each font with the one to use in its place, its GB2312 character set and family */
function fontTable(): string {
  const fonts: GongwenFont[] = Object.values(FONTS);
  const entries = fonts
    .map((f) => `<w:font w:name="${f.name}"><w:altName w:val="${f.altName}"/><w:charset w:val="86"/><w:family w:val="${f.family}"/><w:pitch w:val="variable"/></w:font>`)
    .join('');
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">${entries}<w:font w:name="${LATIN_FONT}"><w:charset w:val="00"/><w:family w:val="roman"/><w:pitch w:val="variable"/></w:font></w:fonts>`;
}

export async function buildDraftDocx(d: DraftText, meta: { creator: string }): Promise<Uint8Array> {
  const children: Paragraph[] = [
    ...d.titleLines.map((line) =>
      new Paragraph({ alignment: AlignmentType.CENTER, spacing: { line: Math.round(TITLE_PT * 1.5 * 20), lineRule: LineRuleType.EXACT }, children: [run(line, FONTS.title, TITLE_PT)] })),
    blank(),
    ...d.intro.map(body),
    heading1('一、主要工作情况'),
  ];
  for (const part of d.main) {
    children.push(heading2(part.title));
    for (const p of part.paragraphs) children.push(body(p));
  }
  if (d.extra.length) {
    children.push(heading2(`（${['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'][d.main.length] ?? d.main.length + 1}）其他工作`));
    children.push(...d.extra.map(body));
  }
  children.push(heading1('二、存在问题'), ...(d.problems.length ? d.problems : ['（待填写）']).map(body));
  children.push(heading1('三、下步工作打算'), ...(d.plans.length ? d.plans : ['（待填写）']).map(body));
  children.push(
    blank(),
    blank(),
    new Paragraph({ alignment: AlignmentType.RIGHT, indent: { right: TWO_CHARS * 2 }, spacing: exact, children: [run(d.signature.org, FONTS.body)] }),
    new Paragraph({ alignment: AlignmentType.RIGHT, indent: { right: TWO_CHARS * 2 }, spacing: exact, children: [run(d.signature.date, FONTS.body)] }),
  );
  const doc = new Document({
    creator: meta.creator,
    title: d.title,
    evenAndOddHeaderAndFooters: true,
    styles: {
      default: {
        document: {
          run: { font: fontOf(FONTS.body), size: half(BODY_PT), language: { value: 'zh-CN', eastAsia: 'zh-CN' } },
          paragraph: { spacing: exact },
        },
      },
    },
    sections: [
      {
        properties: {
          page: {
            size: { width: twips(PAGE_MM.width), height: twips(PAGE_MM.height) },
            margin: {
              top: twips(MARGIN_MM.top),
              bottom: twips(MARGIN_MM.bottom),
              left: twips(MARGIN_MM.left),
              right: twips(MARGIN_MM.right),
              footer: twips(FOOTER_MM),
              header: twips(15),
            },
          },
        },
        footers: { default: pageNumberFooter('right'), even: pageNumberFooter('left') },
        children,
      },
    ],
  });
  const zip = new PizZip(await Packer.toBuffer(doc));
  zip.file('word/fontTable.xml', fontTable());
  // punctuation stays inside the text block (no 标点溢出边界): a line-end comma moves the last character
  // down with it instead of hanging past the margin (`docx` writes this switch only when it is on)
  // (set on each paragraph: LibreOffice does not take it from the document defaults; our paragraphs have
  // nothing that must precede it in w:pPr)
  const styles = zip.file('word/styles.xml')!.asText();
  zip.file('word/styles.xml', styles.replace('<w:pPrDefault><w:pPr>', '<w:pPrDefault><w:pPr><w:overflowPunct w:val="0"/>'));
  const xml = zip.file('word/document.xml')!.asText();
  zip.file('word/document.xml', xml.replaceAll('<w:pPr>', '<w:pPr><w:overflowPunct w:val="0"/>'));
  return zip.generate({ type: 'uint8array', compression: 'DEFLATE' });
}
