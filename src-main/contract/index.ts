import { coreOps } from '../modules/core/contract.ts';
import { importOps } from '../modules/import/contract.ts';
import { duesOps } from '../modules/dues/contract.ts';
import { campaignOps } from '../modules/campaign/contract.ts';
import type { InputOf, OutputOf, ParsedInputOf } from './define.ts';
import { buildNestedApi, type CallFn } from './build-api.ts';

/** The one table of operations. Every adapter (IPC, HTTP, CLI) is a loop over it. */
export const contract = {
  ...coreOps,
  ...importOps,
  ...duesOps,
  ...campaignOps,
};

export type Contract = typeof contract;
export type OpName = keyof Contract & string;
export type OpInput<K extends OpName> = InputOf<Contract[K]>;
export type OpParsedInput<K extends OpName> = ParsedInputOf<Contract[K]>;
export type OpOutput<K extends OpName> = OutputOf<Contract[K]>;

export const opNames = Object.keys(contract) as OpName[];

export const isOpName = (name: string): name is OpName => Object.hasOwn(contract, name);

/** `api.members.list(input)`: the nested shape the renderer and the preload expose */
type Namespaces = OpName extends `${infer NS}.${string}` ? NS : never;
export type Api = {
  [NS in Namespaces]: {
    [K in OpName as K extends `${NS}.${infer M}` ? M : never]: (input: OpInput<K>) => Promise<OpOutput<K>>;
  };
};

/** builds the nested api object from one generic call function (used by preload and the HTTP client) */
export function buildApi(call: (name: OpName, input: unknown) => Promise<unknown>, names: readonly string[] = opNames): Api {
  return buildNestedApi(call as CallFn, names) as unknown as Api;
}
