import { useTranslation } from 'react-i18next';
import type { ShredderState } from '../../../../../shared/contract';
import type { Step } from '../disposalFlow';
import { shredderWord } from '../useShredderState';

interface ShreddingStepProps {
  step: Extract<Step, { kind: 'shredding' }>;
  shredder: ShredderState | null;
  busy: boolean;
  onDone(): void;
}

/** The shredder's live state while the goods go in, and whether a run was seen since 开始. */
export function ShreddingStep({ step, shredder, busy, onDone }: ShreddingStepProps) {
  const { t } = useTranslation();
  const { shredding } = step;
  const word = shredderWord(shredder);
  const runSeen = shredder?.lastRun && shredder.lastRun.endedAt >= shredding.startedAt ? shredder.lastRun : null;
  return (
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
        <button type="button" className="primary big" onClick={onDone} disabled={busy} data-testid="shredding-done">
          {t('disposal.shredder.done')}
        </button>
      </div>
    </section>
  );
}
