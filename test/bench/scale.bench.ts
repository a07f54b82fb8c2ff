import { SCALE_PROTOCOLS } from '../../drivers/scale/protocols';
import type { ScaleProtocol, SimState } from '../../drivers/scale/types';
import { fuzzProtocol, noisePassed } from '../unit/scale/noise';
import { percentile, round, type Benchmark, type BenchResult } from './lib';

/** A stream of frames for varied weights, as a continuous scale or a polled one would send them. */
function frames(p: ScaleProtocol, count: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let i = 0; out.length < count; i++) {
    const s: SimState = { kg: (i % 30_000) / 100, tareKg: i % 7 === 0 ? 0.25 : 0, stable: i % 3 !== 0, overload: false, underload: false, unit: 'kg' };
    const f = p.encode(s);
    if (f.length) out.push(f);
  }
  return out;
}

function throughput(p: ScaleProtocol, count: number): BenchResult {
  const list = frames(p, count);
  const stream = Uint8Array.from(list.flatMap((f) => [...f]));
  // Whole-stream throughput: one push, as a fast port read would deliver it; median of 5 after a warm-up.
  let events = 0;
  const runs = [...Array(6)].map(() => {
    const t0 = process.hrtime.bigint();
    events = p.createDecoder().push(stream).length;
    return Number(process.hrtime.bigint() - t0) / 1e6;
  });
  const wholeMs = percentile(runs.slice(1), 50);
  // Per-frame latency: one push per frame, as a slow serial line delivers them.
  const d = p.createDecoder();
  const per: number[] = [];
  for (const f of list) {
    const t = process.hrtime.bigint();
    d.push(f);
    per.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  const p99 = percentile(per, 99);
  return {
    name: `scale decode ${p.id}`,
    p50Ms: round(percentile(per, 50), 5),
    p99Ms: round(p99, 5),
    // 9600 baud delivers under 1,000 bytes/s: a p99 frame far under 1 ms leaves the line the limit.
    target: 'p99 per frame ≤ 1 ms',
    pass: p99 <= 1 && events >= list.length * 0.99,
    detail: {
      frames: list.length,
      events,
      mbPerS: round(stream.length / 1e6 / (wholeMs / 1000), 2),
      framesPerS: Math.round(list.length / (wholeMs / 1000)),
    },
  };
}

export const scaleBench: Benchmark = {
  name: 'scale',
  async run(ctx) {
    const count = ctx.quick ? 5_000 : 50_000;
    const results: BenchResult[] = [];
    for (const p of SCALE_PROTOCOLS) {
      const r = throughput(p, count);
      ctx.log(`${p.id}: ${r.detail!.mbPerS} MB/s, ${r.detail!.framesPerS} frames/s, p99 ${r.p99Ms} ms`);
      results.push(r);
    }
    const total = ctx.quick ? 100_000 : 1_000_000;
    const per = Math.ceil(total / SCALE_PROTOCOLS.length);
    const t0 = process.hrtime.bigint();
    const reports = SCALE_PROTOCOLS.map((p, i) => ({ id: p.id, r: fuzzProtocol(p, per, 0xbe7c4 + i) }));
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    const failed = reports.filter(({ r }) => !noisePassed(r)).map(({ id }) => id);
    results.push({
      name: `scale fuzz soak ${(per * SCALE_PROTOCOLS.length).toLocaleString('en')} random sequences`,
      p50Ms: 0,
      p99Ms: 0,
      target: 'no throw, no stable reading from noise, buffer ≤ 256 B',
      pass: failed.length === 0,
      detail: {
        seconds: round(ms / 1000, 2),
        bytes: reports.reduce((a, { r }) => a + r.bytes, 0),
        noiseReadings: reports.reduce((a, { r }) => a + r.readings, 0),
        failed: failed.join(',') || 'none',
      },
    });
    return results;
  },
};
