import { eq, sql } from 'drizzle-orm';
import type { Certificate, CertificateType, EntryCheck, Lot, LotStatus, LotView, Outcome, Reason, Unit, Zone } from '../../shared/contract';
import type { Orm } from '../store/open';
import { certificates, entryChecks, lotCertificates, lots } from '../store/schema';
import type { CatalogService } from './catalog';
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
  const byKey = orm
    .select()
    .from(lots)
    .where(eq(lots.codeKey, sql.placeholder('key')))
    .prepare();
  const entryOf = orm
    .select()
    .from(entryChecks)
    .where(eq(entryChecks.lotId, sql.placeholder('lotId')))
    .prepare();
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
    .where(
      sql`${lotCertificates.certificateId} = ${sql.placeholder('certId')} and ${lots.unit} = ${sql.placeholder('unit')} and ${lots.status} <> 'rejected'`,
    )
    .prepare();

  const usedQuantity = (certId: string, unit: string, excludeLotQuantity = 0) => used.get({ certId, unit })!.q - excludeLotQuantity;

  function view(lot: Lot, entry: EntryCheck, certs: Certificate[]): LotView {
    return {
      lot,
      supplier: subjects.get(lot.supplierId),
      variety: catalog.variety(lot.varietyId)!,
      certificates: certs,
      entry,
      alert: isAlertStatus(lot.status),
    };
  }

  return {
    usedQuantity,
    view,
    findByKey(key: string): LotView | null {
      const row = byKey.get({ key });
      if (!row) return null;
      const lot = toLot(row);
      const own = (unit: string) => (lot.status !== 'rejected' && lot.unit === unit ? lot.quantity : 0);
      const certs = certsOf.all({ lotId: lot.id }).map(({ c }) => toCertificate(c, c.unit ? usedQuantity(c.id, c.unit, own(c.unit)) : 0));
      return view(lot, toEntry(entryOf.get({ lotId: lot.id })!), certs);
    },
  };
}
export type LotViews = ReturnType<typeof createLotViews>;
