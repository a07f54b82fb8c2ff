import { describe, expect, it } from 'vitest';
import { decodeRegisters, encodeRegisters, registerCount } from '../../../drivers/shredder/registers';

describe('register decoding', () => {
  it('float32 high word first (ABCD): 0x4120 0x0000 = 10.0 A', () => {
    expect(decodeRegisters([0x4120, 0x0000], { type: 'float32', wordOrder: 'big' })).toBe(10);
    // SDM-style voltage example: 0x4366 0x0000 = 230.0
    expect(decodeRegisters([0x4366, 0x0000], { type: 'float32' })).toBe(230);
  });

  it('float32 low word first (CDAB)', () => {
    // 3.14159 ≈ 0x40490FD0
    expect(decodeRegisters([0x0fd0, 0x4049], { type: 'float32', wordOrder: 'little' })).toBeCloseTo(3.14159, 5);
    expect(decodeRegisters([0x0000, 0x4120], { type: 'float32', wordOrder: 'little' })).toBe(10);
  });

  it('int16 with a scale factor, negatives included', () => {
    expect(decodeRegisters([1234], { type: 'int16', scale: 0.01 })).toBeCloseTo(12.34, 10);
    expect(decodeRegisters([0xfffe], { type: 'int16', scale: 0.1 })).toBeCloseTo(-0.2, 10);
    expect(decodeRegisters([0xfffe], { type: 'uint16' })).toBe(65534);
  });

  it('uint32 in both word orders', () => {
    expect(decodeRegisters([0x0001, 0x86a0], { type: 'uint32', scale: 0.001 })).toBeCloseTo(100, 10);
    expect(decodeRegisters([0x86a0, 0x0001], { type: 'uint32', wordOrder: 'little' })).toBe(100000);
  });

  it('too few registers is an error, not a wrong value', () => {
    expect(() => decodeRegisters([0x4120], { type: 'float32' })).toThrow(RangeError);
  });

  it('encode is the inverse of decode (used by the meter simulator)', () => {
    expect(encodeRegisters(10, { type: 'float32' })).toEqual([0x4120, 0x0000]);
    expect(encodeRegisters(10, { type: 'float32', wordOrder: 'little' })).toEqual([0x0000, 0x4120]);
    expect(encodeRegisters(-0.2, { type: 'int16', scale: 0.1 })).toEqual([0xfffe]);
    expect(encodeRegisters(100000, { type: 'uint32' })).toEqual([0x0001, 0x86a0]);
    expect(registerCount('int16')).toBe(1);
    expect(registerCount('float32')).toBe(2);
  });
});
