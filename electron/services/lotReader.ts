import { refused, type LotView, type ParsedInput } from '../../shared/contract';
import type { LotViews } from './lotViews';
import { lotCode } from './scanKey';
import type { SettingsService } from './settings';

/**
 * A lot read again, by id or by any code form it has: no alert, no event, nothing written. A screen
 * refreshing a lot it already shows reads it here; a scan at a desk goes through the alerting lookup.
 */
export function createLotReader(views: LotViews, settings: SettingsService) {
  return function getLot(input: ParsedInput<'getLot'>): LotView {
    const view = 'lotId' in input ? views.findById(input.lotId) : views.findByKey(lotCode(input.raw, settings).key);
    if (!view) throw refused('notFound', 'unknown lot', 'unknownLot');
    return view;
  };
}
