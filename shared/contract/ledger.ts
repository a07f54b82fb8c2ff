import { z } from 'zod';
import { method } from './spec';
import { Certificate, CertificateType, Id, IsoDateTime, LotStatus, LotView, Outcome, PrintJob, Unit } from './entities';
import { Departure } from './exit';
import { DISPOSAL_METHODS, DISPOSAL_REASONS } from './disposal';
import { ExportFile, ExportId } from './exports';
import { DayRange } from './report';
import { SelectionReason } from './testing';
import { RecallProgress } from './recall';

/** Receivers see their own desk's lots (the enforcement is the service's); managers and admins every lot. */
const LEDGER = ['receiver', 'manager'] as const;
/** Inspectors test and hold any lot: they open any lot's page, but have no ledger. */
const DOSSIER = ['receiver', 'inspector', 'manager'] as const;
const VERDICT_OF_TEST = z.enum(['negative', 'positive', 'invalid']);

export const LedgerFilters = z
  .object({
    /** The lot's state now (read at query time). */
    status: LotStatus.optional(),
    /** The entry verdict as it stands (after any override). */
    outcome: Outcome.optional(),
    categoryId: z.string().min(1).max(40).optional(),
    supplierId: Id.optional(),
    stallId: Id.optional(),
    /** Who recorded the entry. A receiver may name only themself. */
    operatorId: Id.optional(),
  })
  .strict();
export type LedgerFilters = z.infer<typeof LedgerFilters>;

/** What a ledger question names: days, filters, a search (a page and an export ask the same). */
const LEDGER_QUESTION = {
  /**
   * Market days, cut at the sampling settings' day start. Left out only with `search`: the search
   * then looks through every day.
   */
  range: DayRange.optional(),
  filters: LedgerFilters.default({}),
  /**
   * Any code the lot is known by — its own code, a GS1 element string or Digital Link (GTIN +
   * batch), a provincial / opaque code, a station label's QR — or a certificate's number. A code
   * of a lot split at the counter finds the gate lot it came from.
   */
  search: z.string().trim().min(1).max(4096).optional(),
};
const rangeOrSearch = (i: { range?: unknown; search?: unknown }) => i.range !== undefined || i.search !== undefined;

export const LedgerInput = z
  .object({
    ...LEDGER_QUESTION,
    limit: z.number().int().min(1).max(200).default(100),
    offset: z.number().int().min(0).max(10_000_000).default(0),
  })
  .strict()
  .refine(rangeOrSearch, { path: ['range'], message: 'rangeOrSearch' });
export type LedgerInput = z.input<typeof LedgerInput>;

/** One gate lot of the ledger. */
export const LedgerRow = z.object({
  lotId: Id,
  entryId: Id,
  code: z.string(),
  createdAt: IsoDateTime,
  outcome: Outcome,
  overridden: z.boolean(),
  /** What the lot is now, read with the page (never cached). */
  status: LotStatus,
  supplier: z.object({ id: Id, name: z.string() }),
  variety: z.object({ id: Id, name: z.string() }),
  categoryId: z.string(),
  quantity: z.number(),
  unit: Unit,
  certificates: z.array(z.object({ type: CertificateType, number: z.string() })),
  tests: z.object({ count: z.number().int(), lastVerdict: VERDICT_OF_TEST.nullable() }),
  stall: z.object({ id: Id, name: z.string() }).nullable(),
  operator: z.object({ id: Id, name: z.string() }),
});
export type LedgerRow = z.infer<typeof LedgerRow>;

export const LedgerPage = z.object({
  rows: z.array(LedgerRow),
  /** Every lot the query matches, not only this page: nothing is cut off silently. */
  total: z.number().int(),
  /** The market day's start (HH:MM) the range was cut at. */
  dayStart: z.string(),
  /** The receiver's own desk only (their entries), whatever was asked. */
  ownDesk: z.boolean(),
});
export type LedgerPage = z.infer<typeof LedgerPage>;

/** A change of the entry verdict: who, when, from what to what, and why. */
export const DossierOverride = z.object({ from: Outcome, to: Outcome, reason: z.string(), by: z.string(), at: IsoDateTime });

/** The sampler's decision for the lot, with why (test_selections); null: not selected. */
export const DossierSelection = z.object({
  reason: SelectionReason,
  hasReport: z.boolean(),
  note: z.string().nullable(),
  score: z.number().nullable(),
  p: z.number().nullable(),
  by: z.string(),
  at: IsoDateTime,
});

export const DossierTest = z.object({
  id: Id,
  itemId: z.string(),
  itemName: z.object({ zh: z.string(), en: z.string() }),
  value: z.number().nullable(),
  reading: z.enum(['positive', 'negative']).nullable(),
  unit: z.string().nullable(),
  threshold: z.number().nullable(),
  verdict: VERDICT_OF_TEST,
  needsLabConfirmation: z.boolean(),
  kitLot: z.string().nullable(),
  by: z.string(),
  at: IsoDateTime,
});

/** A hold that covered the lot (placed on it or on a lot it was split from), and its release. */
export const DossierHold = z.object({
  id: Id,
  /** The lot the hold was placed on. */
  onLotId: Id,
  onCode: z.string(),
  reason: z.enum(['testPositive', 'manual']),
  note: z.string().nullable(),
  status: z.enum(['active', 'released', 'disposed']),
  by: z.string(),
  at: IsoDateTime,
  released: z.object({ by: z.string(), at: IsoDateTime, reason: z.string().nullable() }).nullable(),
});

/** A portion split from the lot at the counter: to whom, for how much, which stall sells it. */
export const DossierSplit = z.object({
  lotId: Id,
  code: z.string(),
  quantity: z.number(),
  unit: Unit,
  status: LotStatus,
  buyer: z.object({ name: z.string().nullable(), uscc: z.string().nullable(), phone: z.string().nullable() }),
  priceFen: z.number().int().nullable(),
  closing: z.boolean(),
  stall: z.string().nullable(),
  by: z.string(),
  at: IsoDateTime,
});

export const DossierDisposal = z.object({
  id: Id,
  certificateNumber: z.string(),
  /** The lot destroyed (this one, or the lot it was split from, which took it along). */
  onLotId: Id,
  onCode: z.string(),
  quantity: z.number(),
  unit: Unit,
  reason: z.enum(DISPOSAL_REASONS),
  method: z.enum(DISPOSAL_METHODS),
  flag: z.enum(['noRunDetected']).nullable(),
  operator: z.string(),
  witness: z.string(),
  at: IsoDateTime,
});

export const DossierUpload = z.object({
  id: z.string(),
  kind: z.string(),
  state: z.enum(['pending', 'sent', 'dead', 'exported']),
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  createdAt: IsoDateTime,
  sentAt: z.string().nullable(),
});

/** Everything the station knows about one lot: the lot page. */
/** A recall that covers the lot: which, its state, and where this lot's goods stand in it. */
export const DossierRecall = z.object({
  id: Id,
  number: z.string(),
  status: z.enum(['open', 'closed', 'lifted']),
  reason: z.string(),
  progress: RecallProgress,
  by: z.string(),
  at: IsoDateTime,
});

export const LotDossier = z.object({
  view: LotView,
  /** Who recorded the gate entry (for a split portion: its gate lot's). */
  entryBy: z.string(),
  overrides: z.array(DossierOverride),
  /** The portion's own sale, when the lot was split from another one. */
  splitFrom: DossierSplit.nullable(),
  selection: DossierSelection.nullable(),
  tests: z.array(DossierTest),
  holds: z.array(DossierHold),
  splits: z.array(DossierSplit),
  /** Labels and receipts of the lot and of the portions split from it, newest first. */
  printJobs: z.array(PrintJob),
  disposal: DossierDisposal.nullable(),
  /** Recalls covering the lot, newest first. */
  recalls: z.array(DossierRecall),
  uploads: z.array(DossierUpload),
  /** 出口查验: when, with whom and in which vehicle the lot left the market; null while it is in. */
  departure: Departure.nullable().default(null),
});
export type LotDossier = z.infer<typeof LotDossier>;

/** A portion a vendor's stall sold today, with its label job for a reprint. */
export const StallSale = z.object({
  lotId: Id,
  code: z.string(),
  parentCode: z.string(),
  varietyName: z.string(),
  quantity: z.number(),
  unit: Unit,
  status: LotStatus,
  buyerName: z.string().nullable(),
  priceFen: z.number().int().nullable(),
  at: IsoDateTime,
  by: z.string(),
  /** The label as last printed (the newest job): `reprint` takes its id. */
  labelJob: PrintJob.nullable(),
});
export type StallSale = z.infer<typeof StallSale>;

export const ledgerMethods = {
  /** 台账: the gate lots of a day or range, filtered or searched, a page at a time with the exact total. */
  listLedger: method({ access: LEDGER, input: LedgerInput, output: LedgerPage }),
  /** The lot page: certificates, verdict and overrides, sampling, tests, holds, splits, labels, disposal, upload. */
  getLotDossier: method({ access: DOSSIER, input: z.object({ lotId: Id }).strict(), output: LotDossier }),
  /** A certificate's photo as a data URL, for a lot whose page the caller may open. */
  getCertificatePhoto: method({
    access: DOSSIER,
    input: z.object({ lotId: Id, certificateId: Id }).strict(),
    output: z.object({ photo: z.string(), certificate: Certificate.pick({ id: true, type: true, number: true }) }),
  }),
  /** A vendor's stall's sales of the market day so far (their own sales without a stall), newest first. */
  listStallSales: method({
    access: ['vendor', 'manager'],
    input: z.object({ stallId: Id.optional() }).strict(),
    output: z.object({ sales: z.array(StallSale), stall: z.object({ id: Id, name: z.string() }).nullable() }),
  }),
  /** 台账 export: every lot the question matches (not a page) as XLSX or CSV; the same desk limit as listLedger. */
  exportLedger: method({
    access: LEDGER,
    input: z
      .object({ ...LEDGER_QUESTION, format: z.enum(['xlsx', 'csv']), exportId: ExportId.optional() })
      .strict()
      .refine(rangeOrSearch, { path: ['range'], message: 'rangeOrSearch' }),
    output: ExportFile,
  }),
} as const;
