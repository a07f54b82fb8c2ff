import { useTranslation } from 'react-i18next';
import { DISPOSAL_METHODS, DISPOSAL_REASONS } from '../../../../../shared/contract';
import { Choice } from '../../../components/Choice';
import { LiveWeight } from '../../../components/scale/LiveWeight';
import { notWeighedText, type LiveWeight as Live, type Weighing } from '../../../components/scale/useLiveWeight';
import { checkDetails, type Details, type Method, type Reason, type Step } from '../disposalFlow';

interface DetailsStepProps {
  step: Extract<Step, { kind: 'details' }>;
  scale: Live;
  scaleNow: Weighing;
  manual: boolean;
  onManualChange(manual: boolean): void;
  onChange(patch: Partial<Details>): void;
  onDone(quantity: number): void;
  onRestart(): void;
  fail(text: string): void;
  describe(error: unknown): string;
}

/** How much (from the scale when there is one), why and how; 下一步 once the whole tree is known. */
export function DetailsStep({ step, scale, scaleNow, manual, onManualChange, onChange, onDone, onRestart, fail, describe }: DetailsStepProps) {
  const { t } = useTranslation();
  const { lot, details } = step;
  const { following, shownKg } = scaleNow;

  function next() {
    const checked = checkDetails(details, scaleNow);
    if (checked.ok) return onDone(checked.quantity);
    fail(checked.problem === 'notWeighed' ? notWeighedText(t, scaleNow) : checked.problem === 'quantity' ? t('disposal.devices.problem.number') : t('disposal.methodText'));
  }

  return (
    <section className="card disposal-step" data-testid="disposal-details">
      <LiveWeight live={scale} manual={manual} onManualChange={onManualChange} onError={(e) => fail(describe(e))} />
      <label>
        {t('disposal.quantity')} ({t(`unit.${lot.view.lot.unit}`)})
        <input
          className="disposal-quantity"
          inputMode="decimal"
          value={following ? (shownKg ?? '') : details.quantity}
          readOnly={following}
          onChange={(e) => onChange({ quantity: e.target.value })}
          data-testid="disposal-quantity"
        />
      </label>
      {following && <p className="muted">{t('disposal.quantityFromScale')}</p>}
      <h3>{t('disposal.reason')}</h3>
      <Choice<Reason> value={details.reason} options={DISPOSAL_REASONS} label={(o) => t(`disposal.reasons.${o}`)} testId="disposal-reason" onChange={(reason) => onChange({ reason })} />
      <input value={details.reasonText} maxLength={200} placeholder={t('disposal.reasonText')} onChange={(e) => onChange({ reasonText: e.target.value })} data-testid="disposal-reason-text" />
      <h3>{t('disposal.method')}</h3>
      <Choice<Method> value={details.method} options={DISPOSAL_METHODS} label={(o) => t(`disposal.methods.${o}`)} testId="disposal-method" onChange={(method) => onChange({ method })} />
      {details.method === 'other' && (
        <input value={details.methodText} maxLength={200} placeholder={t('disposal.methodText')} onChange={(e) => onChange({ methodText: e.target.value })} data-testid="disposal-method-text" />
      )}
      <div className="form-actions">
        <button type="button" className="secondary" onClick={onRestart}>
          {t('disposal.restart')}
        </button>
        <button type="button" className="primary big" onClick={next} disabled={lot.descendants === null} data-testid="disposal-details-next">
          {t('disposal.next')}
        </button>
      </div>
    </section>
  );
}
