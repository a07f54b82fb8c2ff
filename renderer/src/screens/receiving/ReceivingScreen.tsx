import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Category, Settings, Subject, Variety } from '../../../../shared/contract';
import { useStation } from '../../api';
import { errorText } from '../../i18n';
import { LiveWeight } from '../../components/scale/LiveWeight';
import { useLiveWeight, weighing } from '../../components/scale/useLiveWeight';
import { useDeviceScans, useScanner, type ScanSource } from '../../scan';
import { CameraPanel, ScanWarningNote, warningCallbacks, type ScanWarning } from '../../components/ScanInputs';
import { AlertBanner } from './AlertBanner';
import { defaultIssuer, emptyDelivery, newCertificate, varietyChosen, type DeliveryDraft } from './delivery';
import { DeliveryPanel } from './DeliveryPanel';
import { useEntryCheck } from './useEntryCheck';
import { VerdictPanel } from './VerdictPanel';

/** `count` re-mounts the warning, so a second failed scan flashes it again. */

/** 入场查验: the counter's main screen. Scans arrive from the wedge or the camera, never a click. */
export function ReceivingScreen() {
  const { t } = useTranslation();
  const { client, can } = useStation();
  const [suppliers, setSuppliers] = useState<Subject[]>([]);
  const [varieties, setVarieties] = useState<Variety[]>([]);
  const [categories, setCategories] = useState<Category[]>([]);
  const [stalls, setStalls] = useState<Subject[]>([]);
  const [loadProblem, setLoadProblem] = useState('');
  const [draft, setDraft] = useState<DeliveryDraft>(emptyDelivery);
  const [certificateMode, setCertificateMode] = useState(false);
  const [cameraOpen, setCameraOpen] = useState(false);
  const [warning, setWarning] = useState<ScanWarning>(null);
  // The station's scanner timing; the detector's defaults apply until it has loaded.
  const [scanner, setScanner] = useState<Settings['scanner']>();
  // A lot weighed on the desk scale takes the scale's stable reading as its quantity.
  const scale = useLiveWeight();
  const [manualWeight, setManualWeight] = useState(false);
  const weighingNow = weighing(scale, manualWeight, draft.unit);

  useEffect(() => {
    Promise.all([
      client.call('listSubjects', { kind: 'supplier' }),
      client.call('listVarieties', {}),
      client.call('listCategories', {}),
      client.call('getSettings', {}),
      client.call('listSubjects', { kind: 'stall' }),
    ]).then(
      ([s, v, c, settings, st]) => {
        setSuppliers(s);
        setVarieties(v);
        setCategories(c);
        setScanner(settings.scanner);
        setStalls(st);
      },
      (error) => setLoadProblem(errorText(t, error)),
    );
  }, [client, t]);

  const addScannedCertificate = useCallback(
    (raw: string, number: string) => {
      setCertificateMode(false);
      setDraft((d) => ({ ...d, certificates: [...d.certificates, newCertificate({ raw, number, issuer: defaultIssuer(suppliers, d.supplierId) })] }));
    },
    [suppliers],
  );

  const { verdict, alert, dismissAlert, scan, assignCode, showOverride, showStall, clearVerdict } = useEntryCheck(addScannedCertificate);

  const onScan = useCallback(
    (text: string, source: ScanSource) => {
      setWarning(null);
      scan(text, source, { draft, certificateMode, weighing: weighingNow });
    },
    [scan, draft, certificateMode, weighingNow],
  );
  useScanner(onScan, { ...warningCallbacks(setWarning), ...scanner });
  useDeviceScans(onScan);

  const toggleCamera = useCallback(() => setCameraOpen((open) => !open), []);

  useEffect(() => {
    function onKey(e: KeyboardEvent) {
      if (e.key === 'F2') setCertificateMode((on) => !on);
      else if (e.key === 'F4') toggleCamera();
      else if (e.key === 'F6' && can('checkEntry')) assignCode(draft, weighingNow);
      else return;
      e.preventDefault();
    }
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [toggleCamera, assignCode, draft, can, weighingNow]);

  function nextDelivery() {
    setDraft(emptyDelivery());
    setCertificateMode(false);
    clearVerdict();
    // The button keeps focus otherwise, and a stray Enter would clear the next delivery too.
    (document.activeElement as HTMLElement | null)?.blur();
  }

  return (
    <main className="screen receiving" data-testid="receiving-screen">
      {alert && <AlertBanner alert={alert} onDismiss={dismissAlert} />}
      {loadProblem && (
        <p className="form-message" role="alert">
          {loadProblem}
        </p>
      )}
      <div className="receiving-columns">
        <DeliveryPanel
          draft={draft}
          onChange={setDraft}
          suppliers={suppliers}
          varieties={varieties}
          categories={categories}
          canAddSupplier={can('saveSubject')}
          onSupplierAdded={(subject) => {
            // An existing supplier picked from the quick-add may already be listed.
            setSuppliers((list) => (list.some((s) => s.id === subject.id) ? list : [...list, subject]));
            setDraft((d) => ({ ...d, supplierId: subject.id }));
          }}
          canAddVariety={can('saveVariety')}
          onVarietyAdded={(variety) => {
            setVarieties((list) => [...list, variety]);
            setDraft((d) => varietyChosen(d, variety));
          }}
          onNextDelivery={nextDelivery}
          followedKg={weighingNow.following ? (weighingNow.shownKg ?? '') : null}
          weightBox={<LiveWeight live={scale} manual={manualWeight} onManualChange={setManualWeight} onError={(e) => setLoadProblem(errorText(t, e))} />}
        />
        <div className="scan-column">
          <div className="scan-bar">
            <button
              type="button"
              className={`scan-mode ${certificateMode ? 'scan-mode-cert' : ''}`}
              aria-pressed={certificateMode}
              onClick={() => setCertificateMode(!certificateMode)}
              data-testid="scan-mode"
              data-mode={certificateMode ? 'certificate' : 'lot'}
            >
              <span className="scan-mode-state">{certificateMode ? t('receiving.scanModeCert') : t('receiving.scanModeLot')}</span>
              <span className="scan-mode-key">{t('receiving.scanModeToggle')}</span>
            </button>
            <button type="button" className="secondary" aria-pressed={cameraOpen} onClick={toggleCamera} data-testid="camera-toggle">
              {cameraOpen ? t('receiving.cameraClose') : t('receiving.camera')}
            </button>
            <button type="button" className="secondary" onClick={() => assignCode(draft, weighingNow)} data-testid="assign-code">
              {t('receiving.assignCode')}
            </button>
          </div>
          <ScanWarningNote warning={warning} />
          {cameraOpen && <CameraPanel onScan={onScan} />}
          <VerdictPanel verdict={verdict} canOverride={can('overrideEntry')} onOverridden={showOverride} stalls={can('assignLotStall') ? stalls : null} onStallAssigned={showStall} />
        </div>
      </div>
    </main>
  );
}
