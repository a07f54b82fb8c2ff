import { useTranslation } from 'react-i18next';
import type { SamplingStatus } from '../../../../shared/contract';
import { useStation } from '../../api';
import { Notice } from '../../components/Notice';
import { useApiAction } from '../../components/useApiAction';
import { percent, testingErrorText } from './testingText';

/** The day's rate against the target; a manager tops it up with 日终补抽. */
export function SamplingPanel({ status, onChanged }: { status: SamplingStatus | null; onChanged(): void }) {
  const { t } = useTranslation();
  const { client, can } = useStation();
  const { busy, notice, run, succeed } = useApiAction((error) => testingErrorText(t, error), { cue: true });
  if (!status) return null;
  const rate = status.reportLots > 0 ? status.sampledReportLots / status.reportLots : 0;

  async function floor() {
    await run(async () => {
      const picks = await client.call('applySamplingFloor', {});
      succeed(picks.length > 0 ? t('testing.sampling.floorPicked', { count: picks.length }) : t('testing.sampling.floorNone'));
      onChanged();
    });
  }

  return (
    <section className="testing-panel" data-testid="sampling-status" data-shortfall={status.shortfall} data-sampled={status.sampledReportLots} data-report-lots={status.reportLots}>
      <h3>{t('testing.sampling.title')}</h3>
      <p>{t('testing.sampling.rate', { sampled: status.sampledReportLots, total: status.reportLots, rate: percent(rate), target: percent(status.targetRate) })}</p>
      <p>{t('testing.sampling.noReport', { count: status.noReportLots })}</p>
      <p className={status.shortfall > 0 ? 'sampling-short' : 'sampling-met'} data-testid="sampling-shortfall">
        {status.shortfall > 0 ? t('testing.sampling.shortfall', { count: status.shortfall }) : t('testing.sampling.met')}
        {status.floorActive && ` · ${t('testing.sampling.floorActive')}`}
      </p>
      {can('applySamplingFloor') && (
        <button type="button" className="secondary big-button" disabled={busy} onClick={() => void floor()} data-testid="apply-floor">
          {t('testing.sampling.floor')}
        </button>
      )}
      <Notice notice={notice} testId="floor-message" />
    </section>
  );
}
