import { z } from 'zod';
import { method } from './spec';
import { CertificateType, Id, IsoDate, IsoDateTime, LotStatus, Outcome, Text, Unit } from './entities';
import { ExportFile, ExportId } from './exports';
import { DayRange } from './report';

/** Managers start, mark, close and lift recalls; receivers and inspectors follow them (buyers' phones masked). */
const RECALLING = ['manager'] as const;
const FOLLOWING = ['receiver', 'inspector', 'manager'] as const;

/** Where the recall came from: a regulator's notice, the supplier's own notice, a test here, a complaint. */
export const RECALL_SOURCES = ['regulatorNotice', 'supplierNotice', 'ownTest', 'complaint', 'other'] as const;
export const RecallSource = z.enum(RECALL_SOURCES);
export type RecallSource = z.infer<typeof RecallSource>;

/**
 * What a recall covers. A lot: that lot and every lot split from it. The others name what a notice
 * names — a supplier, a certificate, a GTIN (+ batch) — and cover every gate lot matching it that
 * entered within the market days of `range` (rejected lots never entered: left out), each with all
 * its descendants.
 */
export const RecallScope = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('lot'), raw: z.string().min(1).max(4096) }).strict(),
  z.object({ kind: z.literal('supplier'), supplierId: Id, range: DayRange }).strict(),
  z.object({ kind: z.literal('certificate'), type: CertificateType.optional(), number: Text(60), range: DayRange.optional() }).strict(),
  z
    .object({
      kind: z.literal('gtinBatch'),
      gtin: z.string().regex(/^\d{14}$/, 'gtin'),
      batch: Text(20).optional(),
      range: DayRange.optional(),
    })
    .strict(),
]);
export type RecallScope = z.infer<typeof RecallScope>;

/** The scope as stored and shown: what was asked, with names resolved at the start. */
export const RecallScopeView = z.object({
  kind: z.enum(['lot', 'supplier', 'certificate', 'gtinBatch']),
  /** lot: the code; supplier: the name (USCC); certificate: type + number; gtinBatch: GTIN + batch. */
  label: z.string(),
  range: z.object({ from: IsoDate, to: IsoDate }).nullable(),
});
export type RecallScopeView = z.infer<typeof RecallScopeView>;

/**
 * Where one affected lot's goods stand. open: not found yet. retrieved: back in the market's hands.
 * destroyed: through the disposal flow (set by disposeLot). notRecoverable: sold to consumers, gone.
 * nothingLeft: nothing of this lot itself is anywhere (sold on whole to lots listed with it, written
 * off, or destroyed before the recall).
 */
export const RECALL_PROGRESS = ['open', 'retrieved', 'destroyed', 'notRecoverable', 'nothingLeft'] as const;
export const RecallProgress = z.enum(RECALL_PROGRESS);
export type RecallProgress = z.infer<typeof RecallProgress>;

/**
 * Quantities of one unit across the affected lots: `onHand` sums every lot's onHand (what is still
 * to be found, on stalls and with buyers); `sold` is what left the lots the scope named (depth 0)
 * through the counter, counted once however often it was split again (shared/domain/recallTree.ts).
 */
export const RecallQuantity = z.object({ unit: Unit, onHand: z.number(), sold: z.number() });

export const RecallCounts = z.object({
  lots: z.number().int(),
  open: z.number().int(),
  retrieved: z.number().int(),
  destroyed: z.number().int(),
  notRecoverable: z.number().int(),
  nothingLeft: z.number().int(),
});
export type RecallCounts = z.infer<typeof RecallCounts>;

export const Recall = z.object({
  id: Id,
  /** 召回单号, e.g. ZH20261205-01: one sequence per day. */
  number: z.string(),
  reason: z.string(),
  source: RecallSource,
  /** The notice's own number (regulator or supplier), when there is one. */
  sourceRef: z.string().nullable(),
  scope: RecallScopeView,
  /** open: goods still being found; closed: every lot settled; lifted: called off, lots back as they were. */
  status: z.enum(['open', 'closed', 'lifted']),
  createdAt: IsoDateTime,
  createdByName: z.string(),
  closedAt: IsoDateTime.nullable(),
  closedByName: z.string().nullable(),
  liftedAt: IsoDateTime.nullable(),
  liftedByName: z.string().nullable(),
  liftReason: z.string().nullable(),
  counts: RecallCounts,
  quantities: z.array(RecallQuantity),
});
export type Recall = z.infer<typeof Recall>;

/** A buyer as the recall list shows them: the phone in full for managers, masked (138****5678) for everyone else. */
export const RecallBuyer = z.object({ name: z.string().nullable(), uscc: z.string().nullable(), phone: z.string().nullable() });

/**
 * One affected lot and where it is. `onHand` is what is left of the lot itself now (at its stall for
 * a gate lot, with its buyer for a lot split off at the counter); `sold` went on in the lots split
 * from it (listed with the recall too); `writtenOff` a closing sale wrote off. onHand + sold +
 * writtenOff = quantity, in the lot's unit.
 */
export const RecallLot = z.object({
  lotId: Id,
  code: z.string(),
  parentLotId: Id.nullable(),
  parentCode: z.string().nullable(),
  /** 0 for a lot the scope named (a gate lot, or the recalled lot itself), +1 per split below it. */
  depth: z.number().int(),
  variety: z.string(),
  supplier: z.string(),
  quantity: z.number(),
  unit: Unit,
  onHand: z.number(),
  sold: z.number(),
  writtenOff: z.number(),
  /** The lot's state now (read with the list) and before the recall (what lifting restores). */
  status: LotStatus,
  priorStatus: LotStatus,
  stall: z.object({ id: Id, name: z.string() }).nullable(),
  /** Who bought this lot at the counter, when, from whom; null for a gate lot. */
  sale: z.object({ buyer: RecallBuyer, at: IsoDateTime, by: z.string(), priceFen: z.number().int().nullable() }).nullable(),
  progress: RecallProgress,
  progressAt: IsoDateTime.nullable(),
  progressByName: z.string().nullable(),
  progressNote: z.string().nullable(),
});
export type RecallLot = z.infer<typeof RecallLot>;

/** 源头可溯: what a regulator asks for first about each lot the recall started from. */
export const RecallOrigin = z.object({
  lotId: Id,
  code: z.string(),
  enteredAt: IsoDateTime,
  supplier: z.object({ id: Id, name: z.string(), uscc: z.string().nullable(), contact: z.string().nullable() }),
  /** Issuer of the 产地 / 检疫 certificate, when one was shown. */
  origin: z.string().nullable(),
  variety: z.string(),
  quantity: z.number(),
  unit: Unit,
  certificates: z.array(z.object({ id: Id, type: CertificateType, number: z.string(), issuer: z.string().nullable(), hasPhoto: z.boolean() })),
  verdict: Outcome,
  overridden: z.boolean(),
  tests: z.array(z.object({ itemName: z.object({ zh: z.string(), en: z.string() }), verdict: z.enum(['negative', 'positive', 'invalid']), at: IsoDateTime })),
});
export type RecallOrigin = z.infer<typeof RecallOrigin>;

/**
 * The orders of a recall's lots. tree: each lot followed by the lots split from it (siblings in
 * the order they were made). openFirst: the flat list, what is still to find first — progress in
 * RECALL_PROGRESS order, then by code (the stored code key), ties in tree order.
 */
export const RECALL_LOT_ORDERS = ['tree', 'openFirst'] as const;
export const RecallLotOrder = z.enum(RECALL_LOT_ORDERS);
export type RecallLotOrder = z.infer<typeof RecallLotOrder>;

/** Lots per getRecall page: the screen shows that many at a time; a wide lineage lists ten thousand. */
export const RECALL_PAGE = 300;
export const RECALL_PAGE_MAX = 1000;

/**
 * One recall with a page of its affected lots and the origins of every lot it started from.
 * `recall` (counts, quantities) covers all `total` lots whatever the page; `lots` are those from
 * `offset` in the order asked.
 */
export const RecallDetail = z.object({
  recall: Recall,
  total: z.number().int(),
  offset: z.number().int(),
  lots: z.array(RecallLot),
  origins: z.array(RecallOrigin),
});
export type RecallDetail = z.infer<typeof RecallDetail>;

/** What a scope would catch, before anything is written. */
export const RecallPreview = z.object({
  scope: RecallScopeView,
  /** Gate lots matched by the scope (or the one lot named). */
  rootLots: z.number().int(),
  /** Every lot the recall would put in `recalled`, descendants included (destroyed ones are listed but stay destroyed). */
  lots: z.number().int(),
  alreadyDestroyed: z.number().int(),
  /** Lots already in another open recall: they join this one too. */
  inOtherRecalls: z.number().int(),
  quantities: z.array(RecallQuantity),
  /** The first matched gate lots, to check the scope is the right one. */
  sample: z.array(z.object({ lotId: Id, code: z.string(), variety: z.string(), supplier: z.string(), enteredAt: IsoDateTime, quantity: z.number(), unit: Unit })),
});
export type RecallPreview = z.infer<typeof RecallPreview>;

const RecallQuestion = { scope: RecallScope };

export const recallMethods = {
  /** What a recall over this scope would catch; nothing is written. */
  previewRecall: method({ access: RECALLING, input: z.object(RecallQuestion).strict(), output: RecallPreview }),
  /**
   * Starts a recall: in one transaction every affected lot goes to `recalled` (its prior state
   * kept), queued labels of them are cancelled, the red alert is raised, audit and upload written.
   */
  startRecall: method({
    access: RECALLING,
    input: z.object({ ...RecallQuestion, reason: Text(200), source: RecallSource, sourceRef: Text(60).optional() }).strict(),
    output: Recall,
  }),
  /** Recalls, newest first; `open` only the open ones. */
  listRecalls: method({ access: FOLLOWING, input: z.object({ open: z.boolean().default(false), limit: z.number().int().min(1).max(200).default(50) }).strict(), output: z.array(Recall) }),
  /** One recall: a page of its affected lots with where each one is, and the origins. */
  getRecall: method({
    access: FOLLOWING,
    input: z
      .object({
        id: Id,
        offset: z.number().int().min(0).default(0),
        limit: z.number().int().min(1).max(RECALL_PAGE_MAX).default(RECALL_PAGE),
        order: RecallLotOrder.default('tree'),
      })
      .strict(),
    output: RecallDetail,
  }),
  /** Marks an affected lot retrieved or not recoverable (destroyed comes from disposeLot); `open` undoes a mark. */
  markRecallLot: method({
    access: RECALLING,
    input: z.object({ recallId: Id, lotId: Id, progress: z.enum(['open', 'retrieved', 'notRecoverable']), note: Text(200).optional() }).strict(),
    output: RecallLot,
  }),
  /** Closes a recall once no lot is open; the lots stay `recalled`. */
  closeRecall: method({ access: RECALLING, input: z.object({ id: Id }).strict(), output: Recall }),
  /** Calls a recall off: every lot not destroyed since returns to its state before the recall (unless another open recall still covers it). */
  liftRecall: method({ access: RECALLING, input: z.object({ id: Id, reason: Text(200) }).strict(), output: Recall }),
  /** The affected list as XLSX, or a printable A4 PDF recall notice list in Chinese. */
  exportRecall: method({ access: RECALLING, input: z.object({ id: Id, format: z.enum(['xlsx', 'pdf']), exportId: ExportId.optional() }).strict(), output: ExportFile }),
} as const;
