/**
 * The 日报 charts' ECharts options, built from the report by pure functions (tested without a
 * browser): what each chart shows is decided here, EChart.tsx only draws it. Texts come in as
 * arguments so these stay free of i18n.
 */
import type { ComposeOption } from 'echarts/core';
import type { BarSeriesOption, LineSeriesOption, PieSeriesOption } from 'echarts/charts';
import type { GridComponentOption, LegendComponentOption, MarkLineComponentOption, TooltipComponentOption } from 'echarts/components';
import type { DayReport, TrendDay } from '../../../../shared/contract';

export type ChartOption = ComposeOption<BarSeriesOption | LineSeriesOption | PieSeriesOption | GridComponentOption | LegendComponentOption | TooltipComponentOption | MarkLineComponentOption>;

export const VERDICT_COLOURS = { admitted: '#2e7d32', awaitingTest: '#f9a825', rejected: '#b71c1c' } as const;
const ACCENT = '#0d47a1';
const BIG_TEXT = { fontSize: 16 };

/** Clock hours in market-day order: an overnight market starting 22:00 reads 22, 23, 0, 1 … */
export function hourOrder(dayStart: string): number[] {
  const first = Number(/^(\d{2}):/.exec(dayStart)?.[1] ?? 0) % 24;
  return Array.from({ length: 24 }, (_, i) => (first + i) % 24);
}

/** A share as a whole-ish percent for the axis (0.083 → 8.3). */
const pct = (share: number) => Math.round(share * 1000) / 10;

const grid = { left: 56, right: 24, top: 40, bottom: 36 };

/** A percent axis up to the next 5% above `floor` and every rate: a 10% target is not flattened under 100%. */
const rateAxisMax = (rates: readonly (number | null)[], floor = 20) => Math.min(100, Math.ceil(Math.max(floor, ...rates.map((r) => r ?? 0)) / 5) * 5);

/** 每小时入场批次: lots checked in per clock hour, in market-day order. */
export function hourlyLotsOption(report: Pick<DayReport, 'dayStart' | 'intake'>, text: { hour(h: number): string; lots: string }): ChartOption {
  const lots = new Map(report.intake.byHour.map((h) => [h.hour, h.lots]));
  const hours = hourOrder(report.dayStart);
  return {
    grid,
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'category', data: hours.map(text.hour), axisLabel: BIG_TEXT },
    yAxis: { type: 'value', minInterval: 1, axisLabel: BIG_TEXT },
    series: [{ type: 'bar', name: text.lots, data: hours.map((h) => lots.get(h) ?? 0), itemStyle: { color: ACCENT } }],
  };
}

/** 入场判定: 准入 / 待检 / 拒收 as a pie, each in its verdict colour. */
export function verdictsOption(verdicts: DayReport['verdicts'], text: Record<'admitted' | 'awaitingTest' | 'rejected', string>): ChartOption {
  const keys = ['admitted', 'awaitingTest', 'rejected'] as const;
  return {
    tooltip: { trigger: 'item' },
    legend: { bottom: 0, textStyle: BIG_TEXT },
    series: [
      {
        type: 'pie',
        radius: ['35%', '65%'],
        label: { formatter: '{b}\n{c}', fontSize: 16 },
        data: keys.map((k) => ({ name: text[k], value: verdicts[k], itemStyle: { color: VERDICT_COLOURS[k] } })),
      },
    ],
  };
}

/** 品类: lots per category, largest on top; beyond `top` rows the rest are summed as one. */
export function categoriesOption(rows: DayReport['intake']['byCategory'], text: { lots: string; others: string; none: string }, top = 10): ChartOption {
  const sorted = [...rows].sort((a, b) => b.amount.lots - a.amount.lots);
  const shown = sorted.slice(0, top).map((r) => ({ name: r.id === null ? text.none : r.name, lots: r.amount.lots }));
  const rest = sorted.slice(top).reduce((n, r) => n + r.amount.lots, 0);
  if (rest > 0) shown.push({ name: text.others, lots: rest });
  // ECharts draws a category y axis from the bottom up: reversed, the largest is on top.
  shown.reverse();
  return {
    grid: { ...grid, left: 120 },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'value', minInterval: 1, axisLabel: BIG_TEXT },
    yAxis: { type: 'category', data: shown.map((r) => r.name), axisLabel: BIG_TEXT },
    series: [{ type: 'bar', name: text.lots, data: shown.map((r) => r.lots), itemStyle: { color: ACCENT } }],
  };
}

/**
 * 抽检进度: the share of report lots sampled so far, hour by hour, against the target line
 * (percent). An hour before any report lot came in has no rate (a gap, not 0%).
 */
export function samplingProgressOption(report: Pick<DayReport, 'dayStart' | 'testing'>, text: { hour(h: number): string; rate: string; target: string }): ChartOption {
  const byHour = new Map(report.testing.samplingByHour.map((h) => [h.hour, h]));
  const hours = hourOrder(report.dayStart);
  const target = pct(report.testing.withReport.targetRate);
  const rates = hours.map((h) => {
    const at = byHour.get(h);
    return at && at.reportLots > 0 ? pct(at.sampled / at.reportLots) : null;
  });
  return {
    grid,
    tooltip: { trigger: 'axis', valueFormatter: (v) => (v === null || v === undefined ? '—' : `${String(v)}%`) },
    legend: { top: 0, textStyle: BIG_TEXT },
    xAxis: { type: 'category', data: hours.map(text.hour), axisLabel: BIG_TEXT },
    // Up to twice the target (or the highest rate): 8% against 10% must be seen apart.
    yAxis: { type: 'value', min: 0, max: rateAxisMax(rates, 2 * target), axisLabel: { ...BIG_TEXT, formatter: '{value}%' } },
    series: [
      { type: 'line', name: text.rate, data: rates, connectNulls: false, itemStyle: { color: ACCENT }, lineStyle: { width: 3 } },
      { type: 'line', name: text.target, data: hours.map(() => target), symbol: 'none', itemStyle: { color: VERDICT_COLOURS.rejected }, lineStyle: { type: 'dashed', width: 2 } },
    ],
  };
}

/** 7-/30-day trend: lots in per market day (bars, by verdict) and the sampling rate (line, right axis). */
export function trendOption(days: readonly TrendDay[], text: Record<'admitted' | 'awaitingTest' | 'rejected', string> & { rate: string }): ChartOption {
  const x = days.map((d) => d.day.slice(5));
  const rates = days.map((d) => (d.sampledRate === null ? null : pct(d.sampledRate)));
  const bar = (k: 'admitted' | 'awaitingTest' | 'rejected'): BarSeriesOption => ({ type: 'bar', stack: 'lots', name: text[k], data: days.map((d) => d[k]), itemStyle: { color: VERDICT_COLOURS[k] } });
  return {
    grid: { ...grid, right: 56 },
    tooltip: { trigger: 'axis' },
    legend: { top: 0, textStyle: BIG_TEXT },
    xAxis: { type: 'category', data: x, axisLabel: BIG_TEXT },
    yAxis: [
      { type: 'value', minInterval: 1, axisLabel: BIG_TEXT },
      { type: 'value', min: 0, max: rateAxisMax(rates), axisLabel: { ...BIG_TEXT, formatter: '{value}%' } },
    ],
    series: [bar('admitted'), bar('awaitingTest'), bar('rejected'), { type: 'line', name: text.rate, yAxisIndex: 1, data: rates, itemStyle: { color: ACCENT }, lineStyle: { width: 3 } }],
  };
}
