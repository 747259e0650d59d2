import { defineExport } from '../../services/context.ts';
import { signaturesFrom } from '../../excel/layout.ts';
import { getSettings } from '../../services/settings.ts';
import { auditExportInput, type AuditRow } from './contract.ts';
import { listAudit } from './services/audit-view.ts';

// 操作记录 (the audit viewer's export): who changed what, when, on which computer.
export const exports = [
  defineExport({
    name: 'audit-log',
    title: '操作记录',
    input: auditExportInput,
    confidential: true,
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
            columns: [
              { header: '序号', width: 6, value: (_r: AuditRow, i: number) => i + 1 },
              { header: '时间', type: 'text', width: 19, value: (r: AuditRow) => new Date(r.at).toLocaleString('zh-CN', { hour12: false }) },
              { header: '操作人', type: 'text', width: 10, value: (r: AuditRow) => r.actor },
              { header: '电脑', type: 'text', width: 14, value: (r: AuditRow) => r.machine },
              { header: '模块', type: 'text', width: 12, value: (r: AuditRow) => r.moduleTitle },
              { header: '操作', type: 'text', width: 16, value: (r: AuditRow) => r.action },
              { header: '内容', type: 'text', width: 50, wrap: true, value: (r: AuditRow) => r.summary.slice(0, 500) },
            ],
            rows,
            signatures: signaturesFrom(settings),
          },
        ],
      };
    },
  }),
];
