import {
  ApiError,
  type CertificateInput,
  type CertificateType,
  type EntryCheckCommand,
  type EntryCheckResult,
  type EventName,
  type EventPayload,
  type LotView,
  type Operator,
  type Outcome,
  type EntryTestSelection,
} from '../../shared/contract';
import { evaluateEntry } from '../../shared/domain/entryRules';
import { isoLocal, localDay, type Clock } from '../core/clock';
import type { Orm } from '../store/open';
import { certificates, entryChecks, lotCertificates, lots } from '../store/schema';
import type { CatalogService } from './catalog';
import { recordRequest, replayRequest } from './clientRequests';
import type { CodeIssuer } from './codeIssuer';
import { entrySummary } from './entries';
import { makeLabel, queueLabel } from './labels';
import { rowReader, rowWriter } from '../store/rows';
import { lotCode } from './scanKey';
import { AFTER_VERDICT } from './lotStatus';
import { toCertificate, toEntry, toLot, type LotViews } from './lotViews';
import type { SettingsService } from './settings';
import type { StationIdentity } from './stationIdentity';
import type { SubjectService } from './subjects';
import { withWeighed, type ScaleReadings } from './weighing';
import { entryRecord } from '../../shared/domain/upload/records';
import { enqueueUpload } from './upload/outbox';
import { appendAudit } from './audit/append';

export type Emit = <E extends EventName>(event: E, payload: EventPayload<E>) => void;

/** What the entry check tells the testing service, inside the entry's own transaction. */
export interface RecordedEntry {
  lotId: string;
  categoryId: string;
  supplierId: string;
  outcome: Outcome;
  reasons: string[];
  /** Types of the valid certificates presented with the lot. */
  certificateTypes: CertificateType[];
  at: string;
  by: Operator;
}
/** Selects the lot for testing (or not) and writes why; runs in the entry's transaction. */
export type EntryHook = (entry: RecordedEntry) => EntryTestSelection | null;

/** 入场查验: scan → verdict → lot, certificates and entry check written in one transaction. */
export function createReceivingService(
  orm: Orm,
  clock: Clock,
  subjectsSvc: SubjectService,
  catalog: CatalogService,
  views: LotViews,
  settings: SettingsService,
  identity: StationIdentity,
  codes: CodeIssuer,
  scale: ScaleReadings,
  emit: Emit,
  onEntry: EntryHook,
) {
  const sqlite = orm.$client;
  // Raw statements typed from the schema: drizzle's placeholder filling cost more than these writes.
  const certByTypeNumber = rowReader<typeof certificates, [string, string]>(sqlite, certificates, 'type = ? and number = ?');
  const insertCert = rowWriter(sqlite, certificates);
  const insertLot = rowWriter(sqlite, lots);
  const insertLink = rowWriter(sqlite, lotCertificates);
  const insertEntry = rowWriter(sqlite, entryChecks);

  const photoBytes = (c: CertificateInput) => (c.photo ? Buffer.from(c.photo.slice(c.photo.indexOf(',') + 1), 'base64') : null);

  function alertIfNeeded(view: LotView | null) {
    if (view?.alert) emit('alert', { codeKey: view.lot.codeKey, status: view.lot.status, at: isoLocal(clock.now()) });
  }

  function duplicate(key: string): EntryCheckResult | null {
    const existing = views.findByKey(key);
    if (!existing) return null;
    alertIfNeeded(existing);
    return { duplicate: true, view: existing };
  }

  return {
    lookupCode(raw: string): { view: LotView | null } {
      const view = views.findByKey(lotCode(raw, settings).key);
      alertIfNeeded(view);
      return { view };
    },

    checkEntry(input: EntryCheckCommand, by: Operator): EntryCheckResult {
      // A retried 源头赋码 gets the code it was first given, not a second lot.
      const replayed = replayRequest<EntryCheckResult>(orm, 'checkEntry', by, input);
      if (replayed) return replayed;
      const scanned = input.raw === undefined ? null : lotCode(input.raw, settings);
      const dup = scanned && duplicate(scanned.key);
      if (dup) return dup;
      // 源头赋码: the station becomes the lot's first coded node.
      const issuer = scanned ? null : identity.requireStationId();
      if (issuer) codes.ready(issuer.stationId);

      const supplier = subjectsSvc.get(input.supplierId);
      const variety = catalog.variety(input.varietyId);
      if (!variety) throw new ApiError('notFound', 'no such variety', { id: input.varietyId });
      const category = catalog.category(variety.categoryId)!;
      const now = clock.now();
      const at = isoLocal(now);

      // A certificate already on file (same type and number) is the same paper: reuse it, so
      // the quantity it covers is counted across every lot it came with.
      const distinct = input.certificates.filter((c, i, all) => all.findIndex((d) => d.type === c.type && d.number === c.number) === i);
      const presented = distinct.map((c) => {
        const row = certByTypeNumber.get(c.type, c.number);
        if (row) return { row, isNew: false, cert: toCertificate(row, row.unit ? views.usedQuantity(row.id, row.unit) : 0) };
        const fresh = {
          id: clock.id(),
          type: c.type,
          number: c.number,
          issuer: c.issuer,
          issueDate: c.issueDate,
          validUntil: c.validUntil ?? null,
          quantity: c.quantity ?? null,
          unit: c.unit ?? (c.quantity !== undefined ? input.unit : null),
          raw: c.raw ?? null,
          photo: photoBytes(c),
          createdAt: at,
          createdBy: by.id,
        };
        return { row: fresh, isNew: true, cert: toCertificate(fresh, 0) };
      });
      // Each GS1 date in its own column: (17) expiry, (15) best before, (16) sell by, (11) production.
      const dates = {
        expiryDate: scanned?.expiryDate ?? null,
        bestBeforeDate: scanned?.bestBeforeDate ?? null,
        sellByDate: scanned?.sellByDate ?? null,
        productionDate: scanned?.productionDate ?? null,
      };
      const verdict = evaluateEntry({
        today: localDay(now),
        supplier: { blocked: supplier.blocked, name: supplier.name },
        category,
        lot: { quantity: input.quantity, unit: input.unit },
        certificates: presented.map((p) => p.cert),
        product: { dates, warnDays: settings.get().expiry.warnDays },
      });
      const after = AFTER_VERDICT[verdict.outcome];
      const lotRow = {
        id: clock.id(),
        codeKey: scanned?.key ?? '',
        codeKind: scanned?.kind ?? 'own',
        rawScan: input.raw ?? '',
        gtin: scanned?.gtin ?? null,
        batch: scanned?.batch ?? null,
        ...dates,
        supplierId: supplier.id,
        varietyId: variety.id,
        quantity: input.quantity,
        unit: input.unit,
        status: after.status,
        zone: after.zone,
        parentLotId: null,
        rootLotId: null,
        stallId: null,
        createdAt: at,
        createdBy: by.id,
      };
      const entryRow = {
        id: clock.id(),
        lotId: lotRow.id,
        outcome: verdict.outcome,
        reasons: JSON.stringify(verdict.reasons),
        source: input.source,
        overriddenFrom: null,
        overrideReason: null,
        createdAt: at,
        createdBy: by.id,
      };
      let result: EntryCheckResult & { duplicate: false };
      try {
        result = withWeighed(scale, input.scaleId, input.quantity, input.unit, () =>
          // better-sqlite3's own transaction: drizzle's builds a new session object on every call.
          sqlite.transaction(() => {
            if (issuer) lotRow.codeKey = lotRow.rawScan = codes.next(issuer.stationId);
            for (const p of presented) if (p.isNew) insertCert.run(p.row);
            insertLot.run(lotRow);
            for (const p of presented) insertLink.run({ lotId: lotRow.id, certificateId: p.row.id });
            insertEntry.run(entryRow);
            // The upload row commits with the entry (docs/upload.md): its id is the entry's id.
            enqueueUpload(
              orm,
              entryRecord(
                {
                  entryId: entryRow.id,
                  lot: { id: lotRow.id, code: lotRow.codeKey, codeKind: lotRow.codeKind, gtin: lotRow.gtin, batch: lotRow.batch, ...dates, quantity: lotRow.quantity, unit: lotRow.unit },
                  variety: { id: variety.id, name: variety.name, categoryId: variety.categoryId, defaultUnit: variety.defaultUnit },
                  // Its GLN too: the event names the supplier as its Party master data does (by GLN when it has one).
                  supplier: { id: supplier.id, name: supplier.name, uscc: supplier.uscc, gln: supplier.gln },
                  outcome: verdict.outcome,
                  reasons: verdict.reasons.map((r) => r.code),
                  source: input.source,
                  certificates: presented.map((p) => ({ type: p.row.type, number: p.row.number, issuer: p.row.issuer, issueDate: p.row.issueDate, validUntil: p.row.validUntil })),
                  by: { id: by.id, name: by.name },
                },
                at,
              ),
            );
            const testSelection = onEntry({
              lotId: lotRow.id,
              categoryId: category.id,
              supplierId: supplier.id,
              outcome: verdict.outcome,
              reasons: verdict.reasons.map((r) => r.code),
              certificateTypes: presented.map((p) => p.cert.type),
              at,
              by,
            });
            // One entry per verdict, the test selection in it: the verdict is the measured hot path.
            appendAudit(orm, {
              at,
              by,
              action: `entry.${verdict.outcome}`,
              subject: { kind: 'lot', id: lotRow.id },
              after: { code: lotRow.codeKey, status: lotRow.status, zone: lotRow.zone, quantity: lotRow.quantity, unit: lotRow.unit, entryId: entryRow.id, selected: testSelection?.reason ?? null },
            });
            // A crate label for what stays at the market; a rejected lot leaves with no label.
            if (issuer && verdict.outcome !== 'reject') {
              const content = makeLabel(
                identity,
                issuer.name,
                {
                  code: lotRow.codeKey,
                  quantity: input.quantity,
                  unit: input.unit,
                  date: localDay(now),
                  at,
                  product: variety.name,
                  origin: supplier.name,
                },
                settings.get().labelUrl.template,
              );
              queueLabel(orm, { id: clock.id(), lotId: lotRow.id, content, templateId: settings.get().labelTemplateId, at, by: by.id, purpose: 'crate' });
            }
            const answer = {
              duplicate: false as const,
              view: views.view(
                toLot(lotRow),
                toEntry(entryRow),
                presented.map((p) => p.cert),
                input.quantity,
              ),
              testSelection,
            };
            recordRequest(orm, 'checkEntry', by, input, answer, at);
            return answer;
          })(),
        );
      } catch (e) {
        // Another window recorded the same code a moment earlier: show that record instead.
        if (scanned && (e as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') {
          const raced = duplicate(scanned.key);
          if (raced) return raced;
        }
        throw e;
      }
      emit('entryRecorded', entrySummary(result.view, by.name));
      alertIfNeeded(result.view);
      return result;
    },
  };
}
export type ReceivingService = ReturnType<typeof createReceivingService>;
