/**
 * The camera as a second scan input: opens the default camera into a <video> and decodes
 * QR, Data Matrix, Code 128 and EAN-13 from it with @zxing/browser.
 */
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { BrowserCodeReader, type IScannerControls } from '@zxing/browser';
import { BarcodeFormat, type BinaryBitmap, DataMatrixReader, DecodeHintType, MultiFormatOneDReader, NotFoundException, QRCodeReader, type Reader, type Result } from '@zxing/library';
import type { ScanHandler } from './types';

export type CameraErrorCode = 'noCamera' | 'denied' | 'other';

export interface CameraScannerLabels {
  starting: string;
  scanning: string;
  noCamera: string;
  denied: string;
  other: string;
}

export const DEFAULT_CAMERA_LABELS: Readonly<CameraScannerLabels> = {
  starting: '正在打开摄像头…',
  scanning: '请将二维码或条码对准摄像头',
  noCamera: '未找到摄像头。请连接摄像头，或改用扫码枪。',
  denied: '摄像头权限被拒绝。请在系统设置中允许本程序使用摄像头，或改用扫码枪。',
  other: '无法打开摄像头（可能正被其他程序占用）。请重试，或改用扫码枪。',
};

export interface CameraScannerProps {
  onScan: ScanHandler<'camera'>;
  onError?: (code: CameraErrorCode) => void;
  /** Texts from the app's i18n; any left out fall back to the Chinese defaults. */
  labels?: Partial<CameraScannerLabels>;
  className?: string;
}

type CameraState = 'starting' | 'scanning' | CameraErrorCode;

/** A code held in view decodes every few hundred ms: it counts again only after 2 s out of view. */
export const REPEAT_WINDOW_MS = 2000;

const HINTS = new Map<DecodeHintType, unknown>([
  [DecodeHintType.POSSIBLE_FORMATS, [BarcodeFormat.QR_CODE, BarcodeFormat.DATA_MATRIX, BarcodeFormat.CODE_128, BarcodeFormat.EAN_13]],
  // Without it zxing drops GS1-128's FNC1s; with it they come out as ]C1 and GS, like a wedge's.
  // Code 128 without FNC1 reads the same either way.
  [DecodeHintType.ASSUME_GS1, true],
]);

/**
 * Decodes a frame as QR, then Data Matrix, then Code 128 / EAN-13. It stands in for zxing's
 * MultiFormatReader, which in @zxing/library 0.23 console.warns three times for every frame without
 * a code (its NotFoundException fails its own ReaderException check: zxing-js/library#648).
 */
export class FrameReader implements Reader {
  private readonly readers: Reader[] = [new QRCodeReader(), new DataMatrixReader(), new MultiFormatOneDReader(HINTS)];

  decode(image: BinaryBitmap, hints: Map<DecodeHintType, unknown> | null = HINTS): Result {
    for (const reader of this.readers) {
      try {
        return reader.decode(image, hints);
      } catch {
        // Not this format (or a reader tripped on noise, which MultiFormatReader also skips).
      }
    }
    throw new NotFoundException();
  }

  reset(): void {
    for (const reader of this.readers) reader.reset();
  }
}

/**
 * A decode's text in the form a wedge scanner configured for AIM symbology identifiers sends.
 * zxing gives GS1 Data Matrix's leading FNC1 as a bare GS; it becomes `]d2`, like the `]C1` the
 * ASSUME_GS1 hint gives GS1-128. (zxing-js reports nothing that marks a GS1 QR code.)
 */
export function cameraText(result: Result): string {
  const text = result.getText();
  if (result.getBarcodeFormat() === BarcodeFormat.DATA_MATRIX && text.startsWith('\u001d')) return `]d2${text.slice(1)}`;
  return text;
}

/** Sorts getUserMedia failures into what the user can act on. */
export function cameraErrorCode(error: unknown): CameraErrorCode {
  switch ((error as { name?: unknown } | null)?.name) {
    case 'NotAllowedError':
    case 'PermissionDeniedError':
    case 'SecurityError':
      return 'denied';
    case 'NotFoundError':
    case 'DevicesNotFoundError':
    case 'OverconstrainedError':
      return 'noCamera';
    default:
      return 'other'; // NotReadableError (camera busy), AbortError, no mediaDevices…
  }
}

export function CameraScanner({ onScan, onError, labels, className }: CameraScannerProps) {
  const video = useRef<HTMLVideoElement>(null);
  const [state, setState] = useState<CameraState>('starting');
  // Read through a ref so new callbacks each render don't reopen the camera.
  const callbacks = useRef({ onScan, onError });
  useLayoutEffect(() => {
    callbacks.current = { onScan, onError };
  });

  useEffect(() => {
    let closed = false;
    let stream: MediaStream | undefined;
    let controls: IScannerControls | undefined;
    let last = { text: '', at: -Infinity };

    const fail = (code: CameraErrorCode): void => {
      if (closed) return;
      setState(code);
      callbacks.current.onError?.(code);
    };

    const open = async (): Promise<void> => {
      try {
        if (!navigator.mediaDevices?.getUserMedia) throw new Error('navigator.mediaDevices is unavailable');
        const opened = await navigator.mediaDevices.getUserMedia({ video: true, audio: false });
        stream = opened;
        // Unmounted while the permission prompt or device was pending: release the camera at once.
        if (closed) return stopTracks(opened);
        // Fires when the camera goes away (unplugged), not when we stop it.
        for (const track of opened.getVideoTracks()) track.addEventListener('ended', () => fail('noCamera'));
        const reader = new BrowserCodeReader(new FrameReader(), HINTS, { delayBetweenScanAttempts: 250 });
        const started = await reader.decodeFromStream(opened, video.current ?? undefined, (result, error) => {
          if (result) {
            const text = cameraText(result);
            const at = performance.now();
            const repeated = text === last.text && at - last.at < REPEAT_WINDOW_MS;
            last = { text, at };
            if (!repeated) callbacks.current.onScan(text, 'camera');
          } else if (error && !(error instanceof NotFoundException)) {
            fail('other'); // FrameReader only throws NotFoundException: this one stopped zxing's loop (e.g. no canvas)
          }
        });
        controls = started;
        if (closed) return started.stop();
        setState('scanning');
      } catch (error) {
        if (stream) stopTracks(stream);
        fail(cameraErrorCode(error));
      }
    };
    void open();

    return () => {
      closed = true;
      controls?.stop();
      // Also covers a stream whose video is still starting, before zxing hands back its controls.
      if (stream) stopTracks(stream);
    };
  }, []);

  const failed = state !== 'starting' && state !== 'scanning';
  return (
    <div className={className} data-camera-state={state}>
      <video ref={video} muted playsInline hidden={failed} />
      <p role={failed ? 'alert' : 'status'}>{labels?.[state] ?? DEFAULT_CAMERA_LABELS[state]}</p>
    </div>
  );
}

function stopTracks(stream: MediaStream): void {
  for (const track of stream.getTracks()) track.stop();
}
