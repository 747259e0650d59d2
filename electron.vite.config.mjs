import { basename, dirname, resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import { rendererConfig } from './vite.renderer.config.mjs';
import { opNames } from './src-main/modules/index.ts';

// electron-vite 6 build of the desktop shell: out/main (ESM, as package.json says "type": "module"),
// out/preload/preload.cjs (ONE CommonJS file: sandboxed preloads cannot be ES modules and may
// require nothing but 'electron'), out/renderer (the same renderer build as browser mode).

/**
 * Worker threads are started from `new URL('./x-worker.ts', import.meta.url)` (see
 * src-main/modules/import/services/run-analysis.ts). Under Node that is the source file; in the bundle it must be a
 * built file: each such worker becomes its own entry chunk in out/main (flat: every chunk sits
 * there) and the URL points at it.
 */
function nodeWorkerUrls() {
  const pattern = /new URL\(\s*(['"])(\.{1,2}\/[^'"]+\.ts)\1\s*,\s*import\.meta\.url\s*\)/g;
  return {
    name: 'dangwu:node-worker-urls',
    transform(code, id) {
      if (!id.includes('/src-main/') || !code.includes('import.meta.url')) return null;
      let changed = false;
      const out = code.replace(pattern, (_match, _quote, rel) => {
        changed = true;
        // a fixed name beside the other chunks (all of out/main is one flat folder)
        const fileName = basename(rel).replace(/\.ts$/, '.js');
        this.emitFile({ type: 'chunk', id: resolve(dirname(id), rel), fileName });
        return `new URL('./${fileName}', import.meta.url)`;
      });
      return changed ? { code: out, map: null } : null;
    },
  };
}

// Paths are relative to the project root (electron-vite's root: the working directory of the npm
// script). Not import.meta.dirname: electron-vite bundles config files, and a config importing this
// one would see its own folder there.
export default defineConfig({
  main: {
    plugins: [nodeWorkerUrls()],
    build: {
      outDir: 'out/main',
      // everything is bundled (kysely is ESM-only, zod, exceljs …) except the native SQLite addon,
      // which must stay a real file on disk (unpacked from the ASAR by electron-builder)
      externalizeDeps: false,
      lib: { entry: 'src-main/main.ts', formats: ['es'], fileName: () => 'main.js' },
      rolldownOptions: { external: ['better-sqlite3-multiple-ciphers'] },
    },
  },
  preload: {
    // The op names are read from the contract at build time and inlined, so the preload bundle
    // carries a plain string list instead of zod and every schema (declared once: in the contract).
    define: { __DANGWU_OP_NAMES__: JSON.stringify(opNames) },
    build: {
      outDir: 'out/preload',
      externalizeDeps: false,
      isolatedEntries: true,
      lib: { entry: 'src-main/preload.ts', formats: ['cjs'], fileName: () => 'preload.cjs' },
      rolldownOptions: { output: { format: 'cjs', codeSplitting: false } },
    },
  },
  renderer: {
    ...rendererConfig,
    build: {
      ...rendererConfig.build,
      // electron-vite reads rolldownOptions (vite 8's name for rollupOptions) for the HTML entry
      rolldownOptions: rendererConfig.build.rollupOptions,
    },
  },
});
