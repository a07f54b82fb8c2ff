import { renderLabelRaster } from '../../drivers/printer/raster';
import { qrMatrix } from '../../drivers/printer/raster/codes';
import { LABEL_40x30, RECEIPT_58, type LabelContent, type LabelTemplate } from '../../shared/domain/label';
import { sampleContent, signature } from '../unit/printer/rasterSupport';
import { percentile, round, timeMs, type Benchmark, type BenchResult } from './lib';

const TARGET_P99_MS = 30;

/** Every render gets its own signature, as every printed label does: nothing can be cached. */
function contents(n: number, offset: number): LabelContent[] {
  const base = sampleContent();
  return Array.from({ length: n }, (_, i) => ({ ...base, qr: base.qr.replace(/签 .*$/, `签 ${signature(offset + i)}`) }));
}

function measure(template: LabelTemplate, renders: number): BenchResult {
  for (const c of contents(20, 10_000)) renderLabelRaster(c, template); // JIT and font cache warm-up
  const batch = contents(renders, 0);
  const samples = batch.map((c) => timeMs(() => renderLabelRaster(c, template)));
  // bwip-js's QR encoder alone, on the same payloads: the share of the time no layout change can win back.
  const qr = batch.map((c) => timeMs(() => qrMatrix(c.qr)));
  const p99 = percentile(samples, 99);
  return {
    name: `raster ${template.name} with QR`,
    p50Ms: round(percentile(samples, 50)),
    p99Ms: round(p99),
    target: `p99 ≤ ${TARGET_P99_MS} ms`,
    pass: p99 <= TARGET_P99_MS,
    detail: { renders, qrBytes: Buffer.byteLength(batch[0].qr), qrMatrixP50Ms: round(percentile(qr, 50)), qrMatrixP99Ms: round(percentile(qr, 99)) },
  };
}

export const labelBench: Benchmark = {
  name: 'label raster',
  async run(ctx) {
    const renders = ctx.quick ? 100 : 500;
    ctx.log(`${renders} renders per template…`);
    return [LABEL_40x30, RECEIPT_58].map((t) => measure(t, renders));
  },
};
