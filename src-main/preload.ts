import { contextBridge, ipcRenderer } from 'electron';
import { exposeApi } from './adapters/ipc/bridge.ts';

// Sandboxed preload (built as one CommonJS file, out/preload/preload.cjs). The op-name list is
// inlined at build time from the contract by electron.vite.config.mjs, so zod and the schemas stay
// out of the renderer process.
declare const __DANGWU_OP_NAMES__: readonly string[];

exposeApi(contextBridge, ipcRenderer, __DANGWU_OP_NAMES__);
