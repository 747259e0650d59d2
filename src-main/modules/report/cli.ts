import { str, type CliArgs, type CliCommand } from '../../adapters/cli/command.ts';
import type { FigureDto } from './contract.ts';
import { displayValue, figureTitle, SECTION_KEYS, SECTION_LABELS } from './contract.ts';

// `report …` commands (docs/domain/report.md#cli): flags mapped onto the report operations.

const scopeOf = (args: CliArgs) => ({
  org: str(args, 'org')!,
  period: str(args, 'period')!,
  withSubOrgs: !args.values['no-sub-orgs'],
});

const shown = (f: FigureDto, v: number | string | null | undefined) =>
  v === null || v === undefined ? '—' : typeof v === 'string' ? v : displayValue(f.unit, v);

/** the figure as the contract's JSON names it (the UI's grouping fields left out) */
function figureJson(f: FigureDto) {
  const { group: _g, module: _m, ...rest } = f;
  return rest;
}

const SCOPE_OPTIONS = { org: { type: 'string' }, period: { type: 'string' }, 'no-sub-orgs': { type: 'boolean' } } as const;

export const commands: CliCommand[] = [
  {
    words: ['report', 'figures'],
    usage: 'report figures --org 组织（含下级） --period 2026-H1|2026|2026-Q3|2026-07|2026-03-01..2026-05-31 [--compare 2025-H1] [--tag 专题]… [--explain 指标] [--no-sub-orgs] [--json]',
    options: { ...SCOPE_OPTIONS, compare: { type: 'string' }, tag: { type: 'string', multiple: true }, explain: { type: 'string' } },
    required: ['org', 'period'],
    async run(io, args) {
      const explain = str(args, 'explain');
      if (explain) {
        const r = await io.call('report.explain', { ...scopeOf(args), key: explain });
        if (io.json) return io.out(r);
        const value = r.value === null ? '—' : r.unit === '%' ? `${r.value}%` : `${r.value} ${r.unit}`;
        io.out(`${r.label}：${value}（共 ${r.total} 条记录）\n口径：${r.rule}`);
        for (const x of r.records) io.out(`${x.date ?? '—'}\t${x.kind}\t${x.org}\t${x.title}${x.amount ? `\t${x.amount}` : ''}`);
        return;
      }
      const tags = (args.values.tag as string[] | undefined) ?? [];
      const r = await io.call('report.figures', { ...scopeOf(args), compare: str(args, 'compare') ?? null, tags });
      if (io.json) {
        return io.out({
          period: { from: r.period.from, to: r.period.to },
          ...(r.compare ? { compare: { from: r.compare.from, to: r.compare.to } } : {}),
          org: r.org,
          asOf: r.asOf,
          figures: r.figures.map(figureJson),
        });
      }
      io.out(`${r.org}${r.withSubOrgs ? '（含下级组织）' : ''} ${r.period.label}${r.compare ? ` 对比 ${r.compare.label}` : ''}`);
      const withUnit = (f: FigureDto, v: number | string | null | undefined) => {
        const s = shown(f, v);
        return s === '—' ? s : f.unit === '%' ? `${s}%` : `${s} ${f.unit}`;
      };
      for (const f of r.figures) {
        const cmp = r.compare ? `\t${r.compare.label} ${withUnit(f, f.compareValue)}\t增减 ${shown(f, f.difference)}` : '';
        io.out(`${figureTitle(f.label, f.param)}\t${withUnit(f, f.value)}${cmp}${f.changed ? `\t${f.changed.reason}` : ''}`);
      }
    },
  },
  {
    words: ['report', 'docx'],
    usage: 'report docx --org 组织 --period 2026-H1 [--compare 2025-H1] [--template 模板.docx] [--no-sub-orgs] --out 工作总结.docx',
    options: { ...SCOPE_OPTIONS, compare: { type: 'string' }, template: { type: 'string' }, out: { type: 'string' } },
    required: ['org', 'period', 'out'],
    async run(io, args) {
      const file = str(args, 'template');
      const template = file ? { fileName: file.split(/[\\/]/).pop()!, bytes: io.readFile(file) } : null;
      const r = await io.call('report.docx', { ...scopeOf(args), compare: str(args, 'compare') ?? null, template });
      const out = str(args, 'out')!;
      io.writeFile(out, r.bytes);
      if (io.json) io.out({ out, fileName: r.fileName, bytes: r.bytes.byteLength });
      else io.err(`已生成：${out}`);
    },
  },
  {
    words: ['report', 'placeholders'],
    usage: 'report placeholders [--json]    （列出 Word 模板可用的全部占位符）',
    async run(io) {
      const c = await io.call('report.catalogue', {});
      if (io.json) return io.out(c.placeholders);
      io.out(c.placeholders.map((p) => `${p.text}\t${p.meaning}`).join('\n'));
    },
  },
  {
    words: ['report', 'sections'],
    usage: `report sections --org 组织 --period 2026-H1 [${SECTION_KEYS.map((k) => `--${k} 文字`).join(' ')}] [--json]    （${SECTION_KEYS.map((k) => `${k}=${SECTION_LABELS[k]}`).join('，')}）`,
    options: { org: { type: 'string' }, period: { type: 'string' }, ...Object.fromEntries(SECTION_KEYS.map((k) => [k, { type: 'string' as const }])) },
    required: ['org', 'period'],
    async run(io, args) {
      const given = Object.fromEntries(SECTION_KEYS.filter((k) => str(args, k) !== undefined).map((k) => [k, str(args, k)!]));
      const input = { org: str(args, 'org')!, period: str(args, 'period')! };
      const r = Object.keys(given).length ? await io.call('report.saveSections', { ...input, sections: given }) : await io.call('report.sections', input);
      if (io.json) return io.out(r);
      if (r.carriedFrom) io.err(`提示：${r.period.label}尚未填写，以下沿用${r.carriedFrom.label}的内容`);
      for (const k of SECTION_KEYS) io.out(`【${SECTION_LABELS[k]}】\n${r.sections[k] || '（未填写）'}`);
    },
  },
];

