/**
 * USB HID Point-of-Sale barcode scanners (HID POS Usage Tables 1.02, usage page 0x8C "Bar Code
 * Scanner"; Decoded Data 0xFE, Decoded Data Continued 0xFF). Pure parsing: no device I/O here.
 */

export const BARCODE_SCANNER_PAGE = 0x8c;

/**
 * Where the fields sit in a scanned-data input report. Offsets count from the byte after the
 * report ID (the report ID byte itself is `reportId`, or absent when null).
 */
export interface HidPosLayout {
  /** Report ID of the scanned-data report; null when the interface declares no report IDs. */
  reportId: number | null;
  /** Byte count of the decoded data in this report. */
  lengthOffset: number;
  /** Three AIM symbology identifier bytes (`]Q1`), or null when the layout has none. */
  aimOffset: number | null;
  dataOffset: number;
  /** Most data bytes one report carries; a larger byte count marks a garbage report. */
  dataCapacity: number;
  /** The byte holding the "Decoded Data Continued" flag. */
  flagsOffset: number;
  moreDataMask: number;
}

/**
 * The scanners' vendor manuals agree on a 64-byte report with ID 2, a byte count at byte 1 and the
 * "data continued" flag in bit 0 of byte 63 — but not on where the AIM identifier sits, so both
 * known orders are presets and any other layout can be passed in.
 */
export const HID_POS_LAYOUTS = {
  /**
   * AIM identifier before the data: Honeywell (Voyager 1602g reports quoted in
   * github.com/HenkVanAsselt/python_hon_usbhid README; NielsLeenheer/WebHidBarcodeScanner reads the
   * same offsets) and Access-IS LSR116/ATR110 product manuals ("HID reports – barcode only"):
   * [2][count][']' id1 id2][56 data][further symbology id][reserved][bit 0: data continued].
   */
  aimFirst: { reportId: 2, lengthOffset: 0, aimOffset: 1, dataOffset: 4, dataCapacity: 56, flagsOffset: 62, moreDataMask: 0x01 },
  /**
   * Data right after the byte count, no AIM field: QUIO QU-R-302 engine manual
   * ([2][count][56 data][4 reserved][1-byte symbology id][bit 0: data continued]).
   */
  dataFirst: { reportId: 2, lengthOffset: 0, aimOffset: null, dataOffset: 1, dataCapacity: 56, flagsOffset: 62, moreDataMask: 0x01 },
} as const satisfies Record<string, HidPosLayout>;

export interface HidPosScan {
  bytes: Uint8Array;
  /** The report's AIM symbology identifier, when the layout has one and it is well formed. */
  aim?: string;
}

export interface HidPosAssemblerOptions {
  layout?: HidPosLayout;
  /** A scan longer than this is dropped whole (a lost final report must not grow the buffer forever). */
  maxBytes?: number;
}

/** Joins a scan's reports (continuation flag) into one byte string; ignores anything malformed. */
export class HidPosAssembler {
  private readonly layout: HidPosLayout;
  private readonly maxBytes: number;
  private parts: Uint8Array[] = [];
  private size = 0;
  private aim: string | undefined;
  /** Set after an oversize scan: its remaining reports are skipped up to the final one. */
  private dropping = false;

  constructor({ layout = HID_POS_LAYOUTS.aimFirst, maxBytes = 4096 }: HidPosAssemblerOptions = {}) {
    this.layout = layout;
    this.maxBytes = maxBytes;
  }

  /** Bytes currently held for an unfinished scan. */
  get buffered(): number {
    return this.size;
  }

  /** Feed one input report; returns the scans it completes (zero or one). */
  push(report: Uint8Array): HidPosScan[] {
    const { reportId, lengthOffset, aimOffset, dataOffset, dataCapacity, flagsOffset, moreDataMask } = this.layout;
    let payload = report;
    if (reportId !== null) {
      // Other report IDs (status, attribute) share the interrupt endpoint.
      if (report[0] !== reportId) return [];
      payload = report.subarray(1);
    }
    if (payload.length <= flagsOffset) return [];
    const count = payload[lengthOffset]!;
    if (count > dataCapacity || dataOffset + count > payload.length) return [];
    const more = (payload[flagsOffset]! & moreDataMask) !== 0;

    if (this.dropping) {
      if (!more) this.dropping = false;
      return [];
    }
    if (this.size + count > this.maxBytes) {
      this.reset();
      this.dropping = more;
      return [];
    }
    if (this.parts.length === 0 && aimOffset !== null) this.aim = readAim(payload, aimOffset);
    if (count > 0) {
      this.parts.push(payload.slice(dataOffset, dataOffset + count));
      this.size += count;
    }
    if (more) return [];

    const scan = this.size > 0 ? [this.finish()] : [];
    this.reset();
    return scan;
  }

  private finish(): HidPosScan {
    const bytes = new Uint8Array(this.size);
    let at = 0;
    for (const part of this.parts) {
      bytes.set(part, at);
      at += part.length;
    }
    return this.aim === undefined ? { bytes } : { bytes, aim: this.aim };
  }

  private reset(): void {
    this.parts = [];
    this.size = 0;
    this.aim = undefined;
  }
}

function readAim(payload: Uint8Array, at: number): string | undefined {
  const [a, b, c] = payload.subarray(at, at + 3);
  if (a !== 0x5d || b === undefined || c === undefined) return undefined;
  const text = String.fromCharCode(a, b, c);
  return /^\][A-Za-z][0-9A-Za-z]$/.test(text) ? text : undefined;
}

// --- Report descriptor (HID 1.11 §6.2.2) ---

const TYPE_GLOBAL = 1;
const TYPE_LOCAL = 2;
const TAG_USAGE_PAGE = 0; // global
const TAG_REPORT_ID = 8; // global
const TAG_USAGE = 0; // local

interface Item {
  type: number;
  tag: number;
  size: number;
  value: number;
}

/** Short items with 0/1/2/4 data bytes, long items skipped whole; stops at a truncated item. */
function* items(descriptor: Uint8Array): Generator<Item> {
  let i = 0;
  while (i < descriptor.length) {
    const prefix = descriptor[i]!;
    if (prefix === 0xfe) {
      // Long item: bDataSize, bLongItemTag, data.
      const dataSize = descriptor[i + 1];
      if (dataSize === undefined) return;
      i += 3 + dataSize;
      continue;
    }
    const size = [0, 1, 2, 4][prefix & 0x03]!;
    if (i + 1 + size > descriptor.length) return;
    let value = 0;
    for (let k = size - 1; k >= 0; k--) value = value * 256 + descriptor[i + 1 + k]!;
    yield { type: (prefix >> 2) & 0x03, tag: prefix >> 4, size, value };
    i += 1 + size;
  }
}

/** Whether a HID report descriptor declares usage page 0x8C (Bar Code Scanner). */
export function findBarcodeScannerUsage(reportDescriptor: Uint8Array): boolean {
  for (const item of items(reportDescriptor)) {
    if (item.type === TYPE_GLOBAL && item.tag === TAG_USAGE_PAGE && item.value === BARCODE_SCANNER_PAGE) return true;
    // A 4-byte Usage carries its page in the upper 16 bits (extended usage).
    if (item.type === TYPE_LOCAL && item.tag === TAG_USAGE && item.size === 4 && Math.floor(item.value / 0x10000) === BARCODE_SCANNER_PAGE) return true;
  }
  return false;
}

/** Whether input reports start with a report ID byte (the descriptor declares any Report ID). */
export function usesReportIds(reportDescriptor: Uint8Array): boolean {
  for (const item of items(reportDescriptor)) {
    if (item.type === TYPE_GLOBAL && item.tag === TAG_REPORT_ID) return true;
  }
  return false;
}
