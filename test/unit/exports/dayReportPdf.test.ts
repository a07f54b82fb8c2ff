import { describe, expect, it } from 'vitest';
import { dayReportPdf } from '../../../electron/services/exports/reportPdf';
import { sampleDayReport } from '../../fixtures/dayReport';
import { readPdf } from '../../fixtures/pdf';

const heading = { marketName: '福州海峡农副产品批发市场', stationName: '1号查验台' };

describe('the day report as PDF', () => {
  it('is A4, in Chinese, with the title, the per-rule table, the key figures and the charts', async () => {
    const { pages, text } = await readPdf(await dayReportPdf(sampleDayReport(), heading));
    for (const p of pages) {
      expect(p.width).toBeCloseTo(595.28, 1);
      expect(p.height).toBeCloseTo(841.89, 1);
    }
    const lines = text.split(/\n|\f/);
    expect(lines[0]).toBe('食用农产品入场日报');
    expect(lines[1]).toBe('福州海峡农副产品批发市场 · 1号查验台');
    expect(lines[2]).toContain('2026-03-01（市场日自 03:00 起）');
    for (const h of ['一、工作方案规则达标情况', '二、主要数据', '三、图表', '四、明细', '品种', '人工改判', '销毁记录', '进行中的召回']) expect(lines).toContain(h);
    // Each rule on one row: name, 达标 / 未达标, and what is missing.
    expect(lines).toContain('无检测报告批次批批检测 未达标 无检测报告 51 批，已检测 48 批，3 批无检测报告的批次未检测');
    expect(lines).toContain('入场批批查验 达标 入场 143 批，已查验 143 批');
    expect(lines.some((l) => l.startsWith('有检测报告批次抽检比例 未达标 有检测报告 92 批，已抽中 8 批，抽检率 8.7% < 10%，还差 2 批'))).toBe(true);
    // Key figures, two pairs a row.
    expect(lines).toContain('入场批次 143 批 检测次数 57 次');
    expect(lines).toContain('入场重量 2875.75 公斤 无效检测 1 次');
    expect(lines).toContain('无检测报告批次 51 批 进行中的召回 2 起');
    expect(lines).toContain('抽检比例 8.7% 出场批次 217 批');
    expect(lines).toContain('目标抽检比例 10.0% 出口异常 2 次');
    // 一进口一出口: in and out per market day.
    expect(lines).toContain('进出场');
    expect(lines).toContain('2026-03-01 168 5120.75 121 2904.5 2');
    // Detail rows, numbers right-aligned in their cells.
    expect(lines).toContain('小白菜（上海青） 48 1250.5 0 0 0');
    expect(lines).toContain('XH-20260301-0001 3059901000777 粉碎 有 2026-03-01 09:15:00');
    // The open recalls, each number whole on its row (reason and scope may wrap).
    expect(lines.some((l) => l.startsWith('ZH20260301-01 本市场检测阳性') && l.endsWith('2026-03-01 07:55:00 3 9'))).toBe(true);
    // The four charts as images, on the pages after the figures.
    expect(pages.reduce((n, p) => n + p.images, 0)).toBe(4);
    expect(lines.some((l) => l.endsWith(`第 1 页 / 共 ${pages.length} 页`))).toBe(true);
  });

  it('breaks a long table across pages, its header row repeated', async () => {
    const short = await readPdf(await dayReportPdf(sampleDayReport(), heading));
    const long = await readPdf(await dayReportPdf(sampleDayReport(400), heading));
    expect(long.pages.length).toBeGreaterThan(short.pages.length + 5);
    const all = long.text.split(/\n|\f/);
    for (const i of [1, 200, 400]) expect(all).toContain(`品种${i}号 特级 1 ${Number((1.125 * i).toFixed(3))} 0 0 0`);
    // The varieties run over several pages, each starting with the column heads.
    const withVarieties = long.pages.filter((p) => p.lines.some((l) => /^品种\d+号/.test(l)));
    expect(withVarieties.length).toBeGreaterThan(5);
    for (const p of withVarieties) expect(p.lines).toContain('名称 批次 重量（公斤） 件 头 箱');
    for (const p of long.pages) expect(p.width).toBeCloseTo(595.28, 1);
  });
});
