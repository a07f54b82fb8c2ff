import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, RawScan, type LineageNode, type LotView } from '../../../../shared/contract';
import { useStation } from '../../api';
import { createActionIds } from '../../api/actionIds';
import { playCue } from '../../feedback';
import { errorText } from '../../i18n';
import { IssuedPanel, type Issued } from './IssuedPanel';
import { LotNodeList } from './LotNodeList';
import { LiveWeight } from '../../components/scale/LiveWeight';
import { LotPanel } from '../../components/LotPanel';
import { emptyPortion, splitInput, type PortionDraft } from './portion';
import { PortionForm } from './PortionForm';
import { refusalMessage } from '../../i18n/refusal';
import { ScanInputs } from '../../components/ScanInputs';
import { useApiAction } from '../../components/useApiAction';
import { ReceiptButton } from '../printing/ReceiptButton';
import { notWeighedText, useLiveWeight, weighing } from '../../components/scale/useLiveWeight';
import { stallRefusal } from '../../../../shared/domain/stalls';
import './counter.css';

/** The lot being sold from, with the raw scan that named it (splitLot takes the scan). */
interface Parent {
  raw: string;
  view: LotView;
  children: LineageNode[];
  /** The station's selling range when the lot was scanned (market-wide or by stall). */
  marketWide: boolean;
}

type ParentState = { kind: 'idle' } | { kind: 'loading' } | { kind: 'loaded'; parent: Parent };

/**
 * 分装销售: the vendor's main screen. Scan the lot, put the portion on the scale, 出码 — the new
 * child code shows big and green and its label goes to the print queue. Every scan replaces the
 * lot on screen; nothing waits for a click.
 */
export function CounterScreen() {
  const { t } = useTranslation();
  const { client, operator } = useStation();
  const [state, setState] = useState<ParentState>({ kind: 'idle' });
  const [draft, setDraft] = useState<PortionDraft>(emptyPortion);
  const [issued, setIssued] = useState<Issued | null>(null);
  const [preview, setPreview] = useState<{ lotId: string; png: string } | null>(null);
  // Also guards 出码 against a held-down Enter before `busy` has re-rendered.
  const { busy, problem: message, run, fail, clear } = useApiAction((error) => errorText(t, error), { cue: true });
  const latestScan = useRef(0);
  // 出码 pressed again after no answer is the same sale: it must not get a second code.
  const saleIds = useRef(createActionIds());
  const quantityField = useRef<HTMLInputElement>(null);
  const scale = useLiveWeight();
  const [manual, setManual] = useState(false);
  // Weighing in 斤 stays chosen from one sale to the next.
  const [jin, setJin] = useState(false);

  const scan = useCallback(
    async (raw: string) => {
      const id = ++latestScan.current;
      saleIds.current.done();
      clear();
      setIssued(null);
      setDraft(emptyPortion());
      if (!RawScan.safeParse(raw).success) {
        setState({ kind: 'idle' });
        return fail(errorText(t, new ApiError('badScan', 'scan size', { reason: raw ? 'tooLong' : 'empty' })));
      }
      setState({ kind: 'loading' });
      try {
        // One round trip: lookupCode raises the market-wide red alert for a held or recalled lot, as at
        // any scan; the lineage, asked at the same time, brings the lot's children.
        const lineageCall = client.call('getLineage', { raw });
        lineageCall.catch(() => undefined); // an unknown lot is told below, from the lookup
        const [{ view }, settings] = await Promise.all([client.call('lookupCode', { raw }), client.call('getSettings', {})]);
        if (id !== latestScan.current) return;
        if (!view) {
          setState({ kind: 'idle' });
          return fail(refusalMessage(t, 'unknownLot'));
        }
        const lineage = await lineageCall;
        if (id !== latestScan.current) return;
        setState({ kind: 'loaded', parent: { raw, view: lineage.view, children: lineage.children, marketWide: settings.selling.marketWide } });
        if (lineage.view.lot.status !== 'admitted') playCue(lineage.view.alert ? 'alert' : 'error');
      } catch (error) {
        if (id !== latestScan.current) return;
        // A failed scan never leaves the previous lot on screen to be sold from by mistake.
        setState({ kind: 'idle' });
        fail(errorText(t, error));
      }
    },
    [client, t, fail, clear],
  );

  const parent = state.kind === 'loaded' ? state.parent : null;
  // A vendor sells only their stall's lots (the station refuses the rest as well).
  const stallProblem = parent && operator ? stallRefusal(operator, parent.view.lot.stallId, parent.marketWide) : null;
  const stallText = stallProblem ? refusalMessage(t, stallProblem, { stall: parent?.view.stall?.name ?? '' }) : undefined;
  const sellable = parent?.view.lot.status === 'admitted' && !stallProblem;
  // With a scale and a lot sold by weight, the portion's weight is the scale's, read-only.
  const scaleNow = weighing(scale, manual, parent?.view.lot.unit ?? null);
  const { following, shownKg: followedKg, weighed } = scaleNow;
  const scaleBlocks = following && !weighed;

  // Each loaded lot (and each 出码) puts the cursor back in the weight field.
  useEffect(() => {
    if (sellable) quantityField.current?.focus();
  }, [parent, sellable]);
  useEffect(() => {
    if (stallText) playCue('error');
  }, [parent, stallText]);

  /** The label as it prints, from the job the sale queued. */
  async function showPreview(lotId: string, jobId: string) {
    try {
      const { png } = await client.call('previewLabel', { jobId });
      setPreview({ lotId, png });
    } catch {
      // The preview is a courtesy: the label prints from the queue either way.
    }
  }

  async function issue() {
    if (busy) return;
    if (!parent) return fail(t('counter.problem.noParent'));
    const { unit, status } = parent.view.lot;
    if (status !== 'admitted') return fail(refusalMessage(t, 'parentNotSellable', { status }));
    if (stallText) return fail(stallText);
    // The weight is the one shown now, stable, and the Node side checks it is still on the scale.
    if (following && !weighed) return fail(notWeighedText(t, scaleNow));
    // A typed weight is read in the unit chosen; a weighed one is kilograms, printed in 斤 if chosen.
    const built = splitInput(parent.raw, unit, weighed ? { ...draft, quantity: weighed.kg.toFixed(3) } : draft, jin && !weighed);
    if ('problems' in built) return fail(built.problems.map((key) => t(key)).join(t('common.listSeparator')));
    const input = weighed ? { ...built.input, scaleId: weighed.scaleId, quantity: weighed.kg, ...(jin && unit === 'kg' && { displayUnit: 'jin' as const }) } : built.input;

    const scanAtStart = latestScan.current;
    await run(
      async () => {
        const result = await client.call('splitLot', { ...input, requestId: saleIds.current.for(input) });
        saleIds.current.done();
        playCue('admit');
        setIssued({ code: result.code, lotId: result.child.lot.id, parentRemaining: result.parentRemaining, unit, exhausted: result.parent.lot.status === 'exhausted' });
        setDraft(emptyPortion());
        void showPreview(result.child.lot.id, result.labelJob.id);
        // The sale's answer is the lot as it now is (other counters' sales counted in what is left) plus its new child.
        if (scanAtStart === latestScan.current) setState({ kind: 'loaded', parent: { ...parent, view: result.parent, children: [...parent.children, result.childNode] } });
      },
      (error) => errorText(t, error, unit),
    );
  }

  return (
    <main className="screen counter" data-testid="counter-screen">
      <div className="counter-sale">
        {state.kind === 'idle' && (
          <section className="verdict verdict-idle counter-waiting" data-testid="counter-waiting">
            <div className="verdict-word verdict-word-small">{t('counter.waiting')}</div>
            <p className="verdict-message">{t('counter.waitingHint')}</p>
          </section>
        )}
        {state.kind === 'loading' && (
          <section className="verdict verdict-idle counter-waiting">
            <div className="verdict-word verdict-word-small">{t('counter.loading')}</div>
          </section>
        )}
        <LiveWeight live={scale} manual={manual} onManualChange={setManual} onError={(e) => fail(errorText(t, e))} />
        {parent && (
          <>
            <LotPanel view={parent.view} testId="parent-panel" forSale refusal={stallText} />
            <PortionForm
              unit={parent.view.lot.unit}
              draft={draft}
              onChange={setDraft}
              onIssue={() => void issue()}
              busy={busy}
              disabled={!sellable}
              quantityRef={quantityField}
              followed={following ? (followedKg ?? '') : null}
              issueBlocked={scaleBlocks}
              jin={jin}
              onJinChange={setJin}
            />
          </>
        )}
        {message && (
          <p className="counter-message" role="alert" data-testid="counter-message">
            {message}
          </p>
        )}
        {/* Below the sale: the wedge needs no button, the camera is on F4 anyway. */}
        <div className="scan-bar">
          <ScanInputs onScan={(text) => void scan(text)} />
        </div>
      </div>
      <div className="counter-side">
        {issued && <IssuedPanel issued={issued} preview={preview?.lotId === issued.lotId ? preview.png : null} />}
        {issued && <ReceiptButton lotId={issued.lotId} />}
        {parent && (
          <section className="counter-children" data-testid="children">
            <h3>{parent.children.length > 0 ? t('counter.children', { count: parent.children.length }) : t('counter.noChildren')}</h3>
            {parent.children.length > 0 && <LotNodeList nodes={parent.children} rowTestId="child-row" highlight={issued?.code} />}
          </section>
        )}
      </div>
    </main>
  );
}
