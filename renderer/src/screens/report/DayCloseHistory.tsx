import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DayClose, DayCloseSummary } from '../../../../shared/contract';
import { useStation } from '../../api';
import { useApiAction } from '../../components/useApiAction';
import { errorText } from '../../i18n';
import { RuleTable } from './RuleTable';
import { knownCodes } from './reportText';

export function Integrity({ intact }: { intact: boolean }) {
  const { t } = useTranslation();
  return (
    <span className={intact ? 'close-badge rule-met' : 'close-badge rule-unmet'} data-testid="close-integrity" data-intact={intact}>
      {intact ? t('report.close.intact') : t('report.close.altered')}
    </span>
  );
}

/** The frozen record of one close: its hash and chain head, what was open, the rules as they stood. */
function FrozenClose({ close, onOpenLot }: { close: DayClose; onOpenLot(lotId: string): void }) {
  const { t } = useTranslation();
  return (
    <div className="frozen-close" data-testid="frozen-close">
      {!close.intact && (
        <p className="form-message" role="alert">
          {t('report.close.alteredHint')}
        </p>
      )}
      <p className="mono">{t('report.close.hash', { hash: close.contentHash })}</p>
      <p className="mono">{t('report.close.chainHead', { seq: close.chainHead.seq, hash: close.chainHead.hash })}</p>
      <p>
        {close.outstanding.length
          ? t('report.close.outstandingAtClose', { rules: close.outstanding.map((r) => t(`report.rule.${r}.name`)).join(t('common.listSeparator')) })
          : t('report.close.allMetAtClose')}
      </p>
      {close.report ? <RuleTable rules={close.report.rules} onOpenLot={onOpenLot} codes={knownCodes(close.report)} /> : <p className="form-message">{t('report.close.reportUnreadable')}</p>}
    </div>
  );
}

/** The closed days (listDayCloses, newest first, each checked when listed); `refresh` after a close. */
export function useDayCloses(refresh: number): { closes: DayCloseSummary[]; problem: string } {
  const { t } = useTranslation();
  const { client, can } = useStation();
  const action = useApiAction((error) => errorText(t, error));
  const [closes, setCloses] = useState<DayCloseSummary[]>([]);
  const { run } = action;
  const allowed = can('listDayCloses');
  useEffect(() => {
    if (allowed) void run(async () => setCloses(await client.call('listDayCloses', { limit: 60 })));
  }, [client, run, refresh, allowed]);
  return { closes, problem: action.problem };
}

/** 日结记录: closed days, newest first, each checked against its hash and signature when listed. */
export function DayCloseHistory({ closes, problem, onOpenLot }: { closes: readonly DayCloseSummary[]; problem: string; onOpenLot(lotId: string): void }) {
  const { t } = useTranslation();
  const { client } = useStation();
  const action = useApiAction((error) => errorText(t, error));
  const [open, setOpen] = useState<DayClose | null>(null);

  const view = (id: string) =>
    action.run(async () => {
      setOpen(open?.id === id ? null : await client.call('getDayClose', { id }));
    });

  return (
    <section className="card report-history" data-testid="day-close-history">
      <h3>{t('report.close.history')}</h3>
      {(problem || action.problem) && (
        <p className="form-message" role="alert">
          {problem || action.problem}
        </p>
      )}
      {closes.length === 0 && !problem && <p>{t('report.close.empty')}</p>}
      <ul className="close-list">
        {closes.map((c) => (
          <li key={c.id} data-testid="day-close-row" data-day={c.day}>
            <div className="close-row">
              <strong>{c.day}</strong>
              <span>{t('report.close.closedRow', { at: c.closedAt.slice(0, 16).replace('T', ' '), name: c.closedByName })}</span>
              <Integrity intact={c.intact} />
              <button type="button" className="secondary" onClick={() => void view(c.id)} aria-expanded={open?.id === c.id}>
                {open?.id === c.id ? t('report.close.hide') : t('report.close.view')}
              </button>
            </div>
            {open?.id === c.id && <FrozenClose close={open} onOpenLot={onOpenLot} />}
          </li>
        ))}
      </ul>
    </section>
  );
}
