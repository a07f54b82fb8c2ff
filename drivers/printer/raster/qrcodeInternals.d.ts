// The two node-qrcode 1.5 modules qrReedSolomon.ts reaches into (they have no types of their own).
declare module 'qrcode/lib/core/polynomial.js' {
  const polynomial: { mod(dividend: Uint8Array, divisor: Uint8Array): Uint8Array; generateECPolynomial(degree: number): Uint8Array };
  export default polynomial;
}
declare module 'qrcode/lib/core/galois-field.js' {
  const galoisField: { mul(x: number, y: number): number };
  export default galoisField;
}
