import { z } from 'zod';
import { method } from './spec';
import { SelectionReason, testingMethods } from './testing';
import { disposalMethods } from './disposal';
import { supportMethods } from './support';
import { syncMethods } from './sync';
import { backupMethods } from './backup';
import { normalizeUscc } from '../domain/uscc';
import { isValidGln } from '../domain/gs1Check';
import { auditMethods } from './audit';
import { reportMethods } from './report';
import { exportMethods } from './exports';
import { dayCloseMethods } from './dayClose';
import { ledgerMethods } from './ledger';
import { recallMethods } from './recall';
import { exitMethods } from './exit';
import { masterDataMethods, OperatorDraft } from './masterData';
import {
  Category,
  CertificateInput,
  checkQuantity,
  Id,
  IsoDate,
  LotStatus,
  LotView,
  Operator,
  Outcome,
  Pin,
  ScanSource,
  Session,
  Settings,
  Scale,
  ScaleState,
  Scanner,
  ScannerState,
  Weight,
  Printer,
  PrinterPurpose,
  PRINTER_ENCODINGS,
  PrintJob,
  LabelTemplateInfo,
  Reason,
  StationId,
  StationInfo,
  LabelCheck,
  Subject,
  SubjectKind,
  Text,
  Unit,
  Variety,
} from './entities';

const Empty = z.object({}).strict();
const Ok = z.object({ ok: z.literal(true) });
const RECEIVING = ['receiver', 'manager'] as const;
const STAFF = ['receiver', 'inspector', 'manager'] as const;
const SELLING = ['vendor', 'receiver', 'manager'] as const;

/** The raw text of one scan: bounded so a 10 kB paste is refused before it reaches the parser. */
export const RawScan = z.string().min(1).max(4096);

/**
 * One user action's id (a ULID or a UUID), sent again when the client retries: a write that
 * issues a code answers a repeated id with its first result instead of issuing another code.
 */
export const RequestId = z.string().regex(/^(?:[0-9A-HJKMNP-TV-Z]{26}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/, 'requestId');

export const EntryCheckInput = z
  .object({
    /** The lot's scanned code; absent when the station codes the lot itself (assignCode). */
    raw: RawScan.optional(),
    /** 源头赋码: the lot came with a certificate but no code; the station issues one and queues a crate label. */
    assignCode: z.boolean().default(false),
    source: ScanSource,
    supplierId: Id,
    varietyId: Id,
    quantity: z.number().positive().max(1e7),
    unit: Unit,
    /** The lot was weighed on this scale at the desk: the Node side takes only its fresh, stable reading. */
    scaleId: Id.optional(),
    certificates: z.array(CertificateInput).max(10),
    requestId: RequestId.optional(),
  })
  .refine((i) => i.assignCode !== (i.raw !== undefined), { path: ['raw'], message: 'rawOrAssign' })
  .superRefine((i, ctx) => {
    checkQuantity(ctx, i.quantity, i.unit, ['quantity']);
    // A certificate's quantity without a unit of its own counts in the delivery's.
    i.certificates.forEach((c, n) => checkQuantity(ctx, c.quantity, c.unit ?? i.unit, ['certificates', n, 'quantity']));
  });
/** What a caller sends (assignCode may be left out)… */
export type EntryCheckInput = z.input<typeof EntryCheckInput>;
/** …and what the service receives after validation. */
export type EntryCheckCommand = z.output<typeof EntryCheckInput>;

/** Why the new lot goes to a rapid test; `untestable`: no active test item covers its category yet. */
export const EntryTestSelection = z.object({ reason: SelectionReason, untestable: z.boolean() });
export type EntryTestSelection = z.infer<typeof EntryTestSelection>;

export const EntryCheckResult = z.discriminatedUnion('duplicate', [
  z.object({
    duplicate: z.literal(false),
    view: LotView,
    /** The lot was picked for a rapid test (no report: always; with one: the sampler), with why. */
    testSelection: EntryTestSelection.nullable(),
  }),
  /** The code was already recorded: its existing record, nothing written. */
  z.object({ duplicate: z.literal(true), view: LotView }),
]);
export type EntryCheckResult = z.infer<typeof EntryCheckResult>;

/** A typed 统一社会信用代码, full-width IME input made ASCII; the services check it (uscc.ts). */
const UsccInput = z.string().overwrite(normalizeUscc);
/** A GLN as typed: spaces dropped; 13 digits with a correct check digit (issue `gln` otherwise). */
const GlnInput = z
  .string()
  .overwrite((s) => s.replace(/\s+/g, ''))
  .refine((s) => s === '' || isValidGln(s), 'gln');

export const SplitInput = z
  .object({
    /** The parent lot's scan (any code form the station reads). */
    parentRaw: RawScan,
    quantity: z.number().positive().max(1e7),
    unit: Unit,
    /** The portion was weighed on this scale: the Node side takes only its fresh, stable reading. */
    scaleId: Id.optional(),
    buyer: z
      .object({
        name: Text(100).optional(),
        uscc: UsccInput.optional(),
        phone: z
          .string()
          .regex(/^[\d+\- ]{5,20}$/, 'phone')
          .optional(),
      })
      .optional(),
    /** Price in fen (分). */
    priceFen: z.number().int().min(0).max(1e9).optional(),
    /** Weighed in 市斤: the quantity is still kilograms, the label and receipt say 斤. */
    displayUnit: z.literal('jin').optional(),
    /** Marks the parent exhausted: this portion is the last of it. */
    closing: z.boolean().default(false),
    requestId: RequestId.optional(),
  })
  .superRefine((i, ctx) => checkQuantity(ctx, i.quantity, i.unit, ['quantity']));
export type SplitInput = z.infer<typeof SplitInput>;

export const LineageNode = z.object({
  lotId: Id,
  code: z.string(),
  quantity: z.number(),
  unit: Unit,
  status: LotStatus,
  createdAt: z.string(),
  buyerName: z.string().nullable(),
  /** Split off and sold (to buyerName, or to an anonymous buyer when that is null). */
  sold: z.boolean(),
});
export type LineageNode = z.infer<typeof LineageNode>;

/** A sale's whole answer: the counter shows it without asking again. */
export const SplitResult = z.object({
  code: z.string(),
  child: LotView,
  /** The signed QR payload printed on the label. */
  qr: z.string(),
  parentRemaining: z.number(),
  /** The parent as it is after the sale (what is left, 已售罄 after a closing sale). */
  parent: LotView,
  /** The child as a row of the parent's children (getLineage's), for the counter's list of this lot's sales. */
  childNode: LineageNode,
  /** The child's label job, as queued with the sale (its id previews the label). */
  labelJob: PrintJob,
});
export type SplitResult = z.infer<typeof SplitResult>;

export const Lineage = z.object({
  view: LotView,
  /** Every lot split from this one, any depth, breadth first (what a hold or a disposal acts on). */
  descendants: z.array(z.object({ lotId: Id, code: z.string(), depth: z.number().int().min(1) })),
  /** From the root lot down to this lot's parent. */
  ancestors: z.array(LineageNode),
  /** Lots split directly from this one, oldest first. */
  children: z.array(LineageNode),
});
export type Lineage = z.infer<typeof Lineage>;

export const EntrySummary = z.object({
  entryId: Id,
  lotId: Id,
  codeKey: z.string(),
  supplierName: z.string(),
  varietyName: z.string(),
  quantity: z.number(),
  unit: Unit,
  /** The verdict at entry (after any override) and why… */
  outcome: Outcome,
  reasons: z.array(Reason),
  overridden: z.boolean(),
  /** …and what the lot is now (tested, held, destroyed, sold out since). */
  status: LotStatus,
  createdAt: z.string(),
  operatorName: z.string(),
});
export type EntrySummary = z.infer<typeof EntrySummary>;

export const contract = {
  setupStatus: method({
    access: 'public',
    input: Empty,
    output: z.object({ needsAdmin: z.boolean() }),
  }),
  /** First start: creates the first admin. Refused once any operator exists. */
  setupAdmin: method({
    access: 'public',
    input: z.object({ name: Text(40), pin: Pin }),
    output: Session,
  }),
  /** Names for the sign-in picker; no secrets. */
  listOperators: method({
    access: 'public',
    input: Empty,
    output: z.array(Operator.pick({ id: true, name: true, role: true })),
  }),
  signIn: method({
    access: 'public',
    input: z.object({ operatorId: Id, pin: Pin }),
    output: Session,
  }),
  signOut: method({ access: 'signedIn', input: Empty, output: Ok }),
  createOperator: method({
    access: ['admin'],
    input: OperatorDraft.extend({ pin: Pin }),
    output: Operator,
  }),
  listSubjects: method({
    access: 'signedIn',
    input: z.object({ kind: SubjectKind.optional() }).strict(),
    output: z.array(Subject),
  }),
  saveSubject: method({
    access: RECEIVING,
    input: z.object({
      id: Id.optional(),
      kind: SubjectKind,
      name: Text(100),
      uscc: UsccInput.optional(),
      gln: GlnInput.optional(),
      contact: Text(100).optional(),
    }),
    output: Subject,
  }),
  setSubjectBlocked: method({
    access: ['manager'],
    input: z.object({ id: Id, blocked: z.boolean(), reason: Text(200).optional() }),
    output: Subject,
  }),
  listCategories: method({ access: 'signedIn', input: Empty, output: z.array(Category) }),
  listVarieties: method({ access: 'signedIn', input: Empty, output: z.array(Variety) }),
  saveVariety: method({
    access: ['manager'],
    input: z.object({ id: Id.optional(), name: Text(40), categoryId: z.string().min(1).max(40), defaultUnit: Unit }),
    output: Variety,
  }),
  /** What a scanned code is known as; raises a red alert for held/rejected/recalled/destroyed lots. */
  lookupCode: method({
    access: 'signedIn',
    input: z.object({ raw: RawScan }),
    output: z.object({ view: LotView.nullable() }),
  }),
  /**
   * A lot read again, by id or by any code form, quietly: no alert and nothing recorded. A screen
   * refreshing what it shows uses this; a scan at a desk goes through lookupCode, which alerts.
   */
  getLot: method({
    access: 'signedIn',
    input: z.union([z.object({ lotId: Id }).strict(), z.object({ raw: RawScan }).strict()]),
    output: LotView,
  }),
  checkEntry: method({ access: RECEIVING, input: EntryCheckInput, output: EntryCheckResult }),
  /** Changes a verdict with a reason; answers the lot as it now is. */
  overrideEntry: method({
    access: ['manager'],
    input: z.object({ entryId: Id, outcome: Outcome, reason: Text(200) }),
    output: LotView,
  }),
  getStation: method({ access: 'signedIn', input: Empty, output: StationInfo }),
  /** Once per station: until it is set, no code can be issued. */
  setStationId: method({ access: ['admin'], input: z.object({ stationId: StationId, name: Text(40) }), output: StationInfo }),
  importStationKey: method({
    access: ['admin'],
    input: z.object({ stationId: StationId, name: Text(40), publicKey: z.string().min(40).max(1000) }),
    output: Ok,
  }),
  /** Checks a scanned label's signature offline, with this station's or an imported key. */
  verifyLabel: method({ access: 'signedIn', input: z.object({ raw: z.string().min(1).max(2048) }), output: LabelCheck }),
  splitLot: method({ access: SELLING, input: SplitInput, output: SplitResult }),
  /** A lot with where it came from and what was split from it. */
  getLineage: method({ access: 'signedIn', input: z.object({ raw: RawScan }), output: Lineage }),
  listLabelTemplates: method({ access: 'signedIn', input: Empty, output: z.array(LabelTemplateInfo) }),
  listPrinters: method({ access: 'signedIn', input: Empty, output: z.array(Printer) }),
  savePrinter: method({
    access: ['admin'],
    input: Printer.omit({ id: true }).extend({
      id: Id.optional(),
      name: Text(40),
      purpose: PrinterPurpose.default('labels'),
      isDefault: z.boolean().default(false),
      encoding: z.enum(PRINTER_ENCODINGS).default('gbk'),
    }),
    output: Printer,
  }),
  listPrintJobs: method({
    access: 'signedIn',
    input: z.object({ unfinished: z.boolean().default(false), limit: z.number().int().min(1).max(200).default(50) }),
    output: z.array(PrintJob),
  }),
  /** Prints the same label again (same code, never a new one); who and why are kept. */
  reprint: method({ access: SELLING, input: z.object({ jobId: Id, reason: Text(200) }), output: PrintJob }),
  /** A sent job the printer never confirmed did come out: the operator says so (已打印), and is recorded. */
  confirmPrint: method({ access: SELLING, input: z.object({ jobId: Id }), output: PrintJob }),
  /** The buyer's receipt for a sold portion, on the receipt printer. */
  printReceipt: method({ access: SELLING, input: z.object({ lotId: Id }), output: PrintJob }),
  /** The label exactly as it will print: the raster the printer gets, as a PNG data URL. */
  previewLabel: method({ access: 'signedIn', input: z.object({ jobId: Id }), output: z.object({ png: z.string(), widthDots: z.number(), heightDots: z.number() }) }),
  listScaleProtocols: method({ access: 'signedIn', input: Empty, output: z.array(z.object({ id: z.string(), name: z.string(), commands: z.array(z.enum(['zero', 'tare', 'clearTare'])) })) }),
  listScalePorts: method({ access: ['admin'], input: Empty, output: z.array(z.object({ path: z.string(), device: z.string(), manufacturer: z.string().nullable() })) }),
  /**
   * Listens on a port and proposes protocol and baud rate from the incoming data, best first.
   * `ambiguous`: tied with another proposal that reads the same data as a different weight (耀华 "="
   * digit order): confirm with a known weight on the plate, passed as `knownKg`, which keeps only
   * the proposals that read it. `kg`: the last weight the proposal read.
   */
  detectScale: method({
    access: ['admin'],
    input: z.object({ path: z.string().min(1).max(200), knownKg: z.number().positive().max(100_000).optional() }),
    output: z.array(z.object({ protocolId: z.string(), baudRate: z.number(), frames: z.number(), kg: z.number().nullable(), ambiguous: z.boolean() })),
  }),
  listScales: method({ access: 'signedIn', input: Empty, output: z.array(Scale.extend({ status: ScaleState, weight: Weight.nullable() })) }),
  saveScale: method({ access: ['admin'], input: Scale.omit({ id: true }).extend({ id: Id.optional(), name: Text(40), path: z.string().min(1).max(200) }), output: Scale }),
  /** Zero, tare or clear tare, where the scale's protocol has the command. */
  scaleCommand: method({ access: SELLING, input: z.object({ scaleId: Id, command: z.enum(['zero', 'tare', 'clearTare']) }), output: Ok }),
  removeScale: method({ access: ['admin'], input: z.object({ id: Id }), output: Ok }),
  listScanners: method({ access: 'signedIn', input: Empty, output: z.array(Scanner.extend({ status: ScannerState, lastScan: z.object({ text: z.string(), at: z.number() }).nullable() })) }),
  /** Serial ports and USB HID POS scanners a scanner can be set up on. */
  listScannerDevices: method({
    access: ['admin'],
    input: Empty,
    output: z.object({
      serial: z.array(z.object({ path: z.string(), device: z.string(), manufacturer: z.string().nullable() })),
      hidpos: z.array(z.object({ path: z.string(), name: z.string() })),
    }),
  }),
  saveScanner: method({
    access: ['admin'],
    input: Scanner.omit({ id: true }).extend({ id: Id.optional(), name: Text(40), path: z.string().min(1).max(200), hidLayout: Scanner.shape.hidLayout.default('aimFirst') }),
    output: Scanner,
  }),
  removeScanner: method({ access: ['admin'], input: z.object({ id: Id }), output: Ok }),
  getSettings: method({ access: 'signedIn', input: Empty, output: Settings }),
  saveSettings: method({ access: ['admin'], input: Settings, output: Settings }),
  ...testingMethods,
  ...disposalMethods,
  ...syncMethods,
  ...backupMethods,
  ...supportMethods,
  ...masterDataMethods,
  ...auditMethods,
  ...reportMethods,
  ...exportMethods,
  ...dayCloseMethods,
  ...ledgerMethods,
  ...recallMethods,
  ...exitMethods,
  /** A day's entry checks, newest first, a page at a time; `total` is the whole day's count. */
  listEntries: method({
    access: STAFF,
    input: z.object({ day: IsoDate.optional(), limit: z.number().int().min(1).max(500).default(100), offset: z.number().int().min(0).default(0) }),
    output: z.object({ entries: z.array(EntrySummary), total: z.number().int() }),
  }),
} as const;

export type Contract = typeof contract;
export type MethodName = keyof Contract;
export const METHOD_NAMES = Object.keys(contract) as MethodName[];
/** What a caller sends… */
export type Input<M extends MethodName> = z.input<Contract[M]['input']>;
/** …what the handler receives once the input schema parsed it (defaults filled in, text normalised)… */
export type ParsedInput<M extends MethodName> = z.output<Contract[M]['input']>;
/** …and what it answers. */
export type Output<M extends MethodName> = z.output<Contract[M]['output']>;
