import { describe, expect, it } from 'vitest';
import type { TrendDay } from '../../../shared/contract';
import { categoriesOption, hourlyLotsOption, hourOrder, samplingProgressOption, trendOption, verdictsOption, VERDICT_COLOURS } from '../../../renderer/src/screens/report/reportCharts';
import { dayReportFixture, fixtureId } from '../../fixtures/ruleDayReport';

const hour = (h: number) => `${h}时`;
const verdictText = { admitted: '准入', awaitingTest: '待检', rejected: '拒收' };
type Series = { type: string; name?: string; data: unknown[]; stack?: string; yAxisIndex?: number };
const seriesOf = (option: { series?: unknown }) => option.series as Series[];
const axisData = (axis: unknown) => (axis as { data: string[] }).data;

describe('日报 charts: the option each chart draws', () => {
  const report = dayReportFixture('2026-03-10', { unmet: ['samplingRate'] });

  it('lots per hour: one bar per clock hour, in market-day order', () => {
    const option = hourlyLotsOption(report, { hour, lots: '入场批次' });
    expect(axisData(option.xAxis)).toEqual(Array.from({ length: 24 }, (_, h) => `${h}时`));
    const [bars] = seriesOf(option);
    expect(bars!.type).toBe('bar');
    expect(bars!.data).toEqual([0, 0, 0, 0, 0, 30, 30, 30, 30, 30, 30, 30, 30, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    // An overnight market from 22:00 reads 22, 23, 0, 1 …: the same figures, rotated.
    const overnight = hourlyLotsOption({ ...report, dayStart: '22:00' }, { hour, lots: '入场批次' });
    expect(axisData(overnight.xAxis).slice(0, 3)).toEqual(['22时', '23时', '0时']);
    expect(seriesOf(overnight)[0]!.data.slice(0, 8)).toEqual([0, 0, 0, 0, 0, 0, 0, 30]);
  });

  it('hour order starts at the market day start', () => {
    expect(hourOrder('00:00')).toEqual(Array.from({ length: 24 }, (_, h) => h));
    expect(hourOrder('06:30').slice(0, 2)).toEqual([6, 7]);
    expect(hourOrder('06:30')[23]).toBe(5);
  });

  it('verdicts: 准入 / 待检 / 拒收 with their counts and colours', () => {
    const [pie] = seriesOf(verdictsOption(report.verdicts, verdictText));
    expect(pie!.data).toEqual([
      { name: '准入', value: 190, itemStyle: { color: VERDICT_COLOURS.admitted } },
      { name: '待检', value: 40, itemStyle: { color: VERDICT_COLOURS.awaitingTest } },
      { name: '拒收', value: 10, itemStyle: { color: VERDICT_COLOURS.rejected } },
    ]);
  });

  it('categories: largest on top, the rest summed beyond the top rows, none recorded named', () => {
    const rows = [
      { id: fixtureId(1), name: '水果', amount: { lots: 5, kg: 0, piece: 0, head: 0, box: 0 } },
      { id: fixtureId(2), name: '蔬菜', amount: { lots: 9, kg: 0, piece: 0, head: 0, box: 0 } },
      { id: null, name: '', amount: { lots: 2, kg: 0, piece: 0, head: 0, box: 0 } },
      { id: fixtureId(3), name: '豆制品', amount: { lots: 1, kg: 0, piece: 0, head: 0, box: 0 } },
    ];
    const option = categoriesOption(rows, { lots: '批次', others: '其他', none: '（未记录）' }, 2);
    // Drawn bottom-up: the last is on top.
    expect(axisData(option.yAxis)).toEqual(['其他', '水果', '蔬菜']);
    expect(seriesOf(option)[0]!.data).toEqual([3, 5, 9]);
    const all = categoriesOption(rows, { lots: '批次', others: '其他', none: '（未记录）' });
    expect(axisData(all.yAxis)).toEqual(['豆制品', '（未记录）', '水果', '蔬菜']);
  });

  it('sampling progress: the share sampled so far each hour against the target line, no rate before any report lot', () => {
    const option = samplingProgressOption(report, { hour, rate: '抽检率', target: '目标 10%' });
    const [rate, target] = seriesOf(option);
    // 2 of 25, 4 of 50 … sampled: 8% all day; nothing before 05:00 (a gap, not 0%).
    expect(rate!.data.slice(0, 5)).toEqual([null, null, null, null, null]);
    expect(rate!.data.slice(5)).toEqual(Array(19).fill(8));
    expect(target!.data).toEqual(Array(24).fill(10));
    // The axis reaches twice the target, so 8% and 10% read apart.
    expect((option.yAxis as { max: number }).max).toBe(20);
    const met = samplingProgressOption(
      { ...report, testing: { ...report.testing, samplingByHour: report.testing.samplingByHour.map((h) => ({ ...h, sampled: Math.ceil(h.reportLots * 0.12) })) } },
      { hour, rate: '抽检率', target: '目标 10%' },
    );
    expect(seriesOf(met)[0]!.data[5]).toBe(12);
    const all = samplingProgressOption(
      { ...report, testing: { ...report.testing, samplingByHour: report.testing.samplingByHour.map((h) => ({ ...h, sampled: h.reportLots })) } },
      { hour, rate: '抽检率', target: '目标 10%' },
    );
    expect((all.yAxis as { max: number }).max).toBe(100);
  });

  it('trend: verdicts stacked per market day, the sampling rate on its own axis (none when no report lot came)', () => {
    const days: TrendDay[] = [
      { day: '2026-03-09', lots: 100, kg: 2000, admitted: 80, awaitingTest: 15, rejected: 5, sampledRate: 0.125 },
      { day: '2026-03-10', lots: 0, kg: 0, admitted: 0, awaitingTest: 0, rejected: 0, sampledRate: null },
    ];
    const option = trendOption(days, { ...verdictText, rate: '抽检率' });
    expect(axisData(option.xAxis)).toEqual(['03-09', '03-10']);
    const [admitted, awaiting, rejected, rate] = seriesOf(option);
    expect([admitted!.data, awaiting!.data, rejected!.data]).toEqual([
      [80, 0],
      [15, 0],
      [5, 0],
    ]);
    expect(new Set([admitted!.stack, awaiting!.stack, rejected!.stack])).toEqual(new Set(['lots']));
    expect(rate).toMatchObject({ type: 'line', yAxisIndex: 1, data: [12.5, null] });
    expect((option.yAxis as { max: number }[])[1]!.max).toBe(20);
  });
});

describe('market day and amounts', () => {
  it('before the market day starts it is still the day before', async () => {
    const { marketDayAt } = await import('../../../shared/domain/marketDay');
    const { addDays } = await import('../../../shared/domain/entryRules');
    expect(marketDayAt(new Date(2026, 2, 10, 3, 0), '06:00')).toBe('2026-03-09');
    expect(marketDayAt(new Date(2026, 2, 10, 6, 0), '06:00')).toBe('2026-03-10');
    expect(marketDayAt(new Date(2026, 2, 10, 0, 0), '00:00')).toBe('2026-03-10');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });
});

describe('rule sentences and their figures', () => {
  it('every placeholder of a rule text is one of the figures the rule carries (met and not met)', async () => {
    const { reportZh, reportEn } = await import('../../../renderer/src/i18n/sections/report');
    const { WORK_PLAN_RULES } = await import('../../../shared/contract');
    const all = dayReportFixture('2026-03-10', { unmet: [...WORK_PLAN_RULES] }).rules;
    const none = dayReportFixture('2026-03-10').rules;
    for (const texts of [reportZh.rule, reportEn.rule]) {
      for (const rule of WORK_PLAN_RULES) {
        for (const [variant, checks] of [
          ['unmet', all],
          ['met', none],
        ] as const) {
          const figures = Object.keys(checks.find((c) => c.rule === rule)!.figures);
          // `open` is derived from held + selling (reportText.ts).
          const known = rule === 'positivesHandled' ? [...figures, 'open'] : figures;
          const text = (texts[rule] as Record<string, string>)[variant]!;
          for (const [, name] of text.matchAll(/\{\{(\w+)\}\}/g)) expect(known, `${rule}.${variant}: ${name}`).toContain(name);
        }
      }
    }
  });
});
