import { createCanvas, Image } from '@napi-rs/canvas';
import * as echarts from 'echarts';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { DayReport } from '../../../shared/contract';
import { BUNDLED_FONTS } from '../../../drivers/printer/raster/fonts';
import { registerBundledFonts } from '../../../drivers/printer/raster/text';
import { OUTCOME_WORDS, PDF } from './words';

/**
 * The report's charts, drawn by ECharts on the Node side: server-side rendering to SVG, then
 * rasterised by @napi-rs/canvas (Skia's SVG renderer, the station's bundled Chinese font) into an
 * image for the PDF. Rasterising was chosen over drawing the SVG as PDF vectors: pdf-lib draws SVG
 * path data only, so ECharts' text, transforms and styles would need an SVG interpreter of our
 * own, while Skia renders the whole SVG as a browser would; at 3× the chart reads sharp on paper.
 */

export interface ChartImage {
  title: string;
  /** JPEG: pdf-lib embeds JPEG as it is, where a PNG is decoded and deflated again (~1 s for four charts). */
  jpeg: Uint8Array;
  /** The chart's size in CSS pixels (= points in the PDF at 1:1). */
  width: number;
  height: number;
}

const SCALE = 3;
// Single quotes: ECharts writes the family into SVG attributes, where a double quote ends the attribute.
const FONT_FAMILY = `'${BUNDLED_FONTS.sans.family}'`;
const COLORS = { admit: '#2e7d32', hold: '#f9a825', reject: '#c62828', bar: '#3f6fd8', target: '#c62828' };

let platformSet = false;
/** ECharts measures text with a canvas even when it writes SVG: give it Skia's, with the bundled font. */
function preparePlatform(): void {
  if (platformSet) return;
  registerBundledFonts();
  const ctx = createCanvas(1, 1).getContext('2d');
  echarts.setPlatformAPI({
    measureText(text: string, font?: string) {
      ctx.font = font ?? `12px ${FONT_FAMILY}`;
      return { width: ctx.measureText(text).width };
    },
  });
  platformSet = true;
}

/** The chart as SVG, by ECharts' server-side renderer. */
export function chartSvg(option: echarts.EChartsOption, width: number, height: number): string {
  preparePlatform();
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption({ animation: false, textStyle: { fontFamily: FONT_FAMILY, fontSize: 11 }, ...option });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

/**
 * ECharts gives labels a white halo drawn under the text with `paint-order="stroke"`, which Skia's
 * SVG renderer ignores: the halo would paint over the text. The halo is dropped instead.
 */
export const withoutTextHalos = (svg: string) =>
  svg.replace(/<text\b[^>]*>/g, (tag) => (tag.includes('paint-order="stroke"') ? tag.replace(/ (stroke|stroke-width|paint-order|stroke-miterlimit)="[^"]*"/g, '') : tag));

function render(option: echarts.EChartsOption, width: number, height: number): Uint8Array {
  const svg = withoutTextHalos(chartSvg(option, width, height));
  const img = new Image();
  img.src = Buffer.from(svg);
  const canvas = createCanvas(width * SCALE, height * SCALE);
  const g = canvas.getContext('2d');
  g.fillStyle = '#ffffff';
  g.fillRect(0, 0, canvas.width, canvas.height);
  g.drawImage(img, 0, 0, canvas.width, canvas.height);
  return canvas.toBuffer('image/jpeg', 92);
}

/** Hours in market-day order: from the hour the market day starts, round the clock. */
export function marketHours(dayStart: string): number[] {
  const first = Number(/^(\d{1,2})/.exec(dayStart)?.[1] ?? 0) % 24;
  return Array.from({ length: 24 }, (_, i) => (first + i) % 24);
}

const title = (text: string) => ({ text, left: 'center', top: 4, textStyle: { fontSize: 13, fontWeight: 'normal' as const, fontFamily: FONT_FAMILY } });
const grid = { left: 44, right: 16, top: 36, bottom: 28 };

type ChartSpec = [title: string, option: echarts.EChartsOption, size: { width: number; height: number }];

/** Lots per hour, verdicts, categories and sampling against its target, in that order. */
export function dayReportChartOptions(r: DayReport): ChartSpec[] {
  const hours = marketHours(r.dayStart);
  const lots = new Map(r.intake.byHour.map((h) => [h.hour, h.lots]));
  const sampling = new Map(r.testing.samplingByHour.map((h) => [h.hour, h]));
  const hourLabels = hours.map((h) => `${h}时`);
  const wide = { width: 495, height: 200 };
  const half = { width: 242, height: 190 };
  const categories = r.intake.byCategory.slice(0, 10);
  const target = r.testing.withReport.targetRate;

  return [
    [
      PDF.chartByHour,
      {
        title: title(PDF.chartByHour),
        grid,
        xAxis: { type: 'category', data: hourLabels, axisLabel: { interval: 1 } },
        yAxis: { type: 'value', minInterval: 1 },
        series: [{ type: 'bar', data: hours.map((h) => lots.get(h) ?? 0), itemStyle: { color: COLORS.bar } }],
      },
      wide,
    ],
    [
      PDF.chartVerdicts,
      {
        title: title(PDF.chartVerdicts),
        series: [
          {
            type: 'pie',
            radius: ['30%', '58%'],
            center: ['50%', '57%'],
            label: { formatter: '{b} {c}' },
            data: [
              { name: OUTCOME_WORDS.admit, value: r.verdicts.admitted, itemStyle: { color: COLORS.admit } },
              { name: OUTCOME_WORDS.hold, value: r.verdicts.awaitingTest, itemStyle: { color: COLORS.hold } },
              { name: OUTCOME_WORDS.reject, value: r.verdicts.rejected, itemStyle: { color: COLORS.reject } },
            ],
          },
        ],
      },
      half,
    ],
    [
      PDF.chartCategories,
      {
        title: title(PDF.chartCategories),
        grid: { left: 88, right: 24, top: 36, bottom: 24 },
        xAxis: { type: 'value', minInterval: 1 },
        yAxis: { type: 'category', inverse: true, data: categories.map((c) => c.name) },
        series: [{ type: 'bar', data: categories.map((c) => c.amount.lots), itemStyle: { color: COLORS.bar }, label: { show: true, position: 'right' } }],
      },
      half,
    ],
    [
      PDF.chartSampling,
      {
        title: title(PDF.chartSampling),
        grid: { ...grid, top: 44 },
        legend: { top: 22, textStyle: { fontFamily: FONT_FAMILY } },
        xAxis: { type: 'category', data: hourLabels, axisLabel: { interval: 1 } },
        yAxis: { type: 'value', minInterval: 1 },
        series: [
          { name: PDF.seriesSampled, type: 'line', showSymbol: false, step: 'end', data: hours.map((h) => sampling.get(h)?.sampled ?? 0), itemStyle: { color: COLORS.bar } },
          {
            name: `${PDF.seriesTarget} ${Math.round(target * 1000) / 10}%`,
            type: 'line',
            showSymbol: false,
            step: 'end',
            data: hours.map((h) => Math.ceil((sampling.get(h)?.reportLots ?? 0) * target)),
            lineStyle: { type: 'dashed' },
            itemStyle: { color: COLORS.target },
          },
        ],
      },
      wide,
    ],
  ];
}

/** The charts drawn one at a time, the event loop given back between them (each is ~100 ms of drawing). */
export async function dayReportCharts(r: DayReport): Promise<ChartImage[]> {
  const out: ChartImage[] = [];
  for (const [title, option, size] of dayReportChartOptions(r)) {
    out.push({ title, jpeg: render(option, size.width, size.height), ...size });
    await nextTurn();
  }
  return out;
}
