import polynomial from 'qrcode/lib/core/polynomial.js';
import { describe, expect, it } from 'vitest';
import { generator, libraryGenerator, libraryRemainder, remainder } from '../../../drivers/printer/raster/qrReedSolomon';
import { seededRandom } from '../../fixtures/seededRandom';

describe('the Reed–Solomon remainder node-qrcode encodes with', () => {
  it('is ours in node-qrcode once the module is loaded (codes.ts loads it)', () => {
    expect(polynomial.mod).toBe(remainder);
    expect(libraryRemainder).not.toBe(remainder);
    expect(polynomial.generateECPolynomial).toBe(generator);
  });

  it('keeps each generator polynomial: the library’s coefficients, built once per degree', () => {
    for (let degree = 1; degree <= 30; degree++) {
      expect([...generator(degree)]).toEqual([...libraryGenerator(degree)]);
      expect(generator(degree)).toBe(generator(degree));
    }
  });

  it('gives the library’s bytes for every EC degree QR uses and block sizes up to version 40', () => {
    const random = seededRandom(20261205);
    // EC codewords per block in ISO/IEC 18004 table 9: 7 … 30.
    for (const degree of [7, 10, 13, 15, 16, 17, 18, 20, 22, 24, 26, 28, 30]) {
      const divisor = libraryGenerator(degree);
      for (const dataLength of [1, 2, 9, 16, 19, 46, 97, 118, 122, 123]) {
        for (let round = 0; round < 8; round++) {
          const data = new Uint8Array(dataLength + degree);
          // Leading zeros too: the library skips them by trimming, ours by stepping over them.
          for (let i = 0; i < dataLength; i++) data[i] = round === 0 && i < 3 ? 0 : Math.floor(random() * 256);
          expect([...remainder(data, divisor)], `degree ${degree}, ${dataLength} bytes`).toEqual([...libraryRemainder(new Uint8Array(data), divisor)]);
        }
      }
    }
  });

  it('leaves a dividend shorter than the divisor as it is, as the library does', () => {
    const divisor = libraryGenerator(7);
    expect([...remainder(new Uint8Array([0, 5, 0]), divisor)]).toEqual([...libraryRemainder(new Uint8Array([0, 5, 0]), divisor)]);
  });
});
