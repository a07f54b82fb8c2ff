import { useEffect, useReducer, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useStation } from '../../api';
import { useApiAction } from '../../components/useApiAction';
import { useLiveWeight, weighing } from '../../components/scale/useLiveWeight';
import { playCue } from '../../feedback';
import { errorText } from '../../i18n';
import { refusalMessage } from '../../i18n/refusal';
import { DisposalLot } from './DisposalLot';
import { disposalReducer, disposeInput, lotOf, START, stepsShown, takesScan, type Step } from './disposalFlow';
import { RecentDisposals } from './RecentDisposals';
import { ConfirmStep } from './steps/ConfirmStep';
import { DetailsStep } from './steps/DetailsStep';
import { OperatorStep } from './steps/OperatorStep';
import { PhotoStep } from './steps/PhotoStep';
import { ResultStep } from './steps/ResultStep';
import { ScanStep } from './steps/ScanStep';
import { ShreddingStep } from './steps/ShreddingStep';
import { WitnessStep } from './steps/WitnessStep';
import { useDisposalLists } from './useDisposalLists';
import { useShredderState } from './useShredderState';
import './disposal.css';

type PinCheck = { who: 'operator'; pin: string } | { who: 'witness'; witnessId: string; pin: string };

/**
 * 销毁: scan → quantity, reason, method → photo → shredding with the live shredder state → photo →
 * operator PIN → witness PIN → 确认销毁 → the kept certificate. One main action per step; the steps
 * are disposalFlow's, this screen makes the station calls between them. `lot`: opened from another
 * screen (去销毁 on a recall) with that code, read as if scanned.
 */
export function DisposalScreen({ lot: linkedLot }: { lot?: string } = {}) {
  const { t } = useTranslation();
  const { client, operator } = useStation();
  const [step, dispatch] = useReducer(disposalReducer, START);
  const describe = (error: unknown) => errorText(t, error);
  const { busy, problem: message, run, fail, clear } = useApiAction(describe, { cue: true });
  const { people, holds, recent, reload } = useDisposalLists();
  const latestScan = useRef(0);
  const scale = useLiveWeight();
  const [manual, setManual] = useState(false);
  const shredder = useShredderState();
  const lot = lotOf(step);
  const scaleNow = weighing(scale, manual, lot?.view.lot.unit ?? null);

  function restart() {
    dispatch({ type: 'restart' });
    clear();
  }

  async function scan(raw: string) {
    if (!takesScan(step)) return;
    const id = ++latestScan.current;
    clear();
    try {
      // lookupCode raises the market-wide alert for a held or destroyed lot, as at any scan.
      const { view } = await client.call('lookupCode', { raw });
      if (id !== latestScan.current) return;
      if (!view) return fail(refusalMessage(t, 'unknownLot'));
      dispatch({ type: 'lotRead', raw, view });
      if (view.lot.status === 'destroyed') return fail(t('disposal.alreadyDestroyed'));
      playCue('alert');
      // The whole tree in one call: the Node side walks it in one query.
      const { descendants } = await client.call('getLineage', { raw });
      if (id === latestScan.current) dispatch({ type: 'treeRead', raw, descendants: descendants.map((d) => d.code) });
    } catch (error) {
      if (id === latestScan.current) fail(describe(error));
    }
  }

  function startShredding(photographed: Extract<Step, { kind: 'photoBefore' }>) {
    const { weighed } = scaleNow;
    void run(async () => {
      const w = await client.call('startShredding', { method: photographed.details.method, ...(weighed && { weighed: { scaleId: weighed.scaleId, quantity: weighed.kg } }) });
      dispatch({ type: 'shreddingStarted', shredding: { id: w.shreddingId, startedAt: w.startedAt, weighedKg: w.weighedKg, scaleId: w.weighedKg !== null && weighed ? weighed.scaleId : null } });
    });
  }

  function stopShredding(shreddingId: string) {
    void run(async () => {
      await client.call('stopShredding', { shreddingId });
      dispatch({ type: 'next' });
    });
  }

  /** Each PIN is checked as it is entered: a wrong one is cleared at once, before anyone else types. */
  function checkPin(input: PinCheck) {
    if (input.pin.length < 4) return;
    void run(
      async () => {
        await client.call('checkDisposalPin', input);
        dispatch({ type: 'pinAccepted' });
      },
      () => dispatch({ type: 'pinRefused' }),
    );
  }

  function confirm(confirming: Extract<Step, { kind: 'confirm' }>) {
    void run(
      async () => {
        const d = await client.call('disposeLot', disposeInput(confirming));
        dispatch({ type: 'disposed', result: d });
        playCue(d.flag ? 'alert' : 'admit');
        reload();
      },
      (error) => {
        // A wrong, waiting or locked PIN goes back to whose PIN it was.
        const params = (error as { params?: { reason?: unknown; whose?: unknown } }).params;
        dispatch({ type: 'disposeRefused', reason: params?.reason ?? params?.whose });
      },
    );
  }

  // Once, on opening: App mounts the screen afresh for each link.
  const linked = useRef(false);
  useEffect(() => {
    if (!linkedLot || linked.current) return;
    linked.current = true;
    void scan(linkedLot);
  });

  const witnesses = people.filter((p) => p.id !== operator?.id && p.role !== 'vendor');

  return (
    <main className="screen disposal" data-testid="disposal-screen" data-step={step.kind}>
      <ol className="disposal-steps">
        {stepsShown(step).map((s) => (
          <li key={s} className={s === step.kind ? 'disposal-step-on' : ''}>
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
          {step.kind === 'scan' && <ScanStep holds={holds} onScan={(raw) => void scan(raw)} />}
          {lot && <DisposalLot lot={lot} />}
          {step.kind === 'details' && (
            <DetailsStep
              step={step}
              scale={scale}
              scaleNow={scaleNow}
              manual={manual}
              onManualChange={setManual}
              onChange={(patch) => dispatch({ type: 'detailsChanged', patch })}
              onDone={(quantity) => {
                clear();
                dispatch({ type: 'detailsDone', quantity });
              }}
              onRestart={restart}
              fail={fail}
              describe={describe}
            />
          )}
          {step.kind === 'photoBefore' && (
            <>
              <PhotoStep
                title={t('disposal.steps.photoBefore')}
                photo={step.photoBefore}
                onPhoto={(photo) => dispatch({ type: 'photoTaken', photo })}
                onNext={() => startShredding(step)}
                testId="photo-before"
              />
              <p className="muted">{step.details.method === 'shredding' ? t('disposal.shredder.start') : t('disposal.shredder.startOther')}</p>
            </>
          )}
          {step.kind === 'shredding' && <ShreddingStep step={step} shredder={shredder} busy={busy} onDone={() => stopShredding(step.shredding.id)} />}
          {step.kind === 'photoAfter' && (
            <PhotoStep
              title={t('disposal.steps.photoAfter')}
              photo={step.photoAfter}
              onPhoto={(photo) => dispatch({ type: 'photoTaken', photo })}
              onNext={() => dispatch({ type: 'next' })}
              testId="photo-after"
            />
          )}
          {step.kind === 'operator' && (
            <OperatorStep
              name={operator?.name ?? ''}
              pin={step.operatorPin}
              busy={busy}
              onPin={(pin) => dispatch({ type: 'pinTyped', pin })}
              onSubmit={() => checkPin({ who: 'operator', pin: step.operatorPin })}
              onBack={() => dispatch({ type: 'back' })}
            />
          )}
          {step.kind === 'witness' && (
            <WitnessStep
              step={step}
              witnesses={witnesses}
              busy={busy}
              onPick={(witness) => dispatch({ type: 'witnessPicked', witness })}
              onPin={(pin) => dispatch({ type: 'pinTyped', pin })}
              onSubmit={() => step.witness && checkPin({ who: 'witness', witnessId: step.witness.id, pin: step.witnessPin })}
              onBack={() => dispatch({ type: 'back' })}
            />
          )}
          {step.kind === 'confirm' && <ConfirmStep step={step} operatorName={operator?.name ?? ''} busy={busy} onConfirm={() => confirm(step)} onRestart={restart} />}
          {step.kind === 'result' && <ResultStep result={step.result} onNextLot={restart} />}
        </div>

        <aside className="disposal-side">
          <RecentDisposals recent={recent} />
        </aside>
      </div>
    </main>
  );
}
