import { defineExport } from '../../services/context.ts';
import { columnChoices } from '../../services/export-columns.ts';
import { memberFilter } from './contract.ts';
import { planRoster, rosterColumns } from './services/roster-export.ts';

// 党员花名册 in the export registry (docs/domain/printing.md#roster-layout).
export const exports = [
  defineExport({
    name: 'roster',
    title: '党员花名册',
    input: memberFilter,
    columns: columnChoices(rosterColumns('dot', true)),
    async build(ctx, input) {
      const plan = await planRoster(ctx, input);
      return { fileName: plan.fileName, sheets: [plan.sheet], total: plan.total };
    },
  }),
];
