import fs from 'node:fs';
import path from 'node:path';
import type { CliCommand, CliIo } from '../../adapters/cli/command.ts';
import { AppError } from '../../domain/errors.ts';
import { DEFAULT_CATEGORIES, FIELD_NAMES, fieldByName, type ImportSummary, type SkippedRowDto } from './contract.ts';

// `import members PATH…` and `import undo BATCH_ID`. The CLI goes straight to the commit path: each file is
// read once (no separate preview pass), in the worker with its memory ceiling like everywhere
// (docs/safety.md#hostile-files), and its rows are written as the worker sends them. PATH may be several
// files or a folder (a folder of one-person forms).

const SPREADSHEET = /\.(xlsx|xlsm|xls|et|csv|htm|html)$/i;

/** the files named on the command line, folders expanded (their spreadsheets, sorted by name) */
function expandPaths(paths: string[]): string[] {
  const out: string[] = [];
  for (const p of paths) {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(p);
    } catch {
      throw new AppError('NOT_FOUND', `找不到文件或文件夹：${p}`);
    }
    if (!stat.isDirectory()) {
      out.push(p);
      continue;
    }
    const found = (fs.readdirSync(p, { recursive: true }) as string[])
      .filter((f) => SPREADSHEET.test(f) && !path.basename(f).startsWith('~$') && !path.basename(f).startsWith('.'))
      .sort((a, b) => a.localeCompare(b, 'zh-CN'))
      .map((f) => path.join(p, f));
    if (!found.length) throw new AppError('NOT_FOUND', `文件夹中没有表格文件（.xlsx、.xls、.csv）：${p}`);
    out.push(...found);
  }
  return out;
}

/** --map '电话号码=手机号码': the file's heading, then our field by its Chinese label */
function parseMaps(values: string[] | undefined): Record<string, string | null> | undefined {
  if (!values?.length) return undefined;
  const out: Record<string, string | null> = {};
  for (const v of values) {
    const i = v.search(/[=＝]/);
    const heading = i > 0 ? v.slice(0, i).trim() : '';
    const field = i > 0 ? v.slice(i + 1).trim() : '';
    if (!heading || !field) throw new AppError('USAGE', `--map 应写成“表中的列标题=党员信息字段”，如 --map '电话号码=手机号码'：${v}`);
    if (!fieldByName(field)) throw new AppError('USAGE', `--map 中的字段“${field}”不认识；可用的字段：${FIELD_NAMES.join('、')}、不导入`);
    out[heading] = field;
  }
  return out;
}

/** consecutive skipped rows with the same reason, as one line */
function skippedLines(rows: SkippedRowDto[]): string[] {
  const lines: string[] = [];
  for (let i = 0; i < rows.length; ) {
    let j = i;
    while (j + 1 < rows.length && rows[j + 1].sheet === rows[i].sheet && rows[j + 1].reason === rows[i].reason && rows[j + 1].row === rows[j].row + 1) j++;
    lines.push(`跳过 ${rows[i].sheet} 第${rows[i].row}${j > i ? `–${rows[j].row}` : ''}行：${rows[i].reason}`);
    i = j + 1;
  }
  return lines;
}

function printText(io: CliIo, s: ImportSummary): void {
  io.out(`新增 ${s.inserted} 人，更新 ${s.updated} 人，跳过 ${s.skipped} 行，有错误未导入 ${s.rejected} 行${s.batchId ? `（导入批次 ${s.batchId}）` : ''}`);
  for (const sh of s.sheets) {
    const head = sh.headerRows.length ? `表头第${sh.headerRows.join('–')}行` : '一人一表';
    io.out(`工作表 ${sh.name}：${head}；${sh.mapping.map((m) => `${m.column}「${m.heading}」→${m.field}`).join('，')}`);
    if (sh.unmapped.length) io.out(`  未匹配的列：${sh.unmapped.map((u) => `${u.column}「${u.heading || '无表头'}」`).join('，')}`);
    if (sh.orgsToCreate.length) io.out(`  新建党组织：${sh.orgsToCreate.map((o) => `${o.name}（上级：${o.parent ?? '无，作为顶级组织'}）`).join('、')}`);
  }
  for (const e of s.errors) io.out(`错误 ${e.sheet} 第${e.row}行 ${e.column}：${e.message}`);
  for (const w of s.warnings) io.out(`提示 ${w.sheet} 第${w.row}行 ${w.column}：${w.message}`);
  for (const l of skippedLines(s.skippedRows)) io.out(l);
}

export const commands: CliCommand[] = [
  {
    words: ['import', 'members'],
    usage:
      'import members 文件或文件夹… [--mode insert|upsert] [--org 组织（表中未写所在党支部的行导入到此组织；表中写了的以表为准）] ' +
      '[--create-orgs] [--parent 新建组织的上级] [--header-rows 3-4] [--map 表中列标题=字段]… ' +
      '[--default-category 正式党员|预备党员|按入党时间] [--sheet 工作表]… [--dry-run] [--strict] [--json]',
    positionals: [1, 10_000],
    options: {
      sheet: { type: 'string', multiple: true },
      mode: { type: 'string' },
      org: { type: 'string' },
      'create-orgs': { type: 'boolean' },
      parent: { type: 'string' },
      'header-rows': { type: 'string' },
      map: { type: 'string', multiple: true },
      'default-category': { type: 'string' },
      'dry-run': { type: 'boolean' },
      strict: { type: 'boolean' },
    },
    async run(io, { values, positionals }) {
      const mode = (values.mode as string | undefined) ?? 'insert';
      if (mode !== 'insert' && mode !== 'upsert') throw new AppError('USAGE', '--mode 只能是 insert（仅新增）或 upsert（按身份证号更新）');
      const headerRows = values['header-rows'] as string | undefined;
      if (headerRows !== undefined && !/^\d{1,4}(-\d{1,4})?$/.test(headerRows.trim())) {
        throw new AppError('USAGE', `--header-rows 应为表头所在的行号，如 3，两行表头写 3-4：${headerRows}`);
      }
      const defaultCategory = values['default-category'] as string | undefined;
      if (defaultCategory !== undefined && !(DEFAULT_CATEGORIES as readonly string[]).includes(defaultCategory)) {
        throw new AppError('USAGE', `--default-category 只能是 ${DEFAULT_CATEGORIES.join('、')}：${defaultCategory}`);
      }
      const mapping = parseMaps(values.map as string[] | undefined);
      // shared with the parse worker, not copied to it (the schema's Uint8Array takes either kind of buffer)
      const files = expandPaths(positionals).map((f) => ({ bytes: io.readSharedFile(f) as Uint8Array as Uint8Array<ArrayBuffer>, fileName: path.basename(f) }));
      const s = await io.runJob('import.commit', {
        bytes: files[0].bytes,
        fileName: files[0].fileName,
        moreFiles: files.length > 1 ? files.slice(1) : undefined,
        sheets: values.sheet as string[] | undefined,
        headerRows: headerRows !== undefined ? { '*': headerRows.trim() } : undefined,
        mapping,
        mode,
        org: values.org as string | undefined,
        createOrgs: Boolean(values['create-orgs']),
        parent: values.parent as string | undefined,
        defaultCategory: defaultCategory as (typeof DEFAULT_CATEGORIES)[number] | undefined,
        dryRun: Boolean(values['dry-run']),
        strict: Boolean(values.strict),
      });
      if (io.json) {
        io.out({
          inserted: s.inserted, updated: s.updated, skipped: s.skipped, rejected: s.rejected, errors: s.errors, warnings: s.warnings,
          batchId: s.batchId, skippedRows: s.skippedRows, sheets: s.sheets,
        });
      } else printText(io, s);
      // refused: a strict run with errors, or nothing could be written while rows were refused
      if (values.strict && s.errors.length) return 1;
      return s.inserted + s.updated === 0 && s.rejected > 0 ? 1 : 0;
    },
  },
  {
    words: ['import', 'undo'],
    usage: 'import undo BATCH_ID [--json]',
    positionals: 1,
    async run(io, { positionals }) {
      const batchId = Number(positionals[0]);
      if (!Number.isInteger(batchId)) throw new AppError('USAGE', `导入批次号应为整数：${positionals[0]}`);
      const r = await io.call('import.undo', { batchId });
      io.out(io.json ? r : `已撤销导入批次 ${r.batchId}：删除 ${r.removed} 人，恢复 ${r.restored} 人`);
    },
  },
  {
    words: ['import', 'batches'],
    usage: 'import batches [--json]',
    async run(io) {
      io.out(await io.call('import.batches', {}));
    },
  },
  {
    words: ['import', 'template'],
    usage: 'import template --out FILE',
    options: { out: { type: 'string' } },
    required: ['out'],
    async run(io, { values }) {
      const f = await io.call('import.template', {});
      io.writeFile(values.out as string, f.bytes);
      if (io.json) io.out({ file: values.out });
    },
  },
];
