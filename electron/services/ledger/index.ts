import type { Handlers } from '../../core/dispatch';
import type { DayRange, LedgerFilters, Operator, ledgerMethods } from '../../../shared/contract';
import type { ServiceDeps } from '../deps';
import type { ExportService } from '../exports';
import { LEDGER_COLUMNS } from '../exports/ledgerColumns';
import { LEDGER } from '../exports/words';
import { assertMayOpen, deskFilters } from './desk';
import { createDossiers } from './dossier';
import { createLedgerQueries } from './ledgerQuery';
import { marketBounds, marketDayAt } from '../../../shared/domain/marketDay';
import { ledgerSearch } from './search';
import { createStallSales } from './stallSales';

/** The market days' stored-time bounds as the ledger's queries name them (@start, @end). */
function dayBounds(from: string, to: string, dayStart: string) {
  const { fromAt, toAt } = marketBounds(from, to, dayStart);
  return { start: fromAt, end: toAt };
}

/**
 * 台账, the lot page and a stall's day of sales (docs/ledger.md). Read-only: nothing here writes,
 * emits or alerts. `dayStart` is the sampling rules' market-day start, read per call.
 */
export function createLedgerService(
  deps: Pick<ServiceDeps, 'orm' | 'sqlite' | 'views' | 'settings' | 'clock'>,
  dayStart: () => string,
  exportTable: ExportService['exportTable'],
): { handlers: Pick<Handlers, keyof typeof ledgerMethods>; queries: ReturnType<typeof createLedgerQueries> } {
  const queries = createLedgerQueries(deps.sqlite);
  const dossiers = createDossiers(deps.orm, deps.views);
  const stallSales = createStallSales(deps.orm);

  /** A page's or an export's question, a receiver's limited to their desk. */
  function question(input: { range?: DayRange; filters: LedgerFilters; search?: string }, by: Operator, start: string) {
    const { filters, ownDesk } = deskFilters(input.filters, by);
    return {
      ownDesk,
      asked: {
        bounds: input.range ? dayBounds(input.range.from, input.range.to, start) : null,
        filters,
        search: input.search === undefined ? null : ledgerSearch(input.search, deps.settings),
      },
    };
  }

  const handlers: Pick<Handlers, keyof typeof ledgerMethods> = {
    listLedger(input, by) {
      const start = dayStart();
      const { asked, ownDesk } = question(input, by, start);
      const page = queries.page({ ...asked, limit: input.limit, offset: input.offset });
      return { ...page, dayStart: start, ownDesk };
    },
    exportLedger(input, by) {
      const { asked } = question(input, by, dayStart());
      const days = input.range ? `${input.range.from}${input.range.to === input.range.from ? '' : `_${input.range.to}`}` : 'search';
      return exportTable({
        baseName: `ledger_${days}`,
        format: input.format,
        exportId: input.exportId,
        by,
        // The count first, then the rows page by page from the same question: the file holds what matched when each page was read.
        source: { sheetName: LEDGER.sheet, columns: LEDGER_COLUMNS, total: queries.total(asked), rows: queries.rows(asked) },
      });
    },
    getLotDossier(input, by) {
      const view = dossiers.view(input.lotId);
      assertMayOpen(view, by);
      return dossiers.dossier(view);
    },
    getCertificatePhoto(input, by) {
      const view = dossiers.view(input.lotId);
      assertMayOpen(view, by);
      return dossiers.photo(view, input.certificateId);
    },
    listStallSales(input, by) {
      const start = dayStart();
      const today = marketDayAt(deps.clock.now(), start);
      return stallSales(input, by, dayBounds(today, today, start));
    },
  };
  return { handlers, queries };
}
