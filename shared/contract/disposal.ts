import { z } from 'zod';
import { checkQuantity, Id, Pin, Text, Unit } from './entities';
import { method } from './spec';

const DISPOSING = ['inspector', 'manager'] as const;
const STAFF = ['receiver', 'inspector', 'manager'] as const;

export const DISPOSAL_REASONS = ['testFailed', 'expired', 'spoiled', 'recalled', 'other'] as const;
export const DISPOSAL_METHODS = ['shredding', 'other'] as const;
export const SHREDDER_MODES = ['none', 'serial', 'modbus', 'manual'] as const;

/** One shredder run as stored with a disposal: station clock (ms), duration and the device's evidence. */
export const ShredderRunInfo = z.object({
  mode: z.enum(['serial', 'modbus', 'manual']),
  startedAt: z.number(),
  endedAt: z.number(),
  durationMs: z.number(),
  evidence: z.record(z.string(), z.unknown()),
});
export type ShredderRunInfo = z.infer<typeof ShredderRunInfo>;

/** The shredder controller fitted at the disposal room (one per station); `none`: no device, manual confirmation only. */
export const ShredderSettings = z.object({
  mode: z.enum(SHREDDER_MODES),
  path: z.string().max(200),
  baudRate: z.number().int().nullable(),
  /** Modbus RTU meter: unit id, register table and address, value format and thresholds (amps). */
  modbus: z.object({
    unitId: z.number().int().min(1).max(247),
    table: z.enum(['input', 'holding']),
    address: z.number().int().min(0).max(65535),
    type: z.enum(['int16', 'uint16', 'uint32', 'float32']),
    wordOrder: z.enum(['highFirst', 'lowFirst']),
    scale: z.number().positive(),
    startAmps: z.number().positive(),
    stopAmps: z.number().positive(),
  }),
});
export type ShredderSettings = z.infer<typeof ShredderSettings>;

export const ShredderState = z.object({
  mode: z.enum(SHREDDER_MODES),
  state: z.enum(['connected', 'disconnected', 'error', 'none']),
  error: z.string().nullable(),
  message: z.string().nullable(),
  /** A run is in progress now (device modes), or manually confirmed as started. */
  running: z.boolean(),
  /** The last run seen since the station started (device modes) or confirmed (manual). */
  lastRun: ShredderRunInfo.nullable(),
});
export type ShredderState = z.infer<typeof ShredderState>;

export const Disposal = z.object({
  id: Id,
  certificateNumber: z.string(),
  lotId: Id,
  code: z.string(),
  varietyName: z.string(),
  quantity: z.number(),
  unit: Unit,
  /** The quantity came from the scale's stable reading. */
  weighed: z.boolean(),
  reason: z.enum(DISPOSAL_REASONS),
  reasonText: z.string().nullable(),
  method: z.enum(DISPOSAL_METHODS),
  methodText: z.string().nullable(),
  operatorName: z.string(),
  witnessName: z.string(),
  operatorConfirmedAt: z.string(),
  witnessConfirmedAt: z.string(),
  shredder: ShredderRunInfo.nullable(),
  /** A device is fitted but no run overlapped the disposal: kept and shown, never hidden. */
  flag: z.enum(['noRunDetected']).nullable(),
  /**
   * The lots this disposal destroyed: the scanned lot (what the market held of it). Portions split
   * from it are with their buyers and keep their state (disposals before this version listed them too).
   */
  blockedCodes: z.array(z.string()),
  hasPhotos: z.object({ before: z.boolean(), after: z.boolean() }),
  createdAt: z.string(),
});
export type Disposal = z.infer<typeof Disposal>;

/** A JPEG or PNG data URL from the webcam, bounded (about 1.5 MB). */
const Photo = z
  .string()
  .regex(/^data:image\/(jpeg|png);base64,[A-Za-z0-9+/=]+$/, 'photo')
  .max(2_000_000);

export const DisposeInput = z
  .object({
    raw: z.string().min(1).max(4096),
    quantity: z.number().positive().max(1e7),
    unit: Unit,
    /**
     * Weighed on this scale: the reading spent by startShredding for `shreddingId` (the goods are
     * gone by now), else the scale's fresh, stable reading now. Never an unstable one.
     */
    scaleId: Id.optional(),
    reason: z.enum(DISPOSAL_REASONS),
    reasonText: Text(200).optional(),
    method: z.enum(DISPOSAL_METHODS),
    methodText: Text(200).optional(),
    /** The signed-in operator confirms again with their PIN… */
    operatorPin: Pin,
    /** …and a second person, present as witness, with theirs. */
    witnessId: Id,
    witnessPin: Pin,
    /** From startShredding: the window in which the shredder's run is looked for. */
    shreddingId: Id.optional(),
    photoBefore: Photo.optional(),
    photoAfter: Photo.optional(),
  })
  .superRefine((i, ctx) => checkQuantity(ctx, i.quantity, i.unit, ['quantity']));
export type DisposeInput = z.input<typeof DisposeInput>;

export const StartShreddingInput = z.object({
  method: z.enum(DISPOSAL_METHODS).default('shredding'),
  weighed: z
    .object({ scaleId: Id, quantity: z.number().positive().max(1e7) })
    .superRefine((w, ctx) => checkQuantity(ctx, w.quantity, 'kg', ['quantity']))
    .optional(),
});
export type StartShreddingInput = z.input<typeof StartShreddingInput>;

export const disposalMethods = {
  getShredderSettings: method({ access: 'signedIn', input: z.object({}).strict(), output: ShredderSettings }),
  saveShredderSettings: method({ access: ['admin'], input: ShredderSettings, output: ShredderSettings }),
  shredderStatus: method({ access: 'signedIn', input: z.object({}).strict(), output: ShredderState }),
  /**
   * Opens the disposal's window in which the shredder's run is looked for; in manual mode (method
   * shredding), the operator's "started". The goods are weighed here, before they go in: a stable
   * scale reading given as `weighed` is spent now and kept with the window for disposeLot.
   */
  startShredding: method({ access: DISPOSING, input: StartShreddingInput, output: z.object({ shreddingId: Id, startedAt: z.number(), weighedKg: z.number().nullable() }) }),
  /** Manual mode: the operator's "finished". Device modes need nothing: the run is detected. */
  stopShredding: method({ access: DISPOSING, input: z.object({ shreddingId: Id }), output: z.object({ ok: z.literal(true) }) }),
  /**
   * Checks one PIN of a disposal as it is entered (the operator's own, then the witness's, who must
   * be someone else): a wrong one is caught at once, not after the second person typed theirs.
   * disposeLot checks both again; nothing is recorded here.
   */
  checkDisposalPin: method({
    access: DISPOSING,
    input: z.discriminatedUnion('who', [z.object({ who: z.literal('operator'), pin: Pin }), z.object({ who: z.literal('witness'), witnessId: Id, pin: Pin })]),
    output: z.object({ ok: z.literal(true) }),
  }),
  /** Destroys a lot and blocks it and every descendant forever; two people confirm with their PINs. */
  disposeLot: method({ access: DISPOSING, input: DisposeInput, output: Disposal }),
  listDisposals: method({ access: STAFF, input: z.object({ limit: z.number().int().min(1).max(200).default(50) }), output: z.array(Disposal) }),
  /** The kept certificate, as a PDF data URL. */
  getDisposalCertificate: method({ access: STAFF, input: z.object({ disposalId: Id }), output: z.object({ pdf: z.string(), fileName: z.string() }) }),
} as const;
