import type { z } from 'zod';
import type { InputOf, OpDef, OutputOf, ParsedInputOf } from './define.ts';

// The contract's TYPE is the union of every module's operations. Each module's contract.ts adds its own
// entry to these interfaces (TypeScript declaration merging):
//
//   declare module '../../contract/registry.ts' {
//     interface ContractRegistry { dues: typeof duesOps }
//     interface ExportRegistry { 'dues-publicity': typeof publicityInput }
//   }
//
// so that the renderer, which may import only contract files, knows every operation's types without
// importing the server-side module list (src-main/modules/index.ts), which builds the runtime table.

export interface ContractRegistry {}
export interface ExportRegistry {}

type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;

export type Contract = UnionToIntersection<ContractRegistry[keyof ContractRegistry]> & Record<never, OpDef>;
export type OpName = keyof Contract & string;
export type OpInput<K extends OpName> = InputOf<Contract[K]>;
export type OpParsedInput<K extends OpName> = ParsedInputOf<Contract[K]>;
export type OpOutput<K extends OpName> = OutputOf<Contract[K]>;

/** `api.members.list(input)`: the nested shape the renderer and the preload expose */
type Namespaces = OpName extends `${infer NS}.${string}` ? NS : never;
export type Api = {
  [NS in Namespaces]: {
    [K in OpName as K extends `${NS}.${infer M}` ? M : never]: (input: OpInput<K>) => Promise<OpOutput<K>>;
  };
};

export type ExportName = keyof ExportRegistry & string;
export type ExportInput<N extends ExportName> = ExportRegistry[N] extends z.ZodType ? z.input<ExportRegistry[N]> : never;
