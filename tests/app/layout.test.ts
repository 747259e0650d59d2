import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { unzipSync, strFromU8 } from 'fflate';
import {
  writeWorkbook, writeWorkbookWithWarnings, headerGrid, signaturesFrom, planPrint, wrappedLines, textAreaPt, COLUMN_PT,
  type LayoutColumn, type LayoutSheet,
} from '../../src-main/excel/layout.ts';
import { writeBareWorkbook } from '../../src-main/excel/bare-write.ts';
import { formatPartialDate, formatReportDate } from '../../src-main/excel/format.ts';
import type { Settings } from '../../src-main/modules/core/contract.ts';

// The shared layout helper, checked by writing real workbooks and reading them back with exceljs.

interface Row {
  name: string;
  id: string;
  phone: string;
  jan: number;
  feb: number;
  rate: number;
}

const people: Row[] = [
  { name: '张三', id: '11010519491231002X', phone: '13800138000', jan: 8792, feb: 8792, rate: 0.015 },
  { name: '阿依古丽·买买提', id: '440524188001010014', phone: '13900139000', jan: 1050, feb: 0, rate: 0.005 },
  { name: '李四', id: '110105194912310029', phone: '', jan: 50, feb: 50, rate: 0.01 },
];

function sheet(rows: Iterable<Row> | AsyncIterable<Row> = people, extra: Partial<LayoutSheet<Row>> = {}): LayoutSheet<Row> {
  return {
    sheetName: '党费收缴登记表',
    title: '中共某局机关第一党支部2025年度党费收缴登记表',
    reportingUnit: '中共某局机关委员会',
    reportDate: '2025-01-10',
    unitNote: '单位：元',
    marking: '内部资料　注意保密',
    columns: [
      { header: '序号', width: 6, type: 'number', value: (_r, i) => i + 1 },
      { header: '姓名', width: 16, value: (r) => r.name },
      { header: '公民身份号码', width: 22, type: 'text', value: (r) => r.id },
      { header: '手机号码', width: 14, type: 'text', value: (r) => r.phone || null },
      { header: ['交纳情况', '1月'], type: 'money', value: (r) => r.jan },
      { header: ['交纳情况', '2月'], type: 'money', value: (r) => r.feb },
      { header: '交纳比例', type: 'percent', value: (r) => r.rate },
    ],
    rows,
    totalRow: ['合计', null, null, null, 9892, 8842, null],
    notes: ['合计：党员 3 名', '注：1. 本表由党支部填写。'],
    signatures: { clerk: '王五', reviewer: '赵六', principal: '钱七', phone: '010-12345678' },
    ...extra,
  };
}

async function load(bytes: Uint8Array) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(bytes) as any);
  return wb;
}

describe('writeWorkbook', () => {
  it('lays out marking, title, unit/date row, two-row header, data, totals, notes and signatures', async () => {
    const wb = await load(await writeWorkbook([sheet()]));
    const ws = wb.getWorksheet('党费收缴登记表')!;
    expect(ws).toBeTruthy();
    expect(ws.getCell('A1').value).toBe('内部资料　注意保密');
    expect(ws.getCell('A2').value).toBe('中共某局机关第一党支部2025年度党费收缴登记表');
    expect(ws.getCell('A2').font.bold).toBe(true);
    expect(ws.getCell('A2').font.size).toBeGreaterThanOrEqual(16);
    expect(ws.getCell('A3').value).toBe('填报单位（盖章）：中共某局机关委员会');
    const right = ws.getRow(3).values as unknown[];
    expect(right.some((v) => typeof v === 'string' && v.startsWith('填报日期：2025年1月10日') && v.endsWith('单位：元'))).toBe(true);

    const merges: string[] = (ws.model as any).merges;
    // title across all 7 columns; parents merged across; shallow leaves merged down
    expect(merges).toEqual(expect.arrayContaining(['A1:G1', 'A2:G2', 'E4:F4', 'A4:A5', 'B4:B5', 'C4:C5', 'G4:G5']));
    expect(merges.some((m) => /^[A-G]([6-9]|\d\d)/.test(m) && !/^A(1[0-9]):G/.test(m))).toBe(false); // no data merges
    expect(ws.getCell('E4').value).toBe('交纳情况');
    expect(ws.getCell('E5').value).toBe('1月');
    expect(ws.getCell('F5').value).toBe('2月');
    expect(ws.getCell('C4').border.top?.style).toBe('thin');

    // data: ID numbers as text with '@'; money as yuan values with 0.00; percent; no formulas
    expect(ws.getCell('C6').value).toBe('11010519491231002X');
    expect(ws.getCell('C6').numFmt).toBe('@');
    expect(ws.getCell('D6').value).toBe('13800138000');
    expect(ws.getCell('D6').numFmt).toBe('@');
    expect(ws.getCell('D8').value).toBeNull();
    expect(ws.getCell('D8').border.left?.style).toBe('thin'); // an empty cell still has its border
    expect(ws.getCell('E6').value).toBe(87.92);
    expect(ws.getCell('E6').numFmt).toBe('0.00');
    expect(ws.getCell('G6').value).toBe(0.015);
    expect(ws.getCell('G6').numFmt).toBe('0.00%');
    expect(ws.getCell('A8').value).toBe(3);
    expect(ws.getCell('B7').value).toBe('阿依古丽·买买提');
    expect(ws.getCell('B6').font.name).toBe('宋体');
    expect(ws.getCell('B6').border.bottom?.style).toBe('thin');

    // 合计 row of values
    expect(ws.getCell('A9').value).toBe('合计');
    expect(ws.getCell('E9').value).toBe(98.92);
    expect(ws.getCell('F9').value).toBe(88.42);
    expect(ws.getCell('E9').font.bold).toBe(true);
    ws.eachRow((row) => row.eachCell((cell) => expect(cell.type).not.toBe(ExcelJS.ValueType.Formula)));

    expect(ws.getCell('A10').value).toBe('合计：党员 3 名');
    expect(ws.getCell('A11').value).toBe('注：1. 本表由党支部填写。');
    expect(ws.getCell('A12').value).toBe('填表人：王五　　　　审核人：赵六　　　　负责人（签字）：钱七　　　　联系电话：010-12345678');
    expect(merges).toEqual(expect.arrayContaining(['A10:G10', 'A12:G12']));
    expect(ws.rowCount).toBe(12);
  });

  it('sets A4 landscape, fit to one page wide, print titles = header rows, page numbers, frozen header', async () => {
    const wb = await load(await writeWorkbook([sheet()]));
    const ws = wb.worksheets[0];
    expect(ws.pageSetup.paperSize).toBe(9);
    expect(ws.pageSetup.orientation).toBe('landscape');
    expect(ws.pageSetup.fitToPage).toBe(true);
    expect(ws.pageSetup.fitToWidth).toBe(1);
    expect(ws.pageSetup.fitToHeight).toBe(0);
    expect(ws.pageSetup.printTitlesRow).toBe('4:5');
    expect(ws.pageSetup.horizontalCentered).toBe(true);
    expect(ws.pageSetup.margins!.left).toBeCloseTo(0.59, 2);
    expect(ws.headerFooter.oddFooter).toContain('第 &P 页 共 &N 页');
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 5 });
    expect(ws.getColumn(3).width).toBe(22);
  });

  it('handles a one-row header without marking, portrait, async rows and empty signatures', async () => {
    async function* gen() {
      for (const p of people) yield p;
    }
    const s = sheet(gen(), { marking: undefined, orientation: 'portrait', totalRow: undefined, notes: undefined, unitNote: undefined });
    s.columns = s.columns.slice(0, 4);
    s.signatures = { clerk: '', reviewer: '', principal: '', phone: '' };
    const wb = await load(await writeWorkbook([s, { ...sheet(), sheetName: '党费收缴登记表' }]));
    const ws = wb.worksheets[0];
    expect(ws.getCell('A1').value).toBe('中共某局机关第一党支部2025年度党费收缴登记表');
    expect(ws.pageSetup.orientation).toBe('portrait');
    expect(ws.pageSetup.printTitlesRow).toBe('3:3');
    expect(ws.getCell('C4').value).toBe('11010519491231002X');
    expect(String(ws.getCell('A7').value)).toMatch(/^填表人：　+审核人：　+负责人（签字）：　+联系电话：　+$/);
    // a second sheet of the same name gets a unique name; its print titles point at its own rows
    expect(wb.worksheets[1].name).not.toBe(ws.name);
    expect(wb.worksheets[1].pageSetup.printTitlesRow).toBe('4:5');
  });

  it('gives rows with wrapped long text the height they need (viewers do not re-fit rows on open)', async () => {
    const s = sheet(
      [
        { ...people[0], name: '短' },
        { ...people[0], name: '中共某某市财政局机关第一党支部第一党小组' },
      ],
      { marking: undefined },
    );
    s.columns[1] = { ...s.columns[1], width: 10, wrap: true };
    const ws = (await load(await writeWorkbook([s]))).worksheets[0];
    const short = ws.getRow(5).height;
    const long = ws.getRow(6).height;
    expect(ws.getCell('B6').alignment.wrapText).toBe(true);
    expect(short).toBeGreaterThanOrEqual(15);
    expect(long).toBeGreaterThanOrEqual(short * 3); // 40 units of text in a 10-wide column: 5 lines
  });

  it('writes XML specials, forbidden control characters and edge spaces safely', async () => {
    const odd = [{ ...people[0], name: ' 张<三>&"李"\u0001 ' }];
    const ws = (await load(await writeWorkbook([sheet(odd)]))).worksheets[0];
    expect(ws.getCell('B6').value).toBe(' 张<三>&"李" ');
    const wide = sheet(people);
    wide.columns = Array.from({ length: 30 }, (_, i) => ({ header: `列${i + 1}`, value: (_r: Row, n: number) => n * 100 + i }));
    wide.totalRow = undefined;
    const w2 = (await load(await writeWorkbook([wide]))).worksheets[0];
    expect(w2.getCell('AD7').value).toBe(229); // column 30 = AD, third data row (one header row, row 4)
  });

  it('reports progress and stops with CANCELLED when aborted', async () => {
    const many = Array.from({ length: 5000 }, (_, i) => ({ ...people[0], name: `党员${i}` }));
    const seen: number[] = [];
    await writeWorkbook([sheet(many)], { onRow: (n) => seen.push(n) });
    expect(seen.at(-1)).toBe(5000);
    expect(seen.length).toBeGreaterThan(2);

    const ac = new AbortController();
    const p = writeWorkbook([sheet(many)], { signal: ac.signal, onRow: (n) => n >= 1000 && ac.abort() });
    await expect(p).rejects.toMatchObject({ code: 'CANCELLED' });
  });

  it('the bare yardstick writes the same data values', async () => {
    const wb = await load(await writeBareWorkbook([sheet()]));
    const ws = wb.worksheets[0];
    expect(ws.getCell('C2').value).toBe('11010519491231002X');
    expect(ws.getCell('E2').value).toBe(87.92);
    expect(ws.rowCount).toBe(4);
  });
});

describe('headerGrid', () => {
  it('merges equal parents only when adjacent and keeps leaves separate', () => {
    const g = headerGrid([
      { header: '序号', value: () => null },
      { header: ['甲', 'a'], value: () => null },
      { header: ['甲', 'b'], value: () => null },
      { header: '乙', value: () => null },
      { header: ['甲', 'c'], value: () => null },
    ]);
    expect(g.depth).toBe(2);
    expect(g.labels[0]).toEqual(['序号', '甲', '甲', '乙', '甲']);
    expect(g.labels[1]).toEqual([null, 'a', 'b', null, 'c']);
    expect(g.merges).toEqual(
      expect.arrayContaining([
        { top: 0, left: 0, bottom: 1, right: 0 },
        { top: 0, left: 3, bottom: 1, right: 3 },
        { top: 0, left: 1, bottom: 0, right: 2 },
      ]),
    );
    expect(g.merges).toHaveLength(3);
  });
});

describe('formatPartialDate', () => {
  it('writes dates at their stored precision in the chosen style', () => {
    expect(formatPartialDate('1985-06-15', 'dot')).toBe('1985.06.15');
    expect(formatPartialDate('1985-06', 'dot')).toBe('1985.06');
    expect(formatPartialDate('1985-06-15')).toBe('1985.06.15');
    expect(formatPartialDate('1985-06-15', 'iso')).toBe('1985-06-15');
    expect(formatPartialDate('1985-06', 'iso')).toBe('1985-06');
    expect(formatPartialDate('1985-06-05', 'cn')).toBe('1985年6月5日');
    expect(formatPartialDate('1985-06', 'cn')).toBe('1985年6月');
    expect(formatPartialDate('', 'dot')).toBe('');
    expect(formatPartialDate(null, 'dot')).toBe('');
    expect(formatPartialDate('不详', 'dot')).toBe('不详');
    expect(formatReportDate('2025-01-10')).toBe('2025年1月10日');
  });
});

describe('signaturesFrom', () => {
  it('maps the settings onto the signature line', () => {
    const s = { clerkName: '王五', clerkPhone: '13800000000', reviewer: '赵六', principal: '钱七' } as Settings;
    expect(signaturesFrom(s)).toEqual({ clerk: '王五', reviewer: '赵六', principal: '钱七', phone: '13800000000' });
  });
});

// The print-size rule (docs/print-layout.md); the printed result itself is measured in print-legibility.test.ts.
describe('planPrint', () => {
  const cols = (widths: number[], extra: Partial<LayoutColumn<unknown>> = {}): LayoutColumn<unknown>[] =>
    widths.map((width, i) => ({ header: `列${i + 1}`, width, type: 'number', value: () => null, ...extra }));
  // A4 landscape holds 756.9 pt of columns, so 756.9 / (0.8 × COLUMN_PT) ≈ 169 units at 8 pt; A3 ≈ 247
  const A4_UNITS = Math.floor(756.9 / (0.8 * COLUMN_PT));

  it('a table that fits A4 at 8 pt is fitted to one page wide, in the orientation asked for if it fits', () => {
    const p = planPrint(cols([10, 20, 30]));
    expect(p).toMatchObject({ paper: 'A4', orientation: 'landscape', mode: 'fit', scale: 100, pagesWide: 1, warnings: [] });
    expect(planPrint(cols([10, 20, 30]), { orientation: 'portrait' }).orientation).toBe('portrait');
    // too wide for portrait at 8 pt: landscape
    expect(planPrint(cols([40, 40, 40]), { orientation: 'portrait' }).orientation).toBe('landscape');
    const edge = planPrint(cols([A4_UNITS]));
    expect(edge).toMatchObject({ paper: 'A4', mode: 'fit' });
    expect(edge.scale).toBeGreaterThanOrEqual(80);
    expect(planPrint(cols([A4_UNITS + 1])).mode).toBe('pages');
  });

  it('a wider table goes to A3 when the clerk allows it, with a note to load A3 paper', () => {
    const p = planPrint(cols(Array(20).fill(11)), { allowA3: true });
    expect(p).toMatchObject({ paper: 'A3', orientation: 'landscape', mode: 'fit', pagesWide: 1 });
    expect(p.scale).toBeGreaterThanOrEqual(80);
    expect(p.warnings).toEqual([expect.stringContaining('A3')]);
  });

  it('else long free-text columns are narrowed (widest first, not below 9) and wrap', () => {
    const c = [...cols(Array(12).fill(10)), { header: '备注', width: 40, value: () => null }, { header: '地址', width: 20, value: () => null }];
    const p = planPrint(c as LayoutColumn<unknown>[]);
    expect(p).toMatchObject({ paper: 'A4', mode: 'fit', pagesWide: 1, warnings: [] });
    expect(p.widths.slice(0, 12)).toEqual(Array(12).fill(10));
    expect(p.widths[12]).toBeLessThan(40);
    expect(p.widths[12]).toBeGreaterThanOrEqual(p.widths[13]);
    expect(p.widths[13]).toBeGreaterThanOrEqual(9);
    expect(p.widths.reduce((a, b) => a + b)).toBeLessThanOrEqual(A4_UNITS);
    expect(p.wrap.slice(12)).toEqual([true, true]);
  });

  it('else pages across at a fixed scale ≥ 80 %, breaking between header groups, 序号 and the next column repeated, naming what to drop', () => {
    const c: LayoutColumn<unknown>[] = [
      { header: '序号', width: 6, type: 'number', value: () => null },
      { header: '单位', width: 28, type: 'text', value: () => null },
      ...['甲', '乙', '丙', '丁'].flatMap((g) => Array.from({ length: 5 }, (_, i) => ({ header: [g, `${g}${i}`], width: 9, type: 'number' as const, value: () => null }))),
    ];
    const p = planPrint(c);
    expect(p).toMatchObject({ paper: 'A4', orientation: 'landscape', mode: 'pages', titleColumns: 2, pagesWide: 2 });
    expect(p.scale).toBeGreaterThanOrEqual(80);
    expect(p.scale).toBeLessThanOrEqual(100);
    // 34 + 20 × 9 = 214 units: page 1 holds 序号, 单位 and whole groups; the break falls on a group's first column
    expect(p.breaks).toHaveLength(1);
    expect((p.breaks[0] - 2) % 5).toBe(0);
    expect(p.spanColumns).toBe(p.breaks[0]);
    expect(p.warnings).toHaveLength(1);
    expect(p.warnings[0]).toMatch(/^表格过宽：按 8 磅字号需横向 2 页（A4 横向），已分页打印，每页重复左侧“序号、单位”列。可去掉这些列后再导出：(.+（5列）、)?丁（5列）/);
    expect(p.warnings[0]).toContain('宽表允许用 A3 纸打印'); // would fit A3
    // marked title columns win over the default
    const marked = planPrint(c.map((x, i) => (i === 0 ? { ...x, titleColumn: true } : x)));
    expect(marked.titleColumns).toBe(1);
    // with A3 allowed and still too wide: A3 pages, no A3 hint
    const wider = [...c, ...Array.from({ length: 6 }, (_, i) => ({ header: ['戊', `戊${i}`], width: 9, type: 'number' as const, value: () => null }))];
    const a3 = planPrint(wider, { allowA3: true });
    expect(a3).toMatchObject({ paper: 'A3', mode: 'pages', pagesWide: 2 });
    expect(a3.warnings[0]).toMatch(/（A3 横向）/);
    expect(a3.warnings[0]).not.toContain('设置');
  });
});

describe('wrappedLines', () => {
  it('fills lines greedily: CJK breaks anywhere, not before closing punctuation; Latin runs move whole', () => {
    const area = textAreaPt(10); // 48.75 pt: four 10 pt ideographs
    expect(wrappedLines('短', area, 10)).toBe(1);
    expect(wrappedLines('中'.repeat(8), area, 10)).toBe(2);
    expect(wrappedLines('中'.repeat(9), area, 10)).toBe(3);
    expect(wrappedLines('中中中，中', area, 10)).toBe(2); // '中，' stays together
    expect(wrappedLines('中中 abcdef', area, 10)).toBe(2); // 'abcdef' (36 pt) moves to the next line
    expect(wrappedLines('一\n二', area, 10)).toBe(2);
    expect(wrappedLines('一\n二', textAreaPt(40), 10)).toBe(2); // a line break counts however wide the cell
    expect(wrappedLines('1'.repeat(20), area, 10)).toBe(3); // a run longer than a line is broken
  });
});

describe('writeWorkbookWithWarnings', () => {
  it('a table too wide for A4 gets a fixed scale, repeated columns, column breaks, page order across, and a warning', async () => {
    const s = sheet();
    s.columns = [
      { header: '序号', width: 6, type: 'number', value: (_r, i) => i + 1 },
      { header: '姓名', width: 16, type: 'text', value: (r) => r.name },
      ...Array.from({ length: 30 }, (_, i) => ({ header: ['交纳情况', `${i + 1}日`], width: 9, type: 'money' as const, value: (r: Row) => r.jan })),
    ];
    s.totalRow = undefined;
    const { bytes, warnings } = await writeWorkbookWithWarnings([s]);
    expect(warnings).toEqual([expect.stringMatching(/^表格过宽：按 8 磅字号需横向 2 页/)]);
    const ws = (await load(bytes)).worksheets[0];
    expect(ws.pageSetup.fitToPage).toBeFalsy();
    expect(ws.pageSetup.scale).toBeGreaterThanOrEqual(80);
    expect(ws.pageSetup.printTitlesColumn).toBe('A:B');
    const xml = strFromU8(unzipSync(bytes)['xl/worksheets/sheet1.xml']);
    expect(xml).toMatch(/<pageSetup[^>]*pageOrder="overThenDown"/);
    expect(xml).toMatch(/<colBreaks count="1" manualBreakCount="1"><brk id="\d+" max="1048575" man="1"\/><\/colBreaks>/);
    // the lines above and below the table start after the repeated columns (no cut-off piece on page 2)
    expect(ws.getCell('A3').value).toBeNull();
    expect(ws.getCell('C3').value).toBe('填报单位（盖章）：中共某局机关委员会');
    expect(String(ws.getCell(`C${ws.rowCount}`).value)).toMatch(/^填表人：王五/);
  });

  it('free text wraps by default (a long name takes a second line), codes and figures do not, wrap: false opts out', async () => {
    const s = sheet([{ ...people[1] }], { marking: undefined });
    s.columns = [
      { header: '姓名', width: 10, value: (r) => r.name },
      { header: '公民身份号码', width: 22, type: 'text', value: (r) => r.id },
      { header: '代码', width: 10, wrap: false, value: (r) => r.name },
      { header: '1月', type: 'money', value: (r) => r.jan },
    ];
    s.totalRow = undefined;
    const ws = (await load(await writeWorkbook([s]))).worksheets[0];
    expect(ws.getCell('A4').alignment.wrapText).toBe(true);
    expect(ws.getCell('B4').alignment.wrapText).toBeFalsy();
    expect(ws.getCell('C4').alignment.wrapText).toBeFalsy();
    expect(ws.getCell('D4').alignment.wrapText).toBeFalsy();
    expect(ws.getRow(4).height).toBeGreaterThan(30); // '阿依古丽·买买提' in a 10-wide column: two lines
  });
});
