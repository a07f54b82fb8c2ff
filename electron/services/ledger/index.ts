import type { Handlers } from '../../core/dispatch';
import type { ledgerMethods } from '../../../shared/contract';
import type { ServiceDeps } from '../deps';
import { assertMayOpen, deskFilters } from './desk';
import { createDossiers } from './dossier';
import { createLedgerQueries } from './ledgerQuery';
import { marketDayBounds, marketDayOf } from './marketDay';
import { ledgerSearch } from './search';
import { createStallSales } from './stallSales';

/**
 * 台账, the lot page and a stall's day of sales (docs/ledger.md). Read-only: nothing here writes,
 * emits or alerts. `dayStart` is the sampling rules' market-day start, read per call.
 */
export function createLedgerService(
  deps: Pick<ServiceDeps, 'orm' | 'sqlite' | 'views' | 'settings' | 'clock'>,
  dayStart: () => string,
): { handlers: Pick<Handlers, keyof typeof ledgerMethods>; queries: ReturnType<typeof createLedgerQueries> } {
  const queries = createLedgerQueries(deps.sqlite);
  const dossiers = createDossiers(deps.orm, deps.views);
  const stallSales = createStallSales(deps.orm);

  const handlers: Pick<Handlers, keyof typeof ledgerMethods> = {
    listLedger(input, by) {
      const start = dayStart();
      const { filters, ownDesk } = deskFilters(input.filters, by);
      const page = queries.page({
        bounds: input.range ? marketDayBounds(input.range, start) : null,
        filters,
        search: input.search === undefined ? null : ledgerSearch(input.search, deps.settings),
        limit: input.limit,
        offset: input.offset,
      });
      return { ...page, dayStart: start, ownDesk };
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
      const today = marketDayOf(deps.clock.now(), start);
      return stallSales(input, by, marketDayBounds({ from: today, to: today }, start));
    },
  };
  return { handlers, queries };
}
