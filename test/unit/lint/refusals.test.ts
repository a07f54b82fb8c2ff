import { resolve } from 'node:path';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

// A refusal thrown with a bare reason string would escape the contract's enums (and the renderer's words).
const repoRoot = resolve(__dirname, '../../..');
let eslint: ESLint;

beforeAll(() => {
  eslint = new ESLint({ cwd: repoRoot });
});

async function ruleIds(code: string): Promise<(string | null)[]> {
  const [result] = await eslint.lintText(code, { filePath: resolve(repoRoot, 'electron/services/x.ts') });
  return result.messages.filter((m) => m.severity === 2).map((m) => m.ruleId);
}

const header = "import { ApiError, refused } from '../../shared/contract';\n";

describe('refusals in electron/', () => {
  it('rejects an ApiError built with a literal reason', async () => {
    expect(await ruleIds(`${header}export const e = [new ApiError('conflict', 'x', { reason: 'overSplit', remaining: 1 }), refused];`)).toEqual(['no-restricted-syntax']);
  });

  it('accepts refused() and scan errors that pass a parsed code on', async () => {
    const code = `${header}export const e = (c: string) => [refused('conflict', 'x', 'overSplit', { remaining: 1 }), new ApiError('badScan', 'x', { reason: c })];`;
    expect(await ruleIds(code)).toEqual([]);
  });
});
