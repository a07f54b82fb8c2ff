import type Database from 'better-sqlite3';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseOwnCode } from '../../shared/domain/ownCode';
import { fillDelivery, openDesk, signInWithPinPad, type Counter, type Desk, type Station } from './harness';

let desk: Desk;
let station: Station;
let page: Page;
let counter: Counter;
let db: Database.Database;

beforeAll(async () => {
  desk = await openDesk();
  ({ station, counter, page, db } = desk);
  await station.ok('setStationId', { stationId: '3050104', name: '鲤城市场 入口' }, counter.adminSession);
  await signInWithPinPad(page, station.url, counter.receiver.name, counter.receiver.pin);
  await page.waitForSelector('[data-testid=receiving-screen]');
});
afterAll(() => desk?.stop());

describe('source coding at the receiving desk (源头赋码)', () => {
  it('codes a lot that came with only a paper certificate (F6) and queues its crate label', async () => {
    await fillDelivery(page, {
      supplierId: counter.supplierId,
      varietyId: counter.varietyId('白菜'),
      quantity: '35',
      certificates: [{ type: 'commitment', number: 'PAPER-F6' }],
    });
    await page.keyboard.press('F6');
    await page.waitForSelector('[data-testid=verdict][data-outcome=hold]', { timeout: 10_000 });
    const code = (await page.textContent('[data-testid=verdict-code]'))!.trim();
    expect(parseOwnCode(code)).toMatchObject({ stationId: '3050104' });
    const lot = db.prepare(`select id, code_kind, raw_scan, quantity from lots where code_key = ?`).get(code) as Record<string, unknown>;
    expect(lot).toMatchObject({ code_kind: 'own', raw_scan: code, quantity: 35 });
    const job = db.prepare('select content from print_jobs where lot_id = ?').get(lot.id) as { content: string };
    expect(JSON.parse(job.content)).toMatchObject({ code, product: '白菜', quantity: '35.000 公斤' });
  });
});
