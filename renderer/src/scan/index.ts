export type { ScanHandler, ScanSource } from './types';
export { DEFAULT_WEDGE_THRESHOLDS, GS, WedgeDetector, type WedgeKeyRecord, type WedgeResult, type WedgeStep, type WedgeThresholds } from './wedgeDetector';
export { AltNumpad, altCodeToChar, numpadDigit } from './altNumpad';
export { attachWedge, type AttachWedgeOptions, type WedgeHandlers } from './attachWedge';
export { useScanner, type UseScannerOptions } from './useScanner';
export { useDeviceScans } from './useDeviceScans';
export {
  CameraScanner,
  DEFAULT_CAMERA_LABELS,
  FrameReader,
  cameraText,
  REPEAT_WINDOW_MS,
  cameraErrorCode,
  type CameraErrorCode,
  type CameraScannerLabels,
  type CameraScannerProps,
} from './CameraScanner';
