import { useTranslation } from 'react-i18next';
import type { TestSelection } from '../../../../shared/contract';
import { groupedCode } from '../../format/codeText';
import { isPending, queueOrder } from './testingText';

/** Today's lots to test, waiting ones first, each with why it was picked; a tap loads the lot. */
export function QueuePanel({ queue, onPick }: { queue: TestSelection[]; onPick(code: string): void }) {
  const { t } = useTranslation();
  const ordered = queueOrder(queue);
  return (
    <section className="testing-panel" data-testid="test-queue">
      <h3>
        {t('testing.queue')} ({queue.filter(isPending).length})
      </h3>
      {ordered.length === 0 && <p className="testing-empty">{t('testing.queueEmpty')}</p>}
      <ul className="queue-list">
        {ordered.map((s) => {
          const verdict = s.verdict ?? 'pending';
          return (
            <li key={s.lotId}>
              <button
                type="button"
                className={`queue-row queue-${isPending(s) ? 'pending' : 'done'}`}
                onClick={() => onPick(s.code)}
                data-testid="queue-row"
                data-lot-id={s.lotId}
                data-reason={s.reason}
                data-verdict={verdict}
              >
                <span className="queue-main">
                  <span className="queue-variety">{s.varietyName}</span>
                  <span className={`queue-reason queue-reason-${s.reason}`} data-testid="queue-reason">
                    {t(`testing.reason.${s.reason}`)}
                  </span>
                  <span className={`queue-verdict queue-verdict-${verdict}`}>{t(`testing.verdict.${verdict}`)}</span>
                </span>
                <span className="queue-sub">
                  {s.supplierName} · <span className="code-cell">{groupedCode(s.code)}</span>
                  {s.note && ` · ${s.note}`}
                </span>
              </button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
