import polynomial from 'qrcode/lib/core/polynomial.js';
import galoisField from 'qrcode/lib/core/galois-field.js';

/**
 * node-qrcode 1.5's Reed–Solomon remainder (`Polynomial.mod`) copies the whole remaining
 * polynomial after every division step (`result.slice(offset)`): for a label's QR that is a third of
 * all the memory one raster label allocates, and the garbage collections it causes were the slow
 * 1% of raster labels (npm run bench, label raster). The same long division, in one working copy:
 * the remainder's bytes are the same (test/unit/printer/qrReedSolomon.test.ts compares both over
 * every version's block sizes). Installed once, where the raster encoder imports node-qrcode.
 */
export function remainder(dividend: Uint8Array, divisor: Uint8Array): Uint8Array {
  const work = new Uint8Array(dividend);
  const steps = work.length - divisor.length + 1;
  if (steps <= 0) return work;
  for (let i = 0; i < steps; i++) {
    const coeff = work[i];
    if (coeff === 0) continue;
    for (let j = 0; j < divisor.length; j++) work[i + j] ^= galoisField.mul(divisor[j], coeff);
  }
  // What is left after the last step, without leading zeros, as node-qrcode returns it.
  let start = steps;
  while (start < work.length && work[start] === 0) start++;
  return work.subarray(start);
}

/** node-qrcode's own functions, kept for the test that compares them with ours. */
export const libraryRemainder: (dividend: Uint8Array, divisor: Uint8Array) => Uint8Array = polynomial.mod;
export const libraryGenerator: (degree: number) => Uint8Array = polynomial.generateECPolynomial;

/**
 * The generator polynomial of a degree never changes, yet node-qrcode builds it again for every
 * symbol (degree + 1 multiplications, each a new array). Kept per degree; only ever read.
 */
const generators = new Map<number, Uint8Array>();
export function generator(degree: number): Uint8Array {
  let g = generators.get(degree);
  if (!g) generators.set(degree, (g = libraryGenerator(degree)));
  return g;
}

polynomial.mod = remainder;
polynomial.generateECPolynomial = generator;
