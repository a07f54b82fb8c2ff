import { useTranslation } from 'react-i18next';
import type { LotStatus } from '../../../../shared/contract';
import { codeLabel } from '../../../../shared/domain/codeLabel';
import { ALERT_COLOURS } from '../../feedback';

export interface LotAlert {
  codeKey: string;
  status: LotStatus;
}

/** Full-width red bar: a held, rejected, recalled or destroyed lot turned up again. */
export function AlertBanner({ alert, onDismiss }: { alert: LotAlert; onDismiss(): void }) {
  const { t } = useTranslation();
  return (
    <div className="alert-banner" role="alert" style={{ background: ALERT_COLOURS.background, color: ALERT_COLOURS.text }} data-testid="alert-banner" data-status={alert.status}>
      <div>
        <strong className="alert-title">{t('receiving.alertTitle', { status: t(`status.${alert.status}`) })}</strong>
        <div>{t('receiving.alertBody', { code: codeLabel(alert.codeKey) })}</div>
      </div>
      <button type="button" className="alert-dismiss" onClick={onDismiss}>
        {t('receiving.alertDismiss')}
      </button>
    </div>
  );
}
