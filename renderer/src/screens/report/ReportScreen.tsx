import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DayRange, DayReport, TrendDay } from '../../../../shared/contract';
import { useStation } from '../../api';
import { ExportBar } from '../../components/exports/ExportBar';
import { Notice } from '../../components/Notice';
import { useApiAction } from '../../components/useApiAction';
import { errorText } from '../../i18n';
import { useLotPage } from '../lot/LotPageContext';
import { DayCloseHistory, useDayCloses } from './DayCloseHistory';
import { DayClosePanel } from './DayClosePanel';
import { addDays } from '../../../../shared/domain/entryRules';
import { marketDayAt } from '../../../../shared/domain/marketDay';
import { ReportCharts, type TrendDays } from './ReportCharts';
import { ReportSections } from './ReportSections';
import { RuleTable } from './RuleTable';
import { knownCodes, samplingAwaitsTests } from './reportText';
import './report.css';

type Mode = 'day' | 'range';
const REPORT_FORMATS = ['xlsx', 'csv', 'pdf'] as const;
const systemNow = () => new Date();

/**
 * 日报 (managers): a market day or a range, the work plan's rules first (达标 / 未达标, what is
 * missing, the lots), then the charts and every section; the sampling floor where sampling falls
 * short today, and 日结 with its history. A lot opens on its lot page (`onOpenLot` replaces that in tests).
 */
export function ReportScreen({ onOpenLot, now = systemNow }: { onOpenLot?(lotId: string): void; now?: () => Date }) {
  const { t } = useTranslation();
  const lotPage = useLotPage();
  const openLot = onOpenLot ?? lotPage.open;
  const { client, can } = useStation();
  const load = useApiAction((error) => errorText(t, error));
  const floor = useApiAction((error) => errorText(t, error), { cue: true });
  const [mode, setMode] = useState<Mode>('day');
  // The market day's start is learnt from the first report; until then the calendar day.
  const [dayStart, setDayStart] = useState('00:00');
  const [picked, setPicked] = useState(false);
  const [day, setDay] = useState(() => marketDayAt(now(), '00:00'));
  const [range, setRange] = useState<DayRange>(() => ({ from: addDays(day, -6), to: day }));
  const [shown, setShown] = useState<DayRange>({ from: day, to: day });
  const [report, setReport] = useState<DayReport | null>(null);
  const [trendDays, setTrendDays] = useState<TrendDays>(7);
  const [trend, setTrend] = useState<TrendDay[] | null>(null);
  const [closedCount, setClosedCount] = useState(0);
  const history = useDayCloses(closedCount);
  const [loading, setLoading] = useState(false);
  // Days picked quickly one after another: only the last one asked is shown.
  const latest = useRef(0);
  const { fail, clear } = load;
  const today = marketDayAt(now(), dayStart);

  const show = useCallback(
    async (r: DayRange) => {
      const asked = ++latest.current;
      setLoading(true);
      clear();
      try {
        const answer = await client.call('getDayReport', r);
        if (asked !== latest.current) return;
        setReport(answer);
        setShown(r);
        setDayStart(answer.dayStart);
      } catch (error) {
        if (asked === latest.current) fail(errorText(t, error), { cue: false });
      } finally {
        if (asked === latest.current) setLoading(false);
      }
    },
    [client, clear, fail, t],
  );

  useEffect(() => {
    // The first day only: later choices load through `show`.
    void show({ from: day, to: day });
  }, []);

  // An overnight market before its day start: "today" is the market day before the calendar's.
  useEffect(() => {
    if (picked || mode !== 'day') return;
    const current = marketDayAt(now(), dayStart);
    if (current !== day) {
      setDay(current);
      void show({ from: current, to: current });
    }
  }, [dayStart, picked, mode, day, now, show]);

  useEffect(() => {
    let stale = false;
    setTrend(null);
    client.call('getIntakeTrend', { to: shown.to, days: trendDays }).then(
      (days) => !stale && setTrend(days),
      // The trend is an extra: the report above still stands without it.
      () => !stale && setTrend([]),
    );
    return () => {
      stale = true;
    };
  }, [client, shown.to, trendDays]);

  const pickDay = (d: string) => {
    if (!d) return;
    setPicked(true);
    setDay(d);
    void show({ from: d, to: d });
  };

  const applyFloor = () =>
    floor.run(async () => {
      const picks = await client.call('applySamplingFloor', {});
      floor.succeed(picks.length > 0 ? t('testing.sampling.floorPicked', { count: picks.length }) : t('testing.sampling.floorNone'));
      await show(shown);
    });

  const single = shown.from === shown.to;
  const sampling = report?.rules.find((r) => r.rule === 'samplingRate');
  // The floor's answer stays in the row after the reload, also when sampling now reads 达标.
  const floorAction = (
    <>
      {sampling && !sampling.met && !samplingAwaitsTests(sampling) && can('applySamplingFloor') ? (
        single && shown.from === today ? (
          <div className="rule-action">
            <button type="button" className="primary big-button" disabled={floor.busy} onClick={() => void applyFloor()} data-testid="apply-floor">
              {t('report.floor.apply')}
            </button>
          </div>
        ) : (
          <p className="hint">{t('report.floor.onlyToday')}</p>
        )
      ) : null}
      <Notice notice={floor.notice} testId="floor-message" />
    </>
  );

  return (
    <main className="screen report" data-testid="report-screen">
      <section className="card report-picker">
        <h2>{t('report.title')}</h2>
        <div className="report-mode" role="group">
          {(['day', 'range'] as const).map((m) => (
            <button key={m} type="button" className={m === mode ? 'primary' : 'secondary'} aria-pressed={m === mode} onClick={() => setMode(m)} data-testid={`mode-${m}`}>
              {t(`report.mode.${m}`)}
            </button>
          ))}
        </div>
        {mode === 'day' ? (
          <div className="report-day">
            <button type="button" className="secondary" onClick={() => pickDay(addDays(day, -1))} data-testid="day-previous">
              {t('report.previous')}
            </button>
            <label>
              {t('report.day')}
              <input type="date" value={day} max={today} onChange={(e) => pickDay(e.target.value)} data-testid="report-day" />
            </label>
            <button type="button" className="secondary" disabled={day >= today} onClick={() => pickDay(addDays(day, 1))} data-testid="day-next">
              {t('report.next')}
            </button>
            <button type="button" className="secondary" onClick={() => pickDay(today)} data-testid="day-today">
              {t('report.today')}
            </button>
          </div>
        ) : (
          <form
            className="report-day"
            onSubmit={(e) => {
              e.preventDefault();
              setPicked(true);
              void show(range);
            }}
          >
            <label>
              {t('report.from')}
              <input type="date" value={range.from} max={range.to} onChange={(e) => setRange({ ...range, from: e.target.value })} data-testid="range-from" />
            </label>
            <label>
              {t('report.to')}
              <input type="date" value={range.to} min={range.from} max={today} onChange={(e) => setRange({ ...range, to: e.target.value })} data-testid="range-to" />
            </label>
            <button type="submit" className="primary" data-testid="range-show">
              {t('report.show')}
            </button>
          </form>
        )}
        {loading && <p className="loading">{t('report.loading')}</p>}
        <Notice notice={load.notice} testId="report-problem" />
      </section>

      {report && (
        <>
          <p className="report-heading" data-testid="report-heading">
            <strong>{t('report.heading', { range: single ? shown.from : t('report.rangeText', { from: shown.from, to: shown.to }) })}</strong>
            <span className="hint">{t('report.generated', { at: report.generatedAt.slice(0, 16).replace('T', ' '), dayStart: report.dayStart })}</span>
          </p>
          {can('exportDayReport') && <ExportBar formats={REPORT_FORMATS} start={(format, exportId) => client.call('exportDayReport', { range: shown, format, exportId })} testId="report-export" />}
          <RuleTable rules={report.rules} onOpenLot={openLot} actions={{ samplingRate: floorAction }} codes={knownCodes(report)} />
          {single && can('closeDay') && <DayClosePanel day={shown.from} closed={history.closes.find((c) => c.day === shown.from)} onClosed={() => setClosedCount((n) => n + 1)} />}
          {!single && can('closeDay') && <p className="hint">{t('report.close.onlyDay')}</p>}
          <ReportCharts report={report} trend={trend} trendDays={trendDays} onTrendDays={setTrendDays} />
          <ReportSections report={report} />
        </>
      )}
      {can('listDayCloses') && <DayCloseHistory closes={history.closes} problem={history.problem} onOpenLot={openLot} />}
    </main>
  );
}
