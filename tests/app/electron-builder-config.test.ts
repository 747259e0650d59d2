import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { beforeAll, describe, expect, it, vi } from 'vitest';

// electron-builder.yml, loaded and schema-validated by electron-builder's own code (offline; the
// packaging itself needs to download Electron and cannot run here).

vi.mock('electron', async () => (await import('./electron-fake.ts')).fake.module);

const root = path.resolve(import.meta.dirname, '../..');
const require = createRequire(import.meta.url);

async function loadConfig() {
  const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config.js');
  const { DebugLogger } = require('builder-util');
  const config = await getConfig(root, null, null);
  await validateConfiguration(config, new DebugLogger(false)); // throws on an invalid key or value
  return config;
}

// electron-builder's config loader is slow to import: load once
let config: any;
beforeAll(async () => {
  config = await loadConfig();
});

describe('electron-builder.yml', () => {
  it('flips the fuses and packs into an integrity-checked ASAR', async () => {
    const c = config;
    expect(c.asar).toBe(true);
    expect(c.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      onlyLoadAppFromAsar: true,
      enableEmbeddedAsarIntegrityValidation: true,
    });
    expect(c.npmRebuild).toBe(false);
    expect(c.productName).toBe('党务');
    expect(c.files[0].filter).toEqual(expect.arrayContaining(['out/**', 'package.json']));
  });

  it('unpacks every better-sqlite3 prebuild from the ASAR', async () => {
    const c = config;
    const prebuilds = fs.readdirSync(path.join(root, 'node_modules/better-sqlite3/prebuilds'));
    expect(prebuilds).toEqual(expect.arrayContaining(['win32-x64.node', 'linux-x64.node', 'linux-arm64.node']));
    for (const p of prebuilds) {
      const rel = `node_modules/better-sqlite3/prebuilds/${p}`;
      expect((c.asarUnpack as string[]).some((g) => path.matchesGlob(rel, g)), rel).toBe(true);
    }
  });

  it('targets NSIS per-user on Windows x64 and deb on Linux x64 + arm64', async () => {
    const c = config;
    expect(c.win.target).toEqual([{ target: 'nsis', arch: ['x64'] }]);
    expect(c.nsis).toMatchObject({ oneClick: false, perMachine: false });
    expect(c.linux.target).toEqual([{ target: 'deb', arch: ['x64', 'arm64'] }]);
    expect(c.linux.category).toBe('Office');
  });

  it('package.json has no install-app-deps (nothing to rebuild for Electron)', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
    expect(JSON.stringify(pkg.scripts)).not.toContain('install-app-deps');
    expect(pkg.scripts.postinstall).toBeUndefined();
    expect(pkg.main).toBe('out/main/main.js');
  });
});
