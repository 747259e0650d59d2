import { defineExport } from '../../services/context.ts';
import { signaturesFrom, type LayoutColumn } from '../../excel/layout.ts';
import { columnChoices } from '../../services/export-columns.ts';
import { getSettings } from '../../services/settings.ts';
import { auditExportInput, type AuditRow } from './contract.ts';
import { listAudit } from './services/audit-view.ts';

// 操作记录 (the audit viewer's export): who changed what, when, on which computer.

// free text wraps in its cell; only the time keeps text format (never re-read as a number or date)
const AUDIT_COLUMNS: LayoutColumn<AuditRow>[] = [
  { header: '序号', width: 6, value: (_r, i) => i + 1 },
  { header: '时间', type: 'text', width: 19, value: (r) => new Date(r.at).toLocaleString('zh-CN', { hour12: false }) },
  { header: '操作人', width: 10, value: (r) => r.actor },
  { header: '电脑', width: 14, value: (r) => r.machine },
  { header: '模块', width: 14, value: (r) => r.moduleTitle },
  { header: '操作', width: 16, value: (r) => r.action },
  { header: '内容', width: 50, wrap: true, value: (r) => r.summary.slice(0, 500) },
];

export const exports = [
  defineExport({
    name: 'audit-log',
    title: '操作记录',
    input: auditExportInput,
    confidential: true,
    columns: columnChoices(AUDIT_COLUMNS, new Set(['序号', '时间', '操作人'])),
    async build(ctx, input) {
      const { rows } = await listAudit(ctx, { ...input, limit: 100_000 });
      const settings = await getSettings(ctx.kysely);
      return {
        fileName: `操作记录-${ctx.clock.today()}.xlsx`,
        total: rows.length,
        sheets: [
          {
            sheetName: '操作记录',
            title: '操作记录',
            reportingUnit: settings.effectiveReportingUnit,
            reportDate: ctx.clock.today(),
            marking: '内部资料 注意保密',
            columns: AUDIT_COLUMNS,
            rows,
            signatures: signaturesFrom(settings),
          },
        ],
      };
    },
  }),
];
