import { defineConfig } from 'vitest/config';

// Tests live in folders per module (tests/core, tests/import, tests/dues, tests/campaign), plus
// tests/app (cross-cutting: database, layout, Electron shell), tests/domain (pure rules), tests/cli
// (one spawned smoke test per module) and tests/support (shared helpers, no tests).
// A test file that needs more than ~5 s on its own is named *.slow.test.ts: `npm run test:unit`
// leaves it to `npm run test:slow`; `npm test` runs both.
const SLOW = 'tests/**/*.slow.test.ts';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['tests/**/*.test.ts'],
          exclude: ['tests/e2e/**', SLOW],
          environment: 'node',
          pool: 'forks',
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'slow',
          include: [SLOW],
          environment: 'node',
          pool: 'forks',
          // the CLI's own V8 setting: the large import runs in-process here
          execArgv: ['--max-semi-space-size=64'],
          testTimeout: 600_000,
          hookTimeout: 180_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          environment: 'node',
          pool: 'forks',
          fileParallelism: false,
          testTimeout: 180_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
