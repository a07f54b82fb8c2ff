/** Where a scan came from: a keyboard-wedge scanner or the camera. */
export type ScanSource = 'wedge' | 'camera';

export type ScanHandler<S extends ScanSource = ScanSource> = (text: string, source: S) => void;
