// `npm run bench [-- --quick] [-- --only NAME,…] [-- --json FILE]`: performance targets live here,
// never in unit tests. Each benchmark runs in a process of its own, started fresh, so what ran
// before it (a million seeded lots, a drained outbox) cannot change its figures.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchResult, Benchmark } from './lib';
import { labelBench } from './label.bench';
import { ledgerBench } from './ledger.bench';
import { receivingBench } from './receiving.bench';
import { reportBench } from './report.bench';
import { scaleBench } from './scale.bench';
import { scaleLatencyBench } from './scaleLatency.bench';
import { splitBench } from './split.bench';
import { uploadBench } from './upload.bench';
import { exportsBench } from './exports.bench';
import { recallBench } from './recall.bench';

/** Later issues append their benchmarks here. */
const BENCHMARKS: Benchmark[] = [receivingBench, splitBench, labelBench, scaleBench, scaleLatencyBench, uploadBench, ledgerBench, exportsBench, reportBench, recallBench];

const argValue = (argv: string[], name: string) => {
  const at = argv.indexOf(name);
  if (at < 0) return undefined;
  const value = argv[at + 1];
  if (!value || value.startsWith('--')) throw new Error(`${name} needs a value`);
  return value;
};

/** In the child: run one benchmark, write its results to `resultFile`. */
async function runOne(name: string, resultFile: string, quick: boolean) {
  const bench = BENCHMARKS.find((b) => b.name === name);
  if (!bench) throw new Error(`no benchmark named ${name}`);
  const results = await bench.run({ quick, log: (l) => console.log(`  ${l}`) });
  writeFileSync(resultFile, JSON.stringify(results));
}

function print(r: BenchResult) {
  const figures = r.p50Ms || r.p99Ms ? `p50 ${r.p50Ms} ms  p99 ${r.p99Ms} ms` : '';
  const ratio = r.ratio !== undefined ? `  ratio ${r.ratio}` : '';
  const detail = r.detail
    ? `  ${Object.entries(r.detail)
        .map(([k, v]) => `${k}=${v}`)
        .join(' ')}`
    : '';
  console.log(`  ${r.pass ? '✔' : '✘'} ${r.name}: ${figures}${ratio}${detail}  [target ${r.target}]`);
}

async function main() {
  const argv = process.argv.slice(2);
  const quick = argv.includes('--quick');
  const child = argValue(argv, '--child');
  if (child) return runOne(child, argValue(argv, '--result')!, quick);

  const jsonFile = argValue(argv, '--json');
  // `--only upload-drain,scale` runs the benchmarks whose names start with one of these.
  const only = (argValue(argv, '--only') ?? '').split(',').filter(Boolean);
  const chosen = only.length ? BENCHMARKS.filter((b) => only.some((o) => b.name.startsWith(o))) : BENCHMARKS;
  if (only.length && chosen.length === 0) throw new Error(`--only matches none of: ${BENCHMARKS.map((b) => b.name).join(', ')}`);

  const tmp = mkdtempSync(join(tmpdir(), 'bench-run-'));
  const all: BenchResult[] = [];
  try {
    for (const [i, b] of chosen.entries()) {
      console.log(`▶ ${b.name}${quick ? ' (quick)' : ''}`);
      const resultFile = join(tmp, `${i}.json`);
      const run = spawnSync(process.execPath, ['--import', 'tsx', __filename, '--child', b.name, '--result', resultFile, ...(quick ? ['--quick'] : [])], { stdio: 'inherit' });
      let results: BenchResult[];
      try {
        results = JSON.parse(readFileSync(resultFile, 'utf8'));
      } catch {
        results = [{ name: b.name, p50Ms: 0, p99Ms: 0, target: 'runs to the end', pass: false, detail: { exit: run.status ?? String(run.signal) } }];
      }
      results.forEach(print);
      all.push(...results);
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
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
