import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { makeQrY4m } from '../fixtures/qr';
import { fillDelivery, openDesk, signInWithPinPad, storedLot, teardown, type Browser, type Counter, type Station } from './harness';

const LOT = '010690123456789210CAMERA1';

let station: Station;
let browser: Browser;
let counter: Counter;
const opened = teardown();

beforeAll(async () => {
  const videoDir = opened.add(mkdtempSync(join(tmpdir(), 'station-camera-')), (dir) => rmSync(dir, { recursive: true, force: true }));
  const y4m = join(videoDir, 'lot.y4m');
  await makeQrY4m(LOT, y4m);
  const desk = opened.add(await openDesk({ browserArgs: ['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-video-capture=${y4m}`] }), (d) => d.stop());
  ({ station, browser, counter } = desk);
  await signInWithPinPad(browser.page, station.url, counter.receiver.name, counter.receiver.pin);
});

afterAll(opened.close);

it('checks a lot whose QR code is read by the camera (F4)', async () => {
  const { page } = browser;
  await fillDelivery(page, {
    supplierId: counter.supplierId,
    varietyId: counter.varietyId('白菜'),
    quantity: '30',
    certificates: [
      { type: 'commitment', number: 'CN-CAM-1' },
      { type: 'testReport', number: 'TR-CAM-1' },
    ],
  });
  await page.keyboard.press('F4');
  await page.waitForSelector('[data-testid=camera-panel]');
  await page.waitForSelector('[data-testid=verdict][data-outcome=admit]', { timeout: 20_000 });

  const lot = storedLot(station.db(), LOT);
  expect(lot).toMatchObject({ status: 'admitted', outcome: 'admit', source: 'camera', quantity: 30 });
  expect(lot!.certificates.map((c) => c.number)).toEqual(['CN-CAM-1', 'TR-CAM-1']);

  // F4 again closes the camera; the verdict stays.
  await page.keyboard.press('F4');
  await page.waitForSelector('[data-testid=camera-panel]', { state: 'detached' });
  await page.waitForSelector('[data-testid=verdict][data-outcome=admit]');
});
