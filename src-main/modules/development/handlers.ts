import type { ModuleHandlers } from '../../services/context.ts';
import type { developmentOps } from './contract.ts';
import { addPerson, addReview, advance, deletePerson, editPerson, getPerson, listPeople } from './services/people.ts';
import { board } from './services/board.ts';
import { importPeople } from './services/import.ts';

// Service functions of the development operations.
export const handlers: ModuleHandlers<typeof developmentOps> = {
  'dev.add': (ctx, input) => addPerson(ctx, input),
  'dev.advance': (ctx, input) => advance(ctx, input),
  'dev.edit': (ctx, input) => editPerson(ctx, input),
  'dev.delete': (ctx, { person }) => deletePerson(ctx, person),
  'dev.get': (ctx, { person }) => getPerson(ctx, person),
  'dev.list': (ctx, q) => listPeople(ctx, q),
  'dev.addReview': (ctx, input) => addReview(ctx, input),
  'dev.board': (ctx, q) => board(ctx, q),
  'dev.import': (ctx, input) => importPeople(ctx, input),
};
