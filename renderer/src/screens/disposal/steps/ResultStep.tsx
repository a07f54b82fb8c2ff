import { useTranslation } from 'react-i18next';
import type { Disposal } from '../../../../../shared/contract';
import { CertificateLinks } from '../CertificateLinks';

/** 已销毁: the certificate number and PDF, the shredder's run, a missing run flagged; then the next lot. */
export function ResultStep({ result, onNextLot }: { result: Disposal; onNextLot(): void }) {
  const { t } = useTranslation();
  return (
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
          {t('disposal.run', {
            start: new Date(result.shredder.startedAt).toLocaleTimeString(),
            end: new Date(result.shredder.endedAt).toLocaleTimeString(),
            seconds: (result.shredder.durationMs / 1000).toFixed(1),
          })}
        </p>
      )}
      <p>{t('disposal.blocked', { count: result.blockedCodes.length })}</p>
      <CertificateLinks disposalId={result.id} />
      <div className="form-actions">
        <button type="button" className="primary big" onClick={onNextLot} data-testid="disposal-next-lot">
          {t('disposal.nextLot')}
        </button>
      </div>
    </section>
  );
}
