/** How a meter holds a value in 16-bit registers. */
export interface RegisterFormat {
  type: 'int16' | 'uint16' | 'uint32' | 'float32';
  /** 32-bit types: 'big' = high word first (ABCD, Eastron's default), 'little' = low word first (CDAB). */
  wordOrder?: 'big' | 'little';
  /** Engineering value = raw × scale (e.g. 0.01 for a meter that sends centiamps as int16). */
  scale?: number;
}

export function registerCount(type: RegisterFormat['type']): 1 | 2 {
  return type === 'int16' || type === 'uint16' ? 1 : 2;
}

/** Register words (as modbus-serial's `data` gives them) → engineering value. */
export function decodeRegisters(words: readonly number[], format: RegisterFormat): number {
  const count = registerCount(format.type);
  if (words.length < count) throw new RangeError(`${format.type} needs ${count} registers, got ${words.length}`);
  const buf = Buffer.alloc(4);
  const [hi, lo] = count === 2 && format.wordOrder === 'little' ? [words[1], words[0]] : [words[0], words[1]];
  buf.writeUInt16BE(hi & 0xffff, 0);
  if (count === 2) buf.writeUInt16BE(lo & 0xffff, 2);
  const raw = { int16: () => buf.readInt16BE(0), uint16: () => buf.readUInt16BE(0), uint32: () => buf.readUInt32BE(0), float32: () => buf.readFloatBE(0) }[format.type]();
  return raw * (format.scale ?? 1);
}

/** The inverse, for simulators: engineering value → register words. */
export function encodeRegisters(value: number, format: RegisterFormat): number[] {
  const raw = value / (format.scale ?? 1);
  const buf = Buffer.alloc(4);
  switch (format.type) {
    case 'int16':
      buf.writeInt16BE(Math.round(raw), 0);
      return [buf.readUInt16BE(0)];
    case 'uint16':
      buf.writeUInt16BE(Math.round(raw), 0);
      return [buf.readUInt16BE(0)];
    case 'uint32':
      buf.writeUInt32BE(Math.round(raw), 0);
      break;
    case 'float32':
      buf.writeFloatBE(raw, 0);
      break;
  }
  const words = [buf.readUInt16BE(0), buf.readUInt16BE(2)];
  return format.wordOrder === 'little' ? words.reverse() : words;
}
