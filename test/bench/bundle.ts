import { join } from 'node:path';
import { build } from 'esbuild';
import { ROOT } from '../support/core';

/**
 * A bench child as one CommonJS file beside node_modules (its packages stay external), run with
 * plain Node as the station's own bundled code runs: never under the tsx loader, whose
 * compile-on-load would count towards start-up and memory.
 */
export async function bundleChild(entry: string): Promise<string> {
  const outfile = join(ROOT, 'node_modules/.cache/bench', entry.replace(/\.ts$/, '.cjs'));
  await build({ entryPoints: [join(ROOT, 'test/bench', entry)], outfile, bundle: true, platform: 'node', format: 'cjs', packages: 'external', logLevel: 'error' });
  return outfile;
}
