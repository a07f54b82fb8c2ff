import { resolve } from 'node:path';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

// Lints snippets as if they lived at these paths, through the repo's own eslint.config.mjs.
const repoRoot = resolve(__dirname, '../../..');
let eslint: ESLint;

beforeAll(() => {
  eslint = new ESLint({ cwd: repoRoot });
});

async function ruleIds(path: string, code: string): Promise<(string | null)[]> {
  const [result] = await eslint.lintText(code, { filePath: resolve(repoRoot, path) });
  return result.messages.filter((m) => m.severity === 2).map((m) => m.ruleId);
}

const imports = (n: number) => Array(n).fill('no-restricted-imports');

describe('layering: forbidden', () => {
  it.each([
    ['shared/domain/bad.ts', "import { readFileSync } from 'node:fs';\nexport const read = readFileSync;", 1],
    ['shared/domain/bad.ts', "import { join } from 'path';\nimport { randomUUID } from 'crypto';\nexport const x = [join, randomUUID];", 2],
    ['shared/domain/bad.ts', "import { readFile } from 'fs/promises';\nexport const x = readFile;", 1],
    ['shared/domain/bad.ts', "import { ipcRenderer } from 'electron';\nexport const x = ipcRenderer;", 1],
    ['shared/domain/bad.ts', "import { dispatch } from '../../electron/core/dispatch';\nexport const x = dispatch;", 1],
    ['shared/domain/bad.ts', "import { App } from '../../renderer/src/App';\nexport const x = App;", 1],
    ['shared/domain/bad.ts', "import { scale } from '../../drivers/scale';\nexport const x = scale;", 1],
    ['shared/domain/bad.ts', "import { useState } from 'react';\nimport { jsx } from 'react/jsx-runtime';\nexport const x = [useState, jsx];", 2],
    ['renderer/src/bad.tsx', "import { ipcRenderer } from 'electron';\nexport const x = ipcRenderer;", 1],
    ['renderer/src/bad.tsx', "import { createDispatcher } from '../../electron/core/dispatch';\nexport const x = createDispatcher;", 1],
    ['renderer/src/screens/bad.tsx', "import { scale } from '../../../drivers/scale';\nexport const x = scale;", 1],
    ['renderer/src/bad.tsx', "import Database from 'better-sqlite3';\nexport const x = Database;", 1],
    [
      'renderer/src/bad.tsx',
      "import { WebSocketServer } from 'ws';\nimport { eq } from 'drizzle-orm';\nimport { sqliteTable } from 'drizzle-orm/sqlite-core';\nexport const x = [WebSocketServer, eq, sqliteTable];",
      3,
    ],
    ['renderer/src/bad.tsx', "import { readFileSync } from 'node:fs';\nimport os from 'os';\nexport const x = [readFileSync, os];", 2],
    ['electron/services/bad.ts', "import { app } from 'electron';\nexport const x = app;", 1],
    ['electron/core/bad.ts', "export { BrowserWindow } from 'electron';", 1],
    ['drivers/scale/bad.ts', "import { app } from 'electron';\nexport const x = app;", 1],
    ['drivers/scale/bad.ts', "import { App } from '../../renderer/src/App';\nexport const x = App;", 1],
  ])('%s: %s', async (path, code, count) => {
    expect(await ruleIds(path, code)).toEqual(imports(count));
  });

  it.each([
    ['shared/x.ts', 'export const width = window.innerWidth;'],
    ['shared/x.ts', 'export const title = document.title;'],
    ['shared/x.ts', 'export const dev = process.env.NODE_ENV;'],
    ['shared/x.ts', "export const bytes = Buffer.from('a');"],
    ['shared/x.ts', "export const lib = require('zod');"],
  ])('%s: %s', async (path, code) => {
    const ids = await ruleIds(path, code);
    expect(ids.filter((id) => id === 'no-restricted-globals')).toHaveLength(1);
    // require() also trips typescript-eslint's own rule; nothing else may fire.
    expect(ids.every((id) => id === 'no-restricted-globals' || id === '@typescript-eslint/no-require-imports')).toBe(true);
  });
});

describe('layering: allowed', () => {
  it.each([
    ['renderer/src/ok.tsx', "import { METHOD_NAMES } from '../../shared/contract';\nexport const x = METHOD_NAMES;"],
    ['renderer/src/ok.tsx', "import { useState } from 'react';\nexport const x = useState;"],
    ['renderer/src/screens/ok.tsx', "import { ScaleSettings } from './drivers/ScaleSettings';\nimport { hint } from './electronHint';\nexport const x = [ScaleSettings, hint];"],
    ['shared/domain/ok.ts', "import { z } from 'zod';\nimport { ROLES } from '../contract/roles';\nexport const x = [z, ROLES];"],
    ['shared/domain/ok.ts', 'export const now = (): number => Date.now() + Math.round(JSON.parse("1"));'],
    ['electron/main.ts', "import { app, BrowserWindow } from 'electron';\nexport const x = [app, BrowserWindow];"],
    ['electron/preload.ts', "import { contextBridge } from 'electron';\nexport const x = contextBridge;"],
    ['electron/transport/ipc.ts', "import type { IpcMain } from 'electron';\nexport type X = IpcMain;"],
    // Type-only imports are erased, so they cannot make a module untestable without Electron.
    ['electron/window/ok.ts', "import type { BrowserWindowConstructorOptions } from 'electron';\nexport type X = BrowserWindowConstructorOptions;"],
    ['electron/services/ok.ts', "import { join } from 'node:path';\nimport Database from 'better-sqlite3';\nexport const x = [join, Database];"],
    ['drivers/scale/ok.ts', "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;"],
  ])('%s: %s', async (path, code) => {
    expect(await ruleIds(path, code)).toEqual([]);
  });
});
