/** Units a scale may display. Catty variants differ by region (KG_PER_UNIT). */
export type ScaleUnit = 'kg' | 'g' | 'lb' | 'jin' | 'liang' | 'twCatty' | 'hkCatty';

export const KG_PER_UNIT: Record<ScaleUnit, number> = {
  kg: 1,
  g: 0.001,
  lb: 0.45359237,
  jin: 0.5, // 市斤, mainland
  liang: 0.05, // 两
  twCatty: 0.6, // 台斤
  hkCatty: 0.60478982, // 司马斤
};

export const toKg = (value: number, unit: ScaleUnit): number => value * KG_PER_UNIT[unit];

export type ScaleCommand = 'zero' | 'tare' | 'clearTare';

export type ScaleEvent =
  | {
      kind: 'reading';
      /** Below zero after tare: shown as negative, never used for a sale or a disposal. */
      kg: number;
      value: number;
      unit: ScaleUnit;
      net: boolean;
      tareKg?: number;
      /** null: the protocol has no stability flag (see StabilityTracker). */
      stable: boolean | null;
    }
  | { kind: 'overload' }
  /** Under zero with no value to show (the format sends only a status): never a weight. */
  | { kind: 'underload' }
  /** Bytes that are a weight, but which one cannot be told yet (耀华 "=" digit order not settled). */
  | { kind: 'uncertain' }
  | { kind: 'busy' }
  | { kind: 'ack'; command: ScaleCommand }
  /** Checksum failure or malformed frame: counted, never a weight. */
  | { kind: 'error'; reason: string };

export type ScaleReading = Extract<ScaleEvent, { kind: 'reading' }>;

export interface ScaleDecoder {
  /** Frames on the protocol's own delimiters, whatever the chunking. */
  push(bytes: Uint8Array): ScaleEvent[];
  /** Bytes held for an unfinished frame; never above MAX_BUFFER after push. */
  buffered(): number;
}

export interface SimState {
  kg: number;
  tareKg: number;
  stable: boolean;
  overload: boolean;
  underload: boolean;
  unit?: ScaleUnit;
}

export interface ScaleProtocol {
  id: string;
  /** Chinese + English. */
  name: string;
  serial: { baudRate: number; dataBits: 7 | 8; parity: 'none' | 'even' | 'odd'; stopBits: 1 | 2 };
  /** Request/response protocols send this to ask for a weight. */
  poll?: Uint8Array;
  commands: Partial<Record<ScaleCommand, Uint8Array>>;
  /** Every frame carries a checksum the decoder verifies: a frame it accepts is stronger evidence in auto-detection. */
  checksum?: boolean;
  createDecoder(): ScaleDecoder;
  /** One frame a real scale would send for this state (empty: the scale sends nothing). */
  encode(state: SimState): Uint8Array;
  /** Request/response: the scale's reply to one request, or null for no reply. */
  answer?(request: Uint8Array, state: SimState): Uint8Array | null;
}
