import { z } from 'zod';
import { quantityProblem } from '../domain/quantity';
import { Role } from './roles';

/** Client-generated, sortable record id (ULID): also the record's upload idempotency key. */
export const Id = z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, 'id');
export const IsoDate = z.iso.date();
/**
 * A date on a certificate someone brings to the desk. Years outside 2000–2099 are typing errors
 * (a date field's year typed as 0050), refused with a reason instead of reaching date arithmetic.
 */
export const CertificateDate = IsoDate.refine((d) => d >= '2000-01-01' && d <= '2099-12-31', 'certificateYear');
export const IsoDateTime = z.iso.datetime({ offset: true });
/** Free text typed by staff: trimmed, printable, bounded. */
export const Text = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    // eslint-disable-next-line no-control-regex
    .refine((s) => !/[\u0000-\u001f\u007f]/.test(s), 'controlChars');

export const Pin = z.string().regex(/^\d{4,8}$/, 'pin');

export const Operator = z.object({
  id: Id,
  name: z.string(),
  role: Role,
  active: z.boolean(),
  /** The stall a vendor sells for (a subject of kind 'stall'); null for other roles. */
  stallId: Id.nullable(),
  createdAt: IsoDateTime,
  createdBy: Id.nullable(),
});
export type Operator = z.infer<typeof Operator>;

/** `idleMinutes`: the session ends after this long without a call (the counter signs out then too). */
export const Session = z.object({ sessionId: z.string(), operator: Operator, idleMinutes: z.number().int().positive() });
export type Session = z.infer<typeof Session>;

export const SUBJECT_KINDS = ['market', 'stall', 'supplier'] as const;
export const SubjectKind = z.enum(SUBJECT_KINDS);
export const Subject = z.object({
  id: Id,
  kind: SubjectKind,
  name: z.string(),
  uscc: z.string().nullable(),
  /** GS1 GLN (13 digits), when the party has one: EPCIS then names it by its party GLN. */
  gln: z.string().nullable(),
  contact: z.string().nullable(),
  blocked: z.boolean(),
  blockedReason: z.string().nullable(),
  createdAt: IsoDateTime,
  createdBy: Id,
});
export type Subject = z.infer<typeof Subject>;

export const CERTIFICATE_TYPES = ['commitment', 'originExit', 'quarantine', 'meatQuality', 'testReport', 'purchase'] as const;
export const CertificateType = z.enum(CERTIFICATE_TYPES);
export type CertificateType = z.infer<typeof CertificateType>;

export const UNITS = ['kg', 'piece', 'head', 'box'] as const;
export const Unit = z.enum(UNITS);
export type Unit = z.infer<typeof Unit>;

/**
 * Refuses (issue `kgResolution` / `wholeUnits` on `path`) a quantity that is not a whole number of
 * its unit's steps: kilograms to the gram, pieces, heads and boxes whole (shared/domain/quantity.ts).
 */
export function checkQuantity(ctx: z.RefinementCtx, quantity: number | undefined, unit: Unit, path: (string | number)[]) {
  const problem = quantity === undefined ? null : quantityProblem(quantity, unit);
  if (problem) ctx.addIssue({ code: 'custom', message: problem, path });
}

/** A category's entry rule: every group must be met by at least one certificate of a listed type. */
export const Category = z.object({
  id: z.string(),
  nameZh: z.string(),
  nameEn: z.string(),
  requirements: z.array(z.array(CertificateType).min(1)),
  /** 批批检测: a lot of this category without a test report is held for testing. */
  testWithoutReport: z.boolean(),
});
export type Category = z.infer<typeof Category>;

export const Variety = z.object({
  id: Id,
  name: z.string(),
  categoryId: z.string(),
  defaultUnit: Unit,
});
export type Variety = z.infer<typeof Variety>;

export const CertificateInput = z.object({
  type: CertificateType,
  number: Text(64),
  issuer: Text(100),
  issueDate: CertificateDate,
  validUntil: CertificateDate.optional(),
  /** In `unit`, or the delivery's unit when absent: checked at its resolution by EntryCheckInput. */
  quantity: z.number().positive().max(1e7).optional(),
  unit: Unit.optional(),
  /** Raw certificate QR payload, kept verbatim. */
  raw: z.string().max(4096).optional(),
  /** JPEG/PNG data URL of the paper certificate. */
  photo: z
    .string()
    .max(2_000_000)
    .regex(/^data:image\/(jpeg|png);base64,[A-Za-z0-9+/=]+$/, 'photo')
    .optional(),
});
export type CertificateInput = z.infer<typeof CertificateInput>;

export const Certificate = CertificateInput.omit({ photo: true }).extend({
  // As stored: certificates recorded before the year check still read back.
  issueDate: IsoDate,
  validUntil: IsoDate.optional(),
  id: Id,
  hasPhoto: z.boolean(),
  /** Quantity admitted against this certificate (same unit, rejected lots excluded), not counting this lot. */
  usedQuantity: z.number(),
  createdAt: IsoDateTime,
  createdBy: Id,
});
export type Certificate = z.infer<typeof Certificate>;

export const OUTCOMES = ['admit', 'hold', 'reject'] as const;
export const Outcome = z.enum(OUTCOMES);
export type Outcome = z.infer<typeof Outcome>;

/**
 * A lot's state now. awaitingTest (待检): waiting in 待检区 for its routine entry test, not an alarm;
 * held (扣留): stopped after a positive test or by a manager, every descendant with it.
 */
export const LOT_STATUSES = ['admitted', 'awaitingTest', 'held', 'rejected', 'recalled', 'destroyed', 'exhausted'] as const;
export const LotStatus = z.enum(LOT_STATUSES);
export type LotStatus = z.infer<typeof LotStatus>;

export const ZONES = ['entry', 'awaitingTest', 'trading', 'storage', 'dispatch', 'none'] as const;
export const Zone = z.enum(ZONES);
export type Zone = z.infer<typeof Zone>;

/** Why a verdict came out as it did; `code` is an i18n key under `reason.`. */
export const Reason = z.object({
  code: z.enum([
    'ok',
    'supplierBlocked',
    'certificateMissing',
    'certificateExpired',
    'certificateNotYetValid',
    'quantityExceedsCertificate',
    'noTestReport',
    'productExpired',
    'productExpiresSoon',
    'override',
  ]),
  params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
});
export type Reason = z.infer<typeof Reason>;

export const Lot = z.object({
  id: Id,
  /** Canonical identity of the scanned code (see shared/domain/codes). */
  codeKey: z.string(),
  codeKind: z.string(),
  rawScan: z.string(),
  gtin: z.string().nullable(),
  batch: z.string().nullable(),
  /** GS1 (17) expiry, (15) best before, (16) sell by, (11) production date, as scanned. */
  expiryDate: IsoDate.nullable(),
  bestBeforeDate: IsoDate.nullable(),
  sellByDate: IsoDate.nullable(),
  productionDate: IsoDate.nullable(),
  supplierId: Id,
  varietyId: Id,
  quantity: z.number(),
  unit: Unit,
  status: LotStatus,
  zone: Zone,
  parentLotId: Id.nullable(),
  rootLotId: Id.nullable(),
  /** 去向摊位: the stall selling the lot, when the gate assigned one (children inherit it). */
  stallId: Id.nullable(),
  createdAt: IsoDateTime,
  createdBy: Id,
});
export type Lot = z.infer<typeof Lot>;

export const SCAN_SOURCES = ['wedge', 'camera', 'manual', 'hid', 'serial'] as const;
export const ScanSource = z.enum(SCAN_SOURCES);

export const EntryCheck = z.object({
  id: Id,
  lotId: Id,
  outcome: Outcome,
  reasons: z.array(Reason),
  source: ScanSource,
  overriddenFrom: Outcome.nullable(),
  overrideReason: z.string().nullable(),
  createdAt: IsoDateTime,
  createdBy: Id,
});
export type EntryCheck = z.infer<typeof EntryCheck>;

/** A lot's state wherever it is scanned: held, rejected, recalled and destroyed raise a red alert. */
export const LotView = z.object({
  lot: Lot,
  supplier: Subject,
  variety: Variety,
  certificates: z.array(Certificate),
  /** How the lot entered the market: its own entry check, or its root lot's for a split child. */
  entry: EntryCheck,
  /** Human-readable code of the lot this one was split from. */
  parentCode: z.string().nullable(),
  /** What is left of the lot after the children split from it (same unit). */
  remaining: z.number(),
  /** 去向摊位: the stall selling the lot, when one is assigned. */
  stall: z.object({ id: Id, name: z.string() }).nullable(),
  alert: z.boolean(),
});
export type LotView = z.infer<typeof LotView>;

const Span = z.tuple([z.number().int().min(0).max(17), z.number().int().min(1).max(17)]);
const NumberSpan = z.tuple([z.number().int().min(0).max(17), z.number().int().min(1).max(17), z.number().int().min(0).max(6)]);
/** An in-store weight-code layout (GS1 prefixes 20–29): scales differ, so layouts are settings. */
export const WeightLayoutSchema = z.object({
  id: z.string().min(1).max(40),
  length: z.union([z.literal(13), z.literal(18)]),
  prefix: z.string().regex(/^\d{1,3}$/),
  fields: z.object({ plu: Span, weight: NumberSpan.optional(), amount: NumberSpan.optional() }),
  priceCheck: z.boolean().optional(),
});

/** Station settings kept in the database; every screen reads them, an admin changes them. */
export const Settings = z.object({
  weightLayouts: z.array(WeightLayoutSchema).max(10),
  /** Keyboard-wedge detection: a burst is a scan when it is this long and this fast. */
  scanner: z.object({
    minLength: z.number().int().min(2).max(20),
    maxAvgGapMs: z.number().int().min(5).max(100),
    maxGapMs: z.number().int().min(10).max(300),
  }),
  /** Split-sale: how far a portion may go past the parent's remaining quantity (scale error). */
  split: z.object({ toleranceKg: z.number().min(0).max(5) }),
  /** Label template used for child codes until printers are configured. */
  labelTemplateId: z.string().min(1).max(40),
  /** A product whose expiry (GS1 17/15/16) is at most this many days away is admitted with a warning. */
  expiry: z.object({ warnDays: z.number().int().min(0).max(365) }),
  /** marketWide: any vendor may sell any lot (single-stall shops); otherwise only their stall's lots. */
  selling: z.object({ marketWide: z.boolean() }),
  /** A session unused this long ends: a counter left signed in is signed out. */
  signIn: z.object({ idleMinutes: z.number().int().min(1).max(720) }),
  /** Wrong PINs in a row: from `delayAfterFailures` each next try waits (30 s, doubling); at `lockAfterFailures` the operator is locked. */
  pinGuard: z.object({ delayAfterFailures: z.number().int().min(1).max(20), lockAfterFailures: z.number().int().min(2).max(50) }),
});
export type Settings = z.infer<typeof Settings>;

/** Seven digits, e.g. market 00301 + counter 02; never starting 01 so no code can read as a GS1 (01). */
export const StationId = z.string().regex(/^(?!01)\d{7}$/, 'stationId');

export const StationInfo = z.object({
  stationId: z.string().nullable(),
  name: z.string().nullable(),
  /** Ed25519 public key, SPKI PEM: what other stations import to check this station's labels. */
  publicKey: z.string(),
});
export type StationInfo = z.infer<typeof StationInfo>;

/**
 * 验码's answer. The lot's current state here comes first; for a signed label the signature is one
 * more fact about it. `label`: a label's QR, its signature checked; `code`: a plain code, looked up only.
 */
export const LabelCheck = z.object({
  source: z.enum(['label', 'code']),
  /** The label's signature checks out (always false for a plain code: it has none). */
  valid: z.boolean(),
  problem: z.enum(['malformed', 'badCode', 'unknownStation', 'badSignature']).nullable(),
  code: z.string().nullable(),
  parentCode: z.string().nullable(),
  quantity: z.number().nullable(),
  unit: Unit.nullable(),
  date: z.string().nullable(),
  issuer: z.string().nullable(),
  /** The selling stall, on labels that name one. */
  stall: z.string().nullable(),
  /** Name under which the issuing station's key is known here. */
  stationName: z.string().nullable(),
  /** This station has the lot: its current state is known (another station's lot is not). */
  stateKnown: z.boolean(),
  /** The lot as this station has it now; `alert` for held, rejected, recalled, destroyed. */
  view: LotView.nullable(),
});
export type LabelCheck = z.infer<typeof LabelCheck>;

export const PRINTER_LANGUAGES = ['escpos', 'tspl', 'zpl'] as const;
export const PrinterTransportSpec = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('tcp'), host: z.string().min(1).max(253), port: z.number().int().min(1).max(65535).default(9100) }),
  z.object({ kind: z.literal('serial'), path: z.string().min(1).max(200), baudRate: z.number().int().min(1200).max(921600).default(9600) }),
  z.object({ kind: z.literal('device'), path: z.string().min(1).max(200) }),
  z.object({ kind: z.literal('queue'), name: z.string().min(1).max(100) }),
]);
export type PrinterTransportSpec = z.infer<typeof PrinterTransportSpec>;

/** What a printer is for: labels for the bag (split children), receipts for the buyer, crate labels at the gate. */
export const PRINTER_PURPOSES = ['labels', 'receipts', 'crate'] as const;
export const PrinterPurpose = z.enum(PRINTER_PURPOSES);
export type PrinterPurpose = z.infer<typeof PrinterPurpose>;
/** What the printer's Chinese font indexes: GBK (most), or GB18030 (ESC/POS; ¥ then prints as is). */
export const PRINTER_ENCODINGS = ['gbk', 'gb18030'] as const;

export const Printer = z.object({
  id: Id,
  name: z.string(),
  language: z.enum(PRINTER_LANGUAGES),
  /** native: the printer's own text/QR commands; raster: the label as an image (no Chinese font needed). */
  mode: z.enum(['native', 'raster']),
  transport: PrinterTransportSpec,
  templateId: z.string(),
  purpose: PrinterPurpose,
  /** Takes its purpose's jobs; without one marked, the first configured of that purpose does. */
  isDefault: z.boolean(),
  encoding: z.enum(PRINTER_ENCODINGS),
});
export type Printer = z.infer<typeof Printer>;

/**
 * cancelled: the lot may not be labelled any more (held, rejected, recalled, destroyed); never printed.
 * sent: the bytes went out but the printer did not confirm it can print them (no answer, paper
 * out…): kept for the operator to confirm (done) or reprint (the original then ends as failed).
 */
export const PRINT_JOB_STATUSES = ['queued', 'printing', 'waiting', 'sent', 'done', 'failed', 'cancelled'] as const;
export const PrintJob = z.object({
  id: Id,
  lotId: Id,
  code: z.string(),
  purpose: PrinterPurpose,
  printerId: Id.nullable(),
  templateId: z.string(),
  status: z.enum(PRINT_JOB_STATUSES),
  attempts: z.number().int(),
  /** Goes up at every change of the job: of two copies, the higher is the newer. */
  revision: z.number().int(),
  /**
   * Why the job waits (a printer problem: paperOut, coverOpen, offline…, or noPrinter), why a sent
   * job is not confirmed, or for a printed one its warnings (paperNearEnd, rasterText, rasterFit).
   */
  lastError: z.string().nullable(),
  /** Who confirmed by hand that a sent job printed. */
  confirmedBy: z.string().nullable(),
  reprintOf: Id.nullable(),
  reason: z.string().nullable(),
  createdAt: z.string(),
  printedAt: z.string().nullable(),
  /** The lot's status now, read with the job. */
  lotStatus: LotStatus,
  /** For a cancelled job: the lot's status that stopped it. */
  cancelledFor: LotStatus.nullable(),
});
export type PrintJob = z.infer<typeof PrintJob>;

export const LabelTemplateInfo = z.object({ id: z.string(), name: z.string(), kind: z.enum(['label', 'receipt']), widthMm: z.number(), heightMm: z.number() });
export type LabelTemplateInfo = z.infer<typeof LabelTemplateInfo>;

export const Scale = z.object({
  id: Id,
  name: z.string(),
  path: z.string(),
  protocolId: z.string(),
  /** null: the protocol's usual rate. */
  baudRate: z.number().int().nullable(),
  /** For protocols without a stability flag: identical readings in a row that count as stable. */
  stableReadings: z.number().int().min(2).max(20),
});
export type Scale = z.infer<typeof Scale>;

export const ScaleState = z.object({
  scaleId: Id,
  state: z.enum(['connecting', 'connected', 'noData', 'disconnected', 'error']),
  error: z.enum(['busy', 'permission', 'notFound', 'noData', 'other']).nullable(),
  message: z.string().nullable(),
});
export type ScaleState = z.infer<typeof ScaleState>;

/**
 * What the scale shows now. Only a `reading` that is `stable` and not negative may be used for a
 * sale or a disposal. `uncertain`: the scale sends weights the station cannot place yet (耀华 "="
 * digit order not settled).
 */
export const Weight = z.object({
  scaleId: Id,
  kind: z.enum(['reading', 'overload', 'underload', 'busy', 'uncertain']),
  /** Negative: below zero after tare, shown as such. */
  kg: z.number().nullable(),
  net: z.boolean(),
  tareKg: z.number().nullable(),
  stable: z.boolean(),
  at: z.number(),
});
export type Weight = z.infer<typeof Weight>;

export const SCANNER_KINDS = ['serial', 'hidpos'] as const;
/** A scanner that is not a keyboard wedge: its bytes reach the scan pipeline through the Node side. */
export const Scanner = z.object({
  id: Id,
  name: z.string(),
  kind: z.enum(SCANNER_KINDS),
  /** serial: /dev/serial/by-id/… or COMn; hidpos: vendorId:productId[:serial] in hex, e.g. 05e0:1300. */
  path: z.string(),
  /** serial only; null: 9600. */
  baudRate: z.number().int().nullable(),
  /** The scanner sends an AIM symbology prefix (]Q1, ]C1…) to strip. */
  aimPrefix: z.boolean(),
  /** hidpos only: where the report puts the data — after an AIM field (Honeywell…) or first (Newland…). */
  hidLayout: z.enum(['aimFirst', 'dataFirst']),
});
export type Scanner = z.infer<typeof Scanner>;

export const ScannerState = z.object({
  scannerId: Id,
  state: z.enum(['connecting', 'connected', 'disconnected', 'error']),
  error: z.enum(['busy', 'permission', 'notFound', 'other']).nullable(),
  message: z.string().nullable(),
});
export type ScannerState = z.infer<typeof ScannerState>;

/** One scan from a serial or HID POS scanner, decoded (UTF-8, else GB18030). */
export const DeviceScan = z.object({
  scannerId: Id,
  text: z.string(),
  source: z.enum(SCANNER_KINDS),
  encoding: z.enum(['utf-8', 'gb18030']),
  at: z.number(),
});
export type DeviceScan = z.infer<typeof DeviceScan>;
