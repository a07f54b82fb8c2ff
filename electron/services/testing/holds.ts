import { refused, type Hold, type HeldLot, type LotStatus, type Operator, type Unit, type Zone, type ParsedInput } from '../../../shared/contract';
import { lotQuantities } from '../../../shared/domain/recall';
import { codeLabel } from '../../../shared/domain/codeLabel';
import { holdRecord, holdReleaseRecord, lotAfter, type Actor, type LotAfter, type LotRef, type UnitCode } from '../../../shared/domain/upload/records';
import { isoLocal } from '../../core/clock';
import type { ServiceDeps } from '../deps';
import { appendAudit } from '../audit/append';
import { recallLinks } from '../recall/links';
import { enqueueUpload } from '../upload/outbox';
import { lotFromScan, refuseDestroyed } from './lotScan';

type HoldReason = Hold['reason'];

interface RefRow {
  id: string;
  code_key: string;
  gtin: string | null;
  batch: string | null;
  quantity: number;
  unit: string;
  status: LotStatus;
  parent_lot_id: string | null;
  split_off: number;
  prior_status: LotStatus | null;
}

interface HoldRow {
  id: string;
  lot_id: string;
  code_key: string;
  reason: HoldReason;
  note: string | null;
  test_id: string | null;
  status: Hold['status'];
  created_at: string;
  created_by_name: string;
  released_at: string | null;
  release_reason: string | null;
}

/**
 * Lots a hold never touches: a destroyed lot is gone, a rejected one never entered the market, a
 * sold-out one has nothing left to stop (its portions, with its buyers, are held instead; held, it
 * would read as having goods on hand again).
 */
const UNHOLDABLE: ReadonlySet<LotStatus> = new Set(['destroyed', 'rejected', 'exhausted']);

/**
 * Holds (扣留): a lot and every lot split from it, wherever they went, are held at once; each lot's
 * status and zone before the hold are kept so a release puts them back. A lot may be under more
 * than one active hold: it stays held until the last of them is released.
 */
export function createHolds(deps: ServiceDeps) {
  const { sqlite, clock, lotTree } = deps;
  const recalls = recallLinks(deps);

  const insertHold = sqlite.prepare(`
    insert into holds (id, lot_id, reason, note, test_id, status, created_at, created_by)
    values (@id, @lotId, @reason, @note, @testId, 'active', @createdAt, @createdBy)`);
  const insertHoldLot = sqlite.prepare('insert into hold_lots (hold_id, lot_id, prior_status, prior_zone) values (?, ?, ?, ?)');
  const setLot = sqlite.prepare('update lots set status = ?, zone = ? where id = ?');
  const lotNow = sqlite.prepare<[string], { status: LotStatus; zone: Zone }>('select status, zone from lots where id = ?');
  // The oldest other active hold covering a lot: its prior state is the lot's state before any hold.
  const coveringHold = sqlite.prepare<[string, string], { prior_status: LotStatus; prior_zone: Zone }>(`
    select hl.prior_status, hl.prior_zone from hold_lots hl join holds h on h.id = hl.hold_id
     where hl.lot_id = ? and h.status = 'active' and h.id <> ? order by h.created_at, h.id limit 1`);
  const holdLotsOf = sqlite.prepare<[string], { lot_id: string; prior_status: LotStatus; prior_zone: Zone }>('select lot_id, prior_status, prior_zone from hold_lots where hold_id = ?');
  const release = sqlite.prepare(`
    update holds set status = 'released', released_at = @at, released_by = @by, release_reason = @reason where id = @id and status = 'active'`);
  const holdCols = `
    select h.id, h.lot_id, l.code_key, h.reason, h.note, h.test_id, h.status, h.created_at, o.name as created_by_name,
           h.released_at, h.release_reason
      from holds h join lots l on l.id = h.lot_id join operators o on o.id = h.created_by`;
  const holdById = sqlite.prepare<[string], HoldRow>(`${holdCols} where h.id = ?`);
  const holdList = sqlite.prepare<[number], HoldRow>(`${holdCols} where (? = 0 or h.status = 'active') order by h.created_at desc, h.id desc`);
  const activeOnLot = sqlite.prepare<[string], { n: number }>(`
    select count(*) as n from hold_lots hl join holds h on h.id = hl.hold_id where hl.lot_id = ? and h.status = 'active'`);
  // The lots of a hold as the upload names them: the held lot first, then the rest by creation;
  // lots destroyed since are left out (their disposal record already said so), and so are
  // recalled ones (their recall record said so; a release must not call them sellable). With
  // what is left of each (its quantity less its portions) and the state before the hold.
  const refCols = `l.id, l.code_key, l.gtin, l.batch, l.quantity, l.unit, l.status, l.parent_lot_id,
    (select coalesce(sum(c.quantity), 0) from lots c where c.parent_lot_id = l.id and c.unit = l.unit) as split_off`;
  const refsOfHold = sqlite.prepare<[string, string], RefRow>(`
    select ${refCols}, hl.prior_status from hold_lots hl join lots l on l.id = hl.lot_id
     where hl.hold_id = ? and l.status not in ('destroyed', 'recalled') order by l.id <> ?, l.created_at, l.id`);
  const refOfLot = sqlite.prepare<[string, string], RefRow>(`
    select ${refCols}, hl.prior_status from lots l left join hold_lots hl on hl.lot_id = l.id and hl.hold_id = ? where l.id = ?`);

  /**
   * Upload payload `lots` of a hold (docs/upload.md). The held lot itself always comes first, even
   * when the hold left it out (a rejected lot), so the record is ordered with its lot family and
   * never names no lot at all. Read after the hold or release changed the lots: `after` is the
   * state each has now.
   */
  function holdLotRefs(holdId: string, lotId: string): (LotRef & { after: LotAfter })[] {
    const rows = refsOfHold.all(holdId, lotId);
    if (rows[0]?.id !== lotId) rows.unshift(refOfLot.get(holdId, lotId)!);
    return rows.map((r) => {
      // A held lot's quantities follow its state before the hold (a sold-out lot held has nothing left).
      const status = r.status === 'held' && r.prior_status ? r.prior_status : r.status;
      const { onHand } = lotQuantities({ quantity: r.quantity, unit: r.unit as Unit, status, childrenQuantity: r.split_off });
      const after = lotAfter(r.status, r.parent_lot_id !== null);
      return { id: r.id, code: r.code_key, gtin: r.gtin, batch: r.batch, quantity: r.quantity, unit: r.unit as UnitCode, onHand, after };
    });
  }
  /** The hold record's lots: all held, so without `after`. */
  const heldRefs = (holdId: string, lotId: string): LotRef[] => holdLotRefs(holdId, lotId).map(({ after: _after, ...ref }) => ref);

  function toHold(r: HoldRow): Hold {
    const members = new Set(holdLotsOf.all(r.id).map((m) => m.lot_id));
    // An active hold covers the whole tree (a held lot cannot be split); a past one lists what it held.
    const lots: HeldLot[] = lotTree
      .of(r.lot_id)
      .filter((l) => r.status === 'active' || l.depth === 0 || members.has(l.lotId))
      .map(({ lotId, code, parentCode, quantity, unit, status, buyerName, depth }) => ({ lotId, code, parentCode, quantity, unit, status, buyerName, depth }));
    return {
      id: r.id,
      lotId: r.lot_id,
      code: codeLabel(r.code_key),
      reason: r.reason,
      note: r.note,
      testId: r.test_id,
      status: r.status,
      createdAt: r.created_at,
      createdByName: r.created_by_name,
      releasedAt: r.released_at,
      releaseReason: r.release_reason,
      lots,
    };
  }

  const get = (id: string) => {
    const row = holdById.get(id);
    if (!row) throw refused('notFound', 'no such hold', 'unknownHold');
    return toHold(row);
  };

  /**
   * Holds a lot and its descendants; call inside a transaction. The lot itself goes to 待检区,
   * its children stay where they are (at a buyer's, on a stall) but are held all the same. The
   * hold's upload record is written in the same transaction.
   */
  function holdTree(lotId: string, h: { reason: HoldReason; note: string | null; testId: string | null; at: string; by: Actor }): string {
    const id = clock.id();
    insertHold.run({ id, lotId, reason: h.reason, note: h.note, testId: h.testId, createdAt: h.at, createdBy: h.by.id });
    for (const lot of lotTree.of(lotId)) {
      if (UNHOLDABLE.has(lot.status)) continue;
      const prior = coveringHold.get(lot.lotId, id);
      const zone = lot.depth === 0 ? 'awaitingTest' : lot.zone;
      if (lot.status === 'recalled') {
        // Recalled wins over held: the lot stays recalled, the hold keeps the state before the
        // recall, and a lift of the recall will find the lot held — unless it was sold out.
        const recalled = recalls.priorOf(lot.lotId);
        const before = prior?.prior_status ?? recalled?.prior_status ?? lot.status;
        if (UNHOLDABLE.has(before)) continue;
        insertHoldLot.run(id, lot.lotId, before, prior?.prior_zone ?? recalled?.prior_zone ?? lot.zone);
        recalls.handPrior(lot.lotId, 'held', zone);
        appendAudit(deps.orm, {
          at: h.at,
          by: h.by,
          action: 'lot.hold',
          subject: { kind: 'lot', id: lot.lotId },
          before: { status: lot.status, zone: lot.zone },
          after: { status: 'recalled', zone: lot.zone, holdId: id, reason: h.reason, afterRecall: { status: 'held', zone } },
        });
        continue;
      }
      insertHoldLot.run(id, lot.lotId, prior?.prior_status ?? lot.status, prior?.prior_zone ?? lot.zone);
      setLot.run('held', zone, lot.lotId);
      appendAudit(deps.orm, {
        at: h.at,
        by: h.by,
        action: 'lot.hold',
        subject: { kind: 'lot', id: lot.lotId },
        before: { status: lot.status, zone: lot.zone },
        after: { status: 'held', zone, holdId: id, reason: h.reason },
      });
    }
    // Inside this raw better-sqlite3 transaction: the outbox writes on the same connection.
    enqueueUpload(deps.orm, holdRecord({ holdId: id, lots: heldRefs(id, lotId), reason: h.reason, note: h.note, testId: h.testId, by: { id: h.by.id, name: h.by.name } }, h.at));
    return id;
  }

  /** Tells open screens what a hold or release left each lot of a tree as (after the commit). */
  function announce(lotId: string, at: string) {
    deps.emit('lotStatus', { changes: lotTree.of(lotId).map((l) => ({ lotId: l.lotId, status: l.status })), at });
  }

  /** After a hold commits: the alert for the lot held, unless it is sold out (only its portions are held). */
  function alertHeld(lotId: string, codeKey: string, at: string) {
    const status = lotNow.get(lotId)?.status;
    if (status === 'held' || status === 'recalled') deps.emit('alert', { codeKey, status, at });
  }

  return {
    holdTree,
    announce,
    alertHeld,
    get,
    isUnderHold: (lotId: string) => activeOnLot.get(lotId)!.n > 0,
    list: (active: boolean) => holdList.all(active ? 1 : 0).map(toHold),

    placeHold(input: ParsedInput<'placeHold'>, by: Operator): Hold {
      const view = lotFromScan(deps, input.raw);
      refuseDestroyed(view);
      if (view.lot.status === 'rejected') throw refused('conflict', 'lot never entered', 'lotNotHoldable', { status: view.lot.status });
      const at = isoLocal(clock.now());
      const id = sqlite.transaction(() => holdTree(view.lot.id, { reason: 'manual', note: input.note, testId: null, at, by }))();
      announce(view.lot.id, at);
      alertHeld(view.lot.id, view.lot.codeKey, at);
      return get(id);
    },

    /**
     * Lifts a hold: each lot it held returns to its prior status and zone, unless it changed since
     * (destroyed, disposed) or another active hold still covers it.
     */
    releaseHold(input: ParsedInput<'releaseHold'>, by: Operator): Hold {
      const hold = get(input.holdId);
      if (hold.status !== 'active') throw refused('conflict', 'hold not active', 'holdNotActive', { status: hold.status });
      const at = isoLocal(clock.now());
      sqlite.transaction(() => {
        if (release.run({ id: hold.id, at, by: by.id, reason: input.reason }).changes === 0) {
          throw refused('conflict', 'hold not active', 'holdNotActive');
        }
        for (const held of holdLotsOf.all(hold.id)) {
          const now = lotNow.get(held.lot_id)?.status;
          if (now !== 'held' && now !== 'recalled') continue;
          if (activeOnLot.get(held.lot_id)!.n > 0) continue;
          if (now === 'recalled') {
            // Still recalled: the release only changes what a lift of the recall will restore.
            recalls.handPrior(held.lot_id, held.prior_status, held.prior_zone);
            appendAudit(deps.orm, {
              at,
              by,
              action: 'lot.release',
              subject: { kind: 'lot', id: held.lot_id },
              before: { status: 'recalled' },
              after: { status: 'recalled', holdId: hold.id, reason: input.reason, afterRecall: { status: held.prior_status, zone: held.prior_zone } },
            });
            continue;
          }
          setLot.run(held.prior_status, held.prior_zone, held.lot_id);
          appendAudit(deps.orm, {
            at,
            by,
            action: 'lot.release',
            subject: { kind: 'lot', id: held.lot_id },
            before: { status: 'held' },
            after: { status: held.prior_status, zone: held.prior_zone, holdId: hold.id, reason: input.reason },
          });
        }
        // The release's own id is its upload id (docs/upload.md): the hold's id stays in the payload.
        enqueueUpload(deps.orm, holdReleaseRecord({ releaseId: clock.id(), holdId: hold.id, lots: holdLotRefs(hold.id, hold.lotId), reason: input.reason, by: { id: by.id, name: by.name } }, at));
      })();
      announce(hold.lotId, at);
      return get(hold.id);
    },
  };
}
export type Holds = ReturnType<typeof createHolds>;
