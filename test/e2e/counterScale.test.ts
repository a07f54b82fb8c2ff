import type Database from 'better-sqlite3';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPtyPair, ScaleSimulator } from '../../drivers/scale/simulator';
import { protocolById } from '../../drivers/scale/protocols';
import { openDesk, openTab, receiveLot, signInWithPinPad, teardown, wedgeScan, type Counter, type Station } from './harness';

const GTIN = '06901234567892';
const gs1 = (batch: string) => `01${GTIN}10${batch}`;
const SHOWN_MS = 10_000;

let station: Station;
let page: Page;
let counter: Counter;
let db: Database.Database;
let sim: ScaleSimulator;
let parentId: string;

const ownChildren = (parent: string) =>
  db.prepare("select code_key, quantity from lots where parent_lot_id = ? and code_kind = 'own' order by created_at, id").all(parent) as { code_key: string; quantity: number }[];
const liveState = (state: string) => page.waitForSelector(`[data-testid=live-weight][data-state=${state}]`, { timeout: SHOWN_MS });

const opened = teardown();

beforeAll(async () => {
  const pty = opened.add(await openPtyPair(), (p) => p.close());
  sim = opened.add(new ScaleSimulator({ path: pty.b, protocol: protocolById('ascii-st-gs')! }), (s) => s.unplug());
  await sim.plug();
  ({ station, counter, page, db } = opened.add(await openDesk(), (d) => d.stop()));
  await station.ok('setStationId', { stationId: '3050102', name: '鲤城农贸市场 2号摊' }, counter.adminSession);
  await station.ok('saveScale', { name: '1号秤', path: pty.a, protocolId: 'ascii-st-gs', baudRate: null, stableReadings: 4 }, counter.adminSession);
  parentId = (await receiveLot(station, counter, { raw: gs1('SCALE1'), name: 'SCALE1', quantity: 10 })).view.lot.id;
});

afterAll(opened.close);

describe('live scale weight at the counter', () => {
  it('shows the stable weight big, fills the portion with it and sells exactly that', async () => {
    await signInWithPinPad(page, station.url, counter.receiver.name, counter.receiver.pin);
    await openTab(page, 'counter');
    await page.waitForSelector('[data-testid=counter-screen]');
    await liveState('stable');
    // ST,GS continuous output has no zero/tare commands: no such buttons.
    await expect(page.locator('[data-testid^=scale-]').count()).resolves.toBe(0);

    await wedgeScan(page, gs1('SCALE1'));
    await page.waitForSelector('[data-testid=parent-panel][data-status=admitted]', { timeout: SHOWN_MS });
    sim.put(1.234);
    await page.waitForFunction(() => document.querySelector('[data-testid=live-weight-kg]')?.textContent === '1.234', undefined, { timeout: SHOWN_MS });
    await liveState('stable');
    await expect(page.textContent('[data-testid=live-weight-state]')).resolves.toBe('稳定');
    await expect(page.inputValue('[data-testid=portion-quantity]')).resolves.toBe('1.234');
    await expect(page.getAttribute('[data-testid=portion-quantity]', 'readonly')).resolves.not.toBeNull();

    await page.click('[data-testid=issue-code]');
    await page.waitForSelector('[data-testid=split-result]', { timeout: SHOWN_MS });
    expect(ownChildren(parentId).map((c) => c.quantity)).toEqual([1.234]);
  });

  it('shows 不稳定 while the plate moves and offers no 出码 until it settles', async () => {
    sim.wobble(60_000);
    await liveState('unstable');
    await expect(page.textContent('[data-testid=live-weight-state]')).resolves.toBe('不稳定');
    await expect(page.isDisabled('[data-testid=issue-code]')).resolves.toBe(true);
    sim.settle();
    await liveState('stable');
    await expect(page.isDisabled('[data-testid=issue-code]')).resolves.toBe(false);
  });

  it('shows a reading below zero as negative, 负值, and offers no 出码', async () => {
    // ST,GS sends below zero (after tare) as a signed value: the simulator shows the plate's 1.234 as -1.234.
    sim.underload();
    await liveState('negative');
    await expect(page.textContent('[data-testid=live-weight-kg]')).resolves.toBe('-1.234');
    await expect(page.textContent('[data-testid=live-weight-state]')).resolves.toBe('负值，不能使用');
    await expect(page.isDisabled('[data-testid=issue-code]')).resolves.toBe(true);
    sim.put(2);
    await liveState('stable');
  });

  it('says the scale is not connected when it goes quiet, and lets the weight be typed instead', async () => {
    await sim.unplug();
    await liveState('offline');
    await expect(page.textContent('[data-testid=live-weight-state]')).resolves.toContain('秤未连接');
    await expect(page.isDisabled('[data-testid=issue-code]')).resolves.toBe(true);

    await page.click('[data-testid=manual-weight]');
    await expect(page.isDisabled('[data-testid=issue-code]')).resolves.toBe(false);
    await page.fill('[data-testid=portion-quantity]', '0.5');
    await page.press('[data-testid=portion-quantity]', 'Enter');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=child-row]').length === 2, undefined, { timeout: SHOWN_MS });
    expect(ownChildren(parentId).map((c) => c.quantity)).toEqual([1.234, 0.5]);
  });
});
