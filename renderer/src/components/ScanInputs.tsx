import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Settings } from '../../../shared/contract';
import { useStation } from '../api';
import { playCue } from '../feedback';
import { CameraScanner, useDeviceScans, useScanner, type ScanHandler, type ScanSource } from '../scan';

/** `count` re-mounts the warning, so a second failed scan flashes it again. */
export type ScanWarning = { kind: 'ime' | 'partial'; count: number } | null;

/** The detector's warning callbacks, each counting up so the same warning flashes again. */
export function warningCallbacks(setWarning: (next: (w: ScanWarning) => ScanWarning) => void) {
  return {
    onIme: () => setWarning((w) => ({ kind: 'ime', count: (w?.count ?? 0) + 1 })),
    onPartial: () => setWarning((w) => ({ kind: 'partial', count: (w?.count ?? 0) + 1 })),
  };
}

/** An IME left on, or a scan broken off: what to do about it, in words. */
export function ScanWarningNote({ warning }: { warning: ScanWarning }) {
  const { t } = useTranslation();
  if (!warning) return null;
  return (
    <p key={warning.count} className="scan-warning" role="status" data-testid="scan-warning" data-warning={warning.kind} data-count={warning.count}>
      {warning.kind === 'ime' ? t('receiving.imeWarning') : t('receiving.partialWarning')}
    </p>
  );
}

/** The camera's live view reading codes, opened by a button or F4. */
export function CameraPanel({ onScan }: { onScan: ScanHandler<'camera'> }) {
  const { t } = useTranslation();
  const labels = useMemo(() => ({ starting: t('camera.starting'), scanning: t('camera.scanning'), noCamera: t('camera.noCamera'), denied: t('camera.denied'), other: t('camera.other') }), [t]);
  return (
    <div className="camera-panel" data-testid="camera-panel">
      <CameraScanner onScan={onScan} onError={() => playCue('error')} labels={labels} />
    </div>
  );
}

/**
 * The scan inputs of the counter, label-check, trace, testing and disposal screens, as on the receiving screen: the
 * wedge anywhere on the page (nothing to click first), the camera on F4, and the IME / broken-scan
 * warnings.
 */
export function ScanInputs({ onScan }: { onScan(text: string, source: ScanSource): void }) {
  const { t } = useTranslation();
  const { client } = useStation();
  const [cameraOpen, setCameraOpen] = useState(false);
  const [warning, setWarning] = useState<ScanWarning>(null);
  // The station's scanner timing; the detector's defaults apply until it has loaded.
  const [scanner, setScanner] = useState<Settings['scanner']>();
  const handler = useRef(onScan);
  useLayoutEffect(() => {
    handler.current = onScan;
  });

  useEffect(() => {
    client.call('getSettings', {}).then(
      (settings) => setScanner(settings.scanner),
      () => {
        // The default timing works for common scanners; the screen's own calls report the fault.
      },
    );
  }, [client]);

  useScanner(
    (text) => {
      setWarning(null);
      handler.current(text, 'wedge');
    },
    { ...warningCallbacks(setWarning), ...scanner },
  );

  useDeviceScans((text, source) => {
    setWarning(null);
    handler.current(text, source);
  });

  const onCameraScan = (text: string) => {
    setWarning(null);
    handler.current(text, 'camera');
  };

  useEffect(() => {
    function onKey(e: KeyboardEvent) {
      if (e.key !== 'F4') return;
      e.preventDefault();
      setCameraOpen((open) => !open);
    }
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  return (
    <>
      <button type="button" className="secondary" aria-pressed={cameraOpen} onClick={() => setCameraOpen(!cameraOpen)} data-testid="camera-toggle">
        {cameraOpen ? t('camera.close') : t('camera.open')}
      </button>
      <ScanWarningNote warning={warning} />
      {cameraOpen && <CameraPanel onScan={onCameraScan} />}
    </>
  );
}
