import type { ContextBridge, IpcRenderer } from 'electron';
import { buildNestedApi } from '../../contract/build-api.ts';
import { channelOf } from './channels.ts';

// The preload's whole job, kept free of `import 'electron'` so it can be tested with fakes: ONE api
// object (the contract's nested shape, api.members.list(input)) whose every method invokes its own
// fixed channel. Nothing else crosses the bridge: no ipcRenderer, no process, no generic call.

export const API_GLOBAL = 'dangwu';

export function exposeApi(
  contextBridge: Pick<ContextBridge, 'exposeInMainWorld'>,
  ipcRenderer: Pick<IpcRenderer, 'invoke'>,
  opNames: readonly string[],
): void {
  const known = new Set(opNames);
  const api = buildNestedApi((name, input) => {
    // buildNestedApi only creates methods for the listed names; this guards against misuse all the same
    if (!known.has(name)) return Promise.reject(new Error(`未知操作：${name}`));
    return ipcRenderer.invoke(channelOf(name), input);
  }, opNames);
  contextBridge.exposeInMainWorld(API_GLOBAL, api);
}
