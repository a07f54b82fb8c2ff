import { useTranslation } from 'react-i18next';
import { disposedQuantity, type Step } from '../disposalFlow';

interface ConfirmStepProps {
  step: Extract<Step, { kind: 'confirm' }>;
  operatorName: string;
  busy: boolean;
  onConfirm(): void;
  onRestart(): void;
}

/** Everything gathered, once more in words, before the one irreversible 确认销毁. */
export function ConfirmStep({ step, operatorName, busy, onConfirm, onRestart }: ConfirmStepProps) {
  const { t } = useTranslation();
  const { lot, details, shredding, witness } = step;
  const yesNo = (photo: string | null) => t(photo ? 'disposal.summary.yes' : 'disposal.summary.no');
  return (
    <section className="card disposal-step disposal-confirm" data-testid="disposal-confirm">
      <h2>{t('disposal.confirmTitle')}</h2>
      <dl className="disposal-summary">
        <dt>{t('disposal.summary.quantity')}</dt>
        <dd>
          {disposedQuantity(step)} {t(`unit.${lot.view.lot.unit}`)}
          {shredding.weighedKg != null ? t('disposal.summary.weighed') : ''}
        </dd>
        <dt>{t('disposal.summary.reason')}</dt>
        <dd>{t(`disposal.reasons.${details.reason}`)}</dd>
        <dt>{t('disposal.summary.method')}</dt>
        <dd>{t(`disposal.methods.${details.method}`)}</dd>
        <dt>{t('disposal.summary.operator')}</dt>
        <dd>{operatorName}</dd>
        <dt>{t('disposal.summary.witness')}</dt>
        <dd>{witness.name}</dd>
        <dt>{t('disposal.summary.photos')}</dt>
        <dd>{t('disposal.summary.photosValue', { before: yesNo(step.photoBefore), after: yesNo(step.photoAfter) })}</dd>
      </dl>
      {busy && <p role="status">{t('disposal.confirming')}</p>}
      <div className="form-actions">
        <button type="button" className="secondary" onClick={onRestart} disabled={busy}>
          {t('disposal.restart')}
        </button>
        <button type="button" className="danger big" onClick={onConfirm} disabled={busy} data-testid="disposal-confirm-button">
          {t('disposal.confirm')}
        </button>
      </div>
    </section>
  );
}
