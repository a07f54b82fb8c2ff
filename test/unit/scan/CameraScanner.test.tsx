// @vitest-environment jsdom
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { BarcodeFormat, DecodeHintType, NotFoundException } from '@zxing/library';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CameraScanner, DEFAULT_CAMERA_LABELS, FrameReader, cameraErrorCode, type CameraScannerProps } from '../../../renderer/src/scan/CameraScanner';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

type FakeResult = { getText(): string; getBarcodeFormat(): BarcodeFormat };
type DecodeCallback = (result: FakeResult | undefined, error: unknown) => void;
const qr = (text: string): FakeResult => ({ getText: () => text, getBarcodeFormat: () => BarcodeFormat.QR_CODE });

// The real reader needs a playing <video> and canvas: stand in for it and drive its callback.
const zxing = vi.hoisted(() => ({
  readers: [] as unknown[],
  hints: [] as Map<unknown, unknown>[],
  decodeFromStream: vi.fn(),
}));
vi.mock('@zxing/browser', () => ({
  BrowserCodeReader: class {
    constructor(reader: unknown, hints: Map<unknown, unknown>) {
      zxing.readers.push(reader);
      zxing.hints.push(hints);
    }
    decodeFromStream = zxing.decodeFromStream;
  },
}));

function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

function fakeStream() {
  const track = Object.assign(new EventTarget(), { stop: vi.fn() });
  return { track, stream: { getTracks: () => [track], getVideoTracks: () => [track] } as unknown as MediaStream };
}

let root: Root;
let getUserMedia: ReturnType<typeof vi.fn>;
let clock = 0;

function render(props: Partial<CameraScannerProps> = {}) {
  const onScan = vi.fn();
  const onError = vi.fn();
  act(() => root.render(<CameraScanner onScan={onScan} onError={onError} {...props} />));
  return { onScan, onError };
}

/** Lets pending promises (getUserMedia, decodeFromStream) settle inside act. */
const settle = () => act(async () => {});
const message = () => document.querySelector('p')!;
const state = () => document.querySelector('[data-camera-state]')!.getAttribute('data-camera-state');

beforeEach(() => {
  document.body.innerHTML = '<div id="root"></div>';
  root = createRoot(document.getElementById('root')!);
  getUserMedia = vi.fn();
  Object.defineProperty(navigator, 'mediaDevices', { value: { getUserMedia }, configurable: true });
  zxing.readers.length = 0;
  zxing.hints.length = 0;
  zxing.decodeFromStream.mockReset();
  clock = 0;
  vi.spyOn(performance, 'now').mockImplementation(() => clock);
});

afterEach(() => {
  act(() => root.unmount());
  vi.restoreAllMocks();
});

describe('CameraScanner', () => {
  it('opens the default camera, decodes the formats we read, and passes scans on once per 2 s in view', async () => {
    const { stream, track } = fakeStream();
    getUserMedia.mockResolvedValue(stream);
    const controls = { stop: vi.fn() };
    let decoded!: DecodeCallback;
    zxing.decodeFromStream.mockImplementation(async (_s: MediaStream, _v: HTMLVideoElement, cb: DecodeCallback) => {
      decoded = cb;
      return controls;
    });
    const { onScan, onError } = render();
    expect(message().textContent).toBe(DEFAULT_CAMERA_LABELS.starting);
    await settle();

    expect(getUserMedia).toHaveBeenCalledWith({ video: true, audio: false });
    expect(zxing.decodeFromStream).toHaveBeenCalledWith(stream, document.querySelector('video'), expect.any(Function));
    expect(zxing.readers[0]).toBeInstanceOf(FrameReader);
    expect(zxing.hints[0]!.get(DecodeHintType.POSSIBLE_FORMATS)).toEqual([BarcodeFormat.QR_CODE, BarcodeFormat.DATA_MATRIX, BarcodeFormat.CODE_128, BarcodeFormat.EAN_13]);
    expect(zxing.hints[0]!.get(DecodeHintType.ASSUME_GS1)).toBe(true);
    expect(state()).toBe('scanning');
    expect(message().getAttribute('role')).toBe('status');

    const code = qr('(01)06901234567892');
    for (let t = 0; t <= 5000; t += 500) {
      clock = t; // held in front of the camera for 5 s, decoded every 500 ms
      decoded(code, undefined);
      decoded(undefined, new NotFoundException()); // frames without a code are normal
    }
    expect(onScan.mock.calls).toEqual([['(01)06901234567892', 'camera']]);
    clock = 5000 + 2000; // out of view for 2 s, then shown again
    decoded(code, undefined);
    clock += 100;
    decoded(qr('6920000000008'), undefined);
    expect(onScan.mock.calls.slice(1)).toEqual([
      ['(01)06901234567892', 'camera'],
      ['6920000000008', 'camera'],
    ]);
    expect(onError).not.toHaveBeenCalled();

    act(() => root.unmount());
    expect(controls.stop).toHaveBeenCalled();
    expect(track.stop).toHaveBeenCalled();
    root = createRoot(document.getElementById('root')!);
  });

  it.each([
    ['NotAllowedError', 'denied'],
    ['NotFoundError', 'noCamera'],
    ['NotReadableError', 'other'],
  ] as const)('shows a clear message when getUserMedia fails with %s', async (name, code) => {
    getUserMedia.mockRejectedValue(new DOMException('', name));
    const { onError } = render();
    await settle();
    expect(onError).toHaveBeenCalledExactlyOnceWith(code);
    expect(state()).toBe(code);
    expect(message().textContent).toBe(DEFAULT_CAMERA_LABELS[code]);
    expect(message().getAttribute('role')).toBe('alert');
    expect(document.querySelector('video')!.hidden).toBe(true);
  });

  it('reports "other" where there is no mediaDevices at all', async () => {
    Object.defineProperty(navigator, 'mediaDevices', { value: undefined, configurable: true });
    const { onError } = render();
    await settle();
    expect(onError).toHaveBeenCalledExactlyOnceWith('other');
  });

  it('takes its texts from labels, falling back to the Chinese defaults', async () => {
    getUserMedia.mockRejectedValue(new DOMException('', 'NotAllowedError'));
    render({ labels: { starting: 'Opening camera…', denied: 'Camera permission denied' } });
    expect(message().textContent).toBe('Opening camera…');
    await settle();
    expect(message().textContent).toBe('Camera permission denied');
    act(() => root.render(<CameraScanner onScan={vi.fn()} labels={{ starting: 'x' }} />));
    expect(message().textContent).toBe(DEFAULT_CAMERA_LABELS.denied);
  });

  it('releases a camera that opens only after unmount', async () => {
    const { stream, track } = fakeStream();
    const pending = deferred<MediaStream>();
    getUserMedia.mockReturnValue(pending.promise);
    const { onError } = render();
    act(() => root.unmount());
    pending.resolve(stream);
    await settle();
    expect(track.stop).toHaveBeenCalled();
    expect(zxing.decodeFromStream).not.toHaveBeenCalled();
    expect(onError).not.toHaveBeenCalled();
    root = createRoot(document.getElementById('root')!);
  });

  it('stops the stream on unmount while the video is still starting, and the scan loop once it exists', async () => {
    const { stream, track } = fakeStream();
    getUserMedia.mockResolvedValue(stream);
    const started = deferred<{ stop: () => void }>();
    zxing.decodeFromStream.mockReturnValue(started.promise);
    render();
    await settle();
    act(() => root.unmount());
    expect(track.stop).toHaveBeenCalled();
    const controls = { stop: vi.fn() };
    started.resolve(controls);
    await settle();
    expect(controls.stop).toHaveBeenCalled();
    root = createRoot(document.getElementById('root')!);
  });

  it('says so when the camera goes away or the decoder gives up', async () => {
    const { stream, track } = fakeStream();
    getUserMedia.mockResolvedValue(stream);
    let decoded!: DecodeCallback;
    zxing.decodeFromStream.mockImplementation(async (_s: MediaStream, _v: HTMLVideoElement, cb: DecodeCallback) => {
      decoded = cb;
      return { stop: vi.fn() };
    });
    const { onError } = render();
    await settle();
    act(() => decoded(undefined, new Error('canvas gone')));
    expect(onError).toHaveBeenLastCalledWith('other');
    act(() => void track.dispatchEvent(new Event('ended')));
    expect(onError).toHaveBeenLastCalledWith('noCamera');
    expect(message().textContent).toBe(DEFAULT_CAMERA_LABELS.noCamera);
  });

  it('sorts getUserMedia errors into what the user can act on', () => {
    expect(cameraErrorCode(new DOMException('', 'SecurityError'))).toBe('denied');
    expect(cameraErrorCode({ name: 'PermissionDeniedError' })).toBe('denied');
    expect(cameraErrorCode({ name: 'OverconstrainedError' })).toBe('noCamera');
    expect(cameraErrorCode(new TypeError('x'))).toBe('other');
    expect(cameraErrorCode(null)).toBe('other');
  });
});
