import bwipjs from 'bwip-js/node';
import { renderLabelRaster } from '../../drivers/printer/raster';
import { layOut } from '../../drivers/printer/raster/renderLabel';
import { qrMatrix } from '../../drivers/printer/raster/codes';
import { LABEL_40x30, RECEIPT_58, type LabelContent, type LabelTemplate } from '../../shared/domain/label';
import { signature, urlContent } from '../unit/printer/rasterSupport';
import { percentile, round, timeMs, type Benchmark, type BenchResult } from './lib';

/** As native labels (split-sale bench): a raster label is no reason to keep a buyer waiting. */
const TARGET_P99_MS = 5;

/**
 * Every render is its own child lot, as every printed label is: its own code, quantity and signature,
 * so neither the QR nor the code line's layout can come from a cache. Product and issuer repeat,
 * as they do at a stall.
 */
function contents(n: number, offset: number): LabelContent[] {
  return Array.from({ length: n }, (_, i) => {
    const k = offset + i;
    // As printed since issue 19: the QR is the query URL with the code and its signature, 产地 and 检测 on the label.
    const c = urlContent({ code: `30501020000${String(k).padStart(8, '0')}`, quantity: `${(0.5 + (k % 997) / 100).toFixed(3)} 公斤` });
    return { ...c, qr: c.qr.replace(/s=.*$/, `s=${signature(k)}`) };
  });
}

function measure(template: LabelTemplate, renders: number): BenchResult {
  // The first label of the process (for the first template: fonts opened, caches and JIT cold), as a
  // station's first label after start; then warm-up, as every later label of a working day is.
  const [first, ...warmUp] = contents(101, 10_000);
  const firstRenderMs = timeMs(() => renderLabelRaster(first, template));
  for (const c of warmUp) renderLabelRaster(c, template);
  const batch = contents(renders, 0);
  const samples = batch.map((c) => timeMs(() => renderLabelRaster(c, template)));
  // Stages on the same payloads: the layout (QR matrix included), the QR matrix alone, and beside it
  // the peer it replaced (bwip-js, still our Code 128). The rest of a render is drawing.
  const layout = batch.map((c) => timeMs(() => layOut(c, template)));
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
      firstRenderMs: round(firstRenderMs),
      layoutP50Ms: round(percentile(layout, 50)),
      layoutP99Ms: round(percentile(layout, 99)),
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
