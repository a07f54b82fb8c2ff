import { describe, expect, it } from 'vitest';
import type { SyncStatus } from '../../../shared/contract';
import { createClock } from '../../../electron/core/clock';
import type { Queue } from '../../../electron/services/upload/queue';
import { DEFAULT_UPLOAD_SETTINGS } from '../../../electron/store/settingsTable';
import { createUploader } from '../../../electron/services/upload/uploader';
import { silentLog } from '../../../electron/logging/logger';

describe('the upload loop', () => {
  it('survives an error it did not expect: shown on 同步, then it goes on after a backoff', async () => {
    let reads = 0;
    const queue = {
      next() {
        if (++reads === 1) throw new Error('SQLITE_BUSY: database is locked');
        return [];
      },
      counts: () => ({ pending: 0, sent: 0, dead: 0, exported: 0, blocked: 0 }),
      lastSentAt: () => null,
    } as unknown as Queue;
    const statuses: SyncStatus[] = [];
    let idle!: () => void;
    const wentOn = new Promise<void>((resolve) => (idle = resolve));
    const uploader = createUploader({
      queue,
      clock: createClock(),
      settings: () => ({ ...DEFAULT_UPLOAD_SETTINGS, target: 'epcis', endpoint: 'http://127.0.0.1:9/capture' }),
      settingsGeneration: () => 0,
      stationId: () => null,
      marketGln: () => null,
      log: silentLog(),
      onStatus: (s) => {
        statuses.push(s);
        if (s.state === 'idle') idle();
      },
      options: { backoffBaseMs: 1, backoffCapMs: 2, idlePollMs: 5, statusThrottleMs: 0 },
    });
    uploader.start();
    await wentOn;
    await uploader.close();
    expect(statuses[0]).toMatchObject({ state: 'backoff', lastError: { message: 'upload stopped: SQLITE_BUSY: database is locked' } });
    expect(reads).toBeGreaterThanOrEqual(2);
  });
});
