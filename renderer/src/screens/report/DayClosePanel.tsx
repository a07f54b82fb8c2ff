import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DayCloseCheck, DayCloseSummary } from '../../../../shared/contract';
import { useStation } from '../../api';
import { Notice } from '../../components/Notice';
import { useApiAction } from '../../components/useApiAction';
import { errorText } from '../../i18n';
import { Integrity } from './DayCloseHistory';
import { ruleSentence } from './reportText';

/**
 * 日结 of one day in two steps: what is still outstanding first (fresh from the station), then the
 * close itself — with rules open, only after the manager ticks that they know.
 */
export function DayClosePanel({ day, closed, onClosed }: { day: string; closed: DayCloseSummary | undefined; onClosed(): void }) {
  const { t } = useTranslation();
  const { client } = useStation();
  const action = useApiAction((error) => errorText(t, error), { cue: true });
  const [check, setCheck] = useState<DayCloseCheck | null>(null);
  const [acknowledged, setAcknowledged] = useState(false);
  // The panel belongs to one day: a check of another day is not shown.
  const shown = check?.day === day ? check : null;

  const start = () =>
    action.run(async () => {
      setAcknowledged(false);
      setCheck(await client.call('getDayCloseCheck', { day }));
    });

  const close = () =>
    action.run(async () => {
      const closed = await client.call('closeDay', { day, acknowledgeOutstanding: acknowledged });
      setCheck(null);
      action.succeed(t('report.close.done', { day: closed.day, hash: closed.contentHash.slice(0, 16) }));
      onClosed();
    });

  const open = shown?.outstanding ?? [];
  return (
    <section className="card report-close" data-testid="day-close">
      <h3>{t('report.close.title')}</h3>
      {closed ? (
        <p className="day-close-closed" data-testid="day-close-closed">
          {t('report.close.closed', { day: closed.day, at: closed.closedAt.slice(0, 16).replace('T', ' '), name: closed.closedByName })} <Integrity intact={closed.intact} />
        </p>
      ) : (
        !shown && (
          <button type="button" className="primary big-button" disabled={action.busy} onClick={() => void start()} data-testid="day-close-start">
            {action.busy ? t('report.close.checking') : t('report.close.start')}
          </button>
        )
      )}
      {shown?.closed && !closed && (
        <p className="rule-met" data-testid="day-close-closed">
          {t('report.close.closed', { day: shown.day, at: shown.closed.closedAt.slice(0, 16).replace('T', ' '), name: shown.closed.closedByName })}
        </p>
      )}
      {shown && !shown.closed && !closed && (
        <div className="day-close-check" data-testid="day-close-check" data-outstanding={open.length}>
          {open.length === 0 ? (
            <p className="rule-met">{t('report.close.noneOutstanding')}</p>
          ) : (
            <>
              <p className="rule-unmet">{t('report.close.outstanding', { count: open.length })}</p>
              <ul className="day-close-outstanding">
                {open.map((r) => (
                  <li key={r.rule} data-rule={r.rule}>
                    {t('common.detail', { main: t(`report.rule.${r.rule}.name`), detail: ruleSentence(t, r) })}
                  </li>
                ))}
              </ul>
              <label className="day-close-ack">
                <input type="checkbox" checked={acknowledged} onChange={(e) => setAcknowledged(e.target.checked)} data-testid="day-close-ack" />
                {t('report.close.acknowledge')}
              </label>
            </>
          )}
          <div className="day-close-actions">
            <button type="button" className="primary big-button" disabled={action.busy || (open.length > 0 && !acknowledged)} onClick={() => void close()} data-testid="day-close-confirm">
              {t('report.close.confirm')}
            </button>
            <button type="button" className="secondary" disabled={action.busy} onClick={() => setCheck(null)}>
              {t('common.cancel')}
            </button>
          </div>
        </div>
      )}
      <Notice notice={action.notice} testId="day-close-message" />
    </section>
  );
}
