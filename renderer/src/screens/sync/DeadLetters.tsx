import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DeadLetter } from '../../../../shared/contract';
import { useStation } from '../../api';
import { useApiAction } from '../../components/useApiAction';
import { groupedCode } from '../../format/codeText';
import { errorText } from '../../i18n';
import { syncTime } from './syncView';
import { OUTBOX_KINDS } from '../../../../shared/domain/upload/records';
import { CodeText } from '../../components/CodeText';

const LIMIT = 200;
/** Every record kind has its name under sync.kind (recall kinds and departures included). */
const KNOWN_KINDS: ReadonlySet<string> = new Set(OUTBOX_KINDS);

/**
 * Records the platform refused for good, with its reason and how many later records of the
 * same lot wait behind each. A manager selects and 重新发送 once the cause is fixed; other
 * roles see the list only. Re-read whenever the counts change.
 */
export function DeadLetters({ dead, blocked }: { dead: number; blocked: number }) {
  const { t } = useTranslation();
  const { client, can } = useStation();
  const mayResend = can('resendDeadLetters');
  const [letters, setLetters] = useState<DeadLetter[] | null>(null);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const { busy, problem, run, fail } = useApiAction((error) => errorText(t, error));
  const [done, setDone] = useState('');

  useEffect(() => {
    let live = true;
    client.call('listDeadLetters', { limit: LIMIT }).then(
      (list) => {
        if (!live) return;
        setLetters(list);
        // Keep only selections that are still dead.
        setSelected((s) => new Set([...s].filter((id) => list.some((l) => l.id === id))));
      },
      (error) => live && fail(errorText(t, error)),
    );
    return () => {
      live = false;
    };
    // Re-read when the counts change, not when the language does (t only words a failure).
  }, [client, dead, blocked]);

  const toggle = (id: string) =>
    setSelected((s) => {
      const next = new Set(s);
      if (!next.delete(id)) next.add(id);
      return next;
    });
  const all = letters !== null && letters.length > 0 && letters.every((l) => selected.has(l.id));

  async function resend() {
    setDone('');
    if (selected.size === 0) return fail(t('sync.dead.nothingSelected'));
    await run(async () => {
      const { requeued } = await client.call('resendDeadLetters', { ids: [...selected] });
      setDone(t('sync.dead.resent', { count: requeued }));
      setSelected(new Set());
    });
  }

  return (
    <section className="card sync-dead" data-testid="sync-dead-letters" data-count={letters?.length ?? ''}>
      <div className="panel-header">
        <h2>{t('sync.dead.title')}</h2>
        {mayResend && letters !== null && letters.length > 0 && (
          <button type="button" className="primary" disabled={busy} onClick={() => void resend()} data-testid="sync-resend">
            {busy ? t('sync.dead.resending') : t('sync.dead.resend')}
          </button>
        )}
      </div>
      {letters !== null && letters.length > 0 && <p className="muted sync-dead-hint">{t('sync.dead.hint')}</p>}
      {problem && (
        <p className="form-message" role="alert" data-testid="sync-dead-message">
          {problem}
        </p>
      )}
      {done && (
        <p role="status" className="sync-done" data-testid="sync-resent">
          {done}
        </p>
      )}
      {letters?.length === 0 && (
        <p className="muted" data-testid="sync-dead-none">
          {t('sync.dead.none')}
        </p>
      )}
      {letters !== null && letters.length > 0 && (
        <>
          <table className="sync-table">
            <thead>
              <tr>
                {mayResend && (
                  <th className="sync-select">
                    <label className="sync-check">
                      <input type="checkbox" checked={all} onChange={() => setSelected(all ? new Set() : new Set(letters.map((l) => l.id)))} data-testid="sync-select-all" />
                      <span>{t('sync.dead.selectAll')}</span>
                    </label>
                  </th>
                )}
                <th>{t('sync.dead.kind')}</th>
                <th>{t('sync.dead.code')}</th>
                <th>{t('sync.dead.time')}</th>
                <th>{t('sync.dead.attempts')}</th>
                <th>{t('sync.dead.reason')}</th>
                <th>{t('sync.dead.blocking')}</th>
              </tr>
            </thead>
            <tbody>
              {letters.map((l) => (
                <tr key={l.id} className={selected.has(l.id) ? 'sync-row-selected' : ''} data-testid="sync-dead-letter" data-id={l.id} data-kind={l.kind} data-blocking={l.blocking}>
                  {mayResend && (
                    <td className="sync-select">
                      <label className="sync-check">
                        <input type="checkbox" checked={selected.has(l.id)} onChange={() => toggle(l.id)} data-testid="sync-dead-select" />
                        <span className="sync-sr">{t('sync.dead.select')}</span>
                      </label>
                    </td>
                  )}
                  <td className="sync-kind" data-testid="sync-dead-kind">
                    {KNOWN_KINDS.has(l.kind) ? t(`sync.kind.${l.kind}`) : l.kind}
                  </td>
                  <td className="sync-code" data-testid="sync-dead-code">
                    {l.code ? <CodeText code={groupedCode(l.code)} /> : t('common.none')}
                  </td>
                  <td className="sync-nowrap">{syncTime(l.createdAt)}</td>
                  <td className="sync-number">{l.attempts}</td>
                  <td className="sync-reason" data-testid="sync-dead-reason">
                    {l.reason ?? t('sync.dead.noReason')}
                  </td>
                  <td className="sync-number" data-testid="sync-dead-blocking">
                    {l.blocking > 0 ? t('sync.dead.blockingCount', { count: l.blocking }) : t('common.none')}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {dead > letters.length && <p className="muted">{t('sync.dead.shown', { shown: letters.length, total: dead })}</p>}
        </>
      )}
    </section>
  );
}
