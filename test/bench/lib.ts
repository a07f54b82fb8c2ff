import { readFileSync } from 'node:fs';

/** One line of `npm run bench -- --json FILE`. */
export interface BenchResult {
  name: string;
  p50Ms: number;
  p99Ms: number;
  ratio?: number;
  /** Human-readable target, e.g. "ratio ≤ 3". */
  target: string;
  pass: boolean;
  /** Extra figures worth printing (sizes, counts). */
  detail?: Record<string, number | string>;
}

export interface BenchContext {
  quick: boolean;
  log(line: string): void;
}

export interface Benchmark {
  name: string;
  run(ctx: BenchContext): Promise<BenchResult[]>;
}

export function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

export const round = (n: number, digits = 3) => Math.round(n * 10 ** digits) / 10 ** digits;

export function timeMs(fn: () => unknown): number {
  const t0 = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

export async function timeMsAsync(fn: () => Promise<unknown>): Promise<number> {
  const t0 = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

/**
 * This process's own peak RSS in MB. On Linux it is VmHWM: `resourceUsage().maxRSS` of a child
 * process also counts its parent's RSS at the fork (a bench child started by a 600 MB parent
 * reported 641 MB). Elsewhere maxRSS, which has no such inheritance on Windows.
 */
export function peakRssMb(): number {
  if (process.platform === 'linux') {
    const hwm = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'));
    if (hwm) return Number(hwm[1]) / 1024;
  }
  return process.resourceUsage().maxRSS / 1024;
}
