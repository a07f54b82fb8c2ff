/**
 * Rapid tests (快检) at the market, as data (DOMAIN §3): items, methods, units and thresholds are
 * defaults the manager may change, and judgeTest turns one reading into a verdict. Validation
 * failures come back as codes (i18n keys under `rapidTest.error.`), never as sentences.
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

export type JudgeResult =
  | { ok: true; value: { verdict: Verdict; needsLabConfirmation: boolean } }
  | { ok: false; error: RapidTestError };

/** Colloidal-gold strips: the cut-off is the kit's, so the item carries no threshold of its own. */
const betaAgonist = (id: string, zh: string, en: string): QualitativeItem => ({
  id,
  kind: 'qualitative',
  name: { zh, en },
  method: { zh: '胶体金免疫层析试纸条（定性）', en: 'Colloidal gold immunochromatographic strip (qualitative)' },
  categoryIds: ['livestock'],
  labConfirm: { allPositives: false, varietyKeys: [] },
});

export const DEFAULT_RAPID_TEST_ITEMS: RapidTestItem[] = [
  {
    id: 'opCarbamate',
    kind: 'quantitative',
    name: { zh: '有机磷和氨基甲酸酯类农药', en: 'Organophosphate and carbamate pesticides' },
    method: { zh: '酶抑制率法', en: 'Enzyme inhibition' },
    standard: 'GB/T 5009.199-2003',
    categoryIds: ['vegetable'],
    unit: '%',
    min: 0,
    max: 100,
    // GB/T 5009.199: inhibition ≥ 50% means a high pesticide dose, the sample is positive.
    positiveAtOrAbove: 50,
    labConfirm: {
      allPositives: false,
      // The standard's note: 葱、蒜、萝卜、韭菜、芹菜、香菜、茭白、蘑菇及番茄 contain compounds that
      // inhibit the enzyme. Short keys on purpose (洋葱, 大葱 and 香葱 all contain 葱): flagging one
      // variety too many costs a lab test, missing one destroys good produce.
      varietyKeys: ['韭', '葱', '蒜', '茭白', '萝卜', '芹菜', '香菜', '芫荽', '菇', '番茄', '西红柿'],
    },
  },
  betaAgonist('clenbuterol', '克伦特罗', 'Clenbuterol'),
  betaAgonist('ractopamine', '莱克多巴胺', 'Ractopamine'),
  betaAgonist('salbutamol', '沙丁胺醇', 'Salbutamol'),
];

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
