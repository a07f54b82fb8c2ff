import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DISPOSAL_METHODS, DISPOSAL_REASONS, type Disposal, type LotView, type Output } from '../../../../shared/contract';
import { codeLabel } from '../../../../shared/domain/codeLabel';
import { useStation } from '../../api';
import { Choice } from '../../components/Choice';
import { LiveWeight } from '../../components/scale/LiveWeight';
import { notWeighedText, useLiveWeight, weighing } from '../../components/scale/useLiveWeight';
import { playCue } from '../../feedback';
import { ScanInputs } from '../counter/ScanInputs';
import { PinPad } from '../signin/PinPad';
import { CertificateLinks } from './CertificateLinks';
import { refusalMessage, refusalText } from '../../i18n/refusal';
import { PhotoStep } from './PhotoStep';
import { useShredderState, shredderWord } from './useShredderState';
import './disposal.css';

type Reason = (typeof DISPOSAL_REASONS)[number];
type Method = (typeof DISPOSAL_METHODS)[number];
type Step = 'scan' | 'details' | 'photoBefore' | 'shredding' | 'photoAfter' | 'operator' | 'witness' | 'confirm' | 'result';
type Hold = Output<'listHolds'>[number];
type Person = Output<'listOperators'>[number];

interface Target {
  raw: string;
  view: LotView;
  /** Every descendant code, any depth (null while being read). */
  descendants: string[] | null;
}


/**
 * 销毁: scan → quantity, reason, method → photo → shredding with the live shredder state → photo →
 * operator PIN → witness PIN → 确认销毁 → the kept certificate. One main action per step.
 */
export function DisposalScreen() {
  const { t } = useTranslation();
  const { client, operator } = useStation();
  const [step, setStep] = useState<Step>('scan');
  const [target, setTarget] = useState<Target | null>(null);
  const [message, setMessage] = useState('');
  const [quantity, setQuantity] = useState('');
  const [reason, setReason] = useState<Reason>('testFailed');
  const [reasonText, setReasonText] = useState('');
  const [method, setMethod] = useState<Method>('shredding');
  const [methodText, setMethodText] = useState('');
  const [photoBefore, setPhotoBefore] = useState<string | null>(null);
  const [photoAfter, setPhotoAfter] = useState<string | null>(null);
  const [shredding, setShredding] = useState<{ id: string; startedAt: number; weighedKg: number | null; scaleId: string | null } | null>(null);
  const [operatorPin, setOperatorPin] = useState('');
  const [witness, setWitness] = useState<Person | null>(null);
  const [witnessPin, setWitnessPin] = useState('');
  const [people, setPeople] = useState<Person[]>([]);
  const [holds, setHolds] = useState<Hold[]>([]);
  const [recent, setRecent] = useState<Disposal[]>([]);
  const [result, setResult] = useState<Disposal | null>(null);
  const [busy, setBusy] = useState(false);
  const latestScan = useRef(0);
  const scale = useLiveWeight();
  const [manual, setManual] = useState(false);
  const shredder = useShredderState();
  const unit = target?.view.lot.unit ?? null;
  const scaleNow = weighing(scale, manual, unit);
  const { following, shownKg, weighed } = scaleNow;

  const fail = useCallback((text: string) => {
    setMessage(text);
    playCue('error');
  }, []);

  const reloadLists = useCallback(() => {
    client.call('listHolds', { active: true }).then(setHolds, () => setHolds([]));
    client.call('listDisposals', { limit: 10 }).then(setRecent, () => undefined);
  }, [client]);
  useEffect(reloadLists, [reloadLists]);
  useEffect(() => {
    client.call('listOperators', {}).then(setPeople, () => setPeople([]));
  }, [client]);

  function reset() {
    setStep('scan');
    setTarget(null);
    setMessage('');
    setQuantity('');
    setReason('testFailed');
    setReasonText('');
    setMethod('shredding');
    setMethodText('');
    setPhotoBefore(null);
    setPhotoAfter(null);
    setShredding(null);
    setOperatorPin('');
    setWitness(null);
    setWitnessPin('');
    setResult(null);
  }

  async function scan(raw: string) {
    if (step !== 'scan' && step !== 'details') return;
    const id = ++latestScan.current;
    setMessage('');
    try {
      // lookupCode raises the market-wide alert for a held or destroyed lot, as at any scan.
      const { view } = await client.call('lookupCode', { raw });
      if (id !== latestScan.current) return;
      if (!view) return fail(refusalMessage(t, 'unknownLot'));
      setTarget({ raw, view, descendants: null });
      setQuantity(String(view.remaining > 0 ? view.remaining : view.lot.quantity));
      if (view.lot.status === 'destroyed') {
        setStep('scan');
        return fail(t('disposal.alreadyDestroyed'));
      }
      setStep('details');
      playCue('alert');
      // The whole tree in one call: the Node side walks it in one query.
      const { descendants } = await client.call('getLineage', { raw });
      if (id === latestScan.current) setTarget({ raw, view, descendants: descendants.map((d) => d.code) });
    } catch (error) {
      if (id === latestScan.current) fail(refusalText(t, error));
    }
  }

  function detailsDone() {
    if (!target) return;
    if (following && !weighed) return fail(notWeighedText(t, scaleNow));
    const q = weighed ? weighed.kg : Number(quantity);
    if (!(q > 0)) return fail(t('disposal.devices.problem.number'));
    if (method === 'other' && !methodText.trim()) return fail(t('disposal.methodText'));
    setQuantity(String(q));
    setMessage('');
    setStep('photoBefore');
  }

  async function startShredding() {
    setBusy(true);
    setMessage('');
    try {
      const w = await client.call('startShredding', { method, ...(weighed && { weighed: { scaleId: weighed.scaleId, quantity: weighed.kg } }) });
      setShredding({ id: w.shreddingId, startedAt: w.startedAt, weighedKg: w.weighedKg, scaleId: w.weighedKg !== null && weighed ? weighed.scaleId : null });
      setStep(method === 'shredding' ? 'shredding' : 'photoAfter');
    } catch (error) {
      fail(refusalText(t, error));
    } finally {
      setBusy(false);
    }
  }

  async function shreddingDone() {
    if (!shredding) return;
    setBusy(true);
    try {
      await client.call('stopShredding', { shreddingId: shredding.id });
      setStep('photoAfter');
    } catch (error) {
      fail(refusalText(t, error));
    } finally {
      setBusy(false);
    }
  }

  /** Each PIN is checked as it is entered: a wrong one is cleared at once, before anyone else types. */
  async function checkPin(input: { who: 'operator'; pin: string } | { who: 'witness'; witnessId: string; pin: string }, next: () => void) {
    if (input.pin.length < 4 || busy) return;
    setBusy(true);
    setMessage('');
    try {
      await client.call('checkDisposalPin', input);
      next();
    } catch (error) {
      if (input.who === 'operator') setOperatorPin('');
      else setWitnessPin('');
      fail(refusalText(t, error));
    } finally {
      setBusy(false);
    }
  }

  async function confirm() {
    if (!target || !witness || busy) return;
    setBusy(true);
    setMessage('');
    try {
      const d = await client.call('disposeLot', {
        raw: target.raw,
        quantity: shredding?.weighedKg ?? Number(quantity),
        unit: target.view.lot.unit,
        ...(shredding?.scaleId && { scaleId: shredding.scaleId }),
        reason,
        ...(reasonText.trim() && { reasonText: reasonText.trim() }),
        method,
        ...(methodText.trim() && { methodText: methodText.trim() }),
        operatorPin,
        witnessId: witness.id,
        witnessPin,
        ...(shredding && { shreddingId: shredding.id }),
        ...(photoBefore && { photoBefore }),
        ...(photoAfter && { photoAfter }),
      });
      setResult(d);
      setStep('result');
      playCue(d.flag ? 'alert' : 'admit');
      reloadLists();
    } catch (error) {
      const r = (error as { params?: { reason?: unknown } }).params?.reason;
      // A wrong PIN goes back to that person's pad; the rest of the work is kept.
      if (r === 'operatorPin') {
        setOperatorPin('');
        setStep('operator');
      } else if (r === 'witnessPin' || r === 'witnessNotAllowed' || r === 'witnessSameAsOperator') {
        setWitnessPin('');
        setWitness(null);
        setStep('witness');
      }
      fail(refusalText(t, error));
    } finally {
      setBusy(false);
    }
  }

  const witnesses = people.filter((p) => p.id !== operator?.id && p.role !== 'vendor');
  const word = shredderWord(shredder);
  const runSeen = shredding && shredder?.lastRun && shredder.lastRun.endedAt >= shredding.startedAt ? shredder.lastRun : null;
  const steps: Step[] = ['scan', 'details', 'photoBefore', ...(method === 'shredding' ? (['shredding'] as Step[]) : []), 'photoAfter', 'operator', 'witness', 'confirm'];

  return (
    <main className="screen disposal" data-testid="disposal-screen" data-step={step}>
      <ol className="disposal-steps">
        {steps.map((s) => (
          <li key={s} className={s === step ? 'disposal-step-on' : ''}>
            {t(`disposal.steps.${s}`)}
          </li>
        ))}
      </ol>
      <div className="disposal-columns">
        <div className="disposal-main">
          {message && (
            <p className="form-message disposal-message" role="alert" data-testid="disposal-message">
              {message}
            </p>
          )}

          {step === 'scan' && (
            <>
              <section className="verdict verdict-idle" data-testid="disposal-waiting">
                <div className="verdict-word verdict-word-small">{t('disposal.waiting')}</div>
                <p className="verdict-message">{t('disposal.waitingHint')}</p>
              </section>
              <div className="scan-bar">
                <ScanInputs onScan={(text) => void scan(text)} />
              </div>
              <section className="card">
                <h3>{t('disposal.holds')}</h3>
                {holds.length === 0 && <p className="muted">{t('disposal.noHolds')}</p>}
                <div className="disposal-choices">
                  {holds.map((h) => (
                    <button key={h.id} type="button" className="segment" onClick={() => void scan(h.code)} data-testid="disposal-hold">
                      <span className="code-cell">{h.code}</span> · {h.note ?? t(`disposal.reasons.${h.reason === 'testPositive' ? 'testFailed' : 'other'}`)}
                    </button>
                  ))}
                </div>
              </section>
            </>
          )}

          {target && step !== 'scan' && step !== 'result' && <LotSummary target={target} />}

          {step === 'details' && target && (
            <section className="card disposal-step" data-testid="disposal-details">
              <LiveWeight live={scale} manual={manual} onManualChange={setManual} onError={(e) => fail(refusalText(t, e))} />
              <label>
                {t('disposal.quantity')} ({t(`unit.${target.view.lot.unit}`)})
                <input
                  className="disposal-quantity"
                  inputMode="decimal"
                  value={following ? (shownKg ?? '') : quantity}
                  readOnly={following}
                  onChange={(e) => setQuantity(e.target.value)}
                  data-testid="disposal-quantity"
                />
              </label>
              {following && <p className="muted">{t('disposal.quantityFromScale')}</p>}
              <h3>{t('disposal.reason')}</h3>
              <Choice<Reason> value={reason} options={DISPOSAL_REASONS} label={(o) => t(`disposal.reasons.${o}`)} testId="disposal-reason" onChange={setReason} />
              <input value={reasonText} maxLength={200} placeholder={t('disposal.reasonText')} onChange={(e) => setReasonText(e.target.value)} data-testid="disposal-reason-text" />
              <h3>{t('disposal.method')}</h3>
              <Choice<Method> value={method} options={DISPOSAL_METHODS} label={(o) => t(`disposal.methods.${o}`)} testId="disposal-method" onChange={setMethod} />
              {method === 'other' && <input value={methodText} maxLength={200} placeholder={t('disposal.methodText')} onChange={(e) => setMethodText(e.target.value)} data-testid="disposal-method-text" />}
              <div className="form-actions">
                <button type="button" className="secondary" onClick={reset}>
                  {t('disposal.restart')}
                </button>
                <button type="button" className="primary big" onClick={detailsDone} disabled={target.descendants === null} data-testid="disposal-details-next">
                  {t('disposal.next')}
                </button>
              </div>
            </section>
          )}

          {step === 'photoBefore' && (
            <>
              <PhotoStep title={t('disposal.steps.photoBefore')} photo={photoBefore} onPhoto={setPhotoBefore} onNext={() => void startShredding()} testId="photo-before" />
              <p className="muted">{method === 'shredding' ? t('disposal.shredder.start') : t('disposal.shredder.startOther')}</p>
            </>
          )}

          {step === 'shredding' && shredding && (
            <section className="card disposal-step" data-testid="disposal-shredding">
              <div className={`shredder-state shredder-state-${word}`} data-testid="shredder-state" data-state={word}>
                {t(`disposal.shredder.${word}`)}
              </div>
              {shredding.weighedKg !== null && <p>{t('disposal.shredder.weighed', { kg: shredding.weighedKg.toFixed(3) })}</p>}
              <p className="muted">{shredder?.mode === 'manual' ? t('disposal.shredder.manualHint') : shredder?.mode === 'none' ? t('disposal.shredder.none') : t('disposal.shredder.deviceHint')}</p>
              {shredder && (shredder.mode === 'serial' || shredder.mode === 'modbus') && (
                <p data-testid="shredder-run-seen" data-seen={runSeen ? 'yes' : 'no'}>
                  {runSeen ? t('disposal.shredder.runSeen', { seconds: (runSeen.durationMs / 1000).toFixed(1) }) : t('disposal.shredder.noRunYet')}
                </p>
              )}
              <div className="form-actions">
                <button type="button" className="primary big" onClick={() => void shreddingDone()} disabled={busy} data-testid="shredding-done">
                  {t('disposal.shredder.done')}
                </button>
              </div>
            </section>
          )}

          {step === 'photoAfter' && <PhotoStep title={t('disposal.steps.photoAfter')} photo={photoAfter} onPhoto={setPhotoAfter} onNext={() => setStep('operator')} testId="photo-after" />}

          {step === 'operator' && (
            <section className="card disposal-step" data-testid="disposal-operator">
              <h2>{t('disposal.operatorPin', { name: operator?.name ?? '' })}</h2>
              <PinPad
                value={operatorPin}
                onChange={setOperatorPin}
                onSubmit={() => void checkPin({ who: 'operator', pin: operatorPin }, () => setStep('witness'))}
                onCancel={() => setStep('photoAfter')}
                disabled={busy}
                submitLabel={t('disposal.pinConfirm')}
              />
            </section>
          )}

          {step === 'witness' && !witness && (
            <section className="card disposal-step" data-testid="disposal-witness">
              <h2>{t('disposal.witnessPick')}</h2>
              {witnesses.length === 0 && <p className="form-message">{t('disposal.noWitness')}</p>}
              <div className="operator-grid">
                {witnesses.map((p) => (
                  <button key={p.id} type="button" className="operator-button" onClick={() => setWitness(p)} data-testid="witness-button">
                    <span className="operator-name">{p.name}</span>
                    <span className="operator-role">{t(`role.${p.role}`)}</span>
                  </button>
                ))}
              </div>
            </section>
          )}
          {step === 'witness' && witness && (
            <section className="card disposal-step" data-testid="disposal-witness-pin">
              <h2>{t('disposal.witnessPin', { name: witness.name })}</h2>
              <PinPad
                value={witnessPin}
                onChange={setWitnessPin}
                onSubmit={() => void checkPin({ who: 'witness', witnessId: witness.id, pin: witnessPin }, () => setStep('confirm'))}
                onCancel={() => {
                  setWitness(null);
                  setWitnessPin('');
                }}
                disabled={busy}
                submitLabel={t('disposal.pinConfirm')}
              />
            </section>
          )}

          {step === 'confirm' && target && witness && (
            <section className="card disposal-step disposal-confirm" data-testid="disposal-confirm">
              <h2>{t('disposal.confirmTitle')}</h2>
              <dl className="disposal-summary">
                <dt>{t('disposal.summary.quantity')}</dt>
                <dd>
                  {shredding?.weighedKg ?? quantity} {t(`unit.${target.view.lot.unit}`)}
                  {shredding?.weighedKg != null ? t('disposal.summary.weighed') : ''}
                </dd>
                <dt>{t('disposal.summary.reason')}</dt>
                <dd>{t(`disposal.reasons.${reason}`)}</dd>
                <dt>{t('disposal.summary.method')}</dt>
                <dd>{t(`disposal.methods.${method}`)}</dd>
                <dt>{t('disposal.summary.operator')}</dt>
                <dd>{operator?.name}</dd>
                <dt>{t('disposal.summary.witness')}</dt>
                <dd>{witness.name}</dd>
                <dt>{t('disposal.summary.photos')}</dt>
                <dd>{t('disposal.summary.photosValue', { before: t(photoBefore ? 'disposal.summary.yes' : 'disposal.summary.no'), after: t(photoAfter ? 'disposal.summary.yes' : 'disposal.summary.no') })}</dd>
              </dl>
              {busy && <p role="status">{t('disposal.confirming')}</p>}
              <div className="form-actions">
                <button type="button" className="secondary" onClick={reset} disabled={busy}>
                  {t('disposal.restart')}
                </button>
                <button type="button" className="danger big" onClick={() => void confirm()} disabled={busy} data-testid="disposal-confirm-button">
                  {t('disposal.confirm')}
                </button>
              </div>
            </section>
          )}

          {step === 'result' && result && (
            <section className={`card disposal-result ${result.flag ? 'disposal-result-flagged' : ''}`} data-testid="disposal-result" data-flag={result.flag ?? ''}>
              <div className="verdict-word">{t('disposal.done')}</div>
              <p>
                {t('disposal.certificateNumber')}：<strong data-testid="certificate-number">{result.certificateNumber}</strong>
              </p>
              {result.flag && (
                <p className="disposal-flag" role="alert" data-testid="disposal-flag">
                  {t('disposal.flagged')}
                </p>
              )}
              {result.shredder && (
                <p data-testid="disposal-run">
                  {t('disposal.run', { start: new Date(result.shredder.startedAt).toLocaleTimeString(), end: new Date(result.shredder.endedAt).toLocaleTimeString(), seconds: (result.shredder.durationMs / 1000).toFixed(1) })}
                </p>
              )}
              <p>{t('disposal.blocked', { count: result.blockedCodes.length })}</p>
              <CertificateLinks disposalId={result.id} />
              <div className="form-actions">
                <button type="button" className="primary big" onClick={reset} data-testid="disposal-next-lot">
                  {t('disposal.nextLot')}
                </button>
              </div>
            </section>
          )}
        </div>

        <aside className="disposal-side">
          <section className="card" data-testid="disposal-recent">
            <h3>{t('disposal.recent')}</h3>
            {recent.length === 0 && <p className="muted">{t('disposal.noRecent')}</p>}
            <ul className="disposal-recent">
              {recent.map((d) => (
                <li key={d.id} data-testid="disposal-recent-row" data-flag={d.flag ?? ''}>
                  <span className="code-cell">{d.code}</span> · {d.varietyName} · {d.quantity} {t(`unit.${d.unit}`)}
                  <div className="muted">
                    {d.certificateNumber} · {d.createdAt.slice(0, 16).replace('T', ' ')}
                  </div>
                  {d.flag && <div className="disposal-flag">{t('disposal.flagged')}</div>}
                </li>
              ))}
            </ul>
          </section>
        </aside>
      </div>
    </main>
  );
}

function LotSummary({ target }: { target: Target }) {
  const { t } = useTranslation();
  const { view, descendants } = target;
  return (
    <section className="card disposal-lot" data-testid="disposal-lot" data-status={view.lot.status}>
      <div className="disposal-lot-code code-cell" data-testid="disposal-lot-code">
        {codeLabel(view.lot.codeKey)}
      </div>
      <div>
        {t('disposal.variety')}：{view.variety.name} · {t('disposal.supplier')}：{view.supplier.name} · {t('disposal.quantityOfLot')}：{view.lot.quantity} {t(`unit.${view.lot.unit}`)} · {t('disposal.status')}：{t(`status.${view.lot.status}`)}
      </div>
      {descendants === null ? (
        <p className="muted">{t('disposal.treeLoading')}</p>
      ) : (
        <details open={descendants.length > 0 && descendants.length <= 12}>
          <summary data-testid="disposal-tree" data-count={descendants.length}>
            {descendants.length ? t('disposal.tree', { count: descendants.length }) : t('disposal.treeNone')}
          </summary>
          <ul className="disposal-tree">
            {descendants.map((c) => (
              <li key={c} className="code-cell" data-testid="disposal-tree-code">
                {c}
              </li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}
