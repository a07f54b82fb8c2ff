/** Where a scan came from: a keyboard-wedge scanner, the camera, or a serial / HID POS scanner (via the Node side). */
export type ScanSource = 'wedge' | 'camera' | 'serial' | 'hid';

export type ScanHandler<S extends ScanSource = ScanSource> = (text: string, source: S) => void;
