import { useTranslation } from 'react-i18next';
import type { SyncStatus } from '../../../../shared/contract';
import { useStation } from '../../api';
import { useApiAction } from '../../components/useApiAction';
import { errorText } from '../../i18n';
import { ONLINE_WORD, shownState, STATE_TONE, syncTime } from './syncView';

const COUNTS = ['backlog', 'blocked', 'dead', 'sent'] as const;

/**
 * The big answer to "did our records reach the platform?": the state in words, the numbers
 * behind it, the last success and error, and the one action, 立即上传.
 */
export function StatusCard({ status, problem, onStatus }: { status: SyncStatus | null; problem: string; onStatus(s: SyncStatus): void }) {
  const { t } = useTranslation();
  const { client } = useStation();
  const { busy, problem: message, run } = useApiAction((error) => errorText(t, error));

  async function syncNow() {
    await run(async () => onStatus(await client.call('syncNow', {})));
  }

  if (!status) {
    return (
      <section className="card sync-status" data-testid="sync-status">
        {problem ? (
          <p className="form-message" role="alert" data-testid="sync-problem">
            {problem}
          </p>
        ) : (
          <p className="muted">{t('sync.loading')}</p>
        )}
      </section>
    );
  }

  const shown = shownState(status);
  const online = ONLINE_WORD(status.online);
  const paused = status.state === 'rateLimited' && status.nextAttemptAt;
  const { drain } = status;
  return (
    <section className="card sync-status" data-testid="sync-status" data-state={shown}>
      <div className={`sync-state sync-tone-${STATE_TONE[shown]}`} role="status" aria-live="polite">
        <div className="sync-state-main">
          <strong className="sync-state-word" data-testid="sync-state" data-state={shown}>
            {t(`sync.state.${shown}`)}
          </strong>
          <span className="sync-state-hint" data-testid="sync-state-hint">
            {t(`sync.stateHint.${shown}`)}
          </span>
        </div>
        <div className="sync-state-side">
          <span className={`sync-online sync-online-${online}`} data-testid="sync-online" data-online={online}>
            <span className="sync-online-dot" aria-hidden="true" />
            {t(`sync.online.${online}`)}
          </span>
          <span className="sync-target" data-testid="sync-target" data-target={status.target}>
            {t('sync.targetIs', { target: t(`sync.target.${status.target}`) })}
          </span>
        </div>
      </div>

      {drain && drain.total > 0 && (
        <div className="sync-drain" data-testid="sync-drain" data-done={drain.done} data-total={drain.total}>
          <div
            className="sync-drain-bar"
            role="progressbar"
            aria-valuemin={0}
            aria-valuemax={drain.total}
            aria-valuenow={drain.done}
            aria-label={t('sync.drain', { done: drain.done, total: drain.total })}
          >
            <div className="sync-drain-fill" style={{ width: `${Math.min(100, (100 * drain.done) / drain.total)}%` }} />
          </div>
          <span className="sync-drain-text">{t('sync.drain', { done: drain.done, total: drain.total })}</span>
        </div>
      )}

      <dl className="sync-counts">
        {COUNTS.map((key) => (
          <div key={key} className={`sync-count sync-count-${key} ${key !== 'sent' && status[key] > 0 ? 'sync-count-on' : ''}`}>
            <dt>{t(`sync.count.${key}`)}</dt>
            <dd data-testid={`sync-${key}`} data-value={status[key]}>
              {status[key]}
            </dd>
          </div>
        ))}
      </dl>

      <div className="sync-footer">
        <dl className="sync-times">
          <div>
            <dt>{t('sync.lastSuccess')}</dt>
            <dd data-testid="sync-last-success">{status.lastSuccessAt ? syncTime(status.lastSuccessAt) : t('sync.never')}</dd>
          </div>
          {status.nextAttemptAt && (
            <div>
              <dt>{t('sync.nextAttempt')}</dt>
              <dd data-testid="sync-next-attempt">{syncTime(status.nextAttemptAt)}</dd>
            </div>
          )}
        </dl>
        <div className="sync-actions">
          {status.state === 'disabled' && <span className="muted">{t('sync.syncNowDisabled')}</span>}
          {paused && (
            <span className="muted" data-testid="sync-paused">
              {t('sync.syncNowPaused', { at: syncTime(status.nextAttemptAt!) })}
            </span>
          )}
          <button type="button" className="primary sync-now" disabled={busy || status.state === 'disabled'} onClick={() => void syncNow()} data-testid="sync-now">
            {t('sync.syncNow')}
          </button>
        </div>
      </div>

      {status.lastError && (
        <div className="sync-error" data-testid="sync-last-error">
          <span className="sync-error-title">{t('sync.lastError')}</span>
          <span className="sync-error-message" data-testid="sync-last-error-message">
            {status.lastError.message}
          </span>
          <span className="sync-error-at" data-testid="sync-last-error-at">
            {t('sync.lastErrorAt', { at: syncTime(status.lastError.at) })}
          </span>
        </div>
      )}

      {problem && (
        <p className="form-message" role="alert" data-testid="sync-problem">
          {problem}
        </p>
      )}
      {message && (
        <p className="form-message" role="alert" data-testid="sync-now-message">
          {message}
        </p>
      )}
    </section>
  );
}
