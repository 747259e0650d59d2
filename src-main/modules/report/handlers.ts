import type { ModuleHandlers } from '../../services/context.ts';
import type { reportOps } from './contract.ts';
import { SECTION_KEYS, SECTION_LABELS } from './domain/draft.ts';
import { knownPlaceholders } from './domain/placeholders.ts';
import { deleteTemplate, listTemplates, paramValuesInUse, reportDocx, saveTemplate } from './services/docx.ts';
import { computeFigures, explainFigure, loadCatalogue } from './services/figures.ts';
import { getSections, saveSections } from './services/sections.ts';

// Service functions of the work report's operations (docs/domain/report.md).
export const handlers: ModuleHandlers<typeof reportOps> = {
  'report.catalogue': async (ctx) => {
    const cat = await loadCatalogue(ctx);
    return {
      figures: cat.entries.map((e) => ({
        key: e.key, label: e.label, unit: e.unit, group: e.group, rule: e.rule, additive: e.additive, module: e.module, ...(e.param ? { param: e.param } : {}),
      })),
      placeholders: knownPlaceholders(cat.entries, await paramValuesInUse(ctx, cat)),
      sections: SECTION_KEYS.map((key) => ({ key, label: SECTION_LABELS[key] })),
    };
  },
  'report.figures': async (ctx, input) => (await computeFigures(ctx, input)).dto,
  'report.explain': (ctx, input) => explainFigure(ctx, input),
  'report.sections': (ctx, input) => getSections(ctx, input),
  'report.saveSections': (ctx, input) => saveSections(ctx, input),
  'report.docx': (ctx, input) => reportDocx(ctx, input),
  'report.templates': (ctx) => listTemplates(ctx),
  'report.saveTemplate': (ctx, input) => saveTemplate(ctx, input),
  'report.deleteTemplate': (ctx, input) => deleteTemplate(ctx, input.id),
};
