import { useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
import { BarChart, LineChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent, MarkLineComponent, TooltipComponent } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';
import type { ChartOption } from './reportCharts';

// Only the parts the report draws (the full echarts bundle is ~1 MB). SVG: sharp at any zoom and
// printed as vectors in the A4 report.
echarts.use([BarChart, LineChart, PieChart, GridComponent, LegendComponent, TooltipComponent, MarkLineComponent, SVGRenderer]);

/** One chart: `label` names it for screen readers (role img), the option comes from reportCharts.ts. */
export function EChart({ option, label, testId }: { option: ChartOption; label: string; testId: string }) {
  const element = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);

  useEffect(() => {
    const el = element.current!;
    const instance = echarts.init(el, undefined, { renderer: 'svg' });
    chart.current = instance;
    const observer = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(() => instance.resize());
    observer?.observe(el);
    return () => {
      observer?.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    // notMerge: a new day's option replaces the last one whole (a series gone stays gone).
    chart.current?.setOption(option, true);
  }, [option]);

  return <div className="report-chart" ref={element} role="img" aria-label={label} data-testid={testId} />;
}
