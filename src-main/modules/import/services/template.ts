import type { FileResult } from '../../../contract/define.ts';
import { CATEGORIES, EDUCATIONS, ETHNICITIES, GENDERS, JOB_POSITIONS, STATUSES } from '../../../domain/enums.ts';
import { IMPORT_FIELDS, type ImportFieldKey } from '../domain/fields.ts';

// 下载导入模板: the standard columns (headings the importer recognises), dropdowns for the
// enumerations, ID/phone/date columns formatted as text (so Excel keeps all 18 digits and 2005.10 stays
// 2005.10), and a 填写说明 sheet. Written with exceljs.

const REQUIRED = new Set<ImportFieldKey>(['name', 'idNumber', 'category', 'org', 'joinedOn']);
const ROWS = 2000;

/** the dropdown lists, on a hidden sheet (a list longer than 255 characters cannot be inline) */
const LISTS: Partial<Record<ImportFieldKey, readonly string[]>> = {
  gender: GENDERS,
  ethnicity: ETHNICITIES,
  education: EDUCATIONS,
  category: CATEGORIES,
  status: STATUSES,
  jobPosition: JOB_POSITIONS,
  isLost: ['是', '否'],
  isMobile: ['是', '否'],
};

const INSTRUCTIONS = [
  '党员信息导入模板 填写说明',
  '',
  '1. 请在“党员信息”工作表中从第2行起逐行填写，每行一名党员；不要修改第1行的列标题，可删除不需要的列。',
  '2. 带 * 的列必须填写：姓名、公民身份号码、人员类别、所在党组织（填组织全称或简称，须已在“组织架构”中建立）、入党日期。',
  '3. 公民身份号码列已设为文本格式，请直接输入18位号码（末位X大写小写均可）；切勿把该列改为数字格式，否则末尾几位会丢失。',
  '4. 日期可写成 2005-07-01、2005.07.01、2005年7月1日，只知道年月的写 2005.07 或 2005年7月（不要编造日期）。',
  '5. 性别、民族、学历、人员类别、党籍状态、工作岗位请从下拉列表中选择。民族可写“汉”或“汉族”。',
  '6. 正式党员须填写转正日期，预备党员不填转正日期。出生日期、性别可不填，将按公民身份号码自动填写。',
  '7. 导入时每一行都按与“党员信息”表单相同的规则检查：有错误的行不会导入，并在错误报告中标出具体单元格，修改后可再次导入。',
  '8. 已在党员库中的党员（按公民身份号码识别）默认跳过；如需用本表更新已有党员，请选择“按身份证号更新”（空白单元格不会清除已有信息）。',
];

export async function importTemplate(): Promise<FileResult> {
  const ExcelJS = (await import('exceljs')).default;
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('党员信息', { views: [{ state: 'frozen', ySplit: 1 }] });
  const lists = wb.addWorksheet('选项', { state: 'hidden' });
  const help = wb.addWorksheet('填写说明');

  ws.columns = IMPORT_FIELDS.map((f) => ({
    header: `${REQUIRED.has(f.key) ? '*' : ''}${f.label}`,
    key: f.key,
    width: f.key === 'idNumber' ? 22 : f.key === 'address' || f.key === 'org' || f.key === 'workUnit' ? 28 : f.kind === 'date' ? 14 : 12,
  }));
  const head = ws.getRow(1);
  head.font = { bold: true };
  head.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
  head.height = 24;
  IMPORT_FIELDS.forEach((f, i) => {
    head.getCell(i + 1).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: REQUIRED.has(f.key) ? 'FFFDE2E2' : 'FFEFF3F8' } };
  });

  let listCol = 0;
  IMPORT_FIELDS.forEach((f, i) => {
    const col = ws.getColumn(i + 1);
    const letter = col.letter;
    // text: IDs keep all 18 digits, phone numbers their leading digits, dates their month (2005.10)
    if (f.kind === 'id' || f.kind === 'date' || f.key === 'phone' || f.key === 'landline') {
      for (let r = 2; r <= ROWS + 1; r++) ws.getCell(r, i + 1).numFmt = '@';
    }
    const values = LISTS[f.key];
    if (!values) return;
    listCol++;
    values.forEach((v, j) => {
      lists.getCell(j + 1, listCol).value = v;
    });
    const listLetter = lists.getColumn(listCol).letter;
    (ws as unknown as { dataValidations: { add(range: string, v: object): void } }).dataValidations.add(`${letter}2:${letter}${ROWS + 1}`, {
      type: 'list',
      allowBlank: true,
      formulae: [`'选项'!$${listLetter}$1:$${listLetter}$${values.length}`],
      showErrorMessage: true,
      errorStyle: 'warning',
      errorTitle: '请从列表中选择',
      error: `请选择规范的${f.label}`,
    });
  });

  help.getColumn(1).width = 110;
  INSTRUCTIONS.forEach((line, i) => {
    const c = help.getCell(i + 1, 1);
    c.value = line;
    c.alignment = { wrapText: true, vertical: 'top' };
    if (i === 0) c.font = { bold: true, size: 14 };
  });

  const bytes = new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer);
  return { fileName: '党员信息导入模板.xlsx', bytes };
}
