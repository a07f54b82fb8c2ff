import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Hold } from '../../../../shared/contract';
import { useStation } from '../../api';
import { groupedCode } from '../../format/codeText';
import { Notice } from '../../components/Notice';
import { useApiAction } from '../../components/useApiAction';
import { buyerText, testingErrorText } from './testingText';

/** Active holds with every lot they cover and where it went; a manager lifts one, saying why. */
export function HoldsPanel({ holds, onChanged }: { holds: Hold[]; onChanged(): void }) {
  const { t } = useTranslation();
  const { client, can } = useStation();
  const [releasing, setReleasing] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const { busy, notice, run, fail, succeed } = useApiAction((error) => testingErrorText(t, error), { cue: true });

  async function release(hold: Hold) {
    if (!reason.trim()) return fail(t('testing.problem.noReleaseReason'));
    await run(async () => {
      await client.call('releaseHold', { holdId: hold.id, reason: reason.trim() });
      succeed(t('testing.holds.released', { code: hold.code }));
      setReleasing(null);
      setReason('');
      onChanged();
    });
  }

  return (
    <section className="testing-panel" data-testid="holds">
      <h3>
        {t('testing.holds.title')} ({holds.length})
      </h3>
      {holds.length === 0 && <p className="testing-empty">{t('testing.holds.empty')}</p>}
      <ul className="hold-list">
        {holds.map((h) => (
          <li key={h.id} className="hold-row" data-testid="hold-row" data-hold-id={h.id} data-code={h.code}>
            <div className="hold-head">
              <span className="code-cell">{groupedCode(h.code)}</span>
              <span className="hold-reason">{t(`testing.holds.reason.${h.reason}`)}</span>
              <span>{t('testing.holds.lots', { count: h.lots.length })}</span>
            </div>
            {h.note && <div className="hold-note">{h.note}</div>}
            <ul className="hold-lots">
              {h.lots
                .filter((l) => l.depth > 0)
                .map((l) => (
                  <li key={l.lotId} style={{ paddingLeft: `${(l.depth - 1) * 1.2}em` }}>
                    <span className="code-cell">{groupedCode(l.code)}</span> → {buyerText(t, l)}
                  </li>
                ))}
            </ul>
            {can('releaseHold') &&
              (releasing === h.id ? (
                <div className="hold-release">
                  <input
                    autoFocus
                    value={reason}
                    maxLength={200}
                    placeholder={t('testing.holds.releaseReason')}
                    onChange={(e) => setReason(e.target.value)}
                    onKeyDown={(e) => {
                      if (e.key === 'Enter') void release(h);
                    }}
                    data-testid="release-reason"
                  />
                  <button type="button" className="primary" disabled={busy} onClick={() => void release(h)} data-testid="release-confirm">
                    {t('testing.holds.releaseConfirm')}
                  </button>
                  <button type="button" className="secondary" onClick={() => setReleasing(null)}>
                    {t('common.cancel')}
                  </button>
                </div>
              ) : (
                <button
                  type="button"
                  className="secondary"
                  onClick={() => {
                    setReleasing(h.id);
                    setReason('');
                  }}
                  data-testid="release-hold"
                >
                  {t('testing.holds.release')}
                </button>
              ))}
          </li>
        ))}
      </ul>
      <Notice notice={notice} testId="holds-message" />
    </section>
  );
}
