/**
 * Which lots the market tests at entry: every lot without a test report (批批检测), and at least a
 * target share of the day's lots that come with one (default 10%, the district work plan's minimum
 * for 抽检).
 *
 * The sample among report lots is keyed: score = HMAC-SHA256(day key, lot id) read as a uniform
 * number in [0,1), selected when score < p. Without the station secret nobody (supplier, stall,
 * staff) can tell in advance which lot will be pulled, yet the same inputs always give the same
 * decision, so an auditor holding the secret can replay the day. p is a base probability set above
 * the target, times a risk weight; an end-of-day floor tops the day up to the target when chance
 * fell short.
 */
import { hkdf } from '@noble/hashes/hkdf.js';
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';

export type CategoryRisk = 'high' | 'normal' | 'low';

export interface SamplingConfig {
  /** Minimum share of the day's report lots that is tested. Plan: 不少于10%. */
  targetRate: number;
  /** Base probability = targetRate × baseFactor: above 1 so chance alone usually meets the target. */
  baseFactor: number;
  /** Weight per category risk level; which category has which level is the caller's data. */
  categoryWeights: Record<CategoryRisk, number>;
  /** Supplier failures counted over this many days back (the caller counts them). */
  failureWindowDays: number;
  /** Weight by the supplier's failures in the window: index = failures, the last entry for more. */
  failureWeights: number[];
  /** A supplier with fewer lots than this seen at the market so far counts as new. */
  newSupplierLots: number;
  newSupplierWeight: number;
  /** Local trading-day start and market closing time (HH:MM); overnight markets wrap past midnight. */
  dayStart: string;
  closingTime: string;
  /** The floor switches on this many minutes before closing. */
  floorMinutesBeforeClose: number;
}

/**
 * Defaults. Market hours and every weight are local choices the district work plan does not fix: the values here
 * are a starting point for the manager. With base 0.13 even a low-risk lot (0.8 → p = 0.104) stays
 * above 10%, so the floor only has to act on unlucky days.
 */
export const DEFAULT_SAMPLING_CONFIG: SamplingConfig = {
  targetRate: 0.1,
  baseFactor: 1.3,
  categoryWeights: { high: 2, normal: 1, low: 0.8 },
  failureWindowDays: 90,
  failureWeights: [1, 2, 3, 4],
  newSupplierLots: 5,
  newSupplierWeight: 2,
  dayStart: '00:00',
  closingTime: '18:00',
  floorMinutesBeforeClose: 30,
};

/**
 * Suggested category risk levels: the categories the market's own rapid tests target (pesticides on
 * vegetables, β-agonists on livestock: see testItems.ts). Categories not listed are 'normal'.
 */
export const DEFAULT_CATEGORY_RISK: Readonly<Record<string, CategoryRisk>> = { vegetable: 'high', livestock: 'high' };

export interface SamplingRisk {
  categoryRisk: CategoryRisk;
  /** The supplier's failed tests within config.failureWindowDays before this lot. */
  supplierFailures: number;
  /** The supplier's lots seen at this market before this one (0 = first time); the store counts only up to `newSupplierLots`. */
  supplierLotsSeen: number;
}

/** Today's tally before the lot being decided: report lots admitted, and how many of them are tested. */
export interface DayStats {
  reportLots: number;
  sampledReportLots: number;
}

export interface SamplingInput {
  lotId: string;
  hasReport: boolean;
  risk: SamplingRisk;
  /** The day's tally, or a function giving it: counted only when the floor could decide. */
  day: DayStats | (() => DayStats);
  /** From isFloorActive: past the floor time or the manager closed the day. */
  floorActive: boolean;
  /** A person adds the lot to the sample; the note is kept for the audit record. */
  manualNote?: string;
}

export type SamplingReason = 'noReport' | 'keyed' | 'floor' | 'manual';

/** Everything the audit record needs to replay the decision. */
export interface SamplingDecision {
  selected: boolean;
  reason: SamplingReason | null;
  /** Keyed score of the lot in [0,1). */
  score: number;
  /** Probability the score was compared with (1 for a lot without a report). */
  p: number;
  note?: string;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const MIN_SECRET_BYTES = 16;
// Domain separation: the same station secret may key other things (label signatures).
const KDF_SALT = utf8ToBytes('yipin-yima/sampling/v1');

/**
 * The day's key: HKDF-SHA256(station secret, day). Days are independent keys, so publishing or
 * leaking one day's selections says nothing about another day's.
 */
export function dailySecret(stationSecret: Uint8Array | string, day: string): Uint8Array {
  if (!DAY.test(day)) throw new RangeError(`not a YYYY-MM-DD day: ${day}`);
  const ikm = typeof stationSecret === 'string' ? utf8ToBytes(stationSecret) : stationSecret;
  // A short secret can be guessed by trying every value against a published selection.
  if (ikm.length < MIN_SECRET_BYTES) throw new RangeError(`station secret shorter than ${MIN_SECRET_BYTES} bytes`);
  return hkdf(sha256, ikm, KDF_SALT, utf8ToBytes(day), 32);
}

/** HMAC-SHA256 of a UTF-8 message. Injected so the station uses node:crypto on its hot path. */
export type HmacSha256 = (key: Uint8Array, message: string) => Uint8Array;

/** The pure implementation: the same digest everywhere, slower than a native one. */
export const nobleHmacSha256: HmacSha256 = (key, message) => hmac(sha256, key, utf8ToBytes(message));

/** HMAC-SHA256(day key, lot id), its first 53 bits as a uniform number in [0,1). */
export function keyedScore(dayKey: Uint8Array, lotId: string, hmacSha256: HmacSha256 = nobleHmacSha256): number {
  const mac = hmacSha256(dayKey, lotId);
  const view = new DataView(mac.buffer, mac.byteOffset, mac.byteLength);
  return (view.getUint32(0) * 2 ** 21 + (view.getUint32(4) >>> 11)) / 2 ** 53;
}

/** Product of the category, failure-history and new-supplier weights. */
export function riskWeight(risk: SamplingRisk, config: SamplingConfig = DEFAULT_SAMPLING_CONFIG): number {
  const { failureWeights: fw } = config;
  const failures = Math.min(Math.max(0, Math.floor(risk.supplierFailures)), fw.length - 1);
  const isNew = risk.supplierLotsSeen < config.newSupplierLots;
  return config.categoryWeights[risk.categoryRisk] * fw[failures]! * (isNew ? config.newSupplierWeight : 1);
}

/** p = targetRate × baseFactor × risk weight, clamped to [0,1]. */
export function samplingProbability(risk: SamplingRisk, config: SamplingConfig = DEFAULT_SAMPLING_CONFIG): number {
  if (!(config.targetRate > 0 && config.targetRate <= 1)) throw new RangeError(`targetRate out of (0,1]: ${config.targetRate}`);
  const p = config.targetRate * config.baseFactor * riskWeight(risk, config);
  return Math.min(1, Math.max(0, p));
}

/**
 * Tested report lots needed for the target over `reportLots` lots. The tolerance keeps float noise
 * (0.1 × 30 = 3.0000000000000004) from demanding one lot too many.
 */
export function requiredSamples(reportLots: number, targetRate: number): number {
  return Math.max(0, Math.ceil(targetRate * reportLots - 1e-9));
}

/** How many more of today's report lots must be tested to reach the target (0 when met). */
export function floorShortfall(day: DayStats, config: SamplingConfig = DEFAULT_SAMPLING_CONFIG): number {
  return Math.max(0, requiredSamples(day.reportLots, config.targetRate) - day.sampledReportLots);
}

export function decideSampling(input: SamplingInput, dayKey: Uint8Array, config: SamplingConfig = DEFAULT_SAMPLING_CONFIG, hmacSha256?: HmacSha256): SamplingDecision {
  const score = keyedScore(dayKey, input.lotId, hmacSha256);
  if (!input.hasReport) return { selected: true, reason: 'noReport', score, p: 1 };
  const p = samplingProbability(input.risk, config);
  if (score < p) return { selected: true, reason: 'keyed', score, p };
  // Counting this lot in, would the day fall below the target? Then it is tested.
  if (input.floorActive) {
    const { reportLots, sampledReportLots } = typeof input.day === 'function' ? input.day() : input.day;
    if (sampledReportLots < requiredSamples(reportLots + 1, config.targetRate)) return { selected: true, reason: 'floor', score, p };
  }
  if (input.manualNote !== undefined) {
    const note = input.manualNote.trim();
    if (!note) throw new RangeError('manualNoteEmpty');
    return { selected: true, reason: 'manual', score, p, note };
  }
  return { selected: false, reason: null, score, p };
}

export interface FloorCandidate {
  lotId: string;
  risk: SamplingRisk;
}

export interface FloorPick {
  lotId: string;
  score: number;
  p: number;
}

export interface FloorPlan {
  /** Lots still to test to reach the target, before picking. */
  needed: number;
  /** Lots to test (reason 'floor'), most likely first. */
  picks: FloorPick[];
  /** Lots still missing because too few candidates are left (sold out, already gone). */
  unmet: number;
}

/**
 * What the manager must still test today: the shortfall, taken from today's admitted report lots
 * that were not tested (candidates). Order is score / weight ascending, the order in which a rising
 * base probability would have selected them, so riskier lots come first and the choice stays keyed.
 */
export function floorPicks(day: DayStats, candidates: readonly FloorCandidate[], dayKey: Uint8Array, config: SamplingConfig = DEFAULT_SAMPLING_CONFIG, hmacSha256?: HmacSha256): FloorPlan {
  const needed = floorShortfall(day, config);
  if (needed === 0) return { needed, picks: [], unmet: 0 };
  const ranked = candidates.map(({ lotId, risk }) => {
    const score = keyedScore(dayKey, lotId, hmacSha256);
    const weight = riskWeight(risk, config);
    return { lotId, score, p: samplingProbability(risk, config), rank: weight > 0 ? score / weight : Infinity };
  });
  ranked.sort((a, b) => a.rank - b.rank || a.score - b.score);
  const picks = ranked.slice(0, needed).map(({ lotId, score, p }) => ({ lotId, score, p }));
  return { needed, picks, unmet: needed - picks.length };
}

const HHMM = /^([01]\d|2[0-3]):([0-5]\d)$/;

function minutes(time: string): number {
  const m = HHMM.exec(time);
  if (!m) throw new RangeError(`not an HH:MM time: ${time}`);
  return Number(m[1]) * 60 + Number(m[2]);
}

/**
 * True once the floor applies: the local time is within floorMinutesBeforeClose of closing or past
 * it, or the manager closed the day. Times count from the trading-day start so that a market open
 * 22:00–06:00 works across midnight.
 */
export function isFloorActive(localTime: string, dayClosed: boolean, config: SamplingConfig = DEFAULT_SAMPLING_CONFIG): boolean {
  if (dayClosed) return true;
  const start = minutes(config.dayStart);
  const sinceStart = (minutes(localTime) - start + 1440) % 1440;
  // 1..1440: closing at the day start itself means the end of the trading day, not its beginning.
  const closeSinceStart = ((minutes(config.closingTime) - start + 1439) % 1440) + 1;
  return sinceStart >= closeSinceStart - config.floorMinutesBeforeClose;
}
