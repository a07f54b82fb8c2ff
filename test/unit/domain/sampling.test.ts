import { createHmac, hkdfSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { addDays } from '../../../shared/domain/entryRules';
import { seededRandom as rng } from '../../fixtures/seededRandom';
import { nodeHmacSha256 } from '../../../electron/services/testing/keyedMac';
import {
  DEFAULT_SAMPLING_CONFIG,
  dailySecret,
  decideSampling,
  floorPicks,
  floorShortfall,
  isFloorActive,
  keyedScore,
  requiredSamples,
  riskWeight,
  samplingProbability,
  type CategoryRisk,
  type DayStats,
  type FloorCandidate,
  type SamplingRisk,
} from '../../../shared/domain/sampling';

const SECRET = 'station-0042-sampling-secret-for-tests';
const OTHER_SECRET = 'another-station-secret-for-the-tests';
const DAY = '2026-03-15';
const KEY = dailySecret(SECRET, DAY);
const TARGET = DEFAULT_SAMPLING_CONFIG.targetRate;
const BASE = TARGET * DEFAULT_SAMPLING_CONFIG.baseFactor;
const PLAIN: SamplingRisk = { categoryRisk: 'normal', supplierFailures: 0, supplierLotsSeen: 100 };
const NO_DAY: DayStats = { reportLots: 0, sampledReportLots: 0 };

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const base32 = (n: bigint, length: number) => {
  let s = '';
  for (let i = 0; i < length; i++, n >>= 5n) s = CROCKFORD[Number(n & 31n)]! + s;
  return s;
};
/** Monotonic ULIDs from one millisecond: the random part counts up by one, the worst case for a weak hash. */
const consecutiveUlids = (count: number, start = 0x1234_5678_9abc_def0n) => Array.from({ length: count }, (_, i) => base32(1_773_532_800_000n, 10) + base32(start + BigInt(i), 16));

const keyedSet = (key: Uint8Array, ids: string[], risk = PLAIN) => new Set(ids.filter((lotId) => decideSampling({ lotId, hasReport: true, risk, day: NO_DAY, floorActive: false }, key).selected));

/** |observed − n·p| within `sigmas` binomial standard deviations. */
const nearBinomial = (observed: number, n: number, p: number, sigmas = 5) => expect(Math.abs(observed - n * p)).toBeLessThan(sigmas * Math.sqrt(n * p * (1 - p)));

function randomRisk(r: () => number): SamplingRisk {
  const c = r();
  const categoryRisk: CategoryRisk = c < 0.3 ? 'high' : c < 0.8 ? 'normal' : 'low';
  const f = r();
  const supplierFailures = f < 0.85 ? 0 : f < 0.95 ? 1 : Math.floor(r() * 5) + 2;
  const supplierLotsSeen = r() < 0.1 ? Math.floor(r() * 5) : 5 + Math.floor(r() * 200);
  return { categoryRisk, supplierFailures, supplierLotsSeen };
}

describe('dailySecret and keyedScore', () => {
  it('are HKDF-SHA256 and HMAC-SHA256 as specified (checked against node:crypto)', () => {
    const expected = hkdfSync('sha256', Buffer.from(SECRET), Buffer.from('yipin-yima/sampling/v1'), Buffer.from(DAY), 32);
    expect(Buffer.from(KEY).toString('hex')).toBe(Buffer.from(expected).toString('hex'));
    const mac = createHmac('sha256', KEY).update('01KKQ7Z0000000000000000000').digest();
    const want = Number(mac.readBigUInt64BE(0) >> 11n) / 2 ** 53;
    expect(keyedScore(KEY, '01KKQ7Z0000000000000000000')).toBe(want);
  });

  it("scores the same with the station's node:crypto HMAC as with the pure one", () => {
    const ids = [...consecutiveUlids(200), '白菜-批次-1', ''];
    const pure = ids.map((id) => keyedScore(KEY, id));
    expect(ids.map((id) => keyedScore(KEY, id, nodeHmacSha256))).toEqual(pure);
    expect(new Set(pure).size).toBe(ids.length);
  });

  it('is deterministic, and the same secret as string or bytes gives the same key', () => {
    expect(dailySecret(new TextEncoder().encode(SECRET), DAY)).toEqual(KEY);
    const ids = consecutiveUlids(500);
    expect(ids.map((id) => keyedScore(dailySecret(SECRET, DAY), id))).toEqual(ids.map((id) => keyedScore(KEY, id)));
  });

  it('gives every day and every station its own key', () => {
    const hex = (k: Uint8Array) => Buffer.from(k).toString('hex');
    const keys = new Set([hex(KEY), hex(dailySecret(SECRET, '2026-03-16')), hex(dailySecret(OTHER_SECRET, DAY))]);
    expect(keys.size).toBe(3);
  });

  it('refuses short secrets and malformed days', () => {
    expect(() => dailySecret('short', DAY)).toThrow(RangeError);
    expect(() => dailySecret(new Uint8Array(15), DAY)).toThrow(RangeError);
    expect(() => dailySecret(SECRET, '2026-3-15')).toThrow(RangeError);
  });
});

describe('decideSampling', () => {
  const ids = consecutiveUlids(2000);
  const scored = ids.map((lotId) => ({ lotId, score: keyedScore(KEY, lotId) }));
  const unselected = scored.find((s) => s.score >= 0.9)!.lotId;
  const selected = scored.find((s) => s.score < 0.05)!.lotId;
  const decide = (lotId: string, extra: Partial<Parameters<typeof decideSampling>[0]> = {}) => decideSampling({ lotId, hasReport: true, risk: PLAIN, day: NO_DAY, floorActive: false, ...extra }, KEY);

  it('always selects a lot without a test report', () => {
    for (const { lotId, score } of scored.slice(0, 200)) {
      expect(decide(lotId, { hasReport: false })).toEqual({ selected: true, reason: 'noReport', score, p: 1 });
    }
  });

  it('counts the day only when the floor could decide', () => {
    let asked = 0;
    const short = () => (asked++, { reportLots: 100, sampledReportLots: 0 });
    expect(decide(selected, { day: short, floorActive: true }).reason).toBe('keyed');
    expect(decide(unselected, { day: short, floorActive: false }).reason).toBe(null);
    expect(decide(unselected, { hasReport: false, day: short, floorActive: true }).reason).toBe('noReport');
    expect(asked).toBe(0);
    expect(decide(unselected, { day: short, floorActive: true }).reason).toBe('floor');
    expect(decide(unselected, { day: () => (asked++, { reportLots: 100, sampledReportLots: 11 }), floorActive: true }).reason).toBe(null);
    expect(asked).toBe(2);
  });

  it('selects a report lot when its score is below p, and says so with both numbers', () => {
    expect(decide(selected)).toEqual({ selected: true, reason: 'keyed', score: keyedScore(KEY, selected), p: BASE });
    expect(decide(unselected)).toEqual({ selected: false, reason: null, score: keyedScore(KEY, unselected), p: BASE });
  });

  it('floor: picks an arriving lot while the day, counting it, would fall below the target', () => {
    const behind = { reportLots: 9, sampledReportLots: 0 };
    expect(decide(unselected, { day: behind, floorActive: true })).toMatchObject({ selected: true, reason: 'floor' });
    expect(decide(unselected, { day: behind, floorActive: false })).toMatchObject({ selected: false, reason: null });
    expect(decide(unselected, { day: { reportLots: 9, sampledReportLots: 1 }, floorActive: true })).toMatchObject({ selected: false });
    expect(decide(unselected, { day: { reportLots: 10, sampledReportLots: 1 }, floorActive: true })).toMatchObject({ reason: 'floor' });
  });

  it('manual additions carry their note; a lot chosen anyway keeps the system reason', () => {
    expect(decide(unselected, { manualNote: ' 摊主投诉 ' })).toMatchObject({ selected: true, reason: 'manual', note: '摊主投诉' });
    expect(decide(selected, { manualNote: '摊主投诉' })).toMatchObject({ selected: true, reason: 'keyed' });
    expect(decide(selected, { manualNote: '摊主投诉' })).not.toHaveProperty('note');
    expect(() => decide(unselected, { manualNote: '  ' })).toThrow('manualNoteEmpty');
  });
});

describe('risk weighting', () => {
  it('multiplies the documented weights and clamps p to [0,1]', () => {
    expect(riskWeight(PLAIN)).toBe(1);
    expect(riskWeight({ ...PLAIN, categoryRisk: 'high' })).toBe(2);
    expect(riskWeight({ ...PLAIN, categoryRisk: 'low' })).toBe(0.8);
    expect(riskWeight({ ...PLAIN, supplierFailures: 2 })).toBe(3);
    expect(riskWeight({ ...PLAIN, supplierFailures: 40 })).toBe(4);
    expect(riskWeight({ ...PLAIN, supplierLotsSeen: 4 })).toBe(2);
    expect(riskWeight({ ...PLAIN, supplierLotsSeen: 5 })).toBe(1);
    expect(samplingProbability({ categoryRisk: 'high', supplierFailures: 3, supplierLotsSeen: 0 })).toBe(1);
    expect(samplingProbability({ ...PLAIN, categoryRisk: 'low' })).toBeCloseTo(0.104, 12);
    expect(() => samplingProbability(PLAIN, { ...DEFAULT_SAMPLING_CONFIG, targetRate: 0 })).toThrow(RangeError);
  });

  it('selects high-risk categories, failing suppliers and new suppliers more often (measured)', () => {
    const n = 10_000;
    const ids = consecutiveUlids(n, 0x777n);
    const rate = (risk: SamplingRisk) => keyedSet(KEY, ids, risk).size;
    const groups: [SamplingRisk, number][] = [
      [{ ...PLAIN, categoryRisk: 'low' }, 0.104],
      [PLAIN, 0.13],
      [{ ...PLAIN, categoryRisk: 'high' }, 0.26],
      [{ ...PLAIN, supplierFailures: 1 }, 0.26],
      [{ ...PLAIN, supplierFailures: 3 }, 0.52],
      [{ ...PLAIN, supplierLotsSeen: 0 }, 0.26],
    ];
    const counts = groups.map(([risk, p]) => {
      const c = rate(risk);
      nearBinomial(c, n, p);
      return c;
    });
    expect(counts[0]!).toBeLessThan(counts[1]!);
    for (const c of counts.slice(2)) expect(c).toBeGreaterThan(counts[1]! * 1.8);
    expect(counts[4]!).toBeGreaterThan(counts[3]! * 1.8);
  });
});

describe('unpredictability', () => {
  const n = 20_000;
  const ids = consecutiveUlids(n);
  const a = keyedSet(KEY, ids);

  it('selects about p of consecutive ULIDs', () => {
    nearBinomial(a.size, n, BASE);
  });

  it('another secret selects an unrelated set (overlap ≈ p²)', () => {
    const b = keyedSet(dailySecret(OTHER_SECRET, DAY), ids);
    nearBinomial(b.size, n, BASE);
    nearBinomial([...a].filter((id) => b.has(id)).length, n, BASE * BASE);
  });

  it("the next day's selection of the same lot ids is unrelated (overlap ≈ p²)", () => {
    const next = keyedSet(dailySecret(SECRET, '2026-03-16'), ids);
    nearBinomial([...a].filter((id) => next.has(id)).length, n, BASE * BASE);
  });

  it('does not follow lot order: neighbours are independent and scores do not trend with the index', () => {
    const picked = ids.map((id) => a.has(id));
    const pairs = picked.slice(1).filter((s, i) => s && picked[i]).length;
    nearBinomial(pairs, n - 1, BASE * BASE);

    const scores = ids.map((id) => keyedScore(KEY, id));
    const meanI = (n - 1) / 2;
    const meanS = scores.reduce((s, x) => s + x, 0) / n;
    let sxy = 0;
    let sxx = 0;
    let syy = 0;
    scores.forEach((s, i) => {
      sxy += (i - meanI) * (s - meanS);
      sxx += (i - meanI) ** 2;
      syy += (s - meanS) ** 2;
    });
    expect(Math.abs(sxy / Math.sqrt(sxx * syy))).toBeLessThan(5 / Math.sqrt(n));
  });

  it('does not follow id patterns: the last character of the id does not change the odds', () => {
    const byLast = new Map<string, { n: number; picked: number }>();
    for (const id of ids) {
      const g = byLast.get(id.at(-1)!) ?? { n: 0, picked: 0 };
      g.n++;
      if (a.has(id)) g.picked++;
      byLast.set(id.at(-1)!, g);
    }
    expect(byLast.size).toBe(32);
    for (const g of byLast.values()) nearBinomial(g.picked, g.n, BASE);
  });

  it('scores are uniform on [0,1) (chi-square, 20 bins)', () => {
    const scores = ids.map((id) => keyedScore(KEY, id));
    expect(Math.min(...scores)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...scores)).toBeLessThan(1);
    const bins = new Array<number>(20).fill(0);
    for (const s of scores) bins[Math.floor(s * 20)]!++;
    const expected = n / 20;
    const chi2 = bins.reduce((sum, o) => sum + (o - expected) ** 2 / expected, 0);
    expect(chi2).toBeLessThan(43.82); // df = 19, p = 0.001
  });
});

describe('floor', () => {
  it('requiredSamples rounds up without float noise', () => {
    expect(requiredSamples(0, 0.1)).toBe(0);
    expect(requiredSamples(30, 0.1)).toBe(3);
    expect(requiredSamples(31, 0.1)).toBe(4);
    expect(requiredSamples(7, 0.15)).toBe(2);
    expect(floorShortfall({ reportLots: 100, sampledReportLots: 6 })).toBe(4);
    expect(floorShortfall({ reportLots: 100, sampledReportLots: 12 })).toBe(0);
  });

  it('at day end picks exactly the shortfall, lowest score / weight first', () => {
    const ids = consecutiveUlids(100, 0xabcn);
    const candidates: FloorCandidate[] = ids.map((lotId, i) => ({ lotId, risk: i % 2 ? PLAIN : { ...PLAIN, categoryRisk: 'high' } }));
    const plan = floorPicks({ reportLots: 120, sampledReportLots: 5 }, candidates, KEY);
    expect(plan.needed).toBe(7);
    expect(plan.unmet).toBe(0);
    const byRank = candidates.map((c) => ({ lotId: c.lotId, rank: keyedScore(KEY, c.lotId) / riskWeight(c.risk) })).sort((x, y) => x.rank - y.rank);
    expect(plan.picks.map((p) => p.lotId)).toEqual(byRank.slice(0, 7).map((r) => r.lotId));
    for (const p of plan.picks) {
      const c = candidates.find((x) => x.lotId === p.lotId)!;
      expect(p).toEqual({ lotId: c.lotId, score: keyedScore(KEY, c.lotId), p: samplingProbability(c.risk) });
    }
  });

  it('favours riskier lots across many days', () => {
    let high = 0;
    let total = 0;
    for (let d = 1; d <= 60; d++) {
      const key = dailySecret(SECRET, addDays('2026-04-01', d));
      const ids = consecutiveUlids(40, BigInt(d) * 1000n);
      const candidates: FloorCandidate[] = ids.map((lotId, i) => ({ lotId, risk: i < 20 ? { ...PLAIN, categoryRisk: 'high' } : PLAIN }));
      const { picks } = floorPicks({ reportLots: 50, sampledReportLots: 0 }, candidates, key);
      total += picks.length;
      high += picks.filter((p) => ids.indexOf(p.lotId) < 20).length;
    }
    expect(total).toBe(300);
    expect(high / total).toBeGreaterThan(0.6);
  });

  it('reports what it cannot meet, and picks nothing when the target is met', () => {
    const ids = consecutiveUlids(3);
    const plan = floorPicks(
      { reportLots: 100, sampledReportLots: 2 },
      ids.map((lotId) => ({ lotId, risk: PLAIN })),
      KEY,
    );
    expect(plan).toMatchObject({ needed: 8, unmet: 5 });
    expect(plan.picks).toHaveLength(3);
    expect(
      floorPicks(
        { reportLots: 100, sampledReportLots: 10 },
        ids.map((lotId) => ({ lotId, risk: PLAIN })),
        KEY,
      ),
    ).toEqual({
      needed: 0,
      picks: [],
      unmet: 0,
    });
  });

  it('switches on 30 minutes before closing, after closing, or when the manager closes the day', () => {
    expect(isFloorActive('17:29', false)).toBe(false);
    expect(isFloorActive('17:30', false)).toBe(true);
    expect(isFloorActive('23:59', false)).toBe(true);
    expect(isFloorActive('00:00', false)).toBe(false);
    expect(isFloorActive('09:00', true)).toBe(true);
    expect(() => isFloorActive('7:30', false)).toThrow(RangeError);
  });

  it('works for a market trading overnight', () => {
    const night = { ...DEFAULT_SAMPLING_CONFIG, dayStart: '20:00', closingTime: '06:00' };
    expect(isFloorActive('23:00', false, night)).toBe(false);
    expect(isFloorActive('05:29', false, night)).toBe(false);
    expect(isFloorActive('05:30', false, night)).toBe(true);
    expect(isFloorActive('19:59', false, night)).toBe(true);
    expect(isFloorActive('20:00', false, night)).toBe(false);
  });
});

describe('simulated trading days', () => {
  interface DayResult {
    reportLots: number;
    noReportLots: number;
    noReportSelected: number;
    keyed: number;
    floor: number;
    expectedKeyed: number;
    belowTargetAfterFloorStart: number;
  }

  /**
   * One day: lots arrive in order; at `floorFrom` of the arrivals the floor switches on (30 minutes
   * before closing), the manager tests the backlog floorPicks names, and every later arrival is
   * decided with the floor flag; at closing a last floorPicks covers what is still missing.
   */
  function simulateDay(d: number, riskOf: (r: () => number) => SamplingRisk, floorFrom: number): DayResult {
    const r = rng(1000 + d);
    const key = dailySecret(SECRET, addDays('2026-01-01', d));
    const n = 50 + Math.floor(r() * 251);
    const reportShare = 0.4 + r() * 0.5;
    const ids = consecutiveUlids(n, BigInt(d) * 1_000_000n + BigInt(Math.floor(r() * 1e6)));
    const stats: DayStats = { reportLots: 0, sampledReportLots: 0 };
    const unsampled: FloorCandidate[] = [];
    const res: DayResult = { reportLots: 0, noReportLots: 0, noReportSelected: 0, keyed: 0, floor: 0, expectedKeyed: 0, belowTargetAfterFloorStart: 0 };
    const floorAt = Math.floor(n * floorFrom);
    const applyFloorPicks = () => {
      const plan = floorPicks(stats, unsampled, key);
      expect(plan.unmet).toBe(0);
      for (const p of plan.picks)
        unsampled.splice(
          unsampled.findIndex((c) => c.lotId === p.lotId),
          1,
        );
      stats.sampledReportLots += plan.picks.length;
      res.floor += plan.picks.length;
    };

    ids.forEach((lotId, i) => {
      if (i === floorAt) applyFloorPicks();
      const floorActive = i >= floorAt;
      const hasReport = r() < reportShare;
      const risk = riskOf(r);
      const decision = decideSampling({ lotId, hasReport, risk, day: { ...stats }, floorActive }, key);
      if (!hasReport) {
        res.noReportLots++;
        if (decision.selected && decision.reason === 'noReport') res.noReportSelected++;
        return;
      }
      res.expectedKeyed += samplingProbability(risk);
      stats.reportLots++;
      if (decision.selected) stats.sampledReportLots++;
      else unsampled.push({ lotId, risk });
      if (decision.reason === 'keyed') res.keyed++;
      if (decision.reason === 'floor') res.floor++;
      if (floorActive && stats.sampledReportLots < TARGET * stats.reportLots) res.belowTargetAfterFloorStart++;
    });
    applyFloorPicks();
    res.reportLots = stats.reportLots;
    return res;
  }

  const simulate = (riskOf: (r: () => number) => SamplingRisk, floorFrom = 0.85) => Array.from({ length: 200 }, (_, d) => simulateDay(d, riskOf, floorFrom));
  const scenarios = {
    mixed: simulate(randomRisk),
    plain: simulate(() => PLAIN),
    // p = 0.104: barely above the target, so chance often falls short and the floor must act.
    lowRisk: simulate(() => ({ ...PLAIN, categoryRisk: 'low' })),
    // The floor only at closing: everything rests on floorPicks over lots already admitted.
    closingOnly: simulate(() => ({ ...PLAIN, categoryRisk: 'low' }), 1),
  };
  const all = Object.values(scenarios);
  const sum = (days: DayResult[], f: (d: DayResult) => number) => days.reduce((s, d) => s + f(d), 0);

  it('cover 200 days of 50–300 lots with a mix of report and no-report lots', () => {
    for (const days of all) {
      expect(days.every((d) => d.reportLots + d.noReportLots >= 50 && d.reportLots + d.noReportLots <= 300)).toBe(true);
      expect(days.every((d) => d.reportLots > 0 && d.noReportLots > 0)).toBe(true);
    }
  });

  it('test every lot without a report', () => {
    for (const days of all) for (const d of days) expect(d.noReportSelected).toBe(d.noReportLots);
  });

  it('reach the target on every day once the floor applies, and stay there after it switches on', () => {
    for (const days of all) {
      for (const d of days) {
        expect((d.keyed + d.floor) / d.reportLots).toBeGreaterThanOrEqual(TARGET);
        expect(d.belowTargetAfterFloorStart).toBe(0);
      }
    }
  });

  it('the floor had work to do: chance alone fell short on many low-risk days', () => {
    expect(scenarios.lowRisk.filter((d) => d.keyed / d.reportLots < TARGET).length).toBeGreaterThan(40);
    expect(scenarios.closingOnly.filter((d) => d.floor > 0).length).toBeGreaterThan(40);
  });

  it('without the floor, the mean rate is the mean p: base probability × risk weight', () => {
    for (const days of all) {
      const lots = sum(days, (d) => d.reportLots);
      nearBinomial(
        sum(days, (d) => d.keyed),
        lots,
        sum(days, (d) => d.expectedKeyed) / lots,
      );
    }
    const plainLots = sum(scenarios.plain, (d) => d.reportLots);
    expect(Math.abs(sum(scenarios.plain, (d) => d.keyed) / plainLots - BASE)).toBeLessThan(0.01);
  });

  it('the floor is a safety net: a small share of the tests at the default base probability', () => {
    for (const days of [scenarios.mixed, scenarios.plain]) {
      const floor = sum(days, (d) => d.floor);
      expect(floor / (floor + sum(days, (d) => d.keyed))).toBeLessThan(0.05);
    }
  });
});
