import type Database from 'better-sqlite3';
import { refused, type Departure, type LotView, type Operator, type ParsedInput } from '../../../shared/contract';
import { DOUBLE_READ_MS, exitRefusal, ZONE_AFTER_DEPARTURE } from '../../../shared/domain/exit';
import { marketBounds, marketDayAt } from '../../../shared/domain/marketDay';
import { departureRecord } from '../../../shared/domain/upload/departure';
import { isoLocal } from '../../core/clock';
import type { ServiceDeps } from '../deps';
import { appendAudit } from '../audit/append';
import { enqueueUpload } from '../upload/outbox';
import { lotCode } from '../scanKey';

type Deps = Pick<ServiceDeps, 'orm' | 'sqlite' | 'clock' | 'emit' | 'views' | 'settings'>;
type DepartureRow = Departure & { byId: string };

const SELECT = `select d.id, d.lot_id as lotId, l.code_key as code, p.code_key as parentCode, l.quantity, l.unit,
                       d.vehicle, d.buyer, d.created_at as at, o.name as by, d.created_by as byId
                  from departures d join lots l on l.id = d.lot_id left join lots p on p.id = l.parent_lot_id
                  join operators o on o.id = d.created_by`;

export function departureStatements(sqlite: Database.Database) {
  return {
    ofLot: sqlite.prepare<[string], DepartureRow>(`${SELECT} where d.lot_id = ?`),
    inRange: sqlite.prepare<[string, string, number], DepartureRow>(`${SELECT} where d.created_at >= ? and d.created_at < ? order by d.created_at desc, d.id desc limit ?`),
  };
}

const publicRow = ({ byId: _byId, ...d }: DepartureRow): Departure => d;
/** A stored time as the refusal shows it: 2026-03-10 14:05. */
const shown = (at: string) => at.slice(0, 16).replace('T', ' ');

/**
 * 出口查验: a sold lot leaves. The departure row, the lot's move out of the market's zones, its
 * audit entry and its upload record are one transaction; a refusal writes nothing.
 */
export function createDepartures(deps: Deps, dayStart: () => string) {
  const { orm, sqlite, clock, views } = deps;
  const st = departureStatements(sqlite);
  const insert = sqlite.prepare('insert into departures (id, lot_id, vehicle, buyer, prior_zone, created_at, created_by) values (?, ?, ?, ?, ?, ?, ?)');
  const setZone = sqlite.prepare('update lots set zone = ? where id = ?');
  const saleBuyer = sqlite.prepare<[string], { buyer_name: string | null }>('select buyer_name from splits where child_lot_id = ?');

  /** A departure already made: the same operator's double read answers it, anyone else is refused. */
  function already(view: LotView, existing: DepartureRow, by: Operator) {
    const sinceMs = clock.now().getTime() - Date.parse(existing.at);
    if (existing.byId === by.id && sinceMs >= 0 && sinceMs <= DOUBLE_READ_MS) return { departure: publicRow(existing), view, duplicate: true };
    throw refused('conflict', 'lot already left', 'exitAlreadyLeft', { code: view.lot.codeKey, at: shown(existing.at), by: existing.by });
  }

  function exitLot(input: ParsedInput<'exitLot'>, by: Operator) {
    const view = views.findByKey(lotCode(input.raw, deps.settings).key);
    if (!view) throw refused('notFound', 'unknown lot', 'unknownLot');
    const { lot } = view;
    const existing = st.ofLot.get(lot.id);
    const refusal = exitRefusal({ status: lot.status, isPortion: lot.parentLotId !== null, departed: existing !== undefined });
    if (refusal === 'exitAlreadyLeft') return already(view, existing!, by);
    if (refusal === 'exitLotStopped') {
      // A stopped lot at the gate is the market's alarm, on every desk (as lookupCode raises it).
      deps.emit('alert', { codeKey: lot.codeKey, status: lot.status, at: isoLocal(clock.now()) });
      throw refused('conflict', 'stopped lot at the exit', 'exitLotStopped', { code: lot.codeKey, status: lot.status });
    }
    if (refusal) throw refused('conflict', 'lot not sold', 'exitNotSold', { code: lot.codeKey, status: lot.status });

    const at = isoLocal(clock.now());
    const id = clock.id();
    const buyer = input.buyer ?? saleBuyer.get(lot.id)?.buyer_name ?? null;
    const vehicle = input.vehicle ?? null;
    try {
      orm.transaction(() => {
        insert.run(id, lot.id, vehicle, buyer, lot.zone, at, by.id);
        setZone.run(ZONE_AFTER_DEPARTURE, lot.id);
        appendAudit(orm, {
          at,
          by,
          action: 'lot.departure',
          subject: { kind: 'lot', id: lot.id },
          before: { zone: lot.zone },
          after: { zone: ZONE_AFTER_DEPARTURE, departureId: id, vehicle, buyer },
        });
        enqueueUpload(
          orm,
          departureRecord(
            {
              departureId: id,
              lot: { id: lot.id, code: lot.codeKey, gtin: lot.gtin, batch: lot.batch, quantity: lot.quantity, unit: lot.unit },
              parentCode: view.parentCode,
              vehicle,
              buyer,
              by: { id: by.id, name: by.name },
            },
            at,
          ),
        );
      });
    } catch (e) {
      // Another gate (or window) recorded this lot a moment earlier: answer as if scanned after it.
      const raced = (e as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE' ? st.ofLot.get(lot.id) : undefined;
      if (raced) return already(view, raced, by);
      throw e;
    }
    return { departure: publicRow(st.ofLot.get(lot.id)!), view: views.findById(lot.id)!, duplicate: false };
  }

  return {
    exitLot,
    /** The market day's departures so far, newest first. */
    list(input: ParsedInput<'listDepartures'>): Departure[] {
      const day = marketDayAt(clock.now(), dayStart());
      const { fromAt, toAt } = marketBounds(day, day, dayStart());
      return st.inRange.all(fromAt, toAt, input.limit).map(publicRow);
    },
    departureOf: (lotId: string): Departure | null => {
      const row = st.ofLot.get(lotId);
      return row ? publicRow(row) : null;
    },
  };
}
