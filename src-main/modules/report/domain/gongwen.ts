// The page of the Word draft, after the format of party and government documents (GB/T 9704-2012
// 《党政机关公文格式》, docs/domain/report.md#page-layout): A4, a text block of 156 × 225 mm placed 37 mm from
// the top and 28 mm from the left, 22 lines of 28 characters in 3号 (16 pt) 仿宋, the title in 2号 (22 pt)
// 小标宋, level-1 headings in 黑体, level-2 in 楷体, page numbers 4号 (14 pt) “— 1 —” outside. Each font is
// named with the ones to use when it is not installed (fontTable altName; docs/domain/report.md#fonts).

export const PAGE_MM = { width: 210, height: 297 } as const;
export const MARGIN_MM = { top: 37, bottom: 35, left: 28, right: 26 } as const;
/** 225 mm / 22 lines = 28.95 pt */
export const LINE_PT = 28.95;
export const BODY_PT = 16;
export const LINES_PER_PAGE = 22;
export const CHARS_PER_LINE = 28;
export const TITLE_PT = 22;
export const PAGE_NUMBER_PT = 14;
/** the page number sits 7 mm below the text block: the footer's bottom edge this far from the paper's */
export const FOOTER_MM = 21;

export interface GongwenFont {
  /** the name in the document's styles */
  name: string;
  /** what Word and WPS use when it is missing (w:altName), then the generic family */
  altName: string;
  family: 'roman' | 'modern' | 'swiss';
}

export const FONTS = {
  title: { name: '方正小标宋简体', altName: '宋体', family: 'roman' },
  body: { name: '仿宋_GB2312', altName: '仿宋', family: 'modern' },
  heading1: { name: '黑体', altName: 'SimHei', family: 'swiss' },
  heading2: { name: '楷体_GB2312', altName: '楷体', family: 'modern' },
  pageNumber: { name: '宋体', altName: 'SimSun', family: 'roman' },
} as const satisfies Record<string, GongwenFont>;

/** Latin letters and digits in the body */
export const LATIN_FONT = 'Times New Roman';
