// @vitest-environment jsdom
import { act } from 'react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError, DayReport, type DayClose, type StationClient, type WorkPlanRule } from '../../../shared/contract';
import { ReportScreen } from '../../../renderer/src/screens/report/ReportScreen';
import { renderScreen, renderingScreens } from '../../support/screen';
import { dayReportFixture, fixtureId } from '../../fixtures/ruleDayReport';

renderingScreens();

const DAY = '2026-03-10';
// Noon on the fixture's day: it is "today" for the screen.
const NOON = () => new Date(2026, 2, 10, 12, 0);
const MANAGER = { id: '01JZ0000000000000000000004', name: '钱经理', role: 'manager' };

beforeEach(() => {
  // jsdom has no canvas: ECharts' SVG renderer only measures text with it.
  vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(null);
  // …and no layout: a chart is given the size a page would give it.
  vi.spyOn(HTMLElement.prototype, 'clientWidth', 'get').mockReturnValue(600);
  vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockReturnValue(300);
  sessionStorage.setItem('station.operator', JSON.stringify(MANAGER));
});

type Calls = { method: string; input: any }[];
function station(calls: Calls, report: (input: any) => DayReport, answers: Record<string, (input: any) => unknown> = {}) {
  return vi.fn(async (method: string, input: unknown) => {
    calls.push({ method, input });
    if (answers[method]) return answers[method](input);
    if (method === 'getDayReport') return report(input);
    if (method === 'getIntakeTrend') return [];
    if (method === 'listDayCloses') return [];
    throw new ApiError('forbidden', method);
  }) as unknown as StationClient['call'];
}

async function screen(unmet: WorkPlanRule[], options: { onOpenLot?: (id: string) => void; answers?: Record<string, (input: any) => unknown>; calls?: Calls } = {}) {
  const calls = options.calls ?? [];
  const view = await renderScreen(
    <ReportScreen now={NOON} onOpenLot={options.onOpenLot} />,
    station(calls, (i) => dayReportFixture(i.from, { unmet }), options.answers),
  );
  return { view, calls };
}
const row = (view: HTMLElement, rule: WorkPlanRule) => view.querySelector<HTMLElement>(`[data-testid=rule-${rule}]`)!;
const verdict = (view: HTMLElement, rule: WorkPlanRule) => row(view, rule).querySelector('[data-testid=rule-verdict]')!.textContent;
const sentence = (view: HTMLElement, rule: WorkPlanRule) => row(view, rule).querySelector('[data-testid=rule-sentence]')!.textContent;
const click = (el: Element) => act(async () => (el as HTMLElement).click());

describe('日报: the work plan rules first', () => {
  it('asks for today, one market day', async () => {
    const { calls } = await screen([]);
    expect(calls.find((c) => c.method === 'getDayReport')!.input).toEqual({ from: DAY, to: DAY });
    expect(calls.find((c) => c.method === 'getIntakeTrend')!.input).toEqual({ to: DAY, days: 7 });
  });

  it('an overnight market before its day start shows the market day before the calendar day', async () => {
    const calls: Calls = [];
    await renderScreen(
      <ReportScreen now={() => new Date(2026, 2, 10, 3, 0)} />,
      station(calls, (i) => dayReportFixture(i.from, { dayStart: '06:00' })),
    );
    expect(calls.filter((c) => c.method === 'getDayReport').map((c) => c.input)).toEqual([
      { from: DAY, to: DAY },
      { from: '2026-03-09', to: '2026-03-09' },
    ]);
  });

  it('every rule met: 达标 in words, each rule’s figures in a sentence, no lot to open', async () => {
    const { view } = await screen([]);
    expect(view.querySelector('[data-testid=report-rules]')!.getAttribute('data-unmet')).toBe('0');
    expect(view.querySelector('[data-testid=report-rules] h2')!.textContent).toContain('6 项规定全部达标');
    for (const rule of ['entryChecked', 'noReportTested', 'samplingRate', 'positivesHandled', 'disposalEvidence', 'uploaded'] as const) {
      expect(row(view, rule).getAttribute('data-met'), rule).toBe('true');
      expect(verdict(view, rule), rule).toBe('✓ 达标');
    }
    expect(sentence(view, 'entryChecked')).toBe('240 批全部已查验');
    expect(sentence(view, 'noReportTested')).toBe('无检测报告 40 批，全部已检测');
    expect(sentence(view, 'samplingRate')).toBe('抽检率 12% ≥ 10%（已检测 24 / 200 批）');
    expect(sentence(view, 'positivesHandled')).toBe('阳性 2 批，全部已处置（销毁 1，放行 1）');
    expect(sentence(view, 'disposalEvidence')).toBe('销毁 2 次，证据齐全');
    expect(sentence(view, 'uploaded')).toBe('全部已上传');
    expect(view.querySelectorAll('[data-lot-id]')).toHaveLength(0);
    expect(view.querySelector('[data-testid=apply-floor]')).toBeNull();
  });

  it('rules not met: 未达标 and what is missing, with the lots as buttons that open them', async () => {
    const opened: string[] = [];
    const { view } = await screen(['entryChecked', 'noReportTested', 'samplingRate', 'positivesHandled', 'disposalEvidence', 'uploaded'], { onOpenLot: (id) => opened.push(id) });
    expect(view.querySelector('[data-testid=report-rules] h2')!.textContent).toContain('6 项规定未达标');
    for (const rule of ['entryChecked', 'noReportTested', 'samplingRate', 'positivesHandled', 'disposalEvidence', 'uploaded'] as const) {
      expect(row(view, rule).getAttribute('data-met'), rule).toBe('false');
      expect(verdict(view, rule), rule).toBe('✗ 未达标');
      expect(row(view, rule).querySelector('.rule-unmet'), rule).not.toBeNull();
    }
    expect(sentence(view, 'entryChecked')).toBe('2 批入场未查验');
    expect(sentence(view, 'noReportTested')).toBe('3 批无检测报告的未检测');
    expect(sentence(view, 'samplingRate')).toBe('抽检率 8% < 10%，还需抽检 4 批');
    expect(sentence(view, 'positivesHandled')).toBe('1 批阳性未处理（扣留待处置 1，仍在销售 0）');
    expect(sentence(view, 'disposalEvidence')).toBe('缺少粉碎记录 1 批，缺少销毁证明 0 批');
    expect(sentence(view, 'uploaded')).toBe('12 条待上传，1 条被平台拒收');
    const untested = [...row(view, 'noReportTested').querySelectorAll('button[data-lot-id]')].map((b) => b.getAttribute('data-lot-id'));
    expect(untested).toEqual([fixtureId(200), fixtureId(201), fixtureId(202)]);
    await click(row(view, 'noReportTested').querySelector(`[data-lot-id="${fixtureId(201)}"]`)!);
    // A lot the report names elsewhere (the held positive) shows its code; others without one the end of their id.
    const positive = row(view, 'positivesHandled').querySelector('[data-lot-id]')!;
    expect(positive.textContent).toBe('1. 0106901234567892 10P2');
    expect(row(view, 'noReportTested').querySelector('[data-lot-id]')!.textContent).toBe('1. …000200');
    // The codes the report gives for its rules' lots (lotCodes) are shown too.
    expect(row(view, 'noReportTested').querySelector(`[data-lot-id="${fixtureId(201)}"]`)!.textContent).toBe('2. 3050102000000000017');
    await click(positive);
    expect(opened).toEqual([fixtureId(201), fixtureId(10)]);
  });

  it('a rule with nothing to check says so rather than “0 of 0”', async () => {
    const empty = (day: string): DayReport => {
      const r = dayReportFixture(day);
      const figures: Partial<Record<WorkPlanRule, Record<string, number>>> = {
        samplingRate: { lots: 0, sampled: 0, tested: 0, target: 0.1, required: 0, missing: 0 },
        positivesHandled: { positives: 0, destroyed: 0, released: 0, held: 0, selling: 0 },
        disposalEvidence: { disposals: 0, evidenceMissing: 0, withoutCertificate: 0 },
      };
      return { ...r, rules: r.rules.map((rule) => (figures[rule.rule] ? { ...rule, figures: figures[rule.rule]! } : rule)) };
    };
    const view = await renderScreen(
      <ReportScreen now={NOON} />,
      station([], (i) => empty(i.from)),
    );
    expect(sentence(view, 'samplingRate')).toBe('没有有检测报告的批次，无需抽检');
    expect(sentence(view, 'positivesHandled')).toBe('无阳性批次');
    expect(sentence(view, 'disposalEvidence')).toBe('无销毁');
    expect(verdict(view, 'samplingRate')).toBe('✓ 达标');
  });

  it('in English the same sentences read from the same figures', async () => {
    const i18n = (await import('i18next')).default;
    await act(async () => void (await i18n.changeLanguage('en')));
    try {
      const { view } = await screen(['samplingRate', 'noReportTested']);
      expect(verdict(view, 'samplingRate')).toBe('✗ Not met');
      expect(sentence(view, 'samplingRate')).toBe('Sampling 8% < 10%: 4 more lots to test');
      expect(sentence(view, 'noReportTested')).toBe('3 lots without a test report not tested');
      expect(verdict(view, 'uploaded')).toBe('✓ Met');
    } finally {
      await act(async () => void (await i18n.changeLanguage('zh-CN')));
    }
  });

  it('without a drill-down wired, a lot button does nothing and breaks nothing', async () => {
    const calls: Calls = [];
    const view = await renderScreen(
      <ReportScreen now={NOON} />,
      station(calls, (i) => dayReportFixture(i.from, { unmet: ['noReportTested'] })),
    );
    await click(view.querySelector('[data-lot-id]')!);
    expect(view.querySelector('[data-testid=report-rules]')).not.toBeNull();
  });
});

describe('日报: loading', () => {
  it('days picked quickly: the last one asked is the one shown, whatever answers first', async () => {
    const answers = new Map<string, (r: DayReport) => void>();
    const calls: Calls = [];
    const call = vi.fn(async (method: string, input: any) => {
      calls.push({ method, input });
      if (method === 'getDayReport') {
        if (input.from === DAY) return dayReportFixture(DAY);
        return new Promise<DayReport>((resolve) => answers.set(input.from, resolve));
      }
      if (method === 'getIntakeTrend' || method === 'listDayCloses') return [];
      throw new ApiError('forbidden', method);
    }) as unknown as StationClient['call'];
    const view = await renderScreen(<ReportScreen now={NOON} />, call);
    await click(view.querySelector('[data-testid=day-previous]')!);
    await click(view.querySelector('[data-testid=day-previous]')!);
    expect([...answers.keys()]).toEqual(['2026-03-09', '2026-03-08']);
    await act(async () => answers.get('2026-03-08')!(dayReportFixture('2026-03-08')));
    await act(async () => answers.get('2026-03-09')!(dayReportFixture('2026-03-09', { unmet: ['uploaded'] })));
    expect(view.querySelector('[data-testid=report-heading]')!.textContent).toContain('2026-03-08 日报');
    expect(view.querySelector<HTMLInputElement>('[data-testid=report-day]')!.value).toBe('2026-03-08');
    expect(row(view, 'uploaded').getAttribute('data-met')).toBe('true');
  });

  it('a report the station cannot give says why, in words', async () => {
    const view = await renderScreen(
      <ReportScreen now={NOON} />,
      station([], () => {
        throw new ApiError('internal', 'worker stopped', { errorId: 'ab12cd34' });
      }),
    );
    expect(view.querySelector('[data-testid=report-problem]')!.textContent).toContain('ab12cd34');
    expect(view.querySelector('[data-testid=report-rules]')).toBeNull();
  });
});

describe('日报: the sampling floor where sampling falls short', () => {
  it('applies the testing service’s floor (applySamplingFloor) today, says how many were picked and reloads', async () => {
    let sampled = false;
    const calls: Calls = [];
    const view = await renderScreen(
      <ReportScreen now={NOON} />,
      station(calls, (i) => dayReportFixture(i.from, { unmet: sampled ? [] : ['samplingRate'] }), {
        applySamplingFloor: () => {
          sampled = true;
          return [{}, {}, {}, {}];
        },
      }),
    );
    await click(view.querySelector('[data-testid=apply-floor]')!);
    expect(calls.filter((c) => c.method === 'applySamplingFloor')).toEqual([{ method: 'applySamplingFloor', input: {} }]);
    expect(view.querySelector('[data-testid=floor-message]')!.textContent).toBe('已补抽 4 批，已加入待检队列');
    expect(calls.filter((c) => c.method === 'getDayReport')).toHaveLength(2);
    expect(row(view, 'samplingRate').getAttribute('data-met')).toBe('true');
  });

  it('once enough lots are selected the row says they await their tests, and the floor is offered no more', async () => {
    let sampled = false;
    const selectedNotTested = (day: string) => {
      const report = dayReportFixture(day, { unmet: ['samplingRate'] });
      const rule = report.rules.find((r) => r.rule === 'samplingRate')!;
      if (sampled) rule.figures = { ...rule.figures, sampled: 10, tested: 8, required: 10, missing: 2, toSelect: 0 };
      return report;
    };
    const view = await renderScreen(
      <ReportScreen now={NOON} />,
      station([], (i) => selectedNotTested(i.from), { applySamplingFloor: () => ((sampled = true), [{}, {}]) }),
    );
    expect(sentence(view, 'samplingRate')).toBe('抽检率 8% < 10%，还需抽检 4 批');
    await click(view.querySelector('[data-testid=apply-floor]')!);
    expect(verdict(view, 'samplingRate')).toBe('✗ 未达标');
    expect(sentence(view, 'samplingRate')).toBe('抽检率 8% < 10%：已抽中 10 批，待检测 2 批');
    expect(view.querySelector('[data-testid=apply-floor]')).toBeNull();
    expect(view.querySelector('[data-testid=floor-message]')!.textContent).toBe('已补抽 2 批，已加入待检队列');
  });

  it('a past day: no floor button, a hint to look at today', async () => {
    const { view, calls } = await screen(['samplingRate']);
    await click(view.querySelector('[data-testid=day-previous]')!);
    expect(calls.filter((c) => c.method === 'getDayReport').at(-1)!.input).toEqual({ from: '2026-03-09', to: '2026-03-09' });
    expect(view.querySelector('[data-testid=apply-floor]')).toBeNull();
    expect(row(view, 'samplingRate').textContent).toContain('抽检保底只用于今天');
  });
});

describe('日报: charts and sections', () => {
  it('draws the five charts and the sections from the report', async () => {
    const { view } = await screen([]);
    for (const id of ['chart-hourly', 'chart-verdicts', 'chart-categories', 'chart-sampling', 'chart-trend']) expect(view.querySelector(`[data-testid=${id}] svg`), id).not.toBeNull();
    expect(view.querySelector('[data-testid=report-intake]')!.textContent).toContain('合计：240 批 · 5123.5 公斤 · 40 件 · 12 箱');
    expect(view.querySelector('[data-testid=report-verdicts]')!.textContent).toContain('准入 190 · 待检 40 · 拒收 10');
    expect(view.querySelector('[data-testid=report-verdicts]')!.textContent).toContain('缺少合格证：7 批');
    expect(view.querySelector('[data-testid=report-testing]')!.textContent).toContain('有检测报告 200 批，抽检 24 批，已检测 24 批（目标 10%）');
    expect(view.querySelector('[data-testid=report-upload]')!.textContent).toContain('待上传 0 条 · 被拒收 0 条');
    const recalls = view.querySelector('[data-testid=report-recalls]')!;
    expect(recalls.textContent).toContain('进行中 1 起 · 本期发起 1 起 · 结束 0 起 · 解除 0 起');
    const open = recalls.querySelectorAll('li');
    expect([...open].map((li) => li.textContent)).toEqual(['ZH20260310-01 · 2026-03-10 10:30 发起 · 南安合作社（91350583MA2XN7K41B） · 供应商通知：批次农残超标 · 待追回 3 / 12 批']);
    expect(open[0]!.className).toBe('rule-unmet');
  });

  it('the recalls card: none open, more than it lists, and in English', async () => {
    const none = await screen([], { answers: { getDayReport: (i) => ({ ...dayReportFixture(i.from), recalls: { open: 0, startedInRange: 0, closedInRange: 2, liftedInRange: 1, openList: [] } }) } });
    expect(none.view.querySelector('[data-testid=report-recalls]')!.textContent).toContain('进行中 0 起 · 本期发起 0 起 · 结束 2 起 · 解除 1 起无进行中的召回');
    const fixture = dayReportFixture(DAY);
    const many = await screen([], { answers: { getDayReport: () => ({ ...fixture, recalls: { ...fixture.recalls, open: 104 } }) } });
    expect(many.view.querySelector('[data-testid=report-recalls]')!.textContent).toContain('另有 103 起进行中的召回未列出');
    const i18n = (await import('i18next')).default;
    await act(async () => void (await i18n.changeLanguage('en')));
    try {
      const { view } = await screen([]);
      expect(view.querySelector('[data-testid=report-recalls] li')!.textContent).toBe(
        'ZH20260310-01 · started 2026-03-10 10:30 · 南安合作社（91350583MA2XN7K41B） · 供应商通知：批次农残超标 · 3 of 12 lots still to find',
      );
    } finally {
      await act(async () => void (await i18n.changeLanguage('zh-CN')));
    }
  });

  it('a report frozen before recalls were reported still reads, with none', () => {
    const { recalls: _dropped, ...before } = dayReportFixture(DAY);
    expect(DayReport.parse(before).recalls).toEqual({ open: 0, startedInRange: 0, closedInRange: 0, liftedInRange: 0, openList: [] });
  });

  it('a range: both ends asked for, the heading says so, 日结 only for one day', async () => {
    const { view, calls } = await screen([]);
    await click(view.querySelector('[data-testid=mode-range]')!);
    await act(async () => view.querySelector<HTMLFormElement>('form.report-day')!.requestSubmit());
    expect(calls.filter((c) => c.method === 'getDayReport').at(-1)!.input).toEqual({ from: '2026-03-04', to: DAY });
    expect(view.querySelector('[data-testid=report-heading]')!.textContent).toContain('2026-03-04 至 2026-03-10 日报');
    expect(view.querySelector('[data-testid=day-close]')).toBeNull();
  });
});

describe('日结 from the report', () => {
  const closed: DayClose = {
    id: fixtureId(900),
    day: DAY,
    closedAt: `${DAY}T18:10:00.000+08:00`,
    closedById: MANAGER.id,
    closedByName: '钱经理',
    outstanding: ['samplingRate'],
    contentHash: 'ab'.repeat(32),
    intact: true,
    chainHead: { seq: 41, hash: 'cd'.repeat(32) },
    report: dayReportFixture(DAY, { unmet: ['samplingRate'] }),
  };

  it('lists what is outstanding first, closes only once the manager acknowledges it, then shows it in history', async () => {
    const calls: Calls = [];
    let history: DayClose[] = [];
    const { view } = await screen(['samplingRate'], {
      calls,
      answers: {
        getDayCloseCheck: () => ({
          day: DAY,
          closed: null,
          outstanding: dayReportFixture(DAY, { unmet: ['samplingRate'] }).rules.filter((r) => !r.met),
          report: dayReportFixture(DAY, { unmet: ['samplingRate'] }),
        }),
        closeDay: () => ((history = [closed]), closed),
        listDayCloses: () => history,
        getDayClose: () => closed,
      },
    });
    await click(view.querySelector('[data-testid=day-close-start]')!);
    expect(view.querySelector('[data-testid=day-close-check]')!.textContent).toContain('有报告抽检比例：抽检率 8% < 10%，还需抽检 4 批');
    const confirm = view.querySelector<HTMLButtonElement>('[data-testid=day-close-confirm]')!;
    expect(confirm.disabled).toBe(true);
    await click(view.querySelector('[data-testid=day-close-ack]')!);
    expect(confirm.disabled).toBe(false);
    await click(confirm);
    expect(calls.find((c) => c.method === 'closeDay')!.input).toEqual({ day: DAY, acknowledgeOutstanding: true });
    expect(view.querySelector('[data-testid=day-close-message]')!.textContent).toBe(`${DAY} 已日结，内容哈希 ${'ab'.repeat(8)}`);
    expect(view.querySelector('[data-testid=day-close-closed]')!.textContent).toContain('由 钱经理 日结');
    const rows = view.querySelectorAll('[data-testid=day-close-row]');
    expect(rows).toHaveLength(1);
    expect(rows[0]!.querySelector('[data-testid=close-integrity]')!.textContent).toBe('记录完好');
    await click(rows[0]!.querySelector('button')!);
    expect(view.querySelector('[data-testid=frozen-close]')!.textContent).toContain('日结时未达标：有报告抽检比例');
    expect(view.querySelector('[data-testid=frozen-close]')!.textContent).toContain(`审计链头：第 41 条 · ${'cd'.repeat(32)}`);
  });

  it('a day already closed says so instead of offering a close; an altered record says so too', async () => {
    const { view } = await screen([], { answers: { listDayCloses: () => [{ ...closed, intact: false }], getDayClose: () => ({ ...closed, intact: false }) } });
    expect(view.querySelector('[data-testid=day-close-start]')).toBeNull();
    expect(view.querySelector('[data-testid=day-close-closed]')!.textContent).toBe(`${DAY} 已于 ${DAY} 18:10 由 钱经理 日结 记录已被改动`);
    expect(view.querySelector('[data-testid=day-close-row] [data-testid=close-integrity]')!.textContent).toBe('记录已被改动');
    await click(view.querySelector('[data-testid=day-close-row] button')!);
    expect(view.querySelector('[data-testid=frozen-close] [role=alert]')!.textContent).toContain('日结后有人改动了数据库文件');
  });

  it('a second close (another counter closed the day meanwhile) is refused in words', async () => {
    const { view } = await screen([], {
      answers: {
        getDayCloseCheck: () => ({ day: DAY, closed: null, outstanding: [], report: dayReportFixture(DAY) }),
        closeDay: () => {
          throw new ApiError('conflict', 'closed', { reason: 'dayAlreadyClosed', day: DAY, closedAt: '2026-03-10 18:10', closedBy: '钱经理' });
        },
      },
    });
    await click(view.querySelector('[data-testid=day-close-start]')!);
    expect(view.querySelector('[data-testid=day-close-check]')!.textContent).toContain('所有规定均已达标');
    await click(view.querySelector('[data-testid=day-close-confirm]')!);
    expect(view.querySelector('[data-testid=day-close-message]')!.textContent).toBe('2026-03-10 已于 2026-03-10 18:10 由 钱经理 日结，不能再次日结（未记录任何内容）');
  });
});
