import { useTranslation } from 'react-i18next';
import { useStation } from '../../api';
import type { LiveState, LiveWeight as Live } from './useLiveWeight';
import './liveWeight.css';

interface LiveWeightProps {
  live: Live;
  /** The portion's weight follows the scale; off: the vendor keys it in. */
  manual: boolean;
  onManualChange(manual: boolean): void;
  onError(error: unknown): void;
}

/** 秤未连接（reason）: the driver's error, else the connection state, else "no data". */
function offlineReason(t: (key: string) => string, live: Extract<LiveState, { kind: 'offline' }>): string {
  const s = live.status;
  if (s?.error) return t(`scale.reason.${s.error}`);
  if (s && s.state !== 'connected') return t(`scale.reason.${s.state}`);
  return t('scale.reason.noData');
}

/** The first scale's weight, big, with its stability in words and its zero/tare keys. */
export function LiveWeight({ live, manual, onManualChange, onError }: LiveWeightProps) {
  const { t } = useTranslation();
  const { can } = useStation();
  const { scale } = live;
  const commands = can('scaleCommand') ? live.commands : [];
  if (!scale) return null;
  const state = live.live;
  const kg = state.kind === 'stable' || state.kind === 'unstable' || state.kind === 'negative' ? state.kg : null;
  const word = state.kind === 'offline' ? t('scale.offline', { reason: offlineReason(t, state) }) : t(`scale.${state.kind}`);
  const tareKg = live.weight?.tareKg;

  return (
    <section className={`live-weight live-weight-${state.kind}`} data-testid="live-weight" data-state={state.kind}>
      <div className="live-weight-row live-weight-head">
        <span className="live-weight-name">{scale.name}</span>
        <button type="button" className={`live-weight-manual ${manual ? 'live-weight-manual-on' : ''}`} aria-pressed={manual} onClick={() => onManualChange(!manual)} data-testid="manual-weight">
          {t('scale.manual')}
        </button>
      </div>
      <div className="live-weight-row">
        <span className="live-weight-kg" data-testid="live-weight-kg">
          {kg === null ? '—' : kg.toFixed(3)}
        </span>
        <span className="live-weight-unit">{t('unit.kg')}</span>
        <span className="live-weight-state" data-testid="live-weight-state">
          {word}
        </span>
      </div>
      {(commands.length > 0 || (tareKg ?? 0) > 0) && (
        <div className="live-weight-row">
          {tareKg !== null && tareKg !== undefined && tareKg > 0 && <span className="live-weight-tare">{t('scale.tareShown', { kg: tareKg.toFixed(3) })}</span>}
          {commands.map((c) => (
            <button key={c} type="button" onClick={() => live.command(c).catch(onError)} data-testid={`scale-${c}`}>
              {t(`scale.command.${c}`)}
            </button>
          ))}
        </div>
      )}
    </section>
  );
}
