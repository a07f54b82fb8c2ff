import type Database from 'better-sqlite3';
import { eq, inArray, or } from 'drizzle-orm';
import { refused, type CertificateType, type LotDossier, type LotStatus, type LotView, type Unit } from '../../../shared/contract';
import type { Orm } from '../../store/open';
import { printJobs } from '../../store/schema';
import type { LotViews } from '../lotViews';
import { createJobRecords } from '../printing/jobRecords';

type Dossier = Omit<LotDossier, 'view'>;

// Every statement reads by an indexed lot id (hold_lots_lot, disposal_lots_lot, splits_parent,
// rapid_tests_lot, print_jobs_lot, recall_lots_lot, outbox_lot…): a lot page costs the same at 1M lots as at 10.
const SQL = {
  departure: `select d.id, d.lot_id as lotId, l.code_key as code, p.code_key as parentCode, l.quantity, l.unit, d.vehicle, d.buyer, d.created_at as at, o.name as by
    from departures d join lots l on l.id = d.lot_id left join lots p on p.id = l.parent_lot_id join operators o on o.id = d.created_by where d.lot_id = ?`,
  entryBy: 'select o.name from entry_checks e join operators o on o.id = e.created_by where e.id = ?',
  overrides: `select r.from_outcome as "from", r.to_outcome as "to", r.reason, o.name as by, r.created_at as at
    from entry_overrides r join operators o on o.id = r.created_by where r.entry_id = ? order by r.created_at, r.id`,
  selection: `select s.reason, s.has_report as hasReport, s.note, s.score, s.p, o.name as by, s.created_at as at
    from test_selections s join operators o on o.id = s.created_by where s.lot_id = ?`,
  tests: `select t.id, t.item_id as itemId, coalesce(i.name_zh, t.item_id) as nameZh, coalesce(nullif(i.name_en, ''), i.name_zh, t.item_id) as nameEn,
      t.value, t.reading, t.unit, t.threshold, t.verdict, t.needs_lab_confirmation as needsLab, t.kit_lot as kitLot, o.name as by, t.created_at as at
    from rapid_tests t left join test_items i on i.id = t.item_id join operators o on o.id = t.created_by where t.lot_id = ? order by t.created_at, t.id`,
  holds: `select h.id, h.lot_id as onLotId, on_.code_key as onCode, h.reason, h.note, h.status, o.name as by, h.created_at as at,
      h.released_at as releasedAt, r.name as releasedBy, h.release_reason as releaseReason
    from hold_lots hl join holds h on h.id = hl.hold_id join lots on_ on on_.id = h.lot_id join operators o on o.id = h.created_by
    left join operators r on r.id = h.released_by where hl.lot_id = ? order by h.created_at, h.id`,
  splits: `select c.id as lotId, c.code_key as code, c.quantity, c.unit, c.status, s.buyer_name as buyerName, s.buyer_uscc as buyerUscc,
      s.buyer_phone as buyerPhone, s.price_fen as priceFen, s.closing, st.name as stall, o.name as by, s.created_at as at
    from splits s join lots c on c.id = s.child_lot_id left join subjects st on st.id = c.stall_id join operators o on o.id = s.created_by`,
  disposal: `select d.id, d.certificate_number as certificateNumber, d.lot_id as onLotId, on_.code_key as onCode, d.quantity, d.unit, d.reason,
      d.method, d.flag, op.name as operator, w.name as witness, d.created_at as at
    from disposal_lots dl join disposals d on d.id = dl.disposal_id join lots on_ on on_.id = d.lot_id
    join operators op on op.id = d.operator_id join operators w on w.id = d.witness_id where dl.lot_id = ? order by d.created_at desc limit 1`,
  recalls: `select r.id, r.number, r.status, r.reason, rl.progress, o.name as by, r.created_at as at
    from recall_lots rl join recalls r on r.id = rl.recall_id join operators o on o.id = r.created_by where rl.lot_id = ? order by r.created_at desc, r.id desc`,
  uploads: `select id, kind, state, attempts, last_error as lastError, created_at as createdAt, sent_at as sentAt from outbox where lot_id = ? order by seq`,
  photo: `select c.id, c.type, c.number, c.photo from lot_certificates lc join certificates c on c.id = lc.certificate_id where lc.lot_id = ? and c.id = ?`,
} as const;

interface SplitRow {
  lotId: string;
  code: string;
  quantity: number;
  unit: string;
  status: string;
  buyerName: string | null;
  buyerUscc: string | null;
  buyerPhone: string | null;
  priceFen: number | null;
  closing: number;
  stall: string | null;
  by: string;
  at: string;
}

const toSplit = (r: SplitRow): Dossier['splits'][number] => ({
  lotId: r.lotId,
  code: r.code,
  quantity: r.quantity,
  unit: r.unit as Unit,
  status: r.status as LotStatus,
  buyer: { name: r.buyerName, uscc: r.buyerUscc, phone: r.buyerPhone },
  priceFen: r.priceFen,
  closing: r.closing === 1,
  stall: r.stall,
  by: r.by,
  at: r.at,
});

/** The lot page: one lot with everything recorded about it, each section read by the lot's id. */
export function createDossiers(orm: Orm, views: LotViews) {
  const sqlite = orm.$client;
  const st = Object.fromEntries(Object.entries(SQL).map(([k, q]) => [k, sqlite.prepare(q)])) as Record<keyof typeof SQL, Database.Statement<unknown[]>>;
  const splitsOf = sqlite.prepare(`${SQL.splits} where s.parent_lot_id = ? order by s.created_at, s.id`);
  const splitFrom = sqlite.prepare(`${SQL.splits} where s.child_lot_id = ?`);
  // The print queue's own mapping (code, lot status, who confirmed, what cancelled it); it emits nothing on reads.
  const jobs = createJobRecords(orm, () => undefined);

  function printJobsOf(lotId: string, childIds: string[]) {
    const of = childIds.length ? or(eq(printJobs.lotId, lotId), inArray(printJobs.lotId, childIds)) : eq(printJobs.lotId, lotId);
    return orm
      .select()
      .from(printJobs)
      .where(of)
      .all()
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id))
      .map(jobs.toJob);
  }

  return {
    /** The lot's view, or the refusal of an unknown id. */
    view(lotId: string): LotView {
      const view = views.findById(lotId);
      if (!view) throw refused('notFound', 'unknown lot', 'unknownLot');
      return view;
    },

    dossier(view: LotView): LotDossier {
      const id = view.lot.id;
      const splits = (splitsOf.all(id) as SplitRow[]).map(toSplit);
      const from = splitFrom.get(id) as SplitRow | undefined;
      const selection = st.selection.get(id) as (Omit<NonNullable<LotDossier['selection']>, 'hasReport'> & { hasReport: number }) | undefined;
      const disposal = st.disposal.get(id) as LotDossier['disposal'] | undefined;
      type HoldRow = Omit<Dossier['holds'][number], 'released'> & { releasedAt: string | null; releasedBy: string | null; releaseReason: string | null };
      return {
        view,
        entryBy: (st.entryBy.pluck().get(view.entry.id) as string | undefined) ?? '',
        overrides: st.overrides.all(view.entry.id) as Dossier['overrides'],
        splitFrom: from ? toSplit(from) : null,
        selection: selection ? { ...selection, hasReport: selection.hasReport === 1 } : null,
        tests: (st.tests.all(id) as (Omit<Dossier['tests'][number], 'itemName' | 'needsLabConfirmation'> & { nameZh: string; nameEn: string; needsLab: number })[]).map(
          ({ nameZh, nameEn, needsLab, ...t }) => ({ ...t, itemName: { zh: nameZh, en: nameEn }, needsLabConfirmation: needsLab === 1 }),
        ),
        holds: (st.holds.all(id) as HoldRow[]).map(({ releasedAt, releasedBy, releaseReason, ...h }) => ({
          ...h,
          released: releasedAt ? { at: releasedAt, by: releasedBy ?? '', reason: releaseReason } : null,
        })),
        splits,
        printJobs: printJobsOf(
          id,
          splits.map((s) => s.lotId),
        ),
        disposal: disposal ?? null,
        recalls: st.recalls.all(id) as Dossier['recalls'],
        uploads: st.uploads.all(id) as Dossier['uploads'],
        departure: (st.departure.get(id) as LotDossier['departure'] | undefined) ?? null,
      };
    },

    /** A certificate's photo, if it belongs to the lot (a portion's are its gate lot's). */
    photo(view: LotView, certificateId: string) {
      const row = st.photo.get(view.lot.rootLotId ?? view.lot.id, certificateId) as { id: string; type: string; number: string; photo: Buffer | null } | undefined;
      if (!row) throw refused('notFound', 'no such certificate on this lot', 'unknownLot');
      if (!row.photo) throw refused('notFound', 'certificate without photo', 'noCertificatePhoto');
      // PNG starts 89 'PNG'; the desk's camera otherwise sends JPEG (CertificateInput allows no other).
      const mime = row.photo.subarray(0, 4).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47])) ? 'image/png' : 'image/jpeg';
      return { photo: `data:${mime};base64,${row.photo.toString('base64')}`, certificate: { id: row.id, type: row.type as CertificateType, number: row.number } };
    },
  };
}
