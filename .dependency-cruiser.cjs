// The layer rules (docs/architecture.md#layers), checked in `npm test` by `npm run test:layers`.
// Dependencies point one way: domain ← contract ← services ← adapters; the renderer sees only the
// contract; a module reaches another module only through that module's contract.ts.

const DOMAIN = '^src-main/(domain/|modules/[^/]+/domain/)';
const CONTRACT = '^src-main/(contract/|modules/[^/]+/contract[.]ts$)';
const SERVICES = '^src-main/(services/|modules/[^/]+/(services/|handlers[.]ts$|exports[.]ts$|reminders[.]ts$|figures[.]ts$))';
const CLI = '^src-main/(adapters/cli/|modules/[^/]+/cli[.]ts$)';
const SHELL = '^src-main/(main|preload)[.]ts$|^src-main/adapters/ipc/';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      comment: 'No file reaches itself through its imports (type-only imports included).',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'domain-is-pure',
      comment: 'domain/ holds pure rules: it imports only other domain code and pure libraries, never Node, a database or a file.',
      severity: 'error',
      from: { path: DOMAIN },
      to: {
        pathNot: [DOMAIN, '^node_modules/(pinyin-pro|zod)/'],
      },
    },
    {
      name: 'contract-over-domain',
      comment: 'The contract declares operations and their types over domain only (and zod).',
      severity: 'error',
      from: { path: CONTRACT },
      to: { pathNot: [CONTRACT, DOMAIN, '^node_modules/zod/'] },
    },
    {
      name: 'services-below-adapters',
      comment: 'Services never import an adapter, the module list, or Electron.',
      severity: 'error',
      from: { path: SERVICES },
      to: { path: ['^src-main/adapters/', '^src-main/modules/(index|define)[.]ts$', '^src-main/app[.]ts$', '^electron$', '^node_modules/electron/'] },
    },
    {
      name: 'cli-over-contract',
      comment: 'CLI commands map flags onto contract operations; they never query the database or call a service directly.',
      severity: 'error',
      from: { path: CLI },
      to: { path: ['^src-main/(services|db|excel)/', '^src-main/modules/[^/]+/(services/|handlers[.]ts$|tables[.]ts$)'] },
    },
    {
      name: 'renderer-knows-only-the-contract',
      comment: 'The renderer imports the contract (src-main/contract, modules/*/contract.ts) and nothing else of the main side, and nothing of Node.',
      severity: 'error',
      from: { path: '^src-renderer/' },
      to: { path: '^src-main/', pathNot: CONTRACT },
    },
    {
      name: 'renderer-no-node',
      severity: 'error',
      from: { path: '^src-renderer/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'modules-meet-through-contracts',
      comment: 'A module uses another module only through its contract.ts.',
      severity: 'error',
      from: { path: '^src-main/modules/([^/]+)/' },
      to: { path: '^src-main/modules/[^/]+/', pathNot: ['^src-main/modules/$1/', '^src-main/modules/[^/]+/contract[.]ts$', '^src-main/modules/define[.]ts$'] },
    },
    {
      name: 'electron-only-in-the-shell',
      comment: 'Only the Electron shell (main.ts, preload.ts, adapters/ipc) imports electron.',
      severity: 'error',
      from: { pathNot: SHELL },
      to: { path: ['^electron$', '^node_modules/electron/'] },
    },
    {
      name: 'no-orphans',
      comment: 'A file nothing imports is dead code (entry points, declarations and configs excepted).',
      severity: 'error',
      from: {
        orphan: true,
        pathNot: [
          '[.]d[.]ts$',
          '^src-main/(main|preload)[.]ts$',
          '^src-main/adapters/(cli|web)/main[.]ts$',
          '^src-main/modules/import/services/analysis-worker[.]ts$',
          '^src-renderer/src/main[.]tsx$',
          '^src-renderer/src/modules/[^/]+/(pages|setup)[.]ts$',
        ],
      },
      to: {},
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    includeOnly: '^(src-main|src-renderer|migrations)/',
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
