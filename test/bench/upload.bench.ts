import { execFile } from 'node:child_process';
import http from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { buildEpcisDocument } from '../../shared/domain/upload/epcis';
import type { OutboxKind } from '../../shared/domain/upload/records';
import { startCaptureServer } from '../fixtures/captureServer';
import { MIGRATIONS, ROOT } from '../support/core';
import { bundleChild } from './bundle';
import { round, type Benchmark } from './lib';

const TARGET_RATIO = 0.5;
const TARGET_RSS_MB = 200;
const BATCH = 500;

/** Drains 100k outbox records to the loopback receiver; compares with raw POSTs of the same documents. */
export const uploadBench: Benchmark = {
  name: 'upload-drain',
  async run(ctx) {
    const n = ctx.quick ? 10_000 : 100_000;
    const dir = mkdtempSync(join(tmpdir(), 'bench-upload-'));
    try {
      const server = await startCaptureServer({ lean: true });
      const child = await bundleChild('uploadChild.ts');
      const station = (mode: 'seed' | 'drain') => promisify(execFile)(process.execPath, [child, mode, dir, server.captureUrl, String(n), String(BATCH), MIGRATIONS], { cwd: ROOT, maxBuffer: 1 << 20 });
      await station('seed');
      const { stdout } = await station('drain');
      const drained = JSON.parse(stdout.trim().split('\n').pop()!) as { drainMs: number; idleRssMb: number; maxRssMb: number };
      const stored = server.events.size;
      await server.close();

      // Raw: the same records as the same documents, POSTed back to back on a keep-alive socket to a fresh receiver.
      const raw = await startCaptureServer({ lean: true });
      const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
      const db = new Database(join(dir, 'station.db'), { readonly: true });
      const rows = db.prepare('SELECT o.id, o.kind, o.lot_id AS lotId, b.payload, o.created_at AS at FROM outbox o JOIN outbox_bodies b ON b.seq = o.seq ORDER BY o.seq LIMIT ? OFFSET ?');
      let postMs = 0;
      for (let offset = 0; offset < n; offset += BATCH) {
        const batch = (rows.all(BATCH, offset) as { id: string; kind: string; lotId: string; payload: string; at: string }[]).map((r) => ({
          ...r,
          kind: r.kind as OutboxKind,
          payload: JSON.parse(r.payload),
        }));
        const body = JSON.stringify(buildEpcisDocument(batch, { stationId: '3059901', creationDate: '2025-03-01T08:15:00.000+08:00' }));
        const t0 = performance.now();
        await new Promise<void>((resolve, reject) => {
          const req = http.request(raw.captureUrl, { method: 'POST', agent, headers: { 'Content-Type': 'application/ld+json', 'Content-Length': Buffer.byteLength(body) } }, (res) => {
            res.resume();
            res.on('end', () => (res.statusCode === 202 ? resolve() : reject(new Error(`raw POST ${res.statusCode}`))));
          });
          req.on('error', reject);
          req.end(body);
        });
        postMs += performance.now() - t0;
      }
      db.close();
      agent.destroy();
      const rawStored = raw.events.size;
      await raw.close();

      const ratio = round(postMs / drained.drainMs, 2);
      ctx.log(`drained ${n} records in ${round(drained.drainMs / 1000, 2)} s (${Math.round(n / (drained.drainMs / 1000))}/s); raw POSTs ${round(postMs / 1000, 2)} s; stored ${stored}/${rawStored}`);
      return [
        {
          name: 'outbox drain vs raw POSTs',
          p50Ms: 0,
          p99Ms: 0,
          ratio,
          target: `throughput ratio ≥ ${TARGET_RATIO}, peak RSS ≤ ${TARGET_RSS_MB} MB, all stored`,
          pass: ratio >= TARGET_RATIO && drained.maxRssMb <= TARGET_RSS_MB && stored === n && rawStored === n,
          detail: {
            records: n,
            batch: BATCH,
            drainS: round(drained.drainMs / 1000, 2),
            rawS: round(postMs / 1000, 2),
            idleRssMb: Math.round(drained.idleRssMb),
            peakRssMb: Math.round(drained.maxRssMb),
          },
        },
      ];
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
