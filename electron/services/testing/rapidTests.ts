import { ApiError, type Hold, type LotView, type Operator, type ParsedInput, type RapidTest } from '../../../shared/contract';
import { judgeTest, type Measurement, type RapidTestItem } from '../../../shared/domain/rapidTest';
import { lotAfter, testRecord, type UnitCode } from '../../../shared/domain/upload/records';
import { isoLocal } from '../../core/clock';
import type { ServiceDeps } from '../deps';
import { appendAudit } from '../audit/append';
import { enqueueUpload } from '../upload/outbox';
import { recallLinks } from '../recall/links';
import type { Holds } from './holds';
import { hasTestReport, lotFromScan, refuseDestroyed } from './lotScan';
import type { Selections } from './selection';
import type { TestItems } from './testItems';

type Input = ParsedInput<'recordTest'>;

interface TestRow {
  id: string;
  lot_id: string;
  item_id: string;
  kit_lot: string | null;
  value: number | null;
  reading: RapidTest['reading'];
  unit: string | null;
  threshold: number | null;
  verdict: RapidTest['verdict'];
  needs_lab_confirmation: number;
  inspector_name: string;
  created_at: string;
}

const bad = (path: string, code: string, params?: Record<string, string | number>) =>
  new ApiError('badRequest', `rapid test: ${code}`, { reason: code, ...params }, [{ path, code: `rapidTest.${code}` }]);

/** The reading as judgeTest takes it; what is missing is refused before anything is written. */
function measurementOf(item: RapidTestItem, input: Input): Measurement {
  if (input.invalidRun) return { kind: 'invalid' };
  if (item.kind === 'quantitative') {
    if (input.value === undefined) throw bad('value', 'missingValue');
    return { kind: 'quantitative', value: input.value, unit: item.unit };
  }
  if (input.reading === undefined) throw bad('reading', 'missingReading');
  return { kind: 'qualitative', reading: input.reading };
}

/** The active item a test names; one of another category is judgeTest's refusal. */
function activeItem(items: TestItems, itemId: string): RapidTestItem {
  const item = items.get(itemId);
  if (!item) throw bad('itemId', 'unknownItem');
  if (!item.active) throw bad('itemId', 'itemInactive');
  return item;
}

const ERROR_PATH: Record<string, string> = { categoryNotCovered: 'itemId', kindMismatch: 'itemId', unitMismatch: 'value', notANumber: 'value', outOfRange: 'value' };

/**
 * Rapid-test records. A positive holds the lot and all its descendants in the same transaction; a
 * negative releases a lot that was held only for its entry test; an invalid run is recorded only.
 */
export function createRapidTests(deps: ServiceDeps, selections: Selections, holds: Holds, items: TestItems) {
  const recalls = recallLinks(deps);
  const { sqlite, clock } = deps;
  const insert = sqlite.prepare(`
    insert into rapid_tests (id, lot_id, item_id, kit_lot, value, reading, unit, threshold, verdict, needs_lab_confirmation, created_at, created_by)
    values (@id, @lotId, @itemId, @kitLot, @value, @reading, @unit, @threshold, @verdict, @needsLab, @createdAt, @createdBy)`);
  const release = sqlite.prepare("update lots set status = 'admitted', zone = 'trading' where id = ? and status = 'awaitingTest'");
  const cols = `
    select t.id, t.lot_id, t.item_id, t.kit_lot, t.value, t.reading, t.unit, t.threshold, t.verdict, t.needs_lab_confirmation,
           t.created_at, o.name as inspector_name
      from rapid_tests t join operators o on o.id = t.created_by`;
  const byId = sqlite.prepare<[string], TestRow>(`${cols} where t.id = ?`);
  const ofLot = sqlite.prepare<[string], TestRow>(`${cols} where t.lot_id = ? order by t.created_at desc, t.id desc`);

  const toTest = (r: TestRow): RapidTest => ({
    id: r.id,
    lotId: r.lot_id,
    itemId: r.item_id,
    kitLot: r.kit_lot,
    value: r.value,
    reading: r.reading,
    unit: r.unit,
    threshold: r.threshold,
    verdict: r.verdict,
    needsLabConfirmation: r.needs_lab_confirmation === 1,
    inspectorName: r.inspector_name,
    createdAt: r.created_at,
  });

  return {
    listTests(raw: string): RapidTest[] {
      return ofLot.all(lotFromScan(deps, raw).lot.id).map(toTest);
    },

    recordTest(input: Input, by: Operator): { test: RapidTest; view: LotView; hold: Hold | null } {
      const view = lotFromScan(deps, input.raw);
      refuseDestroyed(view);
      items.refuseUntestable(view.variety.categoryId);
      const item = activeItem(items, input.itemId);
      const judged = judgeTest(item, measurementOf(item, input), { name: view.variety.name, categoryId: view.variety.categoryId });
      if (!judged.ok) throw bad(ERROR_PATH[judged.error.code] ?? 'value', judged.error.code, judged.error.params);
      const { verdict, needsLabConfirmation } = judged.value;
      const lotId = view.lot.id;
      const at = isoLocal(clock.now());
      const testId = clock.id();

      const row = {
        id: testId,
        lotId,
        itemId: item.id,
        kitLot: input.kitLot ?? null,
        value: input.invalidRun ? (input.value ?? null) : item.kind === 'quantitative' ? input.value! : null,
        reading: item.kind === 'qualitative' ? (input.reading ?? null) : null,
        unit: item.kind === 'quantitative' ? item.unit : null,
        threshold: item.kind === 'quantitative' ? item.positiveAtOrAbove : null,
        verdict,
        needsLab: needsLabConfirmation ? 1 : 0,
        createdAt: at,
        createdBy: by.id,
      };

      const holdId = sqlite.transaction(() => {
        // A test on a lot nobody selected is a manual addition: the audit shows every tested lot.
        const selected = selections.selectionOf(lotId);
        if (!selected) selections.writeManual(lotId, hasTestReport(view), null, at, by);
        insert.run(row);
        // Held only for its entry test → to trading. A lot under a hold waits for the manager's release.
        const freed = verdict === 'negative' && !holds.isUnderHold(lotId);
        const released = freed && release.run(lotId).changes > 0;
        // Recalled while waiting for this test: the negative frees it for when the recall is lifted.
        if (freed && !released && recalls.priorOf(lotId)?.prior_status === 'awaitingTest') recalls.handPrior(lotId, 'admitted', 'trading');
        // Upload record in the test's transaction (docs/upload.md): a lot without a report is tested
        // because every such lot is (批批检测 → inspecting); keyed, floor and manual picks are sampling.
        const { lot } = view;
        const reason = selected?.reason ?? 'manual';
        enqueueUpload(
          deps.orm,
          testRecord(
            {
              testId,
              lot: { id: lot.id, code: lot.codeKey, gtin: lot.gtin, batch: lot.batch, quantity: lot.quantity, unit: lot.unit as UnitCode },
              item: { id: item.id, name: item.name.zh },
              selection: reason === 'noReport' ? 'inspecting' : 'sampling',
              selectionReason: reason,
              freed: released,
              // A negative that freed nothing: the lot keeps its state (a test changes no status but freeing).
              ...(verdict === 'negative' && !released ? { after: lotAfter(lot.status, lot.parentLotId !== null) } : {}),
              kitLot: row.kitLot,
              value: row.value,
              reading: row.reading,
              unit: row.unit,
              threshold: row.threshold,
              verdict,
              by: { id: by.id, name: by.name },
            },
            at,
          ),
        );
        const test = { testId, itemId: item.id, verdict, value: row.value, reading: row.reading, unit: row.unit };
        appendAudit(deps.orm, {
          at,
          by,
          action: 'test.record',
          subject: { kind: 'lot', id: lotId },
          before: released ? { status: lot.status, zone: lot.zone } : null,
          after: released ? { ...test, status: 'admitted', zone: 'trading' } : test,
        });
        // A positive's hold (and its upload record) commits with the test.
        if (verdict === 'positive') return holds.holdTree(lotId, { reason: 'testPositive', note: null, testId, at, by });
        return null;
      })();

      holds.announce(lotId, at);
      if (holdId) holds.alertHeld(lotId, view.lot.codeKey, at);
      return { test: toTest(byId.get(testId)!), view: deps.views.findByKey(view.lot.codeKey)!, hold: holdId ? holds.get(holdId) : null };
    },
  };
}
