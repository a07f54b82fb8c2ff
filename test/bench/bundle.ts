import { join } from 'node:path';
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import { BUNDLED_PACKAGES } from '../../scripts/bundledPackages';
import { ROOT } from '../support/core';

/**
 * A bench child as one CommonJS file beside node_modules, run with plain Node as the station's own
 * bundled code runs: never under the tsx loader, whose compile-on-load would count towards
 * start-up and memory. Its packages stay external but for those the station's bundle carries.
 */
export async function bundleChild(entry: string): Promise<string> {
  const outfile = join(ROOT, 'node_modules/.cache/bench', entry.replace(/\.ts$/, '.cjs'));
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Record<'dependencies' | 'devDependencies', Record<string, string>>;
  const external = [...Object.keys(pkg.dependencies), ...Object.keys(pkg.devDependencies)].filter((name) => !BUNDLED_PACKAGES.includes(name));
  await build({ entryPoints: [join(ROOT, 'test/bench', entry)], outfile, bundle: true, platform: 'node', format: 'cjs', external, logLevel: 'error' });
  return outfile;
}
