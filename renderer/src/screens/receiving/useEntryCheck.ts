import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, RawScan, type EntryCheckInput, type LotView, type EntryTestSelection } from '../../../../shared/contract';
import { useStation } from '../../api';
import { createActionIds } from '../../api/actionIds';
import { playCue } from '../../feedback';
import { errorText } from '../../i18n';
import { notWeighedText, type Weighing } from '../../components/scale/useLiveWeight';
import type { LotAlert } from './AlertBanner';
import { certificateNumberFrom, entryInput, type DeliveryDraft, type Missing } from './delivery';
import type { Verdict } from './verdict';

// The server raises an alert for every non-admitted lot, including the one just checked: an
// alert for a code this screen itself just showed is that verdict's echo, not news.
const OWN_VERDICT_MS = 5_000;

interface ScanContext {
  draft: DeliveryDraft;
  /** F2 mode: the scan is a certificate QR, to be added as a new certificate row. */
  certificateMode: boolean;
  /** The lot is weighed on the desk scale: its stable reading, or null while it is not stable. */
  weighing?: Weighing;
}

/** Scan → checkEntry → verdict, sound and alert; each new scan supersedes the previous one. */
export function useEntryCheck(onCertificateScan: (raw: string, number: string) => void) {
  const { t } = useTranslation();
  const { client } = useStation();
  const [verdict, setVerdict] = useState<Verdict>({ kind: 'idle' });
  const [alert, setAlert] = useState<LotAlert | null>(null);
  const latestScan = useRef(0);
  // The same delivery sent again after no answer (源头赋码 above all) must not get a second code.
  const entryIds = useRef(createActionIds());
  /** The check in flight: an alert event waits for it, as it may be that check's own echo. */
  const inFlight = useRef<Promise<void>>(Promise.resolve());
  const ownVerdicts = useRef(new Map<string, number>());

  const isOwnVerdict = (codeKey: string) => Date.now() - (ownVerdicts.current.get(codeKey) ?? 0) < OWN_VERDICT_MS;
  const rememberOwnVerdict = useCallback((codeKey: string) => {
    const now = Date.now();
    for (const [key, at] of ownVerdicts.current) if (now - at >= OWN_VERDICT_MS) ownVerdicts.current.delete(key);
    ownVerdicts.current.set(codeKey, now);
  }, []);

  useEffect(
    () =>
      client.on('alert', (payload) => {
        void inFlight.current.then(() => {
          if (isOwnVerdict(payload.codeKey)) return;
          setAlert({ codeKey: payload.codeKey, status: payload.status });
          playCue('alert');
        });
      }),
    [client],
  );

  const missingText = useCallback(
    (missing: Missing[]) =>
      t('receiving.incomplete', {
        fields: missing.map((m) => t(`receiving.missing.${m.field}`, 'row' in m ? { row: m.row } : {})).join(t('common.listSeparator')),
      }),
    [t],
  );

  /** A verdict on screen: a fresh one speaks for itself; a known code whose lot was stopped raises the alarm. */
  const show = useCallback(
    (view: LotView, duplicate: boolean, testSelection: EntryTestSelection | null) => {
      rememberOwnVerdict(view.lot.codeKey);
      setVerdict({ kind: 'result', duplicate, view, testSelection });
      if (duplicate && view.alert) {
        setAlert({ codeKey: view.lot.codeKey, status: view.lot.status });
        playCue('alert');
      } else {
        setAlert((current) => (current?.codeKey === view.lot.codeKey ? null : current));
        playCue(view.entry.outcome);
      }
    },
    [rememberOwnVerdict],
  );

  const check = useCallback(
    async (input: EntryCheckInput, scan: number) => {
      try {
        const result = await client.call('checkEntry', { ...input, requestId: entryIds.current.for(input) });
        entryIds.current.done();
        if (scan !== latestScan.current) return rememberOwnVerdict(result.view.lot.codeKey);
        show(result.view, result.duplicate, result.duplicate ? null : result.testSelection);
      } catch (error) {
        if (scan !== latestScan.current) return;
        setVerdict({ kind: 'problem', message: errorText(t, error) });
        playCue('error');
      }
    },
    [client, t, rememberOwnVerdict, show],
  );

  /**
   * A scan while the delivery form is incomplete: a code the station already knows shows its
   * record (a held or destroyed lot with the red alarm) as at any scan; a new one asks for the form.
   */
  const known = useCallback(
    async (raw: string, missing: Missing[], scan: number) => {
      const view = await client.call('lookupCode', { raw }).then(
        (r) => r.view,
        () => null, // unreadable or unknown: the form's message says what to do
      );
      if (scan !== latestScan.current) return;
      if (view) return show(view, true, null);
      setVerdict({ kind: 'problem', message: missingText(missing) });
      playCue('error');
    },
    [client, missingText, show],
  );

  /** An incomplete delivery form sends nothing and says what is missing (unless the code is known). */
  const submit = useCallback(
    (built: ReturnType<typeof entryInput>, id: number, raw: string | null) => {
      if ('missing' in built) {
        if (raw) {
          setVerdict({ kind: 'checking' });
          inFlight.current = known(raw, built.missing, id);
          return;
        }
        setVerdict({ kind: 'problem', message: missingText(built.missing) });
        playCue('error');
        return;
      }
      setVerdict({ kind: 'checking' });
      inFlight.current = check(built.input, id);
    },
    [check, known, missingText],
  );

  /** Never an unstable weight: the scan changes nothing and the lot is scanned again once it settles. */
  const unsteady = useCallback(
    (weighing?: Weighing) => {
      if (!weighing?.following || weighing.weighed) return false;
      setVerdict({ kind: 'problem', message: notWeighedText(t, weighing) });
      playCue('error');
      return true;
    },
    [t],
  );

  const scan = useCallback(
    (raw: string, source: EntryCheckInput['source'], { draft, certificateMode, weighing }: ScanContext) => {
      const id = ++latestScan.current;
      // A 10 kB paste is refused here as the server would refuse it, with the same words.
      if (!RawScan.safeParse(raw).success) {
        setVerdict({ kind: 'problem', message: errorText(t, new ApiError('badScan', 'scan size', { reason: raw ? 'tooLong' : 'empty' })) });
        playCue('error');
        return;
      }
      if (certificateMode) {
        const number = certificateNumberFrom(raw);
        onCertificateScan(raw, number);
        setVerdict({ kind: 'certificate', number });
        return;
      }
      if (unsteady(weighing)) return;
      submit(entryInput(draft, raw, source, weighing?.weighed ?? undefined), id, raw);
    },
    [submit, onCertificateScan, unsteady, t],
  );

  /** 源头赋码: the lot has a certificate but no code; the station issues one and prints a crate label. */
  const assignCode = useCallback(
    (draft: DeliveryDraft, weighing?: Weighing) => {
      if (unsteady(weighing)) return;
      submit(entryInput(draft, null, 'manual', weighing?.weighed ?? undefined), ++latestScan.current, null);
    },
    [submit, unsteady],
  );

  const showOverride = useCallback(
    (view: LotView) => {
      rememberOwnVerdict(view.lot.codeKey);
      setVerdict({ kind: 'result', duplicate: false, view });
    },
    [rememberOwnVerdict],
  );

  /** The lot on screen went to a stall: same verdict, the view as it is now. */
  const showStall = useCallback((view: LotView) => setVerdict((v) => (v.kind === 'result' && v.view.lot.id === view.lot.id ? { ...v, view } : v)), []);

  return { verdict, alert, dismissAlert: () => setAlert(null), scan, assignCode, showOverride, showStall, clearVerdict: () => setVerdict({ kind: 'idle' }) };
}
