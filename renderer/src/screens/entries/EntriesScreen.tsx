import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { EntrySummary } from '../../../../shared/contract';
import { codeLabel } from '../../../../shared/domain/codeLabel';
import { useStation } from '../../api';
import { StatusChip } from '../../components/StatusChip';
import { useApiAction } from '../../components/useApiAction';
import { VERDICT_COLOURS } from '../../feedback';
import { errorText, reasonText } from '../../i18n';
import { patchLotStatus } from '../../components/lotStatus';
import { mergeEntry } from './mergeEntry';
import { LotPageButton } from '../lot/LotPageContext';
import { CodeText } from '../../components/CodeText';

const timeOf = (iso: string) => iso.slice(11, 19);
const PAGE = 100;

interface Loaded {
  entries: EntrySummary[];
  /** The day's count on the station, not only what is on screen. */
  total: number;
}

/**
 * Today's entry checks, newest first: the verdict at entry with its reasons beside what the lot
 * is now. New entries and later state changes arrive as events; older rows load a page at a time.
 */
export function EntriesScreen() {
  const { t } = useTranslation();
  const { client } = useStation();
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const { busy, problem, run, fail } = useApiAction((error) => errorText(t, error));

  useEffect(() => {
    // Subscribe first so nothing recorded while the list loads is lost.
    const pending: ((l: Loaded) => Loaded)[] = [];
    let ready = false;
    const apply = (change: (l: Loaded) => Loaded) => {
      if (ready) setLoaded((l) => (l ? change(l) : l));
      else pending.push(change);
    };
    const offEntry = client.on('entryRecorded', (entry) =>
      apply((l) => {
        const known = l.entries.some((e) => e.entryId === entry.entryId);
        return { entries: mergeEntry(l.entries, entry), total: known ? l.total : l.total + 1 };
      }),
    );
    const offStatus = client.on('lotStatus', ({ changes }) => apply((l) => ({ ...l, entries: patchLotStatus(l.entries, changes, 'status') })));
    client.call('listEntries', { limit: PAGE, offset: 0 }).then(
      (page) => {
        ready = true;
        setLoaded(pending.reduce((l, change) => change(l), page));
      },
      (error) => fail(errorText(t, error)),
    );
    return () => {
      offEntry();
      offStatus();
    };
  }, [client, t, fail]);

  const loadMore = useCallback(async () => {
    if (!loaded) return;
    await run(async () => {
      const page = await client.call('listEntries', { limit: PAGE, offset: loaded.entries.length });
      setLoaded((l) => (l ? { entries: page.entries.reduce((list, e) => (list.some((x) => x.entryId === e.entryId) ? list : [...list, e]), l.entries), total: page.total } : l));
    });
  }, [client, loaded, run]);

  const entries = loaded?.entries;
  const more = loaded ? loaded.total - loaded.entries.length : 0;
  return (
    <main className="screen entries" data-testid="entries-screen">
      <header className="panel-header">
        <h1>{t('entries.title')}</h1>
        {loaded && (
          <span className="muted" data-testid="entries-count" data-total={loaded.total} data-shown={loaded.entries.length}>
            {loaded.total === loaded.entries.length ? t('entries.count', { count: loaded.total }) : t('entries.countShown', { count: loaded.total, shown: loaded.entries.length })}
          </span>
        )}
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
              <th>{t('entries.status')}</th>
              <th>{t('entries.reasons')}</th>
              <th>{t('entries.code')}</th>
              <th>{t('entries.supplier')}</th>
              <th>{t('entries.variety')}</th>
              <th>{t('entries.quantity')}</th>
              <th>{t('entries.operator')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => {
              const colours = VERDICT_COLOURS[e.outcome];
              // An admitted lot's "all certificates valid" says nothing new; a warning (near expiry) does.
              const reasons = e.reasons.filter((r) => r.code !== 'ok');
              return (
                <tr key={e.entryId} data-testid="entry-row" data-outcome={e.outcome} data-status={e.status} data-lot={e.lotId}>
                  <td>{timeOf(e.createdAt)}</td>
                  <td>
                    <span className="outcome-chip" style={{ background: colours.background, color: colours.text }}>
                      {t(`outcome.${e.outcome}`)}
                    </span>
                    {e.overridden && <span className="muted"> ({t('entries.overridden')})</span>}
                  </td>
                  <td>
                    <StatusChip status={e.status} testId="entry-status" />
                  </td>
                  <td className="entry-reasons" data-testid="entry-reasons">
                    {reasons.map((r) => reasonText(t, r)).join(t('common.listSeparator'))}
                  </td>
                  <td className="code-cell">
                    <CodeText code={codeLabel(e.codeKey)} />
                  </td>
                  <td className="entry-supplier">{e.supplierName}</td>
                  <td>{e.varietyName}</td>
                  <td>
                    {e.quantity} {t(`unit.${e.unit}`)}
                  </td>
                  <td>{e.operatorName}</td>
                  <td>
                    <LotPageButton lotId={e.lotId} />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {more > 0 && (
        <button type="button" className="secondary entries-more" disabled={busy} onClick={() => void loadMore()} data-testid="entries-more">
          {t('entries.more', { count: more })}
        </button>
      )}
    </main>
  );
}
