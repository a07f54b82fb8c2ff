// Layering is enforced here, not by habit (docs/architecture.md): pure code cannot reach Node or
// Electron, the renderer cannot reach Node, Electron or the main-process code, and only three
// files may import Electron at run time (no Electron binary exists in CI, so anything else that
// imports it cannot be tested).
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const nodeBuiltins = {
  paths: builtinModules.map((name) => ({ name, message: 'Node built-ins belong in electron/ or drivers/.' })),
  patterns: [{ group: ['node:*'], message: 'Node built-ins belong in electron/ or drivers/.' }],
};
const electronBare = { name: 'electron', message: 'Only electron/main.ts, electron/preload.ts and electron/transport/ipc.ts import Electron.' };
// Packages that only work in the Node process (native modules, database, sockets).
const nodeOnlyPackages = ['better-sqlite3', 'ws', 'drizzle-orm', 'serialport', 'usb', 'node-thermal-printer'].map((name) => ({
  name,
  message: 'Node-only package: call the station API instead.',
}));
const nodeOnlyPackagePatterns = [{ group: ['drizzle-orm/*', '@serialport/*'], message: 'Node-only package: call the station API instead.' }];
/**
 * A relative import that climbs up and into one of the given top-level folders. A same-named
 * subfolder reached with './' (say renderer/src/screens/drivers/) stays allowed.
 */
const intoFolders = (folders, message) => ({ regex: `^(\\.\\./)+(${folders.join('|')})(/|$)`, message });

export default defineConfig(
  globalIgnores(['out/', 'dist/', 'node_modules/', 'test/fixtures/lint/**', '.stryker-tmp/', 'reports/']),
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    // A disable comment that no longer silences anything hides nothing but itself: remove it.
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  {
    // Tests poke at loosely typed fakes and third-party internals.
    files: ['test/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: globals.node },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['shared/**'],
    // Pure code: ES built-ins only, so it runs unchanged in Node, the renderer and tests.
    languageOptions: { globals: globals.es2021 },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            ...nodeBuiltins.paths,
            { ...electronBare, message: 'shared/ is pure: no Electron.' },
            ...nodeOnlyPackages,
            { name: 'react', message: 'shared/ is pure: no UI.' },
            { name: 'react-dom', message: 'shared/ is pure: no UI.' },
          ],
          patterns: [
            ...nodeBuiltins.patterns,
            ...nodeOnlyPackagePatterns,
            { group: ['electron/*', 'react/*', 'react-dom/*'], message: 'shared/ is pure: no Electron, no UI.' },
            intoFolders(['electron', 'renderer', 'drivers'], 'shared/ is pure: it may not depend on electron/, renderer/ or drivers/.'),
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        ...['window', 'document', 'navigator', 'localStorage', 'sessionStorage'].map((name) => ({
          name,
          message: 'shared/ is pure: no browser globals.',
        })),
        ...['process', 'Buffer', 'require', 'module', 'global', '__dirname', '__filename'].map((name) => ({
          name,
          message: 'shared/ is pure: no Node globals.',
        })),
      ],
    },
  },
  {
    files: ['renderer/**'],
    languageOptions: { globals: globals.browser },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [...nodeBuiltins.paths, { ...electronBare, message: 'The renderer reaches Node only through window.stationApi.' }, ...nodeOnlyPackages],
          patterns: [
            ...nodeBuiltins.patterns,
            ...nodeOnlyPackagePatterns,
            { group: ['electron/*'], message: 'The renderer reaches Node only through window.stationApi.' },
            intoFolders(['electron', 'drivers'], 'The renderer may import shared/ only, never electron/ or drivers/.'),
          ],
        },
      ],
    },
  },
  {
    files: ['electron/**'],
    languageOptions: { globals: globals.node },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          // Types are erased at build time, so they cost nothing in tests.
          paths: [{ ...electronBare, allowTypeImports: true }],
          patterns: [intoFolders(['renderer'], 'The main process talks to the renderer over IPC, not by import.')],
        },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "NewExpression[callee.name='ApiError'] > ObjectExpression > Property[key.name='reason'] > Literal",
          message: 'Refuse with refused(code, message, reason): its reason is typed by shared/contract/refusals.ts and worded by the renderer.',
        },
      ],
    },
  },
  {
    files: ['electron/main.ts', 'electron/preload.ts', 'electron/transport/ipc.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [intoFolders(['renderer'], 'The main process talks to the renderer over IPC, not by import.')] }],
    },
  },
  {
    files: ['drivers/**'],
    languageOptions: { globals: globals.node },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ ...electronBare, message: 'Drivers run under plain Node too (tests, loopback server): no Electron.' }],
          patterns: [{ group: ['electron/*'], message: 'Drivers run under plain Node too: no Electron.' }, intoFolders(['renderer'], 'Drivers may not depend on the renderer.')],
        },
      ],
    },
  },
);
