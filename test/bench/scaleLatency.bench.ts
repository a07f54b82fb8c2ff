import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SerialPort } from 'serialport';
import WebSocket from 'ws';
import { createCore } from '../../electron/core/createCore';
import { startLoopbackServer } from '../../electron/transport/http';
import { protocolById } from '../../drivers/scale/protocols';
import { openPtyPair } from '../../drivers/scale/simulator';
import { MIGRATIONS } from '../support/core';
import { percentile, round, type Benchmark } from './lib';

const TARGET_P99_MS = 50;

/**
 * A scale frame written to the serial line → the `weight` event a screen receives over the
 * loopback WebSocket: what a vendor waits for between putting goods on and seeing the weight.
 */
export const scaleLatencyBench: Benchmark = {
  name: 'scale frame → UI',
  async run(ctx) {
    const frames = ctx.quick ? 100 : 500;
    const dir = mkdtempSync(join(tmpdir(), 'bench-scale-'));
    const pty = await openPtyPair();
    const protocol = protocolById('ascii-st-gs')!;
    const core = await createCore({ dataDir: dir, migrationsDir: MIGRATIONS, adminPin: '246813', machineRegistryPath: join(dir, 'ids.json') });
    const server = await startLoopbackServer(core, { rendererDir: dir, port: 0 });
    const scaleEnd = new SerialPort({ path: pty.b, baudRate: 9600 });
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/events?token=${server.token}`);
    try {
      await new Promise((resolve, reject) => (ws.once('open', resolve), ws.once('error', reject)));
      const ops = await core.dispatch('listOperators', {}, {});
      if (!ops.ok) throw new Error(ops.error.message);
      const signedIn = await core.dispatch('signIn', { operatorId: (ops.value as { id: string }[])[0].id, pin: '246813' }, {});
      if (!signedIn.ok) throw new Error(signedIn.error.message);
      const session = (signedIn.value as { sessionId: string }).sessionId;
      const saved = await core.dispatch('saveScale', { name: '基准秤', path: pty.a, protocolId: protocol.id, baudRate: null, stableReadings: 4 }, { sessionId: session });
      if (!saved.ok) throw new Error(saved.error.message);

      // Resolves when the screen side sees `kg`.
      const seen = (kg: number, timeoutMs = 5000) =>
        new Promise<void>((resolve, reject) => {
          const timer = setTimeout(() => (ws.off('message', on), reject(new Error(`no weight ${kg} on the WebSocket`))), timeoutMs);
          const on = (data: WebSocket.RawData) => {
            const m = JSON.parse(String(data)) as { event: string; payload: { kg: number | null } };
            if (m.event === 'weight' && m.payload.kg !== null && Math.abs(m.payload.kg - kg) < 1e-9) {
              clearTimeout(timer);
              ws.off('message', on);
              resolve();
            }
          };
          ws.on('message', on);
        });
      const send = (kg: number) => scaleEnd.write(Buffer.from(protocol.encode({ kg, tareKg: 0, stable: true, overload: false, underload: false })));

      // The station opens the port in the background: repeat a first frame until it comes through.
      for (let attempt = 0; ; attempt++) {
        const first = seen(0.001, 250);
        send(0.001);
        if (
          await first.then(
            () => true,
            () => attempt >= 20 && Promise.reject(new Error('the station never read the scale')),
          )
        )
          break;
      }
      const samples: number[] = [];
      for (let i = 0; i < frames; i++) {
        const kg = round(1 + i / 1000, 3);
        const arrived = seen(kg);
        const t0 = performance.now();
        send(kg);
        await arrived;
        samples.push(performance.now() - t0);
      }
      const p99 = percentile(samples, 99);
      return [
        {
          name: 'scale frame → weight on the loopback WebSocket',
          p50Ms: round(percentile(samples, 50)),
          p99Ms: round(p99),
          target: `p99 ≤ ${TARGET_P99_MS} ms`,
          pass: p99 <= TARGET_P99_MS,
          detail: { frames },
        },
      ];
    } finally {
      ws.close();
      await new Promise<void>((resolve) => scaleEnd.close(() => resolve()));
      await server.close();
      await core.close();
      await pty.close();
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
