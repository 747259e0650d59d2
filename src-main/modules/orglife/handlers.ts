import type { ModuleHandlers } from '../../services/context.ts';
import type { orglifeOps } from './contract.ts';
import { addActivity, deleteActivity, editActivity, getActivity, lastActivity, listActivities, listTags, roster } from './services/activities.ts';
import { attach, attachment, detach } from './services/attachments.ts';
import { frequencyDto, loadFrequencies, loadTypes, typeDto } from './services/common.ts';
import { board, compliance } from './services/compliance.ts';
import { importCommit, importPreview } from './services/import-register.ts';
import { excuse, listExcused, panel, removePanelMember, savePanelMember, unexcuse } from './services/people.ts';
import { saveFrequency, saveTarget, saveType, targets } from './services/settings.ts';
import { addTraining, deleteTraining, editTraining, getTraining, listTrainings, memberHours } from './services/training.ts';

// Service functions of organizational life and study (docs/domain/org-life.md).
export const handlers: ModuleHandlers<typeof orglifeOps> = {
  'activity.types': async (ctx) => (await loadTypes(ctx.kysely)).map(typeDto),
  'activity.saveType': (ctx, input) => saveType(ctx, input),
  'activity.frequencies': async (ctx) => {
    const order = new Map((await loadTypes(ctx.kysely)).map((t) => [t.name, t.sortOrder]));
    return (await loadFrequencies(ctx.kysely)).sort((a, b) => (order.get(a.type) ?? 0) - (order.get(b.type) ?? 0)).map(frequencyDto);
  },
  'activity.saveFrequency': (ctx, input) => saveFrequency(ctx, input),
  'activity.roster': (ctx, input) => roster(ctx, input),
  'activity.add': (ctx, input) => addActivity(ctx, input),
  'activity.edit': (ctx, input) => editActivity(ctx, input),
  'activity.delete': (ctx, { id }) => deleteActivity(ctx, id),
  'activity.get': (ctx, { id }) => getActivity(ctx, id),
  'activity.last': (ctx, input) => lastActivity(ctx, input),
  'activity.list': (ctx, input) => listActivities(ctx, input),
  'activity.compliance': (ctx, input) => compliance(ctx, input),
  'activity.board': (ctx, input) => board(ctx, input),
  'activity.tags': (ctx) => listTags(ctx),
  'activity.attach': (ctx, input) => attach(ctx, input),
  'activity.attachment': (ctx, { id }) => attachment(ctx, id),
  'activity.detach': (ctx, { id }) => detach(ctx, id),
  'activity.excused': (ctx, input) => listExcused(ctx, input),
  'activity.excuse': (ctx, input) => excuse(ctx, input),
  'activity.unexcuse': (ctx, { id }) => unexcuse(ctx, id),
  'activity.panel': (ctx, input) => panel(ctx, input),
  'activity.savePanelMember': (ctx, input) => savePanelMember(ctx, input),
  'activity.removePanelMember': (ctx, { id }) => removePanelMember(ctx, id),
  'activity.importPreview': (ctx, input) => importPreview(ctx, input),
  'activity.importCommit': (ctx, input) => importCommit(ctx, input),

  'training.add': (ctx, input) => addTraining(ctx, input),
  'training.edit': (ctx, input) => editTraining(ctx, input),
  'training.delete': (ctx, { id }) => deleteTraining(ctx, id),
  'training.get': (ctx, { id }) => getTraining(ctx, id),
  'training.list': (ctx, input) => listTrainings(ctx, input),
  'training.hours': (ctx, input) => memberHours(ctx, input),
  'training.targets': (ctx) => targets(ctx),
  'training.saveTarget': (ctx, input) => saveTarget(ctx, input),
};
