import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildJob } from '../../drivers/printer/languages';
import type { SplitResult } from '../../shared/contract';
import { LABEL_40x30 } from '../../shared/domain/label';
import { formatQuantity } from '../../shared/domain/labelPayload';
import { localDay } from '../../electron/core/clock';
import { MIGRATIONS } from '../support/core';
import { percentile, round, timeMsAsync, type Benchmark } from './lib';
import { openStation, scanInput } from './receivingFixture';

const TARGET_P99_MS = 5;

/** Child code issued (durable commit, signature) plus the native TSPL bytes of its label. */
export const splitBench: Benchmark = {
  name: 'split-sale',
  async run(ctx) {
    const splits = ctx.quick ? 300 : 2_000;
    const dir = mkdtempSync(join(tmpdir(), 'bench-split-'));
    try {
      const station = await openStation(dir, { migrationsDir: MIGRATIONS });
      const call = async (method: string, input: unknown) => {
        const r = await station.core.dispatch(method, input, { sessionId: station.session });
        if (!r.ok) throw new Error(`${method}: ${r.error.code} ${r.error.message}`);
        return r.value;
      };
      await call('setStationId', { stationId: '3059901', name: '基准摊位' });
      const parent = scanInput(station, 0, 'SPLITPARENT');
      // One big lot to sell from; its certificate states no quantity, so it covers it all.
      await call('checkEntry', { ...parent, quantity: 1_000_000, certificates: parent.certificates.map(({ quantity: _q, unit: _u, ...c }) => c) });
      const one = async () => {
        const r = (await call('splitLot', { parentRaw: parent.raw, quantity: 0.5, unit: 'kg', closing: false })) as SplitResult;
        const content = {
          code: r.code,
          parentCode: r.child.parentCode ?? undefined,
          product: r.child.variety.name,
          quantity: formatQuantity(0.5, 'kg'),
          date: localDay(new Date()),
          issuer: '基准摊位',
          qr: r.qr,
        };
        return buildJob('tspl', content, LABEL_40x30, { mode: 'native' });
      };
      for (let i = 0; i < 50; i++) await one();
      const samples: number[] = [];
      for (let i = 0; i < splits; i++) samples.push(await timeMsAsync(one));
      station.core.close();
      const p99 = percentile(samples, 99);
      return [
        {
          name: 'child code + native label bytes',
          p50Ms: round(percentile(samples, 50)),
          p99Ms: round(p99),
          target: `p99 ≤ ${TARGET_P99_MS} ms`,
          pass: p99 <= TARGET_P99_MS,
          detail: { splits },
        },
      ];
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
