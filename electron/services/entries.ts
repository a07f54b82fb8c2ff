import { and, desc, eq, gte, lt, sql } from 'drizzle-orm';
import { ApiError, type EntrySummary, type LotStatus, type LotView, type Operator, type Outcome, type Reason, type ParsedInput } from '../../shared/contract';
import { addDays, isoLocal, localDay, type Clock } from '../core/clock';
import type { Orm } from '../store/open';
import { entryChecks, entryOverrides, lots, operators, subjects, varieties } from '../store/schema';
import { AFTER_VERDICT } from './lotStatus';
import type { LotViews } from './lotViews';
import type { Emit } from './receiving';
import { overrideRecord, type UnitCode } from '../../shared/domain/upload/records';
import { enqueueUpload } from './upload/outbox';
import { appendAudit } from './audit/append';

/** A line of the day's entry list, and the payload of the entryRecorded event. */
export function entrySummary(view: LotView, operatorName: string): EntrySummary {
  return {
    entryId: view.entry.id,
    lotId: view.lot.id,
    codeKey: view.lot.codeKey,
    supplierName: view.supplier.name,
    varietyName: view.variety.name,
    quantity: view.lot.quantity,
    unit: view.lot.unit,
    outcome: view.entry.outcome,
    reasons: view.entry.reasons,
    overridden: view.entry.overriddenFrom !== null,
    status: view.lot.status,
    createdAt: view.entry.createdAt,
    operatorName,
  };
}

/** Lots whose verdict can no longer change: recalled, destroyed, or already sold out. */
const CLOSED = new Set(['recalled', 'destroyed', 'exhausted']);

/** The day's entry checks and the manager's overrides of their verdicts. */
export function createEntryService(orm: Orm, clock: Clock, views: LotViews, emit: Emit) {
  return {
    overrideEntry(input: ParsedInput<'overrideEntry'>, by: Operator): LotView {
      const entry = orm.select().from(entryChecks).where(eq(entryChecks.id, input.entryId)).get();
      if (!entry) throw new ApiError('notFound', 'no such entry', { id: input.entryId });
      const lot = orm.select().from(lots).where(eq(lots.id, entry.lotId)).get()!;
      if (CLOSED.has(lot.status)) throw new ApiError('conflict', 'lot is closed', { status: lot.status });
      if (entry.outcome === input.outcome) throw new ApiError('conflict', 'outcome unchanged', { outcome: input.outcome });
      const at = isoLocal(clock.now());
      const after = AFTER_VERDICT[input.outcome];
      const overrideId = clock.id();
      orm.transaction((tx) => {
        tx.insert(entryOverrides).values({ id: overrideId, entryId: entry.id, fromOutcome: entry.outcome, toOutcome: input.outcome, reason: input.reason, createdAt: at, createdBy: by.id }).run();
        tx.update(entryChecks)
          .set({ outcome: input.outcome, overriddenFrom: entry.overriddenFrom ?? entry.outcome, overrideReason: input.reason })
          .where(eq(entryChecks.id, entry.id))
          .run();
        tx.update(lots).set(after).where(eq(lots.id, lot.id)).run();
        appendAudit(orm, {
          at,
          by,
          action: 'entry.override',
          subject: { kind: 'lot', id: lot.id },
          before: { outcome: entry.outcome, status: lot.status, zone: lot.zone },
          after: { outcome: input.outcome, ...after, reason: input.reason },
        });
        enqueueUpload(
          orm,
          overrideRecord(
            {
              overrideId,
              entryId: entry.id,
              lot: { id: lot.id, code: lot.codeKey, gtin: lot.gtin, batch: lot.batch, quantity: lot.quantity, unit: lot.unit as UnitCode },
              fromOutcome: entry.outcome as Outcome,
              toOutcome: input.outcome,
              reason: input.reason,
              by: { id: by.id, name: by.name },
            },
            at,
          ),
        );
      });
      const view = views.findByKey(lot.codeKey)!;
      emit('lotStatus', { changes: [{ lotId: lot.id, status: view.lot.status }], at });
      emit('entryRecorded', entrySummary(view, by.name));
      return view;
    },

    listEntries(input: ParsedInput<'listEntries'>): { entries: EntrySummary[]; total: number } {
      const day = input.day ?? localDay(clock.now());
      const ofDay = and(gte(entryChecks.createdAt, day), lt(entryChecks.createdAt, addDays(day, 1)));
      const total = orm
        .select({ n: sql<number>`count(*)` })
        .from(entryChecks)
        .where(ofDay)
        .get()!.n;
      const entries = orm
        .select({
          entryId: entryChecks.id,
          lotId: lots.id,
          codeKey: lots.codeKey,
          supplierName: subjects.name,
          varietyName: varieties.name,
          quantity: lots.quantity,
          unit: lots.unit,
          outcome: entryChecks.outcome,
          reasons: entryChecks.reasons,
          overriddenFrom: entryChecks.overriddenFrom,
          status: lots.status,
          createdAt: entryChecks.createdAt,
          operatorName: operators.name,
        })
        .from(entryChecks)
        .innerJoin(lots, eq(lots.id, entryChecks.lotId))
        .innerJoin(subjects, eq(subjects.id, lots.supplierId))
        .innerJoin(varieties, eq(varieties.id, lots.varietyId))
        .innerJoin(operators, eq(operators.id, entryChecks.createdBy))
        .where(ofDay)
        .orderBy(desc(entryChecks.createdAt), desc(entryChecks.id))
        .limit(input.limit)
        .offset(input.offset)
        .all()
        .map(({ overriddenFrom, reasons, ...r }) => ({
          ...r,
          unit: r.unit as EntrySummary['unit'],
          outcome: r.outcome as Outcome,
          reasons: JSON.parse(reasons) as Reason[],
          overridden: overriddenFrom !== null,
          status: r.status as LotStatus,
        }));
      return { entries, total };
    },
  };
}
