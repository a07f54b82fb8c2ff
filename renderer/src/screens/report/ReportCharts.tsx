import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { DayReport, TrendDay } from '../../../../shared/contract';
import { EChart } from './EChart';
import { categoriesOption, hourlyLotsOption, samplingProgressOption, trendOption, verdictsOption } from './reportCharts';
import { percent } from './reportText';

export const TREND_DAYS = [7, 30] as const;
export type TrendDays = (typeof TREND_DAYS)[number];

/** The charts a manager would rather look at than read: per hour, verdicts, categories, sampling, trend. */
export function ReportCharts({ report, trend, trendDays, onTrendDays }: { report: DayReport; trend: readonly TrendDay[] | null; trendDays: TrendDays; onTrendDays(days: TrendDays): void }) {
  const { t } = useTranslation();
  const verdictText = useMemo(() => ({ admitted: t('outcome.admit'), awaitingTest: t('outcome.hold'), rejected: t('outcome.reject') }), [t]);
  const hour = useMemo(() => (h: number) => t('report.charts.hour', { hour: h }), [t]);
  const options = useMemo(
    () => ({
      hourly: hourlyLotsOption(report, { hour, lots: t('report.charts.lots') }),
      verdicts: verdictsOption(report.verdicts, verdictText),
      categories: categoriesOption(report.intake.byCategory, { lots: t('report.charts.lots'), others: t('report.charts.others'), none: t('report.intake.none') }),
      sampling: samplingProgressOption(report, { hour, rate: t('report.charts.sampledRate'), target: t('report.charts.target', { target: percent(report.testing.withReport.targetRate) }) }),
    }),
    [report, t, hour, verdictText],
  );
  const trendChart = useMemo(() => (trend ? trendOption(trend, { ...verdictText, rate: t('report.charts.sampledRate') }) : null), [trend, verdictText, t]);

  return (
    <section className="report-charts" data-testid="report-charts">
      <figure className="card report-figure">
        <figcaption>{t('report.charts.hourly')}</figcaption>
        <EChart option={options.hourly} label={t('report.charts.hourly')} testId="chart-hourly" />
      </figure>
      <figure className="card report-figure">
        <figcaption>{t('report.charts.verdicts')}</figcaption>
        <EChart option={options.verdicts} label={t('report.charts.verdicts')} testId="chart-verdicts" />
      </figure>
      <figure className="card report-figure">
        <figcaption>{t('report.charts.categories')}</figcaption>
        <EChart option={options.categories} label={t('report.charts.categories')} testId="chart-categories" />
      </figure>
      <figure className="card report-figure">
        <figcaption>{t('report.charts.sampling')}</figcaption>
        <EChart option={options.sampling} label={t('report.charts.sampling')} testId="chart-sampling" />
      </figure>
      <figure className="card report-figure report-trend">
        <figcaption>
          {t('report.charts.trend')}
          <span className="trend-days" role="group">
            {TREND_DAYS.map((d) => (
              <button key={d} type="button" className={d === trendDays ? 'primary' : 'secondary'} aria-pressed={d === trendDays} onClick={() => onTrendDays(d)} data-testid={`trend-${d}`}>
                {t('report.charts.trendDays', { days: d })}
              </button>
            ))}
          </span>
        </figcaption>
        {trendChart ? <EChart option={trendChart} label={t('report.charts.trend')} testId="chart-trend" /> : <p>{t('report.charts.empty')}</p>}
      </figure>
    </section>
  );
}
