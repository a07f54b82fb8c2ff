// `npm run bench [-- --quick] [-- --json FILE]`: performance targets live here, never in unit tests.
import { writeFileSync } from 'node:fs';
import type { BenchResult, Benchmark } from './lib';
import { labelBench } from './label.bench';
import { receivingBench } from './receiving.bench';
import { scaleBench } from './scale.bench';
import { scaleLatencyBench } from './scaleLatency.bench';
import { splitBench } from './split.bench';
import { uploadBench } from './upload.bench';

/** Later issues append their benchmarks here. */
const BENCHMARKS: Benchmark[] = [receivingBench, splitBench, labelBench, scaleBench, scaleLatencyBench, uploadBench];

async function main() {
  const argv = process.argv.slice(2);
  const quick = argv.includes('--quick');
  const jsonAt = argv.indexOf('--json');
  const jsonFile = jsonAt >= 0 ? argv[jsonAt + 1] : undefined;
  if (jsonAt >= 0 && !jsonFile) throw new Error('--json needs a file name');
  // `--only upload-drain,scale` runs the benchmarks whose names start with one of these.
  const onlyAt = argv.indexOf('--only');
  const only = onlyAt >= 0 ? (argv[onlyAt + 1] ?? '').split(',').filter(Boolean) : [];
  const chosen = only.length ? BENCHMARKS.filter((b) => only.some((o) => b.name.startsWith(o))) : BENCHMARKS;
  if (only.length && chosen.length === 0) throw new Error(`--only matches none of: ${BENCHMARKS.map((b) => b.name).join(', ')}`);

  const all: BenchResult[] = [];
  for (const b of chosen) {
    console.log(`▶ ${b.name}${quick ? ' (quick)' : ''}`);
    const results = await b.run({ quick, log: (l) => console.log(`  ${l}`) });
    for (const r of results) {
      const figures = r.p50Ms || r.p99Ms ? `p50 ${r.p50Ms} ms  p99 ${r.p99Ms} ms` : '';
      const ratio = r.ratio !== undefined ? `  ratio ${r.ratio}` : '';
      const detail = r.detail ? `  ${Object.entries(r.detail).map(([k, v]) => `${k}=${v}`).join(' ')}` : '';
      console.log(`  ${r.pass ? '✔' : '✘'} ${r.name}: ${figures}${ratio}${detail}  [target ${r.target}]`);
    }
    all.push(...results);
  }
  if (jsonFile) writeFileSync(jsonFile, JSON.stringify(all, null, 2));
  const failed = all.filter((r) => !r.pass).length;
  console.log(`${all.length - failed}/${all.length} benchmarks within target`);
  process.exitCode = failed ? 1 : 0;
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
