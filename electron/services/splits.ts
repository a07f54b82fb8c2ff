import { eq } from 'drizzle-orm';
import { productDateReasons } from '../../shared/domain/productDates';
import { ApiError, refused, type Operator, type SplitResult, type ParsedInput } from '../../shared/contract';
import { codeLabel } from '../../shared/domain/codeLabel';
import { stallRefusal } from '../../shared/domain/stalls';
import { checkUscc } from '../../shared/domain/uscc';
import { isoLocal, localDay, type Clock } from '../core/clock';
import type { Orm } from '../store/open';
import { lots, splits } from '../store/schema';
import { recordRequest, replayRequest } from './clientRequests';
import type { CodeIssuer } from './codeIssuer';
import { makeLabel, queueLabel } from './labels';
import { rowWriter } from '../store/rows';
import type { LineageService } from './lineage';
import type { LotViews } from './lotViews';
import type { PrintQueue } from './printing/queue';
import { lotCode } from './scanKey';
import type { SettingsService } from './settings';
import type { StationIdentity } from './stationIdentity';
import { withWeighed, type ScaleReadings } from './weighing';
import { splitRecord } from '../../shared/domain/upload/records';
import { appendAudit } from './audit/append';
import { enqueueUpload } from './upload/outbox';

/**
 * 分装销售: a portion of an admitted lot is sold on under a new child code. The child lot, its
 * lineage, the sale and the print job commit in one transaction; the code's number comes from a
 * durably reserved block (codeIssuer.ts), so no power cut can make it issue twice.
 */
export function createSplitService(
  orm: Orm,
  clock: Clock,
  identity: StationIdentity,
  codes: CodeIssuer,
  views: LotViews,
  settings: SettingsService,
  scale: ScaleReadings,
  // What the answer shows besides the sale itself, so the counter asks nothing again.
  lineage: Pick<LineageService, 'nodeOf'>,
  printQueue: Pick<PrintQueue, 'job'>,
) {
  const insertLot = rowWriter(orm.$client, lots);

  return {
    splitLot(input: ParsedInput<'splitLot'>, by: Operator): SplitResult {
      // A retry of a sale already made answers with its code, before any check a sale-out would now fail.
      const replayed = replayRequest<SplitResult>(orm, 'splitLot', by, input);
      if (replayed) return replayed;
      const issuer = identity.requireStationId();
      const parent = views.findByKey(lotCode(input.parentRaw, settings).key);
      if (!parent) throw refused('notFound', 'unknown parent lot', 'unknownLot');
      if (parent.lot.status !== 'admitted') throw refused('conflict', 'parent cannot be sold', 'parentNotSellable', { status: parent.lot.status });
      // Admitted before its date, sold after it: goods past their shelf life are unsafe and never sold on.
      const [expired] = productDateReasons(parent.lot, localDay(clock.now()), 0).expired;
      if (expired) throw refused('conflict', 'product expired', 'productExpired', { date: String(expired.params!.date) });
      if (parent.lot.unit !== input.unit) throw refused('badRequest', 'unit differs from the parent', 'unitMismatch', { unit: parent.lot.unit });
      const refusal = stallRefusal(by, parent.lot.stallId, settings.get().selling.marketWide);
      if (refusal) throw refused('forbidden', 'not this vendor’s stall', refusal, parent.stall ? { stall: parent.stall.name } : undefined);
      const buyerUscc = input.buyer?.uscc ? checkUscc(input.buyer.uscc) : { ok: true as const };
      if (!buyerUscc.ok) throw new ApiError('badRequest', 'invalid buyer USCC', undefined, [{ path: 'buyer.uscc', code: `uscc.${buyerUscc.code}` }]);
      const tolerance = input.unit === 'kg' ? settings.get().split.toleranceKg : 0;
      const now = clock.now();
      const at = isoLocal(now);
      const templateId = settings.get().labelTemplateId;

      codes.ready(issuer.stationId);
      const sell = () =>
        orm.transaction((tx) => {
          // Re-read inside the transaction: another counter may have sold from this lot meanwhile.
          const left = views.remaining(parent.lot);
          if (input.quantity > left + tolerance) throw refused('conflict', 'more than is left', 'overSplit', { remaining: left });
          const code = codes.next(issuer.stationId);
          const child = {
            ...parent.lot,
            id: clock.id(),
            codeKey: code,
            codeKind: 'own',
            rawScan: code,
            quantity: input.quantity,
            status: 'admitted' as const,
            zone: 'trading' as const,
            parentLotId: parent.lot.id,
            rootLotId: parent.lot.rootLotId ?? parent.lot.id,
            createdAt: at,
            createdBy: by.id,
          };
          insertLot.run(child);
          const closing = input.closing || left - input.quantity <= 0;
          const splitId = clock.id();
          tx.insert(splits)
            .values({
              id: splitId,
              parentLotId: parent.lot.id,
              childLotId: child.id,
              buyerName: input.buyer?.name ?? null,
              buyerUscc: input.buyer?.uscc ?? null,
              buyerPhone: input.buyer?.phone ?? null,
              priceFen: input.priceFen ?? null,
              closing,
              createdAt: at,
              createdBy: by.id,
            })
            .run();
          appendAudit(orm, {
            at,
            by,
            action: 'split',
            subject: { kind: 'lot', id: child.id },
            after: { code, parentLotId: parent.lot.id, quantity: child.quantity, unit: child.unit, status: child.status, zone: child.zone, splitId },
          });
          if (closing) {
            tx.update(lots).set({ status: 'exhausted' }).where(eq(lots.id, parent.lot.id)).run();
            appendAudit(orm, { at, by, action: 'lot.exhaust', subject: { kind: 'lot', id: parent.lot.id }, before: { status: parent.lot.status }, after: { status: 'exhausted', splitId } });
          }
          const ref = (l: Pick<typeof child, 'id' | 'codeKey' | 'gtin' | 'batch' | 'quantity' | 'unit'>) => ({
            id: l.id,
            code: l.codeKey,
            gtin: l.gtin,
            batch: l.batch,
            quantity: l.quantity,
            unit: l.unit,
          });
          enqueueUpload(
            orm,
            splitRecord(
              {
                splitId,
                parent: ref(parent.lot),
                child: ref(child),
                closing,
                sale:
                  input.buyer || input.priceFen !== undefined
                    ? { buyer: input.buyer ? { name: input.buyer.name ?? '', uscc: input.buyer.uscc ?? null, phone: input.buyer.phone ?? null } : null, priceFen: input.priceFen ?? null }
                    : null,
                // The portion carries its parent's printed dates (docs/receiving.md): its ILMD.
                dates: { expiryDate: parent.lot.expiryDate, bestBeforeDate: parent.lot.bestBeforeDate, sellByDate: parent.lot.sellByDate, productionDate: parent.lot.productionDate },
                by: { id: by.id, name: by.name },
              },
              at,
            ),
          );

          const content = makeLabel(identity, issuer.name, {
            code,
            parentCode: codeLabel(parent.lot.codeKey),
            quantity: input.quantity,
            unit: input.unit,
            displayUnit: input.displayUnit,
            date: localDay(now),
            at,
            product: parent.variety.name,
            origin: parent.supplier.name,
            stall: parent.stall?.name,
            buyer: input.buyer?.name,
            priceFen: input.priceFen,
          });
          const jobId = clock.id();
          queueLabel(tx, { id: jobId, lotId: child.id, content, templateId, at, by: by.id });
          const parentRemaining = closing ? 0 : left - input.quantity;
          // The parent's certificates are as they were: a split child uses none of them up.
          const parentNow = { ...parent.lot, status: closing ? ('exhausted' as const) : parent.lot.status };
          // Built inside the transaction so a retry with the same request id replays this very answer.
          const result: SplitResult = {
            code,
            qr: content.qr,
            parentRemaining,
            child: views.view(child, parent.entry, parent.certificates, child.quantity),
            parent: views.view(parentNow, parent.entry, parent.certificates, parentRemaining),
            childNode: lineage.nodeOf(child.id),
            labelJob: printQueue.job(jobId),
          };
          recordRequest(orm, 'splitLot', by, input, result, at);
          return result;
        });
      // A portion that was not sold gives its weight back.
      return withWeighed(scale, input.scaleId, input.quantity, input.unit, sell);
    },
  };
}
export type SplitService = ReturnType<typeof createSplitService>;
