import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { DayRange, LedgerFilters, LedgerPage } from '../../../../shared/contract';
import { useStation } from '../../api';
import { ExportBar } from '../../components/exports/ExportBar';
import { patchLotStatus } from '../../components/lotStatus';
import { ScanInputs } from '../../components/ScanInputs';
import { errorText } from '../../i18n';
import { useLotPage } from '../lot/LotPageContext';
import { LedgerFilterBar } from './LedgerFilterBar';
import { LedgerTable } from './LedgerTable';
import { QUICK_RANGES, quickRange, rangeOk } from './ledgerRange';
import { useLedgerOptions } from './useLedgerOptions';
import './ledger.css';
import { useAnswerGate } from '../../components/answerGate';

const PAGE = 100;
const LEDGER_FORMATS = ['xlsx', 'csv'] as const;

/** What the page asks: a range and filters, or a search (any day); the offset of the page shown. */
interface Question {
  range: DayRange;
  filters: LedgerFilters;
  search: string | null;
  offset: number;
  /** The search came from a scanner: a single lot found opens its page at once. */
  scanned: boolean;
}

/**
 * 台账: every gate lot of a market day or range with its verdict and its state now, filtered,
 * searched by any code or certificate number (typed or scanned), 100 rows a page with the exact
 * count. A row opens the lot page over the list, which stays as it was.
 */
export function LedgerScreen() {
  const { t } = useTranslation();
  const { client, can } = useStation();
  const lotPage = useLotPage();
  const options = useLedgerOptions();
  const [question, setQuestion] = useState<Question>({ range: quickRange('today', new Date()), filters: {}, search: null, offset: 0, scanned: false });
  const [typed, setTyped] = useState('');
  const [page, setPage] = useState<LedgerPage | null>(null);
  const [problem, setProblem] = useState('');
  // A lot's state changed while a page is on its way shows on that page too (answerGate.ts).
  const gate = useAnswerGate<LedgerPage>();

  useEffect(() => {
    if (!question.search && !rangeOk(question.range)) return;
    const call = gate.begin();
    client
      .call('listLedger', {
        ...(question.search ? { search: question.search } : { range: question.range }),
        filters: question.filters,
        limit: PAGE,
        offset: question.offset,
      })
      .then(
        (answer) => {
          const shown = gate.settle(call, answer);
          if (!shown) return;
          setProblem('');
          setPage(shown);
          if (question.scanned && shown.total === 1) lotPage.open(shown.rows[0]!.lotId);
        },
        (error) => gate.fail(call) && setProblem(errorText(t, error)),
      );
  }, [client, gate, question, t, lotPage]);

  // A lot held, tested or destroyed while the page is open shows its new state.
  useEffect(
    () =>
      client.on('lotStatus', ({ changes }) => {
        const patch = (p: LedgerPage) => ({ ...p, rows: patchLotStatus(p.rows, changes, 'status') });
        gate.note(patch);
        setPage((p) => p && patch(p));
      }),
    [client, gate],
  );

  const ask = (change: Partial<Question>) => setQuestion((q) => ({ ...q, offset: 0, scanned: false, ...change }));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    ask({ search: typed.trim() || null });
  };
  const onScan = (raw: string) => {
    setTyped(raw);
    ask({ search: raw, scanned: true });
  };

  const first = page && page.total > 0 ? question.offset + 1 : 0;
  const last = page ? question.offset + page.rows.length : 0;
  return (
    <main className="screen ledger" data-testid="ledger-screen">
      <header className="panel-header">
        <h1>{t('ledger.title')}</h1>
        {page?.ownDesk && (
          <span className="muted" data-testid="ledger-own-desk">
            {t('ledger.ownDesk')}
          </span>
        )}
        {page && <span className="muted">{t('ledger.dayStart', { time: page.dayStart })}</span>}
      </header>

      <form className="ledger-search" onSubmit={submit}>
        <label>
          {t('ledger.searchLabel')}
          <input value={typed} onChange={(e) => setTyped(e.target.value)} placeholder={t('ledger.searchHint')} data-testid="ledger-search" />
        </label>
        <button type="submit" className="primary" data-testid="ledger-search-submit">
          {t('ledger.search')}
        </button>
        {question.search && (
          <button
            type="button"
            className="secondary"
            onClick={() => {
              setTyped('');
              ask({ search: null });
            }}
            data-testid="ledger-search-clear"
          >
            {t('ledger.clearSearch')}
          </button>
        )}
        <ScanInputs onScan={onScan} />
      </form>

      <div className="ledger-range" aria-disabled={question.search !== null} data-testid="ledger-range">
        {QUICK_RANGES.map((kind) => (
          <button key={kind} type="button" className="secondary" disabled={question.search !== null} onClick={() => ask({ range: quickRange(kind, new Date()) })} data-testid={`ledger-range-${kind}`}>
            {t(`ledger.range.${kind}`)}
          </button>
        ))}
        <label>
          {t('ledger.range.from')}
          <input type="date" value={question.range.from} disabled={question.search !== null} onChange={(e) => ask({ range: { ...question.range, from: e.target.value } })} data-testid="ledger-from" />
        </label>
        <label>
          {t('ledger.range.to')}
          <input type="date" value={question.range.to} disabled={question.search !== null} onChange={(e) => ask({ range: { ...question.range, to: e.target.value } })} data-testid="ledger-to" />
        </label>
      </div>

      <LedgerFilterBar filters={question.filters} options={options} ownDesk={page?.ownDesk ?? false} onChange={(filters) => ask({ filters })} />

      {problem && (
        <p className="form-message" role="alert" data-testid="ledger-problem">
          {problem}
        </p>
      )}
      {page && page.total === 0 && (
        <p className="muted" data-testid="ledger-empty">
          {t('ledger.empty')}
        </p>
      )}
      {page && page.total > 0 && can('exportLedger') && (
        // Every lot the question matches (all pages), as the station reads them when exporting.
        <ExportBar
          formats={LEDGER_FORMATS}
          start={(format, exportId) => client.call('exportLedger', { ...(question.search ? { search: question.search } : { range: question.range }), filters: question.filters, format, exportId })}
          testId="ledger-export"
        />
      )}
      {page && page.rows.length > 0 && <LedgerTable rows={page.rows} onOpen={lotPage.open} />}
      {page && page.total > 0 && (
        <footer className="ledger-pager">
          <button
            type="button"
            className="secondary"
            disabled={question.offset === 0}
            onClick={() => setQuestion((q) => ({ ...q, offset: Math.max(0, q.offset - PAGE), scanned: false }))}
            data-testid="ledger-prev"
          >
            {t('ledger.prev')}
          </button>
          <span data-testid="ledger-count" data-total={page.total} data-first={first} data-last={last}>
            {t('ledger.pageInfo', { first, last, total: page.total })}
          </span>
          <button type="button" className="secondary" disabled={last >= page.total} onClick={() => setQuestion((q) => ({ ...q, offset: q.offset + PAGE, scanned: false }))} data-testid="ledger-next">
            {t('ledger.next')}
          </button>
        </footer>
      )}
    </main>
  );
}
