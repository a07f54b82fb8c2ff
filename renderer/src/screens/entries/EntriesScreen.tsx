import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { EntrySummary } from '../../../../shared/contract';
import { useStation } from '../../api';
import { VERDICT_COLOURS } from '../../feedback';
import { errorText } from '../../i18n';
import { mergeEntry } from './mergeEntry';
import { codeLabel } from '../../../../shared/domain/codeLabel';

const timeOf = (iso: string) => iso.slice(11, 19);

/** Today's entry checks, newest first, kept live by `entryRecorded`. */
export function EntriesScreen() {
  const { t } = useTranslation();
  const { client } = useStation();
  const [entries, setEntries] = useState<EntrySummary[] | null>(null);
  const [problem, setProblem] = useState('');

  useEffect(() => {
    // Subscribe first so nothing recorded while the list loads is lost.
    const pending: EntrySummary[] = [];
    let loaded = false;
    const unsubscribe = client.on('entryRecorded', (entry) => {
      if (loaded) setEntries((list) => mergeEntry(list ?? [], entry));
      else pending.push(entry);
    });
    client.call('listEntries', { limit: 500 }).then(
      (list) => {
        loaded = true;
        setEntries(pending.reduce(mergeEntry, list));
      },
      (error) => setProblem(errorText(t, error)),
    );
    return unsubscribe;
  }, [client, t]);

  return (
    <main className="screen entries" data-testid="entries-screen">
      <header className="panel-header">
        <h1>{t('entries.title')}</h1>
        {entries && <span className="muted">{t('entries.count', { count: entries.length })}</span>}
      </header>
      {problem && (
        <p className="form-message" role="alert">
          {problem}
        </p>
      )}
      {entries?.length === 0 && <p className="muted">{t('entries.empty')}</p>}
      {entries && entries.length > 0 && (
        <table className="entry-table">
          <thead>
            <tr>
              <th>{t('entries.time')}</th>
              <th>{t('entries.outcome')}</th>
              <th>{t('entries.code')}</th>
              <th>{t('entries.supplier')}</th>
              <th>{t('entries.variety')}</th>
              <th>{t('entries.quantity')}</th>
              <th>{t('entries.operator')}</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => {
              const colours = VERDICT_COLOURS[e.outcome];
              return (
                <tr key={e.entryId} data-testid="entry-row" data-outcome={e.outcome}>
                  <td>{timeOf(e.createdAt)}</td>
                  <td>
                    <span className="outcome-chip" style={{ background: colours.background, color: colours.text }}>
                      {t(`outcome.${e.outcome}`)}
                    </span>
                    {e.overridden && <span className="muted"> ({t('entries.overridden')})</span>}
                  </td>
                  <td className="code-cell">{codeLabel(e.codeKey)}</td>
                  <td>{e.supplierName}</td>
                  <td>{e.varietyName}</td>
                  <td>
                    {e.quantity} {t(`unit.${e.unit}`)}
                  </td>
                  <td>{e.operatorName}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </main>
  );
}
