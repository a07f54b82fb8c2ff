import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, RawScan, type Departure, type RefusalReason } from '../../../../shared/contract';
import { useStation } from '../../api';
import { playCue } from '../../feedback';
import { errorText } from '../../i18n';
import { ScanInputs } from '../../components/ScanInputs';
import { useApiAction } from '../../components/useApiAction';
import { DeparturesList } from './DeparturesList';
import { ExitResult } from './ExitResult';
import { NoCodeForm } from './NoCodeForm';
import { DESK_MODES, exceptionable, MODE_KEYS, type DeskMode, type DeskResult } from './exitDesk';
import './exit.css';

/**
 * 出口查验: the exit gate's desk. Scan what leaves — green 放行 and a beep, or the red alarm with
 * its siren and why. The vehicle stays filled until 下一车. F7 / F8 turn the same desk into the
 * zone desk (贮存区 / 交易区): one scan moves a lot. Each scan replaces the answer at once.
 */
export function ExitScreen() {
  const { t } = useTranslation();
  const { client, can } = useStation();
  const modes = DESK_MODES.filter((m) => (m === 'exit' ? can('exitLot') : can('moveLotZone')));
  const [mode, setMode] = useState<DeskMode>(modes[0] ?? 'exit');
  const [vehicle, setVehicle] = useState('');
  const [buyer, setBuyer] = useState('');
  const [result, setResult] = useState<DeskResult>({ kind: 'idle' });
  const [departures, setDepartures] = useState<Departure[]>([]);
  const [noCode, setNoCode] = useState(false);
  const latestScan = useRef(0);
  const { busy, problem, run } = useApiAction((error) => errorText(t, error));

  const reload = useCallback(() => {
    if (!can('listDepartures')) return;
    client.call('listDepartures', {}).then(setDepartures, () => undefined);
  }, [client, can]);
  useEffect(reload, [reload]);

  // F6 / F7 / F8 pick the mode from anywhere on the screen.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const next = MODE_KEYS[e.key];
      if (!next || !modes.includes(next)) return;
      e.preventDefault();
      setMode(next);
      setResult({ kind: 'idle' });
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [modes]);

  const scan = useCallback(
    async (raw: string) => {
      const id = ++latestScan.current;
      setNoCode(false);
      if (!RawScan.safeParse(raw).success) {
        playCue('error');
        return setResult({ kind: 'notMoved', message: errorText(t, new ApiError('badScan', 'scan size', { reason: raw ? 'tooLong' : 'empty' })) });
      }
      setResult({ kind: 'checking' });
      try {
        if (mode === 'exit') {
          const out = await client.call('exitLot', { raw, ...(vehicle.trim() && { vehicle: vehicle.trim() }), ...(buyer.trim() && { buyer: buyer.trim() }) });
          if (id !== latestScan.current) return;
          setResult({ kind: 'allowed', departure: out.departure, duplicate: out.duplicate });
          if (!out.duplicate) playCue('admit');
          reload();
        } else {
          const out = await client.call('moveLotZone', { raw, zone: mode });
          if (id !== latestScan.current) return;
          setResult({ kind: 'moved', view: out.view, moved: out.moved, to: mode });
          if (out.moved) playCue('admit');
        }
      } catch (error) {
        if (id !== latestScan.current) return;
        const params = error instanceof ApiError ? error.params : undefined;
        const reason = (typeof params?.reason === 'string' ? params.reason : null) as RefusalReason | null;
        if (mode === 'exit') {
          // Whatever the reason, what stands at the gate may not leave: the red alarm.
          playCue('alert');
          setResult({ kind: 'refused', message: errorText(t, error), raw, reason, exceptionable: exceptionable(reason) });
        } else {
          playCue('reject');
          setResult({ kind: 'notMoved', message: errorText(t, error) });
        }
      }
    },
    [client, mode, vehicle, buyer, t, reload],
  );

  /** The refused goods left anyway: kept for the manager. */
  async function recordException(input: { raw?: string; note?: string }) {
    await run(async () => {
      const exception = await client.call('recordExitException', { ...input, ...(vehicle.trim() && { vehicle: vehicle.trim() }), ...(buyer.trim() && { buyer: buyer.trim() }) });
      setNoCode(false);
      setResult({ kind: 'exception', exception });
    });
  }

  return (
    <main className="screen exit-desk" data-testid="exit-screen" data-mode={mode}>
      <div className="exit-main">
        <div className="segmented exit-modes" role="group" aria-label={t('exit.title')}>
          {modes.map((m) => (
            <button
              key={m}
              type="button"
              className={`segment exit-mode ${mode === m ? 'segment-on' : ''}`}
              aria-pressed={mode === m}
              onClick={() => {
                setMode(m);
                setResult({ kind: 'idle' });
              }}
              data-testid={`exit-mode-${m}`}
            >
              {t(`exit.mode.${m}`)} <kbd>{t(`exit.modeKey.${m}`)}</kbd>
            </button>
          ))}
        </div>
        {mode === 'exit' && (
          <div className="exit-vehicle card">
            <label>
              {t('exit.vehicle')}
              <input value={vehicle} maxLength={16} placeholder={t('exit.vehiclePlaceholder')} onChange={(e) => setVehicle(e.target.value)} data-testid="exit-vehicle" />
            </label>
            <label className="grow">
              {t('exit.buyer')}
              <input value={buyer} maxLength={100} placeholder={t('exit.buyerPlaceholder')} onChange={(e) => setBuyer(e.target.value)} data-testid="exit-buyer" />
            </label>
            <button
              type="button"
              className="secondary"
              onClick={() => {
                setVehicle('');
                setBuyer('');
                setResult({ kind: 'idle' });
              }}
              data-testid="exit-next-vehicle"
            >
              {t('exit.nextVehicle')}
            </button>
          </div>
        )}
        <ExitResult result={result} mode={mode} busy={busy} onException={() => result.kind === 'refused' && void recordException({ raw: result.raw })} />
        {problem && (
          <p className="counter-message" role="alert" data-testid="exit-problem">
            {problem}
          </p>
        )}
        <div className="scan-bar">
          <ScanInputs onScan={(text) => void scan(text)} />
        </div>
      </div>
      {mode === 'exit' && (
        <div className="exit-side">
          {noCode ? (
            <NoCodeForm busy={busy} onSubmit={(note) => void recordException({ note })} onCancel={() => setNoCode(false)} />
          ) : (
            <button type="button" className="secondary exit-no-code" onClick={() => setNoCode(true)} data-testid="exit-no-code">
              {t('exit.noCode')}
            </button>
          )}
          <DeparturesList departures={departures} />
        </div>
      )}
    </main>
  );
}
