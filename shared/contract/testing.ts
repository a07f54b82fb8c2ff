import { z } from 'zod';
import { Id, IsoDate, LotView, Text, Unit } from './entities';
import type { MethodSpec } from './methods';

const method = <I extends z.ZodType, O extends z.ZodType>(spec: MethodSpec<I, O>) => spec;
const TESTING = ['inspector', 'manager'] as const;
const STAFF = ['receiver', 'inspector', 'manager'] as const;

/** Why a lot is tested: no report (always), the keyed sampler, the end-of-day floor, or by hand. */
export const SELECTION_REASONS = ['noReport', 'keyed', 'floor', 'manual'] as const;
export const SelectionReason = z.enum(SELECTION_REASONS);
export type SelectionReason = z.infer<typeof SelectionReason>;

export const TestSelection = z.object({
  lotId: Id,
  code: z.string(),
  varietyName: z.string(),
  supplierName: z.string(),
  reason: SelectionReason,
  note: z.string().nullable(),
  /** The sampler's score and probability (keyed/floor), kept for the audit. */
  score: z.number().nullable(),
  p: z.number().nullable(),
  createdAt: z.string(),
  /** The latest test's verdict, or null while the lot waits for its test. */
  verdict: z.enum(['negative', 'positive', 'invalid']).nullable(),
});
export type TestSelection = z.infer<typeof TestSelection>;

export const TestItemInfo = z.object({
  id: z.string(),
  name: z.object({ zh: z.string(), en: z.string() }),
  method: z.object({ zh: z.string(), en: z.string() }),
  kind: z.enum(['quantitative', 'qualitative']),
  /** quantitative only: the value's unit and the positive threshold (value ≥ threshold). */
  unit: z.string().nullable(),
  threshold: z.number().nullable(),
  min: z.number().nullable(),
  max: z.number().nullable(),
  categories: z.array(z.string()),
});
export type TestItemInfo = z.infer<typeof TestItemInfo>;

export const RapidTest = z.object({
  id: Id,
  lotId: Id,
  itemId: z.string(),
  kitLot: z.string().nullable(),
  value: z.number().nullable(),
  reading: z.enum(['positive', 'negative']).nullable(),
  unit: z.string().nullable(),
  threshold: z.number().nullable(),
  verdict: z.enum(['negative', 'positive', 'invalid']),
  needsLabConfirmation: z.boolean(),
  inspectorName: z.string(),
  createdAt: z.string(),
});
export type RapidTest = z.infer<typeof RapidTest>;

/** One lot under a hold: the held lot itself and every lot split from it, with where each went. */
export const HeldLot = z.object({
  lotId: Id,
  code: z.string(),
  parentCode: z.string().nullable(),
  quantity: z.number(),
  unit: Unit,
  status: z.string(),
  buyerName: z.string().nullable(),
  depth: z.number().int(),
});
export type HeldLot = z.infer<typeof HeldLot>;

export const Hold = z.object({
  id: Id,
  lotId: Id,
  code: z.string(),
  reason: z.enum(['testPositive', 'manual']),
  note: z.string().nullable(),
  testId: Id.nullable(),
  status: z.enum(['active', 'released', 'disposed']),
  createdAt: z.string(),
  createdByName: z.string(),
  releasedAt: z.string().nullable(),
  releaseReason: z.string().nullable(),
  lots: z.array(HeldLot),
});
export type Hold = z.infer<typeof Hold>;

export const SamplingStatus = z.object({
  day: IsoDate,
  targetRate: z.number(),
  reportLots: z.number().int(),
  sampledReportLots: z.number().int(),
  noReportLots: z.number().int(),
  /** Report lots still to be picked so the day reaches the target. */
  shortfall: z.number().int(),
  floorActive: z.boolean(),
});
export type SamplingStatus = z.infer<typeof SamplingStatus>;

/** Category risk levels the sampler weights (high ×2, normal ×1, low ×0.8 by default). */
export const CATEGORY_RISKS = ['high', 'normal', 'low'] as const;
export const CategoryRiskLevel = z.enum(CATEGORY_RISKS);

/** A rate in whole percent (0.01 steps): 0.29 × 100 is 28.999…, so compared with a tolerance. */
const wholePercent = (x: number) => Math.abs(Math.round(x * 100) - x * 100) < 1e-6;

/**
 * The daily sampling rules the market sets (docs/testing.md); every weight (base factor, category,
 * failure and new-supplier weights) stays a code default. `categoryRisk` maps category id → level;
 * a category left out keeps its default level (DEFAULT_CATEGORY_RISK, else normal).
 */
export const SamplingSettings = z
  .object({
    /** Minimum share of the day's report lots tested: 1 %–100 % in whole percent. */
    targetRate: z.number().min(0.01).max(1).refine(wholePercent, 'percentStep'),
    /** Market closing time, local HH:MM. */
    closingTime: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'hhmm'),
    /** The end-of-day floor starts this many minutes before closing. */
    floorMinutesBeforeClose: z.number().int().min(0).max(240),
    /** A supplier with fewer lots than this seen so far counts as new (0: nobody is new). */
    newSupplierLots: z.number().int().min(0).max(100),
    categoryRisk: z
      .record(z.string().min(1).max(40), CategoryRiskLevel)
      .refine((r) => Object.keys(r).length <= 100, 'tooMany'),
  })
  .strict();
export type SamplingSettings = z.infer<typeof SamplingSettings>;

/**
 * The rules in force (defaults filled in, every catalog category listed), with who saved them last.
 * Not bounded like the input: a start option (CoreOptions.sampling) may hold a value the screen
 * would not accept, and reading it must still work.
 */
export const SamplingSettingsView = z.object({
  targetRate: z.number(),
  closingTime: z.string(),
  floorMinutesBeforeClose: z.number(),
  newSupplierLots: z.number(),
  categoryRisk: z.record(z.string(), CategoryRiskLevel),
  updatedAt: z.string().nullable(),
  updatedByName: z.string().nullable(),
});
export type SamplingSettingsView = z.infer<typeof SamplingSettingsView>;

export const RecordTestInput = z.object({
  /** The lot's scan (any code form the station reads). */
  raw: z.string().min(1).max(4096),
  itemId: z.string().min(1).max(40),
  kitLot: Text(40).optional(),
  /** quantitative items */
  value: z.number().finite().optional(),
  /** qualitative items */
  reading: z.enum(['positive', 'negative']).optional(),
  /** The kit's own control line failed: the run is invalid and must be repeated. */
  invalidRun: z.boolean().default(false),
});

export const testingMethods = {
  listTestItems: method({ access: 'signedIn', input: z.object({}).strict(), output: z.array(TestItemInfo) }),
  /** The day's lots selected for testing, newest first; `pending` leaves out those already tested negative or positive. */
  listTestQueue: method({
    access: STAFF,
    input: z.object({ day: IsoDate.optional(), pending: z.boolean().default(false) }),
    output: z.array(TestSelection),
  }),
  samplingStatus: method({ access: STAFF, input: z.object({ day: IsoDate.optional() }), output: SamplingStatus }),
  /** The sampling rules in force (target rate, closing time, floor window, new-supplier count, category risk). */
  getSamplingSettings: method({ access: 'signedIn', input: z.object({}).strict(), output: SamplingSettingsView }),
  /** Manager: changes the sampling rules; they apply from the next decision, never to selections already made. */
  saveSamplingSettings: method({ access: ['manager'], input: SamplingSettings, output: SamplingSettingsView }),
  /** Manager: picks the lots the end-of-day floor needs from today's untested report lots (by keyed score). */
  applySamplingFloor: method({ access: ['manager'], input: z.object({}).strict(), output: z.array(TestSelection) }),
  /** A lot added to the test queue by hand, with why. */
  selectForTest: method({ access: TESTING, input: z.object({ raw: z.string().min(1).max(4096), note: Text(200) }), output: TestSelection }),
  /** Records a rapid test; a positive holds the lot and every lot split from it, a negative releases it to trading. */
  recordTest: method({
    access: TESTING,
    input: RecordTestInput,
    output: z.object({ test: RapidTest, view: LotView, hold: Hold.nullable() }),
  }),
  listTests: method({ access: STAFF, input: z.object({ raw: z.string().min(1).max(4096) }), output: z.array(RapidTest) }),
  listHolds: method({ access: STAFF, input: z.object({ active: z.boolean().default(true) }), output: z.array(Hold) }),
  /** Manager: a hold placed by hand (recall, suspicion) on a lot and its descendants. */
  placeHold: method({ access: ['manager'], input: z.object({ raw: z.string().min(1).max(4096), note: Text(200) }), output: Hold }),
  /** Manager: lifts a hold (e.g. the lab confirmed negative); the lots return to what they were. */
  releaseHold: method({ access: ['manager'], input: z.object({ holdId: Id, reason: Text(200) }), output: Hold }),
} as const;
