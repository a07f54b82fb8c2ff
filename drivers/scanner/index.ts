import { HID_POS_LAYOUTS } from './hidPos';
import { HidPosUsbScanner } from './hidPosUsb';
import { SerialScanner } from './serialScanner';
import type { Scanner } from './types';

export { decodeScan, type DecodedScan, type DecodeOptions, type ScanEncoding } from './decode';
export { DEFAULT_TERMINATORS, SuffixFramer, type FramerOptions } from './framer';
export { BARCODE_SCANNER_PAGE, findBarcodeScannerUsage, HID_POS_LAYOUTS, HidPosAssembler, usesReportIds, type HidPosAssemblerOptions, type HidPosLayout, type HidPosScan } from './hidPos';
export {
  classifyUsbError,
  formatUsbTarget,
  HidPosUsbScanner,
  listHidPosScanners,
  openUsbReportSource,
  parseUsbTarget,
  UsbScannerError,
  type HidPosDeviceInfo,
  type HidPosUsbOptions,
  type ReportSource,
  type UsbTarget,
} from './hidPosUsb';
export { listScannerPorts, SerialScanner, type ScannerPortInfo, type SerialScannerOptions } from './serialScanner';
export { ScannerBase, type ScanEvent, type Scanner, type ScannerErrorKind, type ScannerEvents, type ScannerStatus } from './types';

export interface ScannerConfig {
  kind: 'serial' | 'hidpos';
  /** serial: port path; hidpos: vendorId:productId[:serial] in hex. */
  path: string;
  baudRate?: number;
  aimPrefix?: boolean;
  /** hidpos: which HID_POS_LAYOUTS preset the scanner's reports follow. */
  hidLayout?: keyof typeof HID_POS_LAYOUTS;
  reconnectMs?: number;
}

/** A configured scanner's connection, not started yet. */
export function openScanner({ kind, path, baudRate, aimPrefix, hidLayout = 'aimFirst', reconnectMs }: ScannerConfig): Scanner {
  return kind === 'serial' ? new SerialScanner({ path, baudRate, aimPrefix, reconnectMs }) : new HidPosUsbScanner({ device: path, aimPrefix, layout: HID_POS_LAYOUTS[hidLayout], reconnectMs });
}
