import { AppError } from '../../domain/errors.ts';

// Every "this is not a usable spreadsheet" refusal goes through here, so the clerk always gets a
// Chinese sentence that says what is wrong and what to do, and the database is never touched.
export function unusable(detail: string): AppError {
  return new AppError('UNREADABLE', detail);
}

export const MESSAGES = {
  corruptZip: '文件已损坏或不完整（压缩包结构无法读取），请在 Excel/WPS 中重新打开并另存为 .xlsx 后再导入',
  notSpreadsheet: '该文件不是 Excel 表格或 CSV 文件（可能是其他类型的文件改了扩展名），请选择 .xlsx、.xls 或 .csv 文件',
  encrypted: '该工作簿设置了打开密码，无法读取。请在 Excel/WPS 中取消密码（文件→信息→保护工作簿）后另存再导入',
  empty: '工作簿中没有任何数据',
  noHeader: '没有找到可识别的表头（至少需要“姓名”“公民身份号码”等列），请确认这是党员名册',
  cancelled: '操作已取消，数据未作任何修改',
} as const;
