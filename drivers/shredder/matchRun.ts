import type { ShredderRun } from './types';

export interface RunMatch {
  run: ShredderRun | null;
  flag: null | 'noRunDetected';
}

/**
 * The run that proves a disposal: the one overlapping the disposal's window the most (latest on a
 * tie). With a device fitted and no such run, the disposal is flagged for review — the goods may
 * not have gone through the shredder. Without a device there is nothing to check.
 */
export function matchRun(runs: readonly ShredderRun[], window: { from: number; to: number }, fitted: boolean): RunMatch {
  let best: ShredderRun | null = null;
  let bestOverlap = -1;
  for (const run of runs) {
    if (run.startedAt > window.to || run.endedAt < window.from) continue;
    const overlap = Math.min(run.endedAt, window.to) - Math.max(run.startedAt, window.from);
    if (overlap > bestOverlap || (overlap === bestOverlap && best !== null && run.startedAt > best.startedAt)) {
      best = run;
      bestOverlap = overlap;
    }
  }
  return { run: best, flag: fitted && best === null ? 'noRunDetected' : null };
}
