import { z } from 'zod';
import { Id, IsoDate, LotView, Text, Unit } from './entities';
import { method } from './spec';

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

export const TEST_ITEM_KINDS = ['quantitative', 'qualitative'] as const;

export const TestItemInfo = z.object({
  id: z.string(),
  name: z.object({ zh: z.string(), en: z.string() }),
  method: z.object({ zh: z.string(), en: z.string() }),
  standard: z.string().nullable(),
  kind: z.enum(TEST_ITEM_KINDS),
  /** quantitative only: the value's unit and the positive threshold (value ≥ threshold). */
  unit: z.string().nullable(),
  threshold: z.number().nullable(),
  min: z.number().nullable(),
  max: z.number().nullable(),
  categories: z.array(z.string()),
  labConfirm: z.object({ allPositives: z.boolean(), varietyKeys: z.array(z.string()) }),
  /** A disabled item is offered nowhere; it stays for the tests recorded with it. */
  active: z.boolean(),
  updatedAt: z.string(),
  updatedByName: z.string().nullable(),
});
export type TestItemInfo = z.infer<typeof TestItemInfo>;

/** Free text of an item: trimmed, bounded, no control characters; each problem its own code. */
const itemText = (max: number, required: boolean) => {
  const base = z.string().trim().max(max, 'tooLong');
  // eslint-disable-next-line no-control-regex
  return (required ? base.min(1, 'required') : base).refine((s) => !/[\u0000-\u001f\u007f]/.test(s), 'controlChars');
};

/**
 * An admin's test item. Each problem is its own code at its own field (i18n
 * `testing.items.problem.<code>`): a quantitative item needs a unit, a range and a threshold
 * inside it (min < threshold ≤ max, so both verdicts can happen); every item at least one
 * category. A qualitative item's unit and numbers are dropped: its kit decides. Unknown
 * categories and taken names are the service's checks.
 */
export const TestItemInput = z
  .object({
    /** Present: edits that item; absent: a new item (the station makes its id). */
    id: z.string().min(1).max(40).optional(),
    nameZh: itemText(40, true),
    /** Empty: screens show the Chinese name. */
    nameEn: itemText(80, false).default(''),
    methodZh: itemText(60, true),
    methodEn: itemText(120, false).default(''),
    standard: itemText(40, false).default(''),
    kind: z.enum(TEST_ITEM_KINDS),
    unit: itemText(12, false).default(''),
    min: z.number().finite().nullable().default(null),
    max: z.number().finite().nullable().default(null),
    positiveAtOrAbove: z.number().finite().nullable().default(null),
    categoryIds: z
      .array(z.string().min(1).max(40))
      .min(1, 'noCategory')
      .max(50)
      .transform((ids) => [...new Set(ids)]),
    labAllPositives: z.boolean().default(false),
    labVarietyKeys: z
      .array(itemText(10, true))
      .max(40, 'tooMany')
      .default([])
      .transform((keys) => [...new Set(keys)]),
  })
  .strict()
  .superRefine((item, ctx) => {
    if (item.kind !== 'quantitative') return;
    const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    if (!item.unit) issue('unit', 'unitRequired');
    if (item.min === null) issue('min', 'rangeRequired');
    if (item.max === null) issue('max', 'rangeRequired');
    if (item.positiveAtOrAbove === null) issue('positiveAtOrAbove', 'thresholdRequired');
    if (item.min === null || item.max === null) return;
    if (item.min >= item.max) issue('max', 'rangeOrder');
    else if (item.positiveAtOrAbove !== null && (item.positiveAtOrAbove <= item.min || item.positiveAtOrAbove > item.max)) issue('positiveAtOrAbove', 'thresholdOutsideRange');
  });
export type TestItemInput = z.output<typeof TestItemInput>;

/** One catalog category: how many active items apply, and whether it must be tested without one. */
export const TestItemCoverage = z.object({
  categoryId: z.string(),
  nameZh: z.string(),
  nameEn: z.string(),
  mustTest: z.boolean(),
  activeItems: z.number().int(),
  /** Must be tested (批批检测) and no active item applies: its lots could never leave 待检. */
  gap: z.boolean(),
});
export type TestItemCoverage = z.infer<typeof TestItemCoverage>;

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
    categoryRisk: z.record(z.string().min(1).max(40), CategoryRiskLevel).refine((r) => Object.keys(r).length <= 100, 'tooMany'),
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
  /** The active items; `includeInactive` (admin only) adds the disabled ones. */
  listTestItems: method({ access: 'signedIn', input: z.object({ includeInactive: z.boolean().default(false) }).strict(), output: z.array(TestItemInfo) }),
  /** Every category with its active items, flagging those that must be tested but cannot be. */
  testItemCoverage: method({ access: 'signedIn', input: z.object({}).strict(), output: z.array(TestItemCoverage) }),
  /** Admin: adds or edits a test item; the change is uploaded as master data. */
  saveTestItem: method({ access: ['admin'], input: TestItemInput, output: TestItemInfo }),
  /** Admin: disables (or enables again) an item; tests recorded with it keep it. */
  setTestItemActive: method({ access: ['admin'], input: z.object({ id: z.string().min(1).max(40), active: z.boolean() }).strict(), output: TestItemInfo }),
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
