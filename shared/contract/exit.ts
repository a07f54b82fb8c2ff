import { z } from 'zod';
import { method } from './spec';
import { Id, IsoDate, IsoDateTime, LotStatus, LotView, Text, Unit, Zone } from './entities';

/** 出口查验 is staffed by a gatekeeper; a small market's receiver or its manager may stand in. */
const EXIT = ['gatekeeper', 'receiver', 'manager'] as const;
/** Moving lots between 交易区 and 贮存区 is done by the market's staff at a desk. */
const ZONING = ['receiver', 'manager'] as const;

/** The raw text of one scan (methods.ts's RawScan, repeated here: methods.ts imports this file). */
const Scan = z.string().min(1).max(4096);

/** A vehicle plate as typed (闽A12345, 闽AD12345): bounded free text, kept verbatim. */
const Plate = Text(16);

/** One departure: a sold lot (a child code, or a lot sold out whole) went through the exit gate. */
export const Departure = z.object({
  id: Id,
  lotId: Id,
  code: z.string(),
  /** The lot it was split from (the sale), null for a lot that left whole. */
  parentCode: z.string().nullable(),
  quantity: z.number(),
  unit: Unit,
  vehicle: z.string().nullable(),
  /** As typed at the gate, else the buyer the counter recorded for the sale. */
  buyer: z.string().nullable(),
  at: IsoDateTime,
  by: z.string(),
});
export type Departure = z.infer<typeof Departure>;

/**
 * Something left that should not have, and the gate could not stop it (the manager follows up):
 * `unsold` a lot nobody sold yet, `stopped` a held / recalled / rejected / destroyed lot, `noCode`
 * goods without a readable code of this station.
 */
export const EXIT_EXCEPTION_KINDS = ['unsold', 'stopped', 'noCode'] as const;
export const ExitExceptionKind = z.enum(EXIT_EXCEPTION_KINDS);
export type ExitExceptionKind = z.infer<typeof ExitExceptionKind>;

export const ExitException = z.object({
  id: Id,
  kind: ExitExceptionKind,
  lotId: Id.nullable(),
  code: z.string().nullable(),
  /** The lot's status when it left (null without a lot). */
  status: LotStatus.nullable(),
  /** What was scanned when it names no lot (an unknown code), verbatim. */
  scanned: z.string().nullable(),
  note: z.string().nullable(),
  vehicle: z.string().nullable(),
  buyer: z.string().nullable(),
  at: IsoDateTime,
  by: z.string(),
});
export type ExitException = z.infer<typeof ExitException>;

export const ExitLotInput = z.object({
  raw: Scan,
  vehicle: Plate.optional(),
  buyer: Text(100).optional(),
});

export const ExitExceptionInput = z
  .object({
    /** The code scanned, when there was one. */
    raw: Scan.optional(),
    note: Text(200).optional(),
    vehicle: Plate.optional(),
    buyer: Text(100).optional(),
  })
  .refine((i) => i.raw !== undefined || i.note !== undefined, { path: ['note'], message: 'noteOrScan' });

/** Zones a desk moves a lot into (贮存区 and back to 交易区). */
export const MOVABLE_ZONES = ['trading', 'storage'] as const;
export const MovableZone = z.enum(MOVABLE_ZONES);

export const exitMethods = {
  /**
   * 出口查验: a sold lot leaves. Refused (nothing written) for an unknown code, a held / recalled /
   * rejected / destroyed lot, a lot not sold yet, or one that already left (with when and who); the
   * same code read again by the same operator within seconds answers its departure (`duplicate`).
   */
  exitLot: method({ access: EXIT, input: ExitLotInput, output: z.object({ departure: Departure, view: LotView, duplicate: z.boolean() }) }),
  /** The gate's departures of the market day so far, newest first. */
  listDepartures: method({ access: EXIT, input: z.object({ limit: z.number().int().min(1).max(200).default(20) }).strict(), output: z.array(Departure) }),
  /** Goods left unsold, stopped or without a code: kept for the manager. */
  recordExitException: method({ access: EXIT, input: ExitExceptionInput, output: ExitException }),
  /** 出口异常: a market day's exceptions (default today), newest first, with the day's total. */
  listExitExceptions: method({
    access: ['manager'],
    input: z.object({ day: IsoDate.optional(), limit: z.number().int().min(1).max(500).default(100) }).strict(),
    output: z.object({ exceptions: z.array(ExitException), total: z.number().int() }),
  }),
  /** One scan moves a lot to 贮存区 or back to 交易区; `moved` false: it was there already (nothing written). */
  moveLotZone: method({
    access: ZONING,
    input: z.object({ raw: Scan, zone: MovableZone }),
    output: z.object({ view: LotView, moved: z.boolean(), from: Zone }),
  }),
} as const;
