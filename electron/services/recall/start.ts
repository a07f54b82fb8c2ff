import { refused, type Operator, type ParsedInput, type Recall, type RecallPreview, type RecallScope } from '../../../shared/contract';
import { codeLabel } from '../../../shared/domain/codeLabel';
import { initialProgress } from '../../../shared/domain/recall';
import { placeTree, summarize, treePositions, treeTotals } from '../../../shared/domain/recallTree';
import { recallRecord, type LotRef } from '../../../shared/domain/upload/records';
import { isoLocal, localDay } from '../../core/clock';
import { appendAudits, type AuditChange } from '../audit/append';
import type { ServiceDeps } from '../deps';
import { enqueueUpload } from '../upload/outbox';
import { createRecallNumbers } from './numbering';
import type { Scopes } from './scope';
import type { RecallRow, RecallSummaries } from './summary';
import { createTreeWalk, type WalkedLot } from './walk';

/** How many matched gate lots a preview shows. */
const SAMPLE = 20;

const lotRef = (l: WalkedLot): LotRef => ({ id: l.id, code: l.code_key, gtin: l.gtin, batch: l.batch, quantity: l.quantity, unit: l.unit });

/** As the tree wants them (a recalled lot judged by its state before). */
const treeRow = (l: WalkedLot) => ({
  lotId: l.id,
  parentLotId: l.parent_lot_id,
  createdAt: l.created_at,
  quantity: l.quantity,
  unit: l.unit,
  status: l.status,
  priorStatus: l.covered_status,
  codeKey: l.code_key,
  lot: l,
});

/**
 * Preview and start. A start is one transaction: the recall, every affected lot's row with its
 * state before (or, for a lot another recall already covers, that recall's state before), every
 * status change with its audit entry, and the upload record. Prepared statements only; the lots
 * come from one recursive walk, their quantities from the walked rows (no reads per lot).
 */
export function createRecallStart(deps: ServiceDeps, scopes: Scopes, summaries: RecallSummaries) {
  const { sqlite, clock } = deps;
  const walk = createTreeWalk(sqlite);
  const nextNumber = createRecallNumbers(sqlite);
  const sampleOf = sqlite.prepare<[string], { id: string; code_key: string; variety: string; supplier: string; created_at: string; quantity: number; unit: RecallPreview['sample'][number]['unit'] }>(`
    select l.id, l.code_key, v.name as variety, s.name as supplier, l.created_at, l.quantity, l.unit
      from json_each(?) j join lots l on l.id = j.value join varieties v on v.id = l.variety_id join subjects s on s.id = l.supplier_id
     order by j.key`);
  const insertRecall = sqlite.prepare(`
    insert into recalls (id, number, reason, source, source_ref, scope_kind, scope_label, scope_json, range_from, range_to, status, created_at, created_by, summary)
    values (@id, @number, @reason, @source, @sourceRef, @scopeKind, @scopeLabel, @scopeJson, @rangeFrom, @rangeTo, 'open', @at, @by, @summary)`);
  // Each lot's place in the tree with it: the tree cannot change while the recall counts (recalled lots are not split).
  const insertLot = sqlite.prepare<[string, string, string, string, string, number, number, number, number]>(
    'insert into recall_lots (recall_id, lot_id, prior_status, prior_zone, progress, ord, depth, sold, code_ord) values (?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  // Set-based: every lot of the recall not destroyed (and not recalled already) at once.
  const setRecalled = sqlite.prepare<[string]>("update lots set status = 'recalled' where id in (select lot_id from recall_lots where recall_id = ?) and status not in ('destroyed', 'recalled')");

  function preview(scope: RecallScope): RecallPreview {
    const resolved = scopes.resolve(scope);
    const lots = walk(resolved.rootIds);
    return {
      scope: resolved.view,
      rootLots: resolved.rootIds.length,
      lots: lots.length,
      alreadyDestroyed: lots.filter((l) => l.status === 'destroyed').length,
      inOtherRecalls: lots.filter((l) => l.covered_status !== null).length,
      quantities: treeTotals(lots.map(treeRow)),
      sample: sampleOf.all(JSON.stringify(resolved.rootIds.slice(0, SAMPLE))).map((r) => ({
        lotId: r.id,
        code: codeLabel(r.code_key),
        variety: r.variety,
        supplier: r.supplier,
        enteredAt: r.created_at,
        quantity: r.quantity,
        unit: r.unit,
      })),
    };
  }

  function start(input: ParsedInput<'startRecall'>, by: Operator): { recall: Recall; changed: string[]; alertCode: string | null } {
    const now = clock.now();
    const at = isoLocal(now);
    const id = clock.id();
    const { changed, alertCode, summary } = sqlite.transaction(() => {
      const resolved = scopes.resolve(input.scope);
      const placed = placeTree(walk(resolved.rootIds).map(treeRow));
      const recallable = placed.filter((p) => p.row.status !== 'destroyed');
      if (!recallable.length) throw refused('conflict', 'nothing to recall', 'recallScopeEmpty', { destroyed: placed.length });
      const number = nextNumber(localDay(now));
      const lots = placed.map((p) => ({ ...p, row: { ...p.row, progress: initialProgress(p.quantities.onHand, p.row.status) } }));
      const summary = summarize(lots);
      insertRecall.run({
        id,
        number,
        reason: input.reason,
        source: input.source,
        sourceRef: input.sourceRef ?? null,
        scopeKind: input.scope.kind,
        scopeLabel: resolved.view.label,
        scopeJson: JSON.stringify(input.scope),
        rangeFrom: resolved.view.range?.from ?? null,
        rangeTo: resolved.view.range?.to ?? null,
        at,
        by: by.id,
        summary: JSON.stringify(summary),
      });
      const changed: string[] = [];
      const entries: AuditChange[] = [];
      const positions = treePositions(placed);
      for (const [i, { row }] of lots.entries()) {
        const l = row.lot;
        const pos = positions[i]!;
        insertLot.run(id, l.id, l.covered_status ?? l.status, l.covered_zone ?? l.zone, row.progress, pos.ord, pos.depth, pos.sold, pos.codeOrd);
        if (l.status === 'destroyed') continue;
        if (l.status !== 'recalled') changed.push(l.id);
        // A lot another recall already covers joins this one too: its entry says so, its status stays.
        entries.push({ at, by, action: 'lot.recall', subject: { kind: 'lot', id: l.id }, before: { status: l.status, zone: l.zone }, after: { status: 'recalled', recallId: id, number } });
      }
      setRecalled.run(id);
      entries.push({
        at,
        by,
        action: 'recall.start',
        subject: { kind: 'recall', id },
        after: { number, reason: input.reason, source: input.source, sourceRef: input.sourceRef ?? null, scope: resolved.view, lots: placed.length },
      });
      appendAudits(deps.orm, entries);
      enqueueUpload(
        deps.orm,
        recallRecord(
          {
            recallId: id,
            number,
            reason: input.reason,
            source: input.source,
            sourceRef: input.sourceRef ?? null,
            scope: resolved.view,
            // Each lot with what is left of it, wherever it is (its placed quantities).
            lots: recallable.map((p) => ({ ...lotRef(p.row.lot), onHand: p.quantities.onHand })),
            by: { id: by.id, name: by.name },
          },
          at,
        ),
      );
      return { changed, alertCode: input.scope.kind === 'lot' ? recallable[0]!.row.lot.code_key : null, summary };
    })();
    // The summary as computed from the lots just written, not read back.
    const row: RecallRow = { ...summaries.row(id), summary: JSON.stringify(summary) };
    return { recall: summaries.compose(row), changed, alertCode };
  }

  return { preview, start };
}
