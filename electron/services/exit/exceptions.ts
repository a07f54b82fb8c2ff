import { ApiError, refused, type ExitException, type LotStatus, type LotView, type Operator, type ParsedInput } from '../../../shared/contract';
import { exitExceptionKind } from '../../../shared/domain/exit';
import { marketBounds, marketDayAt } from '../../../shared/domain/marketDay';
import { isoLocal } from '../../core/clock';
import type { ServiceDeps } from '../deps';
import { appendAudit } from '../audit/append';
import { lotCode } from '../scanKey';

type Deps = Pick<ServiceDeps, 'orm' | 'sqlite' | 'clock' | 'views' | 'settings'>;

const SELECT = `select x.id, x.kind, x.lot_id as lotId, l.code_key as code, x.lot_status as status, x.scanned, x.note, x.vehicle, x.buyer,
                       x.created_at as at, o.name as by
                  from exit_exceptions x left join lots l on l.id = x.lot_id join operators o on o.id = x.created_by`;

/** The lot a scan names, or null when it names none (unknown, unreadable, not a lot code): goods without a code. */
function lotOrNone(deps: Deps, raw: string): LotView | null {
  try {
    return deps.views.findByKey(lotCode(raw, deps.settings).key);
  } catch (e) {
    if (e instanceof ApiError && (e.code === 'badScan' || e.code === 'notALotCode')) return null;
    throw e;
  }
}

/**
 * 出口异常: goods the gate saw leave unsold, stopped or without a code. Kept with who, when and the
 * vehicle for the manager; the lot's own state is not changed (the manager decides what follows).
 */
export function createExitExceptions(deps: Deps, dayStart: () => string) {
  const { orm, sqlite, clock } = deps;
  const insert = sqlite.prepare('insert into exit_exceptions (id, kind, lot_id, lot_status, scanned, note, vehicle, buyer, created_at, created_by) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
  const byId = sqlite.prepare<[string], ExitException>(`${SELECT} where x.id = ?`);
  const range = {
    page: sqlite.prepare<[string, string, number], ExitException>(`${SELECT} where x.created_at >= ? and x.created_at < ? order by x.created_at desc, x.id desc limit ?`),
    total: sqlite.prepare<[string, string], { n: number }>('select count(*) as n from exit_exceptions where created_at >= ? and created_at < ?'),
  };

  return {
    record(input: ParsedInput<'recordExitException'>, by: Operator): ExitException {
      const view = input.raw === undefined ? null : lotOrNone(deps, input.raw);
      const kind = exitExceptionKind(view && { status: view.lot.status, isPortion: view.lot.parentLotId !== null });
      if (!kind) throw refused('conflict', 'a sold lot leaves through exitLot', 'exitExceptionNotNeeded', { code: view!.lot.codeKey });
      const at = isoLocal(clock.now());
      const id = clock.id();
      const status: LotStatus | null = view?.lot.status ?? null;
      const scanned = view ? null : (input.raw ?? null);
      const fields = { kind, lotId: view?.lot.id ?? null, status, scanned, note: input.note ?? null, vehicle: input.vehicle ?? null, buyer: input.buyer ?? null };
      orm.transaction(() => {
        insert.run(id, kind, fields.lotId, status, scanned, fields.note, fields.vehicle, fields.buyer, at, by.id);
        // No `status` in `after`: the lot's state is unchanged (the audit check compares statuses).
        const { status: lotStatus, ...after } = fields;
        appendAudit(orm, { at, by, action: 'exit.exception', subject: view ? { kind: 'lot', id: view.lot.id } : { kind: 'exitException', id }, after: { ...after, exceptionId: id, lotStatus } });
      });
      return byId.get(id)!;
    },

    list(input: ParsedInput<'listExitExceptions'>): { exceptions: ExitException[]; total: number } {
      const day = input.day ?? marketDayAt(clock.now(), dayStart());
      const { fromAt, toAt } = marketBounds(day, day, dayStart());
      return { exceptions: range.page.all(fromAt, toAt, input.limit), total: range.total.get(fromAt, toAt)!.n };
    },
  };
}
