import { describe, expect, it } from 'vitest';
import { findBarcodeScannerUsage, HID_POS_LAYOUTS, HidPosAssembler, usesReportIds } from '../../../drivers/scanner/hidPos';
import { hidPosReports } from '../../../drivers/scanner/simulator';

const text = (b: Uint8Array) => Buffer.from(b).toString('latin1');

/**
 * Real input reports from a Honeywell Voyager 1602g in HID POS mode answering REVINF, quoted in
 * github.com/HenkVanAsselt/python_hon_usbhid README.md: report ID 2, byte count, `]X0`, 56 data
 * bytes, Honeywell code id `?` (63), reserved, byte 63 = 1 while more data follows.
 */
const HONEYWELL = [
  [
    2, 56, 93, 88, 48, 80, 114, 111, 100, 117, 99, 116, 32, 78, 97, 109, 101, 58, 32, 86, 111, 121, 97, 103, 101, 114, 32, 49, 54, 48, 50, 103, 13, 10, 66, 111, 111, 116, 32, 82, 101, 118, 105, 115,
    105, 111, 110, 58, 32, 58, 32, 56, 57, 57, 50, 13, 10, 83, 111, 102, 116, 63, 0, 1,
  ],
  [
    2, 56, 93, 88, 48, 119, 97, 114, 101, 32, 80, 97, 114, 116, 32, 78, 117, 109, 98, 101, 114, 58, 32, 67, 87, 48, 48, 48, 48, 56, 50, 66, 66, 65, 13, 10, 83, 111, 102, 116, 119, 97, 114, 101, 32,
    82, 101, 118, 105, 115, 105, 111, 110, 58, 32, 36, 80, 114, 111, 106, 101, 63, 0, 1,
  ],
  [
    2, 56, 93, 88, 48, 99, 116, 82, 101, 118, 105, 115, 105, 111, 110, 58, 32, 49, 54, 51, 52, 53, 32, 13, 10, 83, 101, 114, 105, 97, 108, 32, 78, 117, 109, 98, 101, 114, 58, 32, 49, 53, 50, 51, 50,
    66, 49, 70, 48, 67, 13, 10, 83, 117, 112, 112, 111, 114, 116, 101, 100, 63, 0, 1,
  ],
  [
    2, 56, 93, 88, 48, 32, 73, 70, 58, 32, 66, 108, 117, 101, 116, 111, 111, 116, 104, 13, 10, 80, 67, 66, 32, 65, 115, 115, 101, 109, 98, 108, 121, 32, 73, 68, 58, 32, 48, 48, 48, 48, 48, 48, 13, 10,
    69, 110, 103, 105, 110, 101, 32, 70, 105, 114, 109, 119, 97, 114, 101, 63, 0, 1,
  ],
  [
    2, 56, 93, 88, 48, 32, 84, 121, 112, 101, 58, 32, 78, 47, 65, 32, 32, 32, 82, 101, 118, 105, 115, 105, 111, 110, 58, 32, 78, 47, 65, 32, 32, 32, 83, 101, 114, 105, 97, 108, 32, 78, 117, 109, 98,
    101, 114, 58, 32, 78, 47, 65, 32, 32, 32, 67, 104, 101, 99, 107, 115, 63, 0, 1,
  ],
  [2, 9, 93, 88, 48, 117, 109, 58, 32, 78, 47, 65, 13, 10, ...Array<number>(47).fill(0), 63, 0, 0],
].map((r) => Uint8Array.from(r));
const HONEYWELL_ACK = Uint8Array.from([2, 8, 93, 90, 54, 82, 69, 86, 73, 78, 70, 6, 46, ...Array<number>(48).fill(0), 54, 0, 0]);

describe('HidPosAssembler', () => {
  it('the real Honeywell reports are 64 bytes', () => {
    expect(HONEYWELL.map((r) => r.length)).toEqual([64, 64, 64, 64, 64, 64]);
    expect(HONEYWELL_ACK.length).toBe(64);
  });

  it('joins a six-report continuation into one message', () => {
    const a = new HidPosAssembler();
    const out = HONEYWELL.flatMap((r) => a.push(r));
    expect(out).toHaveLength(1);
    expect(out[0]!.aim).toBe(']X0');
    expect(out[0]!.bytes.length).toBe(5 * 56 + 9);
    const message = text(out[0]!.bytes);
    expect(message.startsWith('Product Name: Voyager 1602g\r\nBoot Revision: : 8992\r\nSoftware Part Number: CW000082BBA')).toBe(true);
    expect(message.endsWith('Serial Number: N/A   Checksum: N/A\r\n')).toBe(true);
    expect(a.buffered).toBe(0);
  });

  it('a single-report scan', () => {
    expect(new HidPosAssembler().push(HONEYWELL_ACK)).toEqual([{ bytes: Uint8Array.from([82, 69, 86, 73, 78, 70, 6, 46]), aim: ']Z6' }]);
  });

  it('the same report without its report ID byte', () => {
    const a = new HidPosAssembler({ layout: { ...HID_POS_LAYOUTS.aimFirst, reportId: null } });
    expect(a.push(HONEYWELL_ACK.subarray(1))).toEqual([{ bytes: Uint8Array.from([82, 69, 86, 73, 78, 70, 6, 46]), aim: ']Z6' }]);
    // With IDs expected, a report without one is not taken for data.
    expect(new HidPosAssembler().push(HONEYWELL_ACK.subarray(1))).toEqual([]);
  });

  it('Newland/QUIO layout: data right after the count', () => {
    const report = new Uint8Array(64);
    report.set([2, 13, ...Buffer.from('6901234567892')]);
    report[62] = 0x64; // symbology id byte, not a flag
    const a = new HidPosAssembler({ layout: HID_POS_LAYOUTS.dataFirst });
    expect(a.push(report)).toEqual([{ bytes: Uint8Array.from(Buffer.from('6901234567892')) }]);
  });

  it('ignores garbage: other report IDs, short reports, counts past capacity, all-zero padding', () => {
    const a = new HidPosAssembler();
    expect(a.push(new Uint8Array(0))).toEqual([]);
    expect(a.push(Uint8Array.of(2, 4, 0x5d))).toEqual([]);
    expect(a.push(new Uint8Array(64))).toEqual([]);
    const bad = Uint8Array.from(HONEYWELL_ACK);
    bad[1] = 57;
    expect(a.push(bad)).toEqual([]);
    const other = Uint8Array.from(HONEYWELL_ACK);
    other[0] = 4;
    expect(a.push(other)).toEqual([]);
    expect(a.buffered).toBe(0);
    // …and still assembles afterwards.
    expect(a.push(HONEYWELL_ACK)).toHaveLength(1);
  });

  it('a garbage report inside a continuation does not break the scan', () => {
    const a = new HidPosAssembler();
    const out = [HONEYWELL[0]!, Uint8Array.of(2, 1), ...HONEYWELL.slice(1)].flatMap((r) => a.push(r));
    expect(out).toHaveLength(1);
    expect(out[0]!.bytes.length).toBe(289);
  });

  it('oversize: a scan past maxBytes is dropped whole, buffer reset, next scan fine', () => {
    const a = new HidPosAssembler({ maxBytes: 120 });
    expect(HONEYWELL.slice(0, 2).flatMap((r) => a.push(r))).toEqual([]);
    expect(a.buffered).toBe(112);
    expect(a.push(HONEYWELL[2]!)).toEqual([]);
    expect(a.buffered).toBe(0);
    // The rest of the dropped scan, including its final report, yields nothing.
    expect(HONEYWELL.slice(3).flatMap((r) => a.push(r))).toEqual([]);
    expect(a.push(HONEYWELL_ACK)).toHaveLength(1);
  });

  it('round-trips the simulator reports (Chinese URL over three reports)', () => {
    const url = 'https://zs.example.cn/trace?code=110105202611180001&name=寿光有机蔬菜&lot=A1';
    const reports = hidPosReports(url, { aim: ']Q1' });
    expect(reports.length).toBe(Math.ceil(Buffer.byteLength(url) / 56));
    expect(reports.map((r) => r[63])).toEqual([...Array(reports.length - 1).fill(1), 0]);
    const a = new HidPosAssembler();
    const out = reports.flatMap((r) => a.push(r));
    expect(out).toHaveLength(1);
    expect(Buffer.from(out[0]!.bytes).toString('utf-8')).toBe(url);
    expect(out[0]!.aim).toBe(']Q1');
  });
});

/**
 * A HID POS scanner's report descriptor, as HID POS Usage Tables 1.02 §6.1 and the vendor
 * layouts above describe it (a reconstruction, not a capture: no device here): Usage Page
 * (Bar Code Scanner), Usage (Bar Code Scanner), Report ID 2, Byte Count, Symbology Identifier
 * 1–3 (0xFB–0xFD), Decoded Data (0xFE, 56 bytes, buffered), Decoded Data Continued (0xFF).
 */
const HID_POS_DESCRIPTOR = Uint8Array.from([
  0x05,
  0x8c,
  0x09,
  0x02,
  0xa1,
  0x01, // Usage Page (Bar Code Scanner), Usage (Bar Code Scanner), Collection (Application)
  0x09,
  0x12,
  0xa1,
  0x02, //   Usage (Scanned Data Report), Collection (Logical)
  0x85,
  0x02,
  0x15,
  0x00,
  0x26,
  0xff,
  0x00,
  0x75,
  0x08, //   Report ID 2, Logical 0..255, Report Size 8
  0x95,
  0x01,
  0x05,
  0x01,
  0x09,
  0x3b,
  0x81,
  0x02, //   Byte Count (Generic Desktop 0x3B)
  0x95,
  0x03,
  0x05,
  0x8c,
  0x09,
  0xfb,
  0x09,
  0xfc,
  0x09,
  0xfd,
  0x81,
  0x02, //   Symbology Identifier 1..3
  0x95,
  0x38,
  0x09,
  0xfe,
  0x82,
  0x02,
  0x01, //   Decoded Data: 56 bytes, Input (Data, Var, Abs, Buffered Bytes)
  0x95,
  0x03,
  0x06,
  0x66,
  0xff,
  0x09,
  0x01,
  0x81,
  0x02, //   vendor bytes (Honeywell code id, reserved)
  0x05,
  0x8c,
  0x25,
  0x01,
  0x75,
  0x01,
  0x95,
  0x01,
  0x09,
  0xff,
  0x81,
  0x02, //   Decoded Data Continued: 1 bit
  0x75,
  0x07,
  0x81,
  0x03, //   padding
  0xc0,
  0xc0,
]);

/**
 * A real scanner's keyboard-mode descriptor: Datalogic Gryphon GD4400, dumped with USBHID_desc in
 * github.com/felis/USB_Host_Shield_2.0 issue #669.
 */
const GD4400_KEYBOARD = Uint8Array.from([
  0x05, 0x01, 0x09, 0x06, 0xa1, 0x01, 0x05, 0x07, 0x19, 0xe0, 0x29, 0xe7, 0x15, 0x00, 0x25, 0x01, 0x75, 0x01, 0x95, 0x08, 0x81, 0x02, 0x95, 0x01, 0x75, 0x08, 0x81, 0x01, 0x95, 0x05, 0x75, 0x01, 0x05,
  0x08, 0x19, 0x01, 0x29, 0x05, 0x91, 0x02, 0x95, 0x01, 0x75, 0x03, 0x91, 0x01, 0x95, 0x06, 0x75, 0x08, 0x15, 0x00, 0x26, 0xff, 0x00, 0x05, 0x07, 0x19, 0x00, 0x2a, 0xff, 0x00, 0x81, 0x00, 0xc0,
]);

describe('report descriptor walker', () => {
  it('finds usage page 0x8C in a HID POS descriptor', () => {
    expect(findBarcodeScannerUsage(HID_POS_DESCRIPTOR)).toBe(true);
    expect(usesReportIds(HID_POS_DESCRIPTOR)).toBe(true);
  });

  it('a keyboard-mode scanner is not HID POS', () => {
    expect(findBarcodeScannerUsage(GD4400_KEYBOARD)).toBe(false);
    expect(usesReportIds(GD4400_KEYBOARD)).toBe(false);
  });

  it('page 0x8C as 2- and 4-byte data, and as an extended 4-byte usage', () => {
    expect(findBarcodeScannerUsage(Uint8Array.of(0x06, 0x8c, 0x00, 0x09, 0x02))).toBe(true);
    expect(findBarcodeScannerUsage(Uint8Array.of(0x07, 0x8c, 0x00, 0x00, 0x00))).toBe(true);
    expect(findBarcodeScannerUsage(Uint8Array.of(0x0b, 0x02, 0x00, 0x8c, 0x00))).toBe(true);
    // 0x8C as a usage (not a page) or a logical maximum is not a match.
    expect(findBarcodeScannerUsage(Uint8Array.of(0x05, 0x01, 0x09, 0x8c, 0x25, 0x8c))).toBe(false);
    // 0x8C hidden as the low byte of a bigger page is not a match either.
    expect(findBarcodeScannerUsage(Uint8Array.of(0x06, 0x8c, 0xff))).toBe(false);
  });

  it('skips long items whole (their data may contain 0x05 0x8C)', () => {
    const longItem = [0xfe, 0x04, 0x10, 0x05, 0x8c, 0x05, 0x8c];
    expect(findBarcodeScannerUsage(Uint8Array.from([0x05, 0x01, ...longItem, 0xc0]))).toBe(false);
    expect(findBarcodeScannerUsage(Uint8Array.from([0x05, 0x01, ...longItem, 0x05, 0x8c]))).toBe(true);
  });

  it('stops at a truncated item without throwing', () => {
    expect(findBarcodeScannerUsage(Uint8Array.of(0x05, 0x01, 0x06, 0x8c))).toBe(false);
    expect(findBarcodeScannerUsage(Uint8Array.of(0xfe))).toBe(false);
    expect(findBarcodeScannerUsage(new Uint8Array(0))).toBe(false);
  });
});
