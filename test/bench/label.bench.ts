import bwipjs from 'bwip-js/node';
import { renderLabelRaster } from '../../drivers/printer/raster';
import { qrMatrix } from '../../drivers/printer/raster/codes';
import { LABEL_40x30, RECEIPT_58, type LabelContent, type LabelTemplate } from '../../shared/domain/label';
import { sampleContent, signature } from '../unit/printer/rasterSupport';
import { percentile, round, timeMs, type Benchmark, type BenchResult } from './lib';

/** As native labels (split-sale bench): a raster label is no reason to keep a buyer waiting. */
const TARGET_P99_MS = 5;

/** Every render gets its own signature, as every printed label does: nothing can be cached. */
function contents(n: number, offset: number): LabelContent[] {
  const base = sampleContent();
  return Array.from({ length: n }, (_, i) => ({ ...base, qr: base.qr.replace(/签 .*$/, `签 ${signature(offset + i)}`) }));
}

function measure(template: LabelTemplate, renders: number): BenchResult {
  for (const c of contents(100, 10_000)) renderLabelRaster(c, template); // JIT and font cache warm-up
  const batch = contents(renders, 0);
  const samples = batch.map((c) => timeMs(() => renderLabelRaster(c, template)));
  // The QR matrix alone on the same payloads, beside the peer it replaced (bwip-js, still our Code 128).
  const qr = batch.map((c) => timeMs(() => qrMatrix(c.qr)));
  const peer = batch.map((c) => timeMs(() => bwipjs.raw('qrcode', c.qr, 'eclevel=M')));
  const p99 = percentile(samples, 99);
  return {
    name: `raster ${template.name} with QR`,
    p50Ms: round(percentile(samples, 50)),
    p99Ms: round(p99),
    target: `p99 ≤ ${TARGET_P99_MS} ms`,
    pass: p99 <= TARGET_P99_MS,
    detail: {
      renders,
      qrBytes: Buffer.byteLength(batch[0].qr),
      qrMatrixP50Ms: round(percentile(qr, 50)),
      qrMatrixP99Ms: round(percentile(qr, 99)),
      bwipQrP50Ms: round(percentile(peer, 50)),
      bwipQrP99Ms: round(percentile(peer, 99)),
    },
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
