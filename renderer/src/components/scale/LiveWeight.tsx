import type { CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import { useStation } from '../../api';
import type { LiveState, LiveWeight as Live } from './useLiveWeight';

interface LiveWeightProps {
  live: Live;
  /** The portion's weight follows the scale; off: the vendor keys it in. */
  manual: boolean;
  onManualChange(manual: boolean): void;
  onError(error: unknown): void;
}

const COLOUR: Record<LiveState['kind'], string> = { stable: '#1b7f3b', unstable: '#b36b00', overload: '#c62828', underload: '#c62828', offline: '#c62828' };
const styles = {
  box: { border: '2px solid', borderRadius: 8, padding: '8px 12px', marginBottom: 12 },
  row: { display: 'flex', alignItems: 'baseline', gap: 12, flexWrap: 'wrap' },
  kg: { fontSize: '3rem', fontWeight: 700, fontVariantNumeric: 'tabular-nums' },
  word: { fontSize: '1.5rem', fontWeight: 700 },
} satisfies Record<string, CSSProperties>;

/** 秤未连接（reason）: the driver's error, else the connection state, else "no data". */
function offlineReason(t: (key: string) => string, live: Extract<LiveState, { kind: 'offline' }>): string {
  const s = live.status;
  if (s?.error) return t(`counter.scale.reason.${s.error}`);
  if (s && s.state !== 'connected') return t(`counter.scale.reason.${s.state}`);
  return t('counter.scale.reason.noData');
}

/** The first scale's weight, big, with its stability in words and its zero/tare keys. */
export function LiveWeight({ live, manual, onManualChange, onError }: LiveWeightProps) {
  const { t } = useTranslation();
  const { can } = useStation();
  const { scale } = live;
  const commands = can('scaleCommand') ? live.commands : [];
  if (!scale) return null;
  const state = live.live;
  const kg = state.kind === 'stable' || state.kind === 'unstable' ? state.kg : null;
  const word =
    state.kind === 'stable'
      ? t('counter.scale.stable')
      : state.kind === 'unstable'
        ? t('counter.scale.unstable')
        : state.kind === 'overload'
          ? t('counter.scale.overload')
          : state.kind === 'underload'
            ? t('counter.scale.underload')
            : t('counter.scale.offline', { reason: offlineReason(t, state) });
  const tareKg = live.weight?.tareKg;

  return (
    <section className={`live-weight live-weight-${state.kind}`} style={{ ...styles.box, borderColor: COLOUR[state.kind] }} data-testid="live-weight" data-state={state.kind}>
      <div className="live-weight-head" style={{ ...styles.row, justifyContent: 'space-between' }}>
        <span className="live-weight-name">{scale.name}</span>
        <button type="button" className={`live-weight-manual ${manual ? 'closing-on' : ''}`} aria-pressed={manual} onClick={() => onManualChange(!manual)} data-testid="manual-weight">
          {t('counter.scale.manual')}
        </button>
      </div>
      <div className="live-weight-main" style={styles.row}>
        <span className="live-weight-kg" style={{ ...styles.kg, color: COLOUR[state.kind] }} data-testid="live-weight-kg">
          {kg === null ? '—' : kg.toFixed(3)}
        </span>
        <span className="live-weight-unit">{t('unit.kg')}</span>
        <span className="live-weight-state" style={{ ...styles.word, color: COLOUR[state.kind] }} data-testid="live-weight-state">
          {word}
        </span>
      </div>
      {(commands.length > 0 || (tareKg ?? 0) > 0) && (
        <div className="live-weight-keys" style={styles.row}>
          {tareKg !== null && tareKg !== undefined && tareKg > 0 && <span className="live-weight-tare">{t('counter.scale.tareShown', { kg: tareKg.toFixed(3) })}</span>}
          {commands.map((c) => (
            <button key={c} type="button" onClick={() => live.command(c).catch(onError)} data-testid={`scale-${c}`}>
              {t(`counter.scale.command.${c}`)}
            </button>
          ))}
        </div>
      )}
    </section>
  );
}
