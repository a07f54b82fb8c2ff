/**
 * Rapid tests (快检) at the market, as data: items, methods, units and thresholds live in
 * the store (seeded from `testItems.ts`, edited by an admin), and judgeTest turns one reading into a
 * verdict. Validation failures come back as codes (i18n keys), never as sentences.
 */

export interface Localized {
  zh: string;
  en: string;
}

interface ItemBase {
  id: string;
  name: Localized;
  method: Localized;
  /** Standard the method and threshold come from, when there is one. */
  standard?: string;
  /** Categories the item applies to (ids as in DEFAULT_CATEGORIES). */
  categoryIds: string[];
  labConfirm: {
    /** Every positive goes to the lab before the lot is destroyed. */
    allPositives: boolean;
    /**
     * Positives on varieties whose name contains one of these are flagged for lab confirmation:
     * their own plant compounds can give false positives. A caller's explicit flag wins.
     */
    varietyKeys: string[];
  };
}

/** A reading with a unit, positive at or above the threshold. */
export interface QuantitativeItem extends ItemBase {
  kind: 'quantitative';
  unit: string;
  min: number;
  max: number;
  positiveAtOrAbove: number;
}

/** A reading that is positive or negative (strip, card), with the cut-off built into the kit. */
export interface QualitativeItem extends ItemBase {
  kind: 'qualitative';
}

export type RapidTestItem = QuantitativeItem | QualitativeItem;

export type Measurement =
  | { kind: 'quantitative'; value: number; unit: string }
  | { kind: 'qualitative'; reading: 'positive' | 'negative' }
  /** The run failed its own control (no control line on a strip, reader's control out of range). */
  | { kind: 'invalid' };

export interface TestedVariety {
  name: string;
  categoryId?: string;
  /** Overrides the name match either way, for varieties the station has flagged itself. */
  falsePositiveProne?: boolean;
}

export type Verdict = 'negative' | 'positive' | 'invalid';

export const RAPID_TEST_ERROR_CODES = ['kindMismatch', 'unitMismatch', 'notANumber', 'outOfRange', 'categoryNotCovered'] as const;
export type RapidTestErrorCode = (typeof RAPID_TEST_ERROR_CODES)[number];

export interface RapidTestError {
  code: RapidTestErrorCode;
  params?: Record<string, string | number>;
}

export type JudgeResult = { ok: true; value: { verdict: Verdict; needsLabConfirmation: boolean } } | { ok: false; error: RapidTestError };

function fail(code: RapidTestErrorCode, params?: Record<string, string | number>): JudgeResult {
  return { ok: false, error: params ? { code, params } : { code } };
}

function proneToFalsePositive(item: RapidTestItem, variety: TestedVariety): boolean {
  if (variety.falsePositiveProne !== undefined) return variety.falsePositiveProne;
  const name = variety.name.trim();
  return item.labConfirm.varietyKeys.some((key) => name.includes(key));
}

/** Verdict for one reading of one item on one variety; a positive may need the lab first. */
export function judgeTest(item: RapidTestItem, measurement: Measurement, variety: TestedVariety): JudgeResult {
  if (variety.categoryId !== undefined && !item.categoryIds.includes(variety.categoryId)) {
    return fail('categoryNotCovered', { categoryId: variety.categoryId });
  }
  if (measurement.kind === 'invalid') return { ok: true, value: { verdict: 'invalid', needsLabConfirmation: false } };
  if (measurement.kind !== item.kind) return fail('kindMismatch', { expected: item.kind });

  let positive: boolean;
  if (measurement.kind === 'quantitative' && item.kind === 'quantitative') {
    if (measurement.unit !== item.unit) return fail('unitMismatch', { expected: item.unit, got: measurement.unit });
    if (!Number.isFinite(measurement.value)) return fail('notANumber');
    if (measurement.value < item.min || measurement.value > item.max) return fail('outOfRange', { min: item.min, max: item.max });
    positive = measurement.value >= item.positiveAtOrAbove;
  } else {
    positive = measurement.kind === 'qualitative' && measurement.reading === 'positive';
  }
  const needsLabConfirmation = positive && (item.labConfirm.allPositives || proneToFalsePositive(item, variety));
  return { ok: true, value: { verdict: positive ? 'positive' : 'negative', needsLabConfirmation } };
}
