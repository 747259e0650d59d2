import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { readSpreadsheet } from '../../src-main/excel/read/index.ts';
import { isDateFormat, serialToIsoDate } from '../../src-main/excel/read/date-format.ts';
import { detectEncoding, parseCsv } from '../../src-main/excel/read/csv.ts';
import { tmpDir } from '../support/db.ts';
import { writeCsv, writeXls, writeXlsx } from '../support/sheets.ts';

const read = async (file: string) => readSpreadsheet(new Uint8Array(fs.readFileSync(file)), path.basename(file));

describe('xlsx reader (fflate + string scanner)', () => {
  it('reads shared strings, rich text, entities, numbers, booleans, merged ranges and date formats', async () => {
    const dir = tmpDir();
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('第一党支部');
    ws.addRow(['中共某某局机关委员会党员花名册']);
    ws.mergeCells('A1:F1');
    ws.addRow([{ richText: [{ text: '姓' }, { text: '名', font: { bold: true } }] }, 'a&b<c>"d"', 12.5, true, '  张　三  ', '']);
    const r3 = ws.addRow([new Date(Date.UTC(1949, 9, 1)), 38534, 38534, 38534, 38534, 44000.75]);
    r3.getCell(2).numFmt = 'yyyy"年"m"月"d"日"';
    r3.getCell(3).numFmt = '[$-804]yyyy/m/d;@';
    r3.getCell(4).numFmt = '0.00E+00';
    r3.getCell(5).numFmt = 'General';
    r3.getCell(6).numFmt = 'yyyy-mm-dd hh:mm';
    await wb.xlsx.writeFile(path.join(dir, 'a.xlsx'));
    const grid = await read(path.join(dir, 'a.xlsx'));
    expect(grid.format).toBe('xlsx');
    const s = grid.sheets[0];
    expect(s.name).toBe('第一党支部');
    expect(s.merges).toEqual([{ top: 0, left: 0, bottom: 0, right: 5 }]);
    expect(s.rows[0]).toEqual(['中共某某局机关委员会党员花名册']);
    expect(s.rows[1]!.slice(0, 5)).toEqual(['姓名', 'a&b<c>"d"', 12.5, true, '  张　三  ']);
    expect(s.rows[2]).toEqual([{ date: '1949-10-01' }, { date: '2005-07-01' }, { date: '2005-07-01' }, 38534, 38534, { date: '2020-06-18' }]);
  });

  it('detects built-in East-Asian date formats (ids 27–36, 50–58) and ordinary date ids 14–17, 22', () => {
    for (const id of [14, 15, 16, 17, 22, 27, 31, 36, 50, 57, 58]) expect(isDateFormat(id, undefined)).toBe(true);
    for (const id of [0, 1, 2, 10, 11, 18, 21, 45, 49]) expect(isDateFormat(id, undefined)).toBe(false);
    expect(isDateFormat(176, 'yyyy.mm')).toBe(true);
    expect(isDateFormat(177, '[DBNum1][$-804]yyyy"年"m"月"')).toBe(true);
    expect(isDateFormat(178, '#,##0.00"元"')).toBe(false);
    expect(isDateFormat(179, '@')).toBe(false);
  });

  it('reads a sheet that uses built-in format 31 with no formatCode (WPS/zh-CN Excel)', async () => {
    const dir = tmpDir();
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('S');
    ws.addRow(['入党时间']);
    ws.addRow([38534]).getCell(1).numFmt = 'yyyy"年"m"月"d"日"';
    await wb.xlsx.writeFile(path.join(dir, 'b.xlsx'));
    // rewrite the custom format into the built-in id 31, as Chinese Excel stores it
    const { unzipSync, zipSync, strFromU8, strToU8 } = await import('fflate');
    const files = unzipSync(new Uint8Array(fs.readFileSync(path.join(dir, 'b.xlsx'))));
    let styles = strFromU8(files['xl/styles.xml']);
    const id = /numFmtId="(\d+)" formatCode="yyyy/.exec(styles)![1];
    styles = styles.replace(new RegExp(`numFmtId="${id}"`, 'g'), 'numFmtId="31"');
    files['xl/styles.xml'] = strToU8(styles);
    fs.writeFileSync(path.join(dir, 'b31.xlsx'), zipSync(files));
    const grid = await read(path.join(dir, 'b31.xlsx'));
    expect(grid.sheets[0].rows[1]).toEqual([{ date: '2005-07-01' }]);
  });

  it('converts Excel serials from 1899-12-30 with no time-zone shift, incl. the 1900 leap-year bug', () => {
    expect(serialToIsoDate(1)).toBe('1900-01-01');
    expect(serialToIsoDate(59)).toBe('1900-02-28');
    expect(serialToIsoDate(61)).toBe('1900-03-01');
    expect(serialToIsoDate(25569)).toBe('1970-01-01');
    expect(serialToIsoDate(38534.9999)).toBe('2005-07-01');
    expect(serialToIsoDate(0, true)).toBe(null);
    expect(serialToIsoDate(1, true)).toBe('1904-01-02');
  });
});

describe('.xls and .csv', () => {
  it('reads a legacy .xls (BIFF8) written by SheetJS, Chinese included', async () => {
    const dir = tmpDir();
    const f = await writeXls(path.join(dir, 'old.xls'), [{ name: '第二党支部', rows: [['姓名', '公民身份号码'], ['李·四', '11010519491231002X'], ['王五', 110105194912310020]] }]);
    const grid = await read(f);
    expect(grid.format).toBe('xls');
    expect(grid.sheets[0].name).toBe('第二党支部');
    expect(grid.sheets[0].rows).toEqual([['姓名', '公民身份号码'], ['李·四', '11010519491231002X'], ['王五', 110105194912310020]]);
  });

  it('reads CSV in UTF-8, UTF-8 with BOM and GB18030, with quoting', async () => {
    const dir = tmpDir();
    const rows = [['姓名', '家庭住址'], ['张三', '北京市,朝阳区"幸福"路1号'], ['𠀀淼', '鄂尔多斯']];
    for (const enc of ['utf-8', 'utf-8-bom', 'gb18030'] as const) {
      const f = await writeCsv(path.join(dir, `${enc}.csv`), rows, enc);
      const grid = await read(f);
      expect(grid.sheets[0].name).toBe(enc);
      expect(grid.sheets[0].rows).toEqual(rows);
    }
    expect(detectEncoding(new Uint8Array([0xd5, 0xc5, 0xc8, 0xfd])).encoding).toBe('gb18030');
    expect(parseCsv('a\tb\n1\t2')).toEqual([['a', 'b'], ['1', '2']]);
  });
});

describe('unusable files are refused with a Chinese message', () => {
  const expectRefused = async (bytes: Uint8Array, name: string, re: RegExp) => {
    await expect(readSpreadsheet(bytes, name)).rejects.toMatchObject({ code: 'UNREADABLE', message: expect.stringMatching(re) });
  };

  it('truncated archive, renamed file, empty file, empty workbook, password-protected workbook', async () => {
    const dir = tmpDir();
    await writeXlsx(path.join(dir, 'ok.xlsx'), [{ name: 'S', header: [['姓名', '性别', '公民身份号码']], rows: [['张三', '男', '11010519491231002X']] }]);
    const ok = new Uint8Array(fs.readFileSync(path.join(dir, 'ok.xlsx')));
    await expectRefused(ok.subarray(0, Math.floor(ok.length / 2)), 'cut.xlsx', /损坏或不完整/);
    await expectRefused(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]), 'photo.xlsx', /不是 Excel 表格/);
    await expectRefused(new Uint8Array(0), 'empty.xlsx', /空/);
    const { zipSync, strToU8 } = await import('fflate');
    await expectRefused(zipSync({ 'word/document.xml': strToU8('<w:document/>') }), 'doc.xlsx', /不是 Excel 表格/);
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Sheet1');
    await expectRefused(new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer), 'blank.xlsx', /没有任何数据/);
    const XLSX = await import('@e965/xlsx');
    const cfb = XLSX.CFB.utils.cfb_new();
    XLSX.CFB.utils.cfb_add(cfb, 'EncryptionInfo', new Uint8Array([4, 0, 4, 0, 0x40, 0, 0, 0]));
    XLSX.CFB.utils.cfb_add(cfb, 'EncryptedPackage', new Uint8Array(4096));
    await expectRefused(new Uint8Array(XLSX.CFB.write(cfb, { type: 'buffer' })), 'secret.xlsx', /密码/);
  });
});

describe('HTML tables saved as .xls (web systems\' exports)', () => {
  const gbk = async (text: string) => new Uint8Array((await import('iconv-lite')).default.encode(text, 'gb18030'));

  it('reads the charset the page declares (GBK, GB18030), rowspan/colspan as merged ranges, entities and line breaks', async () => {
    const html = `<html><head><meta charset="GB18030"><style>td{mso-number-format:"\\@"}</style></head><body>
      <table><tr><td rowspan=2>姓&nbsp;名</td><td colspan="2">党员情况</td><td rowspan="2">备注</td></tr>
      <tr><th>人员类别</th><th>入党时间</th></tr>
      <tr><td>张&#19977;</td><td>正式党员</td><td>1998.07</td><td>第一行<br>第二行 &amp; 䶮</td></tr></table></body></html>`;
    const grid = await readSpreadsheet(await gbk(html), '名单.xls');
    expect(grid.format).toBe('html');
    expect(grid.sheets).toHaveLength(1);
    const s = grid.sheets[0];
    expect(s.name).toBe('名单');
    expect(s.rows).toEqual([['姓 名', '党员情况', undefined, '备注'], [undefined, '人员类别', '入党时间'], ['张三', '正式党员', '1998.07', '第一行\n第二行 & 䶮']]);
    expect(s.merges).toEqual([{ top: 0, left: 0, bottom: 1, right: 0 }, { top: 0, left: 1, bottom: 0, right: 2 }, { top: 0, left: 3, bottom: 1, right: 3 }]);
  });

  it('without a declared charset the bytes decide (UTF-8 or GB18030); a page declaring UTF-8 but written in GBK is read as GBK', async () => {
    const table = '<table><tr><td>姓名</td><td>公民身份号码</td></tr><tr><td>李四</td><td>11010519491231002X</td></tr></table>';
    for (const bytes of [new TextEncoder().encode(table), await gbk(table), await gbk(`<meta charset="utf-8">${table}`)]) {
      const grid = await readSpreadsheet(bytes, 'x.xls');
      expect(grid.sheets[0].rows).toEqual([['姓名', '公民身份号码'], ['李四', '11010519491231002X']]);
    }
  });

  it('several tables are several sheets; a SpreadsheetML 2003 workbook is not taken for HTML', async () => {
    const two = '<html><body><table><tr><td>甲</td></tr></table><p>说明</p><table><tr><td>乙</td></tr></table></body></html>';
    expect((await readSpreadsheet(new TextEncoder().encode(two), '导出.xls')).sheets.map((s) => [s.name, s.rows])).toEqual([['导出-1', [['甲']]], ['导出-2', [['乙']]]]);
    const xml = '<?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet"><Worksheet ss:Name="S"><Table><Row><Cell><Data ss:Type="String">姓名</Data></Cell></Row></Table></Worksheet></Workbook>';
    const grid = await readSpreadsheet(new TextEncoder().encode(xml), 'old.xls');
    expect(grid.format).toBe('xls');
    expect(grid.sheets[0].rows[0]).toEqual(['姓名']);
  });
});

