import { refused, type Operator, type ParsedInput, type Zone } from '../../../shared/contract';
import { zoneMoveRefusal } from '../../../shared/domain/exit';
import { isoLocal } from '../../core/clock';
import type { ServiceDeps } from '../deps';
import { appendAudit } from '../audit/append';
import { lotFromScan } from '../testing/lotScan';

type Deps = Pick<ServiceDeps, 'orm' | 'sqlite' | 'clock' | 'views' | 'settings'>;

/**
 * 交易区 ⇄ 贮存区: one scan at a desk moves a lot, audited. A held or recalled lot may be put in
 * storage but never back on sale; a lot that left the market is not moved.
 */
export function createZoneMoves(deps: Deps) {
  const { orm, sqlite, clock, views } = deps;
  const departed = sqlite.prepare<[string], { id: string }>('select id from departures where lot_id = ?');
  const setZone = sqlite.prepare('update lots set zone = ? where id = ? and zone = ?');

  return {
    move(input: ParsedInput<'moveLotZone'>, by: Operator) {
      const view = lotFromScan(deps, input.raw);
      const { lot } = view;
      const refusal = zoneMoveRefusal({ status: lot.status, departed: departed.get(lot.id) !== undefined }, input.zone);
      if (refusal) throw refused('conflict', `lot cannot move to ${input.zone}`, refusal, { code: lot.codeKey, status: lot.status, zone: input.zone });
      const from: Zone = lot.zone;
      // Already there (a second read of the same code): nothing to write.
      if (from === input.zone) return { view, moved: false, from };
      const at = isoLocal(clock.now());
      orm.transaction(() => {
        setZone.run(input.zone, lot.id, from);
        appendAudit(orm, { at, by, action: 'lot.zone', subject: { kind: 'lot', id: lot.id }, before: { zone: from }, after: { zone: input.zone } });
      });
      return { view: views.findById(lot.id)!, moved: true, from };
    },
  };
}
