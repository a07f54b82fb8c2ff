import { eq } from 'drizzle-orm';
import { productDateReasons } from '../../shared/domain/productDates';
import { ApiError, type Operator, type SplitInput, type SplitResult } from '../../shared/contract';
import { codeLabel } from '../../shared/domain/codeLabel';
import { stallRefusal } from '../../shared/domain/stalls';
import { checkUscc } from '../../shared/domain/uscc';
import { isoLocal, localDay, type Clock } from '../core/clock';
import type { Orm } from '../store/open';
import { lots, splits } from '../store/schema';
import type { CodeIssuer } from './codeIssuer';
import { makeLabel, queueLabel } from './labels';
import { prepareLotInsert } from './lotInsert';
import type { LotViews } from './lotViews';
import { lotCode } from './scanKey';
import type { SettingsService } from './settings';
import type { StationIdentity } from './stationIdentity';
import { withWeighed, type ScaleReadings } from './weighing';
import { splitRecord } from '../../shared/domain/upload/records';
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
) {
  const insertLot = prepareLotInsert(orm);

  return {
    splitLot(input: SplitInput, by: Operator): SplitResult {
      const issuer = identity.requireStationId();
      const parent = views.findByKey(lotCode(input.parentRaw, settings).key);
      if (!parent) throw new ApiError('notFound', 'unknown parent lot', { reason: 'unknownLot' });
      if (parent.lot.status !== 'admitted') throw new ApiError('conflict', 'parent cannot be sold', { reason: 'parentNotSellable', status: parent.lot.status });
      // Admitted before its date, sold after it: goods past their shelf life are unsafe and never sold on.
      const [expired] = productDateReasons(parent.lot, localDay(clock.now()), 0).expired;
      if (expired) throw new ApiError('conflict', 'product expired', { reason: 'productExpired', date: String(expired.params!.date) });
      if (parent.lot.unit !== input.unit) throw new ApiError('badRequest', 'unit differs from the parent', { reason: 'unitMismatch', unit: parent.lot.unit });
      const refusal = stallRefusal(by, parent.lot.stallId, settings.get().selling.marketWide);
      if (refusal) throw new ApiError('forbidden', 'not this vendor’s stall', { reason: refusal, ...(parent.stall && { stall: parent.stall.name }) });
      const buyerUscc = input.buyer?.uscc ? checkUscc(input.buyer.uscc) : { ok: true as const };
      if (!buyerUscc.ok) throw new ApiError('badRequest', 'invalid buyer USCC', undefined, [{ path: 'buyer.uscc', code: `uscc.${buyerUscc.code}` }]);
      const tolerance = input.unit === 'kg' ? settings.get().split.toleranceKg : 0;
      const now = clock.now();
      const at = isoLocal(now);
      const templateId = settings.get().labelTemplateId;

      codes.ready(issuer.stationId);
      const sell = () => orm.transaction((tx) => {
        // Re-read inside the transaction: another counter may have sold from this lot meanwhile.
        const left = views.remaining(parent.lot);
        if (input.quantity > left + tolerance) throw new ApiError('conflict', 'more than is left', { reason: 'overSplit', remaining: left });
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
        if (closing) tx.update(lots).set({ status: 'exhausted' }).where(eq(lots.id, parent.lot.id)).run();
        const ref = (l: Pick<typeof child, 'id' | 'codeKey' | 'gtin' | 'batch' | 'quantity' | 'unit'>) => ({ id: l.id, code: l.codeKey, gtin: l.gtin, batch: l.batch, quantity: l.quantity, unit: l.unit });
        enqueueUpload(orm, splitRecord({
          splitId,
          parent: ref(parent.lot),
          child: ref(child),
          closing,
          sale: input.buyer || input.priceFen !== undefined
            ? { buyer: input.buyer ? { name: input.buyer.name ?? '', uscc: input.buyer.uscc ?? null, phone: input.buyer.phone ?? null } : null, priceFen: input.priceFen ?? null }
            : null,
          by: { id: by.id, name: by.name },
        }, at));

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
        queueLabel(tx, { id: clock.id(), lotId: child.id, content, templateId, at, by: by.id });
        const qr = content.qr;
        return { code, child, qr, parentRemaining: closing ? 0 : left - input.quantity };
      });
      // A portion that was not sold gives its weight back.
      const result = withWeighed(scale, input.scaleId, input.quantity, input.unit, sell);
      return {
        code: result.code,
        qr: result.qr,
        parentRemaining: result.parentRemaining,
        child: views.view(result.child, parent.entry, parent.certificates, result.child.quantity),
      };
    },
  };
}
export type SplitService = ReturnType<typeof createSplitService>;
