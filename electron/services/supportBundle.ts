import type Database from 'better-sqlite3';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { arch, platform, release } from 'node:os';
import { join } from 'node:path';
import type { SupportBundle } from '../../shared/contract';
import { isoLocal, type Clock } from '../core/clock';
import { APP_VERSION } from '../core/version';
import { isLogFile, logDirOf, maskPhones, type StationLogging } from '../logging/logger';

export interface SupportBundleDeps {
  sqlite: Database.Database;
  dataDir: string;
  dbPath: string;
  migrationsDir: string;
  clock: Clock;
  logging: StationLogging;
  stationId: () => string | null;
  /** Settings as the screens show them; every secret field is dropped again here (withoutSecrets). */
  settings: () => Record<string, unknown>;
  devices: () => Promise<Record<string, unknown>>;
}

/** Larger bundles are left on disk only (the HTTP answer would carry them base64, a third larger). */
const INLINE_MAX_BYTES = 20_000_000;

/** Field names that hold a secret or a person's contact, at any depth: left out of the bundle. */
const SECRET_KEY = /^(token|pin|password|secret|privateKey|phone|.*(Pin|Secret|Phone|PrivateKey|Password))$/;

/** A copy of `value` without any field whose name says it is a secret. */
export function withoutSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutSecrets);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([k]) => !SECRET_KEY.test(k))
      .map(([k, v]) => [k, withoutSecrets(v)]),
  );
}

const utf8 = new TextEncoder();
const json = (value: unknown) => utf8.encode(`${JSON.stringify(value, null, 2)}\n`);
const sizeOf = (path: string) => (existsSync(path) ? statSync(path).size : null);

/**
 * The support bundle: the rotating logs (phones masked once more), settings without secrets,
 * versions, devices with their status, and database figures (row counts, sizes) — never rows.
 * Written under `<dataDir>/exports/` and answered inline for a download.
 */
export function createSupportBundle(deps: SupportBundleDeps) {
  function versions() {
    const migrations = deps.sqlite.prepare('select count(*) as n, max(created_at) as at from __drizzle_migrations').get() as { n: number; at: number | null };
    const journal = JSON.parse(readFileSync(join(deps.migrationsDir, 'meta', '_journal.json'), 'utf8')) as { entries: { tag: string; when: number }[] };
    return {
      app: APP_VERSION,
      node: process.versions.node,
      electron: process.versions.electron ?? null,
      chrome: process.versions.chrome ?? null,
      modules: process.versions.modules,
      platform: platform(),
      arch: arch(),
      osRelease: release(),
      sqlite: (deps.sqlite.prepare('select sqlite_version() as v').get() as { v: string }).v,
      migrations: { applied: migrations.n, latest: journal.entries.find((e) => e.when === migrations.at)?.tag ?? null, known: journal.entries.length },
    };
  }

  function database() {
    const tables = deps.sqlite.prepare(`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name`).pluck().all() as string[];
    const pragma = (name: string) => deps.sqlite.pragma(name, { simple: true }) as number;
    return {
      files: { db: sizeOf(deps.dbPath), wal: sizeOf(`${deps.dbPath}-wal`) },
      pageSize: pragma('page_size'),
      pages: pragma('page_count'),
      freePages: pragma('freelist_count'),
      rows: Object.fromEntries(tables.map((t) => [t, (deps.sqlite.prepare(`select count(*) as n from "${t.replaceAll('"', '""')}"`).get() as { n: number }).n])),
    };
  }

  async function logs(): Promise<Record<string, Uint8Array>> {
    await deps.logging.flush();
    const dir = logDirOf(deps.dataDir);
    if (!existsSync(dir)) return {};
    const names = readdirSync(dir).filter(isLogFile).sort();
    return Object.fromEntries(names.map((n) => [`logs/${n}`, utf8.encode(maskPhones(readFileSync(join(dir, n), 'utf8')))]));
  }

  return {
    async export(): Promise<SupportBundle> {
      const now = deps.clock.now();
      const stationId = deps.stationId();
      const files: Record<string, Uint8Array> = {
        'bundle.json': json({ createdAt: isoLocal(now), stationId, dataDir: deps.dataDir, note: 'No PINs, tokens, keys, sampling secret or buyer phones are included.' }),
        'versions.json': json(versions()),
        'settings.json': json(withoutSecrets(deps.settings())),
        'devices.json': json(withoutSecrets(await deps.devices())),
        'database.json': json(database()),
        ...(await logs()),
      };
      // The zip library loads with the first bundle, not with the station.
      const { zipSync } = await import('fflate');
      const zip = zipSync(files, { level: 6, mtime: now });
      const dir = join(deps.dataDir, 'exports');
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      const stamp = isoLocal(now).slice(0, 19).replace(/[-:]/g, '').replace('T', '-');
      const fileName = `support-${stationId ?? 'station'}-${stamp}.zip`;
      const path = join(dir, fileName);
      writeFileSync(path, zip, { mode: 0o600 });
      deps.logging.log.info({ event: 'supportBundle', fileName, bytes: zip.length }, 'support bundle written');
      return { path, fileName, bytes: zip.length, content: zip.length <= INLINE_MAX_BYTES ? Buffer.from(zip).toString('base64') : null, files: Object.keys(files) };
    },
  };
}
