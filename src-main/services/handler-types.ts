import type { OpDef, OutputOf, ParsedInputOf } from '../contract/define.ts';
import type { ServiceContext } from './context.ts';

/** one service function per operation of a module's contract table */
export type ModuleHandlers<Ops extends Record<string, OpDef>> = {
  [K in keyof Ops]: (ctx: ServiceContext, input: ParsedInputOf<Ops[K]>) => Promise<OutputOf<Ops[K]>> | OutputOf<Ops[K]>;
};
