import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeScan } from '../../../drivers/scanner/decode';
import { SuffixFramer } from '../../../drivers/scanner/framer';
import { findBarcodeScannerUsage, HID_POS_LAYOUTS, HidPosAssembler } from '../../../drivers/scanner/hidPos';
import { hidPosReports } from '../../../drivers/scanner/simulator';

/** Reports that look like scanner data often enough to exercise continuation: ID 2, a plausible count, random flags. */
const plausibleReport = fc
  .tuple(fc.integer({ min: 0, max: 60 }), fc.uint8Array({ minLength: 62, maxLength: 62 }), fc.boolean())
  .map(([count, rest, more]) => Uint8Array.from([2, count, ...rest.subarray(0, 61), more ? 1 : 0]));
const anyReport = fc.oneof(fc.uint8Array({ maxLength: 80 }), plausibleReport, plausibleReport);

describe('fuzz', () => {
  it('HidPosAssembler: 10k+ random reports never throw, buffer stays bounded, scans are well formed', () => {
    let reports = 0;
    let scans = 0;
    fc.assert(
      fc.property(fc.array(anyReport, { minLength: 60, maxLength: 200 }), fc.boolean(), (batch, withId) => {
        const layout = withId ? HID_POS_LAYOUTS.aimFirst : { ...HID_POS_LAYOUTS.aimFirst, reportId: null };
        const a = new HidPosAssembler({ layout, maxBytes: 512 });
        for (const report of batch) {
          reports++;
          for (const scan of a.push(report)) {
            scans++;
            expect(scan.bytes.length).toBeGreaterThan(0);
            expect(scan.bytes.length).toBeLessThanOrEqual(512);
            if (scan.aim !== undefined) expect(scan.aim).toMatch(/^\][A-Za-z][0-9A-Za-z]$/);
            decodeScan(scan.bytes);
          }
          expect(a.buffered).toBeLessThanOrEqual(512);
        }
      }),
      { numRuns: 200 },
    );
    expect(reports).toBeGreaterThanOrEqual(10_000);
    // The generator must reach the assembling paths, not only the rejections.
    expect(scans).toBeGreaterThan(100);
  });

  it('a real scan after any garbage still comes out intact', () => {
    fc.assert(
      fc.property(fc.array(anyReport, { maxLength: 40 }), fc.string({ minLength: 1, maxLength: 300 }), (garbage, text) => {
        const a = new HidPosAssembler();
        for (const r of garbage) a.push(r);
        // A final report ends whatever the garbage left open; then the real scan.
        a.push(Uint8Array.from([2, 0, ...new Uint8Array(62)]));
        const out = hidPosReports(text).flatMap((r) => a.push(r));
        expect(out).toHaveLength(Buffer.byteLength(text) > 0 ? 1 : 0);
        if (out[0]) expect(Buffer.from(out[0].bytes).toString('utf-8')).toBe(text);
      }),
      { numRuns: 300 },
    );
  });

  it('descriptor walker and decoder never throw on random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        expect(typeof findBarcodeScannerUsage(bytes)).toBe('boolean');
        const r = decodeScan(bytes);
        expect(['utf-8', 'gb18030']).toContain(r.encoding);
      }),
      { numRuns: 3000 },
    );
  });

  it('SuffixFramer: any chunking of the same stream gives the same frames, bounded buffer', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2000 }), fc.array(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 20 }), (stream, sizes) => {
        const whole = new SuffixFramer({ maxBytes: 256 }).push(stream).map((f) => [...f]);
        const framer = new SuffixFramer({ maxBytes: 256 });
        const chunked: number[][] = [];
        for (let at = 0, i = 0; at < stream.length; i++) {
          const size = sizes[i % sizes.length]!;
          chunked.push(...framer.push(stream.subarray(at, at + size)).map((f) => [...f]));
          at += size;
          expect(framer.buffered).toBeLessThanOrEqual(256);
        }
        expect(chunked).toEqual(whole);
        for (const f of whole) expect(f.some((b) => b === 0x0d || b === 0x0a || b === 0x09)).toBe(false);
      }),
      { numRuns: 500 },
    );
  });
});
