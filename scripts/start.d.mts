// Types of scripts/start.mjs (plain JS, run by `npm start`), for the tests that import it.

export declare const WEB_HINT: string;
export declare const DEFAULT_STALL_MS: number;

export declare class ElectronUnavailable extends Error {
  constructor(sentence: string);
}

export declare function unavailableSentence(reason: string): string;
export declare function electronPlatformPath(platform: string): string;
export declare function downloadFailureReason(error: unknown): string;

export interface DownloadRequest {
  electronDir: string;
  env: NodeJS.ProcessEnv;
  version: string;
  platformPath: string;
  onProgress?: (bytes: number) => void;
}
/** Must leave the unpacked Electron in `<electronDir>/dist`; throws on failure. */
export type Download = (request: DownloadRequest) => Promise<void>;

export declare function ensureElectron(options: {
  electronDir: string;
  env?: NodeJS.ProcessEnv;
  download?: Download;
  log?: (line: string) => void;
  onProgress?: (bytes: number) => void;
}): Promise<{ execPath: string; source: 'ELECTRON_EXEC_PATH' | 'ELECTRON_OVERRIDE_DIST_PATH' | 'installed' | 'downloaded' }>;

export declare function installWithElectronsOwnScript(request: DownloadRequest & { stallMs?: number }): Promise<void>;

export declare function runElectronVitePreview(args: string[], env: NodeJS.ProcessEnv): Promise<number>;

export declare function startApp(options: {
  args?: string[];
  env?: NodeJS.ProcessEnv;
  electronDir: string;
  download?: Download;
  startPreview?: (args: string[], env: NodeJS.ProcessEnv) => Promise<number>;
  stderr?: { write(text: string): unknown; isTTY?: boolean };
}): Promise<number>;
