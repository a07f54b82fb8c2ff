import { homedir } from 'node:os';
import { dirname, join, resolve, win32 } from 'node:path';
import type { SecretStore } from '../secrets/secretStore';
import type { BackupOptions } from '../services/backup';
import type { StationLogging } from '../logging/logger';
import type { UploaderOptions } from '../services/upload/uploader';
import type { SamplingConfig } from '../../shared/domain/sampling';

/**
 * The data folder of both the app and `serve`, so they share one database: %APPDATA%\yipin-yima-station
 * on Windows (an ASCII name, whatever the product name in the window title and installer).
 */
export const APP_DIR_NAME = 'yipin-yima-station';
export const MACHINE_REGISTRY_FILE = 'yipin-yima-station-ids.json';
export function defaultUserDataDir(platform: string, env: Record<string, string | undefined>): string {
  if (platform === 'win32') return win32.join(env.APPDATA ?? win32.join(env.USERPROFILE ?? homedir(), 'AppData', 'Roaming'), APP_DIR_NAME);
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', APP_DIR_NAME);
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), APP_DIR_NAME);
}

export interface CoreOptions {
  /** Folder holding station.db (and later photos, keys). */
  dataDir: string;
  /** drizzle-kit migrations folder (resources/migrations; extraResources when packaged). */
  migrationsDir: string;
  /** Creates the first admin without the set-up screen (headless serve, tests). */
  adminPin?: string;
  adminName?: string;
  /**
   * Station ids in use on this PC, by data folder: refuses a second folder taking the same id.
   * `resolveStartOptions` puts it beside the user-data folders.
   */
  machineRegistryPath: string;
  /** Pause before a waiting print job is tried again (default 3 s). */
  printRetryMs?: number;
  /** How long a printer has to read a job and answer the status request behind it (default 10 s). */
  printConfirmTimeoutMs?: number;
  /** Scale connection timings (tests shorten them). */
  scales?: { silenceMs?: number; reconnectMs?: number };
  scanners?: { reconnectMs?: number };
  /** Sampling rules over the defaults (docs/testing.md): target rate, weights, closing time. */
  sampling?: Partial<SamplingConfig>;
  /** How long a day report may run on its worker before it is stopped (default 60 s; tests shorten it). */
  reportTimeoutMs?: number;
  /** Upload timings (tests shorten them): backoff, request timeout, idle poll. */
  upload?: UploaderOptions;
  /**
   * Where the signing key, sampler's key and upload token live: the app passes its OS-sealed
   * store (main.ts); by default the 0600 key file of the data folder (serve mode, tests).
   */
  secrets?: SecretStore;
  /**
   * The database's quick_check on a worker after each open (default on; docs/backup.md). Test
   * cores turn it off: they delete the data folder right after closing, while the check may still
   * hold the file.
   */
  pageCheck?: boolean;
  /** Backup timer (tests fire it by hand) and the files copied beside each backup. */
  backup?: BackupOptions;
  /** Where log lines go (default: rotating files in `<dataDir>/logs`; tests pass memoryLog()). */
  logging?: StationLogging;
  /** Clock, injectable for tests. */
  now?: () => Date;
  /** Random source of record ids, in [0, 1): tests pass a seeded one so ids repeat run to run. */
  random?: () => number;
}

function argValue(argv: readonly string[], name: string): string | undefined {
  const i = argv.findIndex((a) => a === name || a.startsWith(`${name}=`));
  if (i < 0) return undefined;
  const a = argv[i];
  return a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[i + 1];
}

/**
 * Command line wins over environment, environment over the platform default, so a test or a
 * second station on one PC can point at its own data folder.
 */
export function resolveStartOptions(argv: readonly string[], env: Record<string, string | undefined>, defaults: { userDataDir: string; resourcesDir: string }): CoreOptions {
  return {
    dataDir: resolve(argValue(argv, '--data-dir') ?? env.STATION_DATA_DIR ?? defaults.userDataDir),
    migrationsDir: resolve(argValue(argv, '--migrations-dir') ?? join(defaults.resourcesDir, 'migrations')),
    adminPin: argValue(argv, '--admin-pin') ?? env.STATION_ADMIN_PIN,
    adminName: argValue(argv, '--admin-name') ?? env.STATION_ADMIN_NAME,
    machineRegistryPath: resolve(argValue(argv, '--machine-registry') ?? env.STATION_MACHINE_REGISTRY ?? join(dirname(resolve(defaults.userDataDir)), MACHINE_REGISTRY_FILE)),
  };
}
