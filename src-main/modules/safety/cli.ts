import { str, type CliCommand, type CliIo } from '../../adapters/cli/command.ts';
import { AppError } from '../../domain/errors.ts';
import type { BackupDto, ModuleChange } from './contract.ts';

// `password …`, `backup …`, `audit list` (docs/safety.md#cli). Passwords come from files (never from
// the command line, where other users of the PC could read them in the process list).

/** a secret from a file: the first line, without its line ending */
export function secretFrom(io: CliIo, file: string): string {
  const text = new TextDecoder().decode(io.readFile(file)).replace(/^\uFEFF/, '');
  const first = text.split(/\r?\n/)[0];
  if (!first) throw new AppError('VALIDATION', `文件 ${file} 是空的：第一行应为密码`);
  return first;
}

const size = (n: number) => (n >= 1048576 ? `${(n / 1048576).toFixed(1)} MB` : `${Math.ceil(n / 1024)} KB`);
const when = (iso: string) => new Date(iso).toLocaleString('zh-CN', { hour12: false });

function backupLine(b: BackupDto): string {
  const last = b.lastAction ? `${when(b.lastAction.at)} ${b.lastAction.actor} ${b.lastAction.action}` : '—';
  return `${when(b.createdAt)}\t${b.reasonLabel}\t${size(b.size)}\t党员 ${b.members} 人\t${b.encrypted ? '已加密' : '未加密'}\t最后操作：${last}\t${b.file}`;
}

const changeLines = (changes: ModuleChange[]) => changes.map((c) => `  ${c.title}：现在 ${c.current} 条 → 恢复后 ${c.backup} 条`);

export const commands: CliCommand[] = [
  {
    words: ['password', 'set'],
    usage: 'password set --new-password-file 文件 [--json]    （设置密码并加密数据库；恢复密钥只显示这一次）',
    options: { 'new-password-file': { type: 'string' } },
    required: ['new-password-file'],
    async run(io, args) {
      const r = await io.call('password.set', { newPassword: secretFrom(io, str(args, 'new-password-file')!) });
      if (io.json) return io.out({ recoveryKey: r.recoveryKey, backupsEncrypted: r.backupsEncrypted, backupsDeleted: r.backupsDeleted });
      io.out(`恢复密钥（只显示这一次，请打印后锁进保险柜；忘记密码时只有它能重置密码）：\n${r.recoveryKey}`);
      io.err(`数据库已加密。backups 文件夹中原有的未加密备份：已加密 ${r.backupsEncrypted} 份，无法读取而删除 ${r.backupsDeleted} 份。`);
    },
  },
  {
    words: ['password', 'change'],
    usage: 'password change --new-password-file 文件    （原密码用 --password-file 或 DANGWU_PASSWORD 提供）',
    options: { 'new-password-file': { type: 'string' } },
    required: ['new-password-file'],
    async run(io, args) {
      const current = io.password();
      if (!current) throw new AppError('USAGE', '请用 --password-file 或 DANGWU_PASSWORD 提供原密码');
      await io.call('password.change', { password: current, newPassword: secretFrom(io, str(args, 'new-password-file')!) });
      if (io.json) io.out({ changed: true });
      else io.err('密码已修改。');
    },
  },
  {
    words: ['password', 'reset'],
    usage: 'password reset --recovery-key-file 文件 --new-password-file 文件    （用恢复密钥重置忘记的密码）',
    options: { 'recovery-key-file': { type: 'string' }, 'new-password-file': { type: 'string' } },
    required: ['recovery-key-file', 'new-password-file'],
    locked: true,
    async run(io, args) {
      const recoveryKey = new TextDecoder().decode(io.readFile(str(args, 'recovery-key-file')!));
      await io.call('password.reset', { recoveryKey: recoveryKey.slice(0, 200), newPassword: secretFrom(io, str(args, 'new-password-file')!) });
      if (io.json) io.out({ reset: true });
      else io.err('密码已重置，请使用新密码。');
    },
  },
  {
    words: ['backup', 'create'],
    usage: 'backup create [--to 文件夹] [--note 备注] [--json]',
    options: { to: { type: 'string' }, note: { type: 'string' } },
    async run(io, args) {
      const r = await io.call('backup.create', { to: str(args, 'to') ?? null, note: str(args, 'note') });
      if (io.json) return io.out(r);
      io.out(r.backup.file);
      if (r.secondCopy) io.err(`已复制到：${r.secondCopy}`);
      if (r.secondFolderError) io.err(`提示：${r.secondFolderError}`);
      io.err(`备份完成（${r.seconds.toFixed(1)} 秒，党员 ${r.backup.members} 人）`);
    },
  },
  {
    words: ['backup', 'list'],
    usage: 'backup list [--json]',
    async run(io) {
      const list = await io.call('backup.list', {});
      if (io.json) return io.out(list);
      io.out(list.length ? list.map(backupLine).join('\n') : '还没有备份');
    },
  },
  {
    words: ['backup', 'verify'],
    usage: 'backup verify 备份文件 [--json]',
    positionals: 1,
    async run(io, args) {
      const r = await io.call('backup.verify', { file: args.positionals[0] });
      if (io.json) return io.out(r);
      io.out(r.message);
    },
  },
  {
    words: ['backup', 'restore'],
    usage: 'backup restore 备份文件 [--yes] [--backup-password-file 文件] [--json]    （不加 --yes 只显示将要发生的变化）',
    positionals: 1,
    options: { yes: { type: 'boolean' }, 'backup-password-file': { type: 'string' } },
    async run(io, args) {
      const file = args.positionals[0];
      const pwFile = str(args, 'backup-password-file');
      if (!args.values.yes) {
        const p = await io.call('backup.preview', { file });
        if (io.json) io.out(p);
        else {
          io.out([`将恢复到 ${when(p.backup.createdAt)} 的备份（${p.backup.reasonLabel}）：`, ...changeLines(p.changes)].join('\n'));
          if (p.lostActions.length) io.out(['备份之后的这些操作将被撤销：', ...p.lostActions.map((a) => `  ${when(a.at)} ${a.actor} ${a.action}`)].join('\n'));
        }
        io.err('确认恢复请加 --yes（恢复前会先自动备份当前数据，可以撤销）。');
        return 1;
      }
      const r = await io.call('backup.restore', { file, ...(pwFile ? { password: secretFrom(io, pwFile) } : {}) });
      if (io.json) return io.out(r);
      io.out(['已恢复。', ...changeLines(r.changes)].join('\n'));
      io.err(`恢复前的数据已备份为：${r.undoFile}（用 backup restore 恢复它即可撤销本次恢复）`);
    },
  },
  {
    words: ['audit', 'list'],
    usage: 'audit list [--person 操作人] [--module 模块] [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--limit N] [--json]',
    options: { person: { type: 'string' }, module: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' }, limit: { type: 'string' } },
    async run(io, args) {
      const limit = str(args, 'limit');
      if (limit !== undefined && !/^\d+$/.test(limit)) throw new AppError('USAGE', `--limit 应为正整数：${limit}`);
      const r = await io.call('audit.list', {
        person: str(args, 'person') ?? null,
        module: str(args, 'module') ?? null,
        from: str(args, 'from') ?? null,
        to: str(args, 'to') ?? null,
        limit: limit ? Number(limit) : 100_000,
      });
      if (io.json) return io.out(r.rows);
      if (!r.rows.length) return io.out('没有符合条件的操作记录');
      io.out(r.rows.map((x) => `${when(x.at)}\t${x.actor}\t${x.machine}\t${x.moduleTitle}\t${x.action}`).join('\n'));
    },
  },
];
