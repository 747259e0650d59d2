import path from 'node:path';
import type { CliCommand } from '../../adapters/cli/command.ts';
import { AppError } from '../../domain/errors.ts';

// `import members PATH …` and `import undo BATCH_ID`. The CLI goes straight to the commit path: the
// file is parsed once (no separate preview pass), in the worker with its memory ceiling like everywhere.

export const commands: CliCommand[] = [
  {
    words: ['import', 'members'],
    usage: 'import members PATH [--sheet NAME] [--mode insert|upsert] [--org NAME] [--create-orgs] [--parent NAME] [--dry-run] [--strict] --json',
    positionals: 1,
    options: {
      sheet: { type: 'string', multiple: true },
      mode: { type: 'string' },
      org: { type: 'string' },
      'create-orgs': { type: 'boolean' },
      parent: { type: 'string' },
      'dry-run': { type: 'boolean' },
      strict: { type: 'boolean' },
    },
    async run(io, { values, positionals }) {
      const file = positionals[0];
      const mode = (values.mode as string | undefined) ?? 'insert';
      if (mode !== 'insert' && mode !== 'upsert') throw new AppError('USAGE', '--mode 只能是 insert（仅新增）或 upsert（按身份证号更新）');
      const bytes = io.readFile(file);
      const input = {
        bytes,
        fileName: path.basename(file),
        sheets: values.sheet as string[] | undefined,
        mode: mode as 'insert' | 'upsert',
        org: values.org as string | undefined,
        createOrgs: Boolean(values['create-orgs']),
        parent: values.parent as string | undefined,
        dryRun: Boolean(values['dry-run']),
        strict: Boolean(values.strict),
      };
      const s = await io.runJob('import.commit', input);
      const out = { inserted: s.inserted, updated: s.updated, skipped: s.skipped, errors: s.errors, warnings: s.warnings, batchId: s.batchId };
      if (io.json) io.out(out);
      else {
        io.out(`新增 ${s.inserted} 人，更新 ${s.updated} 人，跳过 ${s.skipped} 人，有错误 ${s.rejected} 行${s.batchId ? `（导入批次 ${s.batchId}）` : ''}`);
        for (const e of s.errors) io.out(`错误 ${e.sheet} 第${e.row}行 ${e.column}：${e.message}`);
        for (const w of s.warnings) io.out(`提示 ${w.sheet} 第${w.row}行 ${w.column}：${w.message}`);
      }
      return values.strict && s.errors.length ? 1 : 0;
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
