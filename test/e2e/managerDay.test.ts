import ExcelJS from 'exceljs';
import { mkdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { gs1Scan } from '../support/core';
import { readPdf } from '../fixtures/pdf';
import { isoDay, openDesk, openTab, receiveLot, signInWithPinPad, type Counter, type Desk, type Station } from './harness';

// `UPDATE_SCREENSHOTS=1 npm test` refreshes the pictures in docs/; plain runs keep the tree clean.
const SCREENSHOTS = process.env.UPDATE_SCREENSHOTS ? fileURLToPath(new URL('../../docs/screenshots/', import.meta.url)) : join(tmpdir(), 'station-screenshots/');
const INSPECTOR = { name: '林检测', pin: '3579' };
/** Lots with a test report: the sampler's pool, none of them tested today. */
const REPORT_LOTS = Array.from({ length: 10 }, (_, i) => ({ raw: gs1Scan('4', `MD${i + 1}`), name: `MD${i + 1}` }));
/** A lot without a report that fails its test and is destroyed. */
const DESTROYED = gs1Scan('4', 'MD99');

let desk: Desk;
let station: Station;
let page: Page;
let counter: Counter;
let certificateNumber: string;
const today = isoDay();

const rule = (p: Page, name: string) => p.locator(`[data-testid=rule-${name}]`);

/** Clicks a link that saves a file and gives the file's bytes. */
async function downloaded(p: Page, selector: string): Promise<{ name: string; bytes: Buffer }> {
  const [download] = await Promise.all([p.waitForEvent('download'), p.click(selector)]);
  return { name: download.suggestedFilename(), bytes: readFileSync(await download.path()) };
}

beforeAll(async () => {
  desk = await openDesk({ operators: [{ ...INSPECTOR, role: 'inspector' }] });
  ({ station, page, counter } = desk);
  for (const lot of REPORT_LOTS) await receiveLot(station, counter, { ...lot, quantity: 20 });
  await receiveLot(station, counter, { raw: DESTROYED, name: 'MD99', quantity: 30, report: false });
  const operators = await station.ok('listOperators', {});
  const inspector = (await station.ok('signIn', { operatorId: operators.find((o) => o.name === INSPECTOR.name)!.id, pin: INSPECTOR.pin })).sessionId;
  await station.ok('recordTest', { raw: DESTROYED, itemId: 'opCarbamate', value: 68 }, inspector);
  const manager = operators.find((o) => o.name === counter.manager.name)!;
  certificateNumber = (
    await station.ok(
      'disposeLot',
      { raw: DESTROYED, quantity: 30, unit: 'kg', reason: 'testFailed', method: 'other', methodText: '深埋', operatorPin: INSPECTOR.pin, witnessId: manager.id, witnessPin: counter.manager.pin },
      inspector,
    )
  ).certificateNumber;
}, 120_000);
afterAll(() => desk?.stop());

it("a manager's day: 日报 with sampling 未达标, the floor, a lot's page, the disposal certificate, exports, 日结 once", async () => {
  await signInWithPinPad(page, station.url, counter.manager.name, counter.manager.pin);
  await openTab(page, 'report');
  await page.waitForSelector(`[data-testid=report-heading]:has-text("${today}")`, { timeout: 15_000 });

  // Ten report lots and none tested: sampling falls short of 10%.
  const sampling = rule(page, 'samplingRate');
  expect(await sampling.getAttribute('data-met')).toBe('false');
  expect(await sampling.locator('[data-testid=rule-verdict]').innerText()).toBe('✗ 未达标');

  // 应用抽检保底 where chance picked too few at the gate (the sampling secret is random); where it
  // picked enough, the floor is not offered and the row says the lots await their tests.
  const selections = (reason: string) => (station.db().prepare('select count(*) as n from test_selections where reason = ?').get(reason) as { n: number }).n;
  if (selections('keyed') === 0) {
    await page.click('[data-testid=apply-floor]');
    const message = await page.locator('[data-testid=floor-message]').innerText({ timeout: 10_000 });
    expect(message).toBe(`已补抽 ${selections('floor')} 批，已加入待检队列`);
  }
  expect(selections('keyed') + selections('floor')).toBeGreaterThanOrEqual(1);
  await page.waitForSelector('[data-testid=rule-samplingRate] [data-testid=rule-sentence]:has-text("待检测")');
  expect(await page.locator('[data-testid=apply-floor]').count()).toBe(0);
  // Picked is not tested: the rule stays 未达标 and names the lots to test.
  await page.waitForSelector('[data-testid=rule-samplingRate] .rule-lot');
  expect(await sampling.getAttribute('data-met')).toBe('false');
  await page.screenshot({ path: `${(mkdirSync(SCREENSHOTS, { recursive: true }), SCREENSHOTS)}report.png` });

  // From the rule to a lot's page: why it was sampled.
  const firstLot = sampling.locator('.rule-lot').first();
  const lotId = await firstLot.getAttribute('data-lot-id');
  await firstLot.click();
  const lotPage = page.locator('[data-testid=lot-page][data-state=shown]');
  await lotPage.waitFor();
  expect(['keyed', 'floor']).toContain(await lotPage.locator('[data-testid=lot-page-sampling]').getAttribute('data-reason'));
  const selection = station.db().prepare('select reason from test_selections where lot_id = ?').get(lotId) as { reason: string };
  expect(await lotPage.locator('[data-testid=lot-page-sampling]').getAttribute('data-reason')).toBe(selection.reason);
  await page.click('[data-testid=lot-page-close]');

  // The destroyed lot, found in the 台账 by its certificate's number: its disposal certificate again.
  await openTab(page, 'ledger');
  await page.fill('[data-testid=ledger-search]', 'CN-MD99');
  await page.click('[data-testid=ledger-search-submit]');
  await page.waitForSelector('[data-testid=ledger-count][data-total="1"]');
  await page.locator('[data-testid=ledger-row]').click();
  await lotPage.waitFor();
  expect(await lotPage.locator('[data-testid=lot-page-disposal]').innerText()).toContain(certificateNumber);
  const certificate = await downloaded(page, '[data-testid=lot-page][data-state=shown] [data-testid=certificate-download]');
  expect(certificate.name).toBe(`销毁证明-${certificateNumber}.pdf`);
  expect(certificate.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  await page.click('[data-testid=lot-page-close]');

  // Exports of the day: the XLSX's rule sheet and the PDF's headings say what the screen says.
  await openTab(page, 'report');
  await page.waitForSelector('[data-testid=rule-samplingRate][data-met=false]');
  await page.click('[data-testid=report-export-xlsx]');
  await page.waitForSelector('[data-testid=report-export-download]', { timeout: 30_000 });
  const xlsx = await downloaded(page, '[data-testid=report-export-download]');
  expect(xlsx.name).toMatch(new RegExp(`^day-report_${today}_\\d{8}-\\d{6}\\.xlsx$`));
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(xlsx.bytes as unknown as ArrayBuffer);
  const rules: unknown[][] = [];
  wb.getWorksheet('达标')!.eachRow((row) => rules.push((row.values as unknown[]).slice(1)));
  const samplingRow = rules.find((r) => r[0] === '有检测报告批次抽检比例')!;
  expect(samplingRow).toContain('未达标');
  expect(wb.worksheets.map((s) => s.name)).toEqual(expect.arrayContaining(['概况', '达标', '销毁记录']));

  await page.click('[data-testid=report-export-pdf]');
  await page.waitForSelector('[data-testid=report-export-done][data-file$=".pdf"] [data-testid=report-export-download]', { timeout: 60_000 });
  const pdf = await downloaded(page, '[data-testid=report-export-download]');
  expect(pdf.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  const { text } = await readPdf(new Uint8Array(pdf.bytes));
  for (const heading of ['食用农产品入场日报', '一、工作方案规则达标情况', '二、主要数据', '三、图表', '四、明细', '未达标', today]) expect(text).toContain(heading);

  // A second manager's screen has the close check open when the first closes the day.
  const other = await desk.browser.context.newPage();
  await signInWithPinPad(other, station.url, counter.manager.name, counter.manager.pin);
  await openTab(other, 'report');
  await other.click('[data-testid=day-close-start]');
  await other.waitForSelector('[data-testid=day-close-check]');

  // 日结: what is outstanding first, acknowledged, then the day frozen.
  await page.click('[data-testid=day-close-start]');
  const check = page.locator('[data-testid=day-close-check]');
  await check.waitFor();
  expect(await check.locator('li[data-rule=samplingRate]').count()).toBe(1);
  await page.check('[data-testid=day-close-ack]');
  await page.click('[data-testid=day-close-confirm]');
  await page.waitForSelector('[data-testid=day-close-message]:has-text("日结")');
  await page.waitForSelector(`[data-testid=day-close-row][data-day="${today}"]`);
  const closes = station.db().prepare('select day, content_hash from day_closes').all() as { day: string; content_hash: string }[];
  expect(closes.map((c) => c.day)).toEqual([today]);
  expect(await page.locator('[data-testid=day-close-message]').innerText()).toContain(closes[0]!.content_hash.slice(0, 16));

  // The same day again, from the other screen: refused in words, nothing recorded.
  await other.check('[data-testid=day-close-ack]');
  await other.click('[data-testid=day-close-confirm]');
  const refusal = await other.locator('[data-testid=day-close-message]').innerText({ timeout: 10_000 });
  expect(refusal).toContain(`${today} 已于`);
  expect(refusal).toContain('不能再次日结（未记录任何内容）');
  expect(station.db().prepare('select count(*) as n from day_closes').get()).toEqual({ n: 1 });
  await other.close();

  // The history shows the frozen report: intact, with its rules as they stood.
  const row = page.locator(`[data-testid=day-close-row][data-day="${today}"]`);
  expect(await row.locator('[data-testid=close-integrity]').getAttribute('data-intact')).toBe('true');
  await row.locator('button').click();
  const frozen = row.locator('[data-testid=frozen-close]');
  await frozen.waitFor();
  expect(await frozen.innerText()).toContain(closes[0]!.content_hash);
  expect(await frozen.locator('[data-testid=rule-samplingRate]').getAttribute('data-met')).toBe('false');
}, 180_000);
