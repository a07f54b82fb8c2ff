import { useTranslation } from 'react-i18next';
import type { Departure } from '../../../../shared/contract';
import { codeLabel } from '../../../../shared/domain/codeLabel';
import { amountText, groupedCode } from '../../format/codeText';
import { clockText } from './exitDesk';
import { CodeText } from '../../components/CodeText';

/** 今日放行: the gate's departures of the market day, newest first. */
export function DeparturesList({ departures }: { departures: Departure[] }) {
  const { t } = useTranslation();
  return (
    <section className="card exit-recent" data-testid="exit-recent">
      <h3>{t('exit.recent')}</h3>
      {departures.length === 0 ? (
        <p className="muted">{t('exit.recentEmpty')}</p>
      ) : (
        <ul>
          {departures.map((d) => (
            <li key={d.id} data-testid="departure-row" data-code={d.code}>
              <span className="exit-recent-at">{clockText(d.at)}</span>{' '}
              <span className="code-cell">
                <CodeText code={groupedCode(codeLabel(d.code))} />
              </span>{' '}
              <span>
                {amountText(d.quantity, d.unit)} {t(`unit.${d.unit}`)}
              </span>{' '}
              <span>{d.vehicle ?? t('exit.none')}</span> <span>{d.buyer ?? t('exit.none')}</span> <span className="muted">{d.by}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
