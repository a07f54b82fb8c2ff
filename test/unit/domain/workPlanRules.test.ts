import { describe, expect, it } from 'vitest';
import { WORK_PLAN_RULES } from '../../../shared/contract';
import { checkWorkPlan, RULE_LOT_LIMIT, type WorkPlanFigures } from '../../../shared/domain/workPlanRules';

/** A day where every rule is met: 40 lots in, 10 without a report (all tested), 30 report lots of which 3 tested. */
const good = (): WorkPlanFigures => ({
  entry: { lots: 40, unchecked: [] },
  noReport: { lots: 10, tested: 10, untestedIds: [] },
  sampling: { lots: 30, sampled: 3, tested: 3, targetRate: 0.1, selectedUntested: [] },
  positives: [
    { lotId: 'L1', outcome: 'destroyed' },
    { lotId: 'L2', outcome: 'released' },
  ],
  disposals: { count: 1, evidenceMissing: [], withoutCertificate: [] },
  upload: { backlog: 0, deadLetters: 0, lotIds: [] },
});

const rule = (f: WorkPlanFigures, name: (typeof WORK_PLAN_RULES)[number]) => checkWorkPlan(f).find((r) => r.rule === name)!;

describe('checkWorkPlan', () => {
  it('judges every rule, in the contract order, all met on a good day', () => {
    const rules = checkWorkPlan(good());
    expect(rules.map((r) => r.rule)).toEqual([...WORK_PLAN_RULES]);
    expect(rules.every((r) => r.met && r.lotIds.length === 0)).toBe(true);
  });

  it('entryChecked: one lot without its check is enough to fail', () => {
    expect(rule(good(), 'entryChecked')).toEqual({ rule: 'entryChecked', met: true, figures: { lots: 40, checked: 40, unchecked: 0 }, lotIds: [] });
    const f = good();
    f.entry.unchecked = ['L9'];
    expect(rule(f, 'entryChecked')).toEqual({ rule: 'entryChecked', met: false, figures: { lots: 40, checked: 39, unchecked: 1 }, lotIds: ['L9'] });
  });

  it('noReportTested: 100% met, 3 untested named', () => {
    const f = good();
    f.noReport = { lots: 40, tested: 37, untestedIds: ['L7', 'L3', 'L5'] };
    expect(rule(f, 'noReportTested')).toEqual({ rule: 'noReportTested', met: false, figures: { lots: 40, tested: 37, untested: 3 }, lotIds: ['L3', 'L5', 'L7'] });
    f.noReport = { lots: 0, tested: 0, untestedIds: [] };
    expect(rule(f, 'noReportTested').met).toBe(true);
  });

  it('samplingRate: exactly 10% is met, one lot under is not', () => {
    const f = good();
    f.sampling = { lots: 200, sampled: 20, tested: 20, targetRate: 0.1, selectedUntested: [] };
    expect(rule(f, 'samplingRate')).toMatchObject({ met: true, figures: { lots: 200, sampled: 20, tested: 20, rate: 0.1, target: 0.1, required: 20, missing: 0 } });
    f.sampling = { lots: 200, sampled: 19, tested: 19, targetRate: 0.1, selectedUntested: [] };
    expect(rule(f, 'samplingRate')).toMatchObject({ met: false, figures: { rate: 0.095, required: 20, missing: 1, toSelect: 1 } });
  });

  it('samplingRate: a share that rounds up (31 lots need 4), selected but untested lots do not count and are named', () => {
    const f = good();
    f.sampling = { lots: 31, sampled: 4, tested: 3, targetRate: 0.1, selectedUntested: ['L31'] };
    // Enough selected (the floor has nothing to add): what is missing is testing them.
    expect(rule(f, 'samplingRate')).toMatchObject({ met: false, figures: { required: 4, missing: 1, sampled: 4, tested: 3, toSelect: 0 }, lotIds: ['L31'] });
    f.sampling.tested = 4;
    f.sampling.selectedUntested = [];
    expect(rule(f, 'samplingRate').met).toBe(true);
    // 30 × 0.1 is 3.0000000000000004 in floating point: still 3 required.
    f.sampling = { lots: 30, sampled: 3, tested: 3, targetRate: 0.1, selectedUntested: [] };
    expect(rule(f, 'samplingRate')).toMatchObject({ met: true, figures: { required: 3 } });
  });

  it('samplingRate: no report lots is met and states no rate; a higher target raises the bar', () => {
    const f = good();
    f.sampling = { lots: 0, sampled: 0, tested: 0, targetRate: 0.1, selectedUntested: [] };
    expect(rule(f, 'samplingRate')).toEqual({ rule: 'samplingRate', met: true, figures: { lots: 0, sampled: 0, tested: 0, target: 0.1, required: 0, missing: 0, toSelect: 0 }, lotIds: [] });
    f.sampling = { lots: 100, sampled: 10, tested: 10, targetRate: 0.15, selectedUntested: [] };
    expect(rule(f, 'samplingRate')).toMatchObject({ met: false, figures: { required: 15, missing: 5 } });
  });

  it('positivesHandled: a positive still held or selling fails it; destroyed and released pass', () => {
    for (const outcome of ['held', 'selling'] as const) {
      const f = good();
      f.positives = [...f.positives, { lotId: 'L8', outcome }];
      expect(rule(f, 'positivesHandled')).toEqual({
        rule: 'positivesHandled',
        met: false,
        figures: { positives: 3, destroyed: 1, released: 1, held: outcome === 'held' ? 1 : 0, selling: outcome === 'selling' ? 1 : 0 },
        lotIds: ['L8'],
      });
    }
    const none = good();
    none.positives = [];
    expect(rule(none, 'positivesHandled')).toMatchObject({ met: true, figures: { positives: 0 } });
  });

  it('disposalEvidence: a shredding without its run, or a disposal without its certificate, fails it', () => {
    const f = good();
    f.disposals = { count: 3, evidenceMissing: ['L4'], withoutCertificate: [] };
    expect(rule(f, 'disposalEvidence')).toEqual({ rule: 'disposalEvidence', met: false, figures: { disposals: 3, evidenceMissing: 1, withoutCertificate: 0 }, lotIds: ['L4'] });
    f.disposals = { count: 3, evidenceMissing: [], withoutCertificate: ['L6'] };
    expect(rule(f, 'disposalEvidence')).toMatchObject({ met: false, figures: { withoutCertificate: 1 }, lotIds: ['L6'] });
    f.disposals = { count: 0, evidenceMissing: [], withoutCertificate: [] };
    expect(rule(f, 'disposalEvidence').met).toBe(true);
  });

  it('uploaded: one record waiting or one dead letter fails it', () => {
    const f = good();
    f.upload = { backlog: 1, deadLetters: 0, lotIds: ['L2'] };
    expect(rule(f, 'uploaded')).toEqual({ rule: 'uploaded', met: false, figures: { backlog: 1, deadLetters: 0 }, lotIds: ['L2'] });
    f.upload = { backlog: 0, deadLetters: 1, lotIds: [] };
    expect(rule(f, 'uploaded')).toMatchObject({ met: false, figures: { deadLetters: 1 } });
  });

  it('names at most 50 lots, oldest (smallest id) first, each once', () => {
    const f = good();
    const many = Array.from({ length: 80 }, (_, i) => `L${String(80 - i).padStart(3, '0')}`);
    f.noReport = { lots: 100, tested: 19, untestedIds: [...many, many[0]!] };
    const r = rule(f, 'noReportTested');
    expect(r.figures.untested).toBe(81);
    expect(r.lotIds).toHaveLength(RULE_LOT_LIMIT);
    expect(r.lotIds[0]).toBe('L001');
    expect(r.lotIds.at(-1)).toBe('L050');
  });
});
