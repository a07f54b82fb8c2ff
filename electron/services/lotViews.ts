import { eq, sql } from 'drizzle-orm';
import type { Certificate, CertificateType, EntryCheck, Lot, LotStatus, LotView, Outcome, Reason, Unit, Zone } from '../../shared/contract';
import type { Orm } from '../store/open';
import { rowReader } from '../store/rows';
import { certificates, entryChecks, lotCertificates, lots } from '../store/schema';
import type { CatalogService } from './catalog';
import { codeLabel } from '../../shared/domain/codeLabel';
import { isAlertStatus } from './lotStatus';
import type { SubjectService } from './subjects';

type LotRow = typeof lots.$inferSelect;
type EntryRow = typeof entryChecks.$inferSelect;
type CertRow = typeof certificates.$inferSelect;

export const toLot = (r: LotRow): Lot => ({
  ...r,
  unit: r.unit as Unit,
  status: r.status as LotStatus,
  zone: r.zone as Zone,
});

export const toEntry = (r: EntryRow): EntryCheck => ({
  id: r.id,
  lotId: r.lotId,
  outcome: r.outcome as Outcome,
  reasons: JSON.parse(r.reasons) as Reason[],
  source: r.source as EntryCheck['source'],
  overriddenFrom: r.overriddenFrom as Outcome | null,
  overrideReason: r.overrideReason,
  createdAt: r.createdAt,
  createdBy: r.createdBy,
});

export const toCertificate = (r: CertRow, usedQuantity: number): Certificate => ({
  id: r.id,
  type: r.type as CertificateType,
  number: r.number,
  issuer: r.issuer,
  issueDate: r.issueDate,
  validUntil: r.validUntil ?? undefined,
  quantity: r.quantity ?? undefined,
  unit: (r.unit as Unit | null) ?? undefined,
  raw: r.raw ?? undefined,
  hasPhoto: r.photo !== null,
  usedQuantity,
  createdAt: r.createdAt,
  createdBy: r.createdBy,
});

/** Reads a lot with everything a screen shows about it; statements are prepared once. */
export function createLotViews(orm: Orm, subjects: SubjectService, catalog: CatalogService) {
  const byKey = rowReader<typeof lots, [string]>(orm.$client, lots, 'code_key = ?');
  const entryOf = rowReader<typeof entryChecks, [string]>(orm.$client, entryChecks, 'lot_id = ?');
  const certsOf = orm
    .select({ c: certificates })
    .from(lotCertificates)
    .innerJoin(certificates, eq(certificates.id, lotCertificates.certificateId))
    .where(eq(lotCertificates.lotId, sql.placeholder('lotId')))
    .prepare();
  // What a certificate has already let in: rejected lots never used any of it.
  const used = orm
    .select({ q: sql<number>`coalesce(sum(${lots.quantity}), 0)` })
    .from(lotCertificates)
    .innerJoin(lots, eq(lots.id, lotCertificates.lotId))
    .where(sql`${lotCertificates.certificateId} = ${sql.placeholder('certId')} and ${lots.unit} = ${sql.placeholder('unit')} and ${lots.status} <> 'rejected'`)
    .prepare();

  const byId = rowReader<typeof lots, [string]>(orm.$client, lots, 'id = ?');
  const splitOff = orm
    .select({ q: sql<number>`coalesce(sum(${lots.quantity}), 0)` })
    .from(lots)
    .where(sql`${lots.parentLotId} = ${sql.placeholder('id')} and ${lots.unit} = ${sql.placeholder('unit')}`)
    .prepare();

  const usedQuantity = (certId: string, unit: string, excludeLotQuantity = 0) => used.get({ certId, unit })!.q - excludeLotQuantity;
  /**
   * What is left of a lot after its children were split off; a closing sale wrote off the rest and
   * a destroyed lot has nothing left, whatever was on hand when it went into the shredder.
   */
  const remaining = (lot: Pick<Lot, 'id' | 'quantity' | 'unit' | 'status'>) =>
    lot.status === 'exhausted' || lot.status === 'destroyed' ? 0 : lot.quantity - splitOff.get({ id: lot.id, unit: lot.unit })!.q;
  const lotById = (id: string) => {
    const row = byId.get(id);
    return row ? toLot(row) : null;
  };

  /** The view of a lot; a fresh lot (no children yet) passes its whole quantity as `left`. */
  function view(lot: Lot, entry: EntryCheck, certs: Certificate[], left = remaining(lot)): LotView {
    const parent = lot.parentLotId ? lotById(lot.parentLotId) : null;
    const stall = lot.stallId ? subjects.get(lot.stallId) : null;
    return {
      lot,
      supplier: subjects.get(lot.supplierId),
      variety: catalog.variety(lot.varietyId)!,
      certificates: certs,
      entry,
      parentCode: parent ? codeLabel(parent.codeKey) : null,
      remaining: left,
      stall: stall && { id: stall.id, name: stall.name },
      alert: isAlertStatus(lot.status),
    };
  }

  /** A lot's view with its entry and certificates; a split child entered with its root lot and shows the root's. */
  function fullView(lot: Lot): LotView {
    const admitted = lot.rootLotId ? lotById(lot.rootLotId)! : lot;
    const own = (unit: string) => (admitted.status !== 'rejected' && admitted.unit === unit ? admitted.quantity : 0);
    const certs = certsOf.all({ lotId: admitted.id }).map(({ c }) => toCertificate(c, c.unit ? usedQuantity(c.id, c.unit, own(c.unit)) : 0));
    return view(lot, toEntry(entryOf.get(admitted.id)!), certs);
  }

  return {
    usedQuantity,
    remaining,
    lotById,
    view,
    findByKey(key: string): LotView | null {
      const row = byKey.get(key);
      return row ? fullView(toLot(row)) : null;
    },
    findById(id: string): LotView | null {
      const lot = lotById(id);
      return lot ? fullView(lot) : null;
    },
  };
}
export type LotViews = ReturnType<typeof createLotViews>;
