import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { restrictDir } from '../store/filePermissions';

/** Every secret the station keeps, by name: none of them is ever written to station.db. */
export const SECRET_NAMES = ['stationPrivateKey', 'samplingKey', 'uploadToken'] as const;
export type SecretName = (typeof SECRET_NAMES)[number];

/**
 * Where the station's secrets live (docs/secrets.md): a key file in serve mode and tests, a blob
 * sealed by the OS keychain (Electron safeStorage) in the app. Reads come from memory: the file is
 * read once when opened.
 */
export interface SecretStore {
  /** 'keyFile': plain JSON, mode 0600; 'safeStorage': sealed by the OS (DPAPI, Keychain, libsecret). */
  readonly kind: 'keyFile' | 'safeStorage';
  readonly path: string;
  get(name: SecretName): string | null;
  /** Writes every given secret in one atomic file replacement. */
  set(values: Partial<Record<SecretName, string>>): void;
  /** Reads the file again from disk: whether it holds exactly these values (a write checked before the database forgets them). */
  holds(values: Partial<Record<SecretName, string>>): boolean;
}

/** How the file's bytes become the JSON text of the secrets and back. */
export interface SecretCodec {
  encode(text: string): Buffer;
  decode(bytes: Buffer): string;
}

export const plainCodec: SecretCodec = {
  encode: (text) => Buffer.from(text, 'utf8'),
  decode: (bytes) => bytes.toString('utf8'),
};

const PROBLEMS = {
  unreadable: ['密钥文件无法读取，请从备份恢复此文件后再启动', "The station's secret file cannot be read; restore it from a backup before starting"],
  keychainUnavailable: [
    '密钥由系统钥匙串加密保存，但钥匙串现在不可用：请登录桌面会话并解锁钥匙串后再启动',
    "The station's secrets are sealed by the OS keychain, which is not available now: sign in to the desktop session and unlock the keychain, then start again",
  ],
  notUnsealed: [
    '密钥文件由系统钥匙串加密，当前用户无法解密（由另一个系统账户加密，或钥匙串已重置）：请用原账户运行本站，或从备份恢复',
    "The station's secret file is sealed by the OS keychain and this account cannot unseal it (sealed by another account, or the keychain was reset): run the station under the original account, or restore from a backup",
  ],
  sealedByApp: [
    '此数据目录的密钥由桌面程序用系统钥匙串加密保存，serve 模式无法读取：请用桌面程序运行本站',
    "This data folder's secrets are sealed by the desktop app with the OS keychain, which serve mode cannot read: run the station in the desktop app",
  ],
} as const;

/**
 * The secrets exist but cannot be read: start-up stops with this message. Fresh secrets are never
 * made in their place, which would orphan every label signed so far.
 */
export class SecretStoreError extends Error {
  constructor(
    readonly path: string,
    readonly problem: keyof typeof PROBLEMS,
    detail?: string,
  ) {
    const [zh, en] = PROBLEMS[problem];
    super(`${zh}：${path}${detail ? ` (${detail})` : ''} / ${en}: ${path}`);
    this.name = 'SecretStoreError';
  }
}

const FORMAT = 'yipin-yima-secrets/1';

function parse(path: string, text: string): Partial<Record<SecretName, string>> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new SecretStoreError(path, 'unreadable', 'not JSON');
  }
  const doc = json as { format?: unknown; secrets?: Record<string, unknown> };
  if (doc?.format !== FORMAT || typeof doc.secrets !== 'object' || doc.secrets === null) throw new SecretStoreError(path, 'unreadable', 'not a secret file of this program');
  const out: Partial<Record<SecretName, string>> = {};
  for (const name of SECRET_NAMES) {
    const v = doc.secrets[name];
    if (v === undefined) continue;
    if (typeof v !== 'string') throw new SecretStoreError(path, 'unreadable', `${name} is not text`);
    out[name] = v;
  }
  return out;
}

/**
 * Replaces the file in one step: a 0600 temp file written and flushed beside it, then renamed over
 * it. A crash leaves the old file or the new one, never half of either.
 */
function writeAtomically(path: string, bytes: Buffer): void {
  const temp = `${path}.${process.pid}.tmp`;
  rmSync(temp, { force: true });
  const fd = openSync(temp, 'wx', 0o600);
  try {
    writeSync(fd, bytes);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    renameSync(temp, path);
  } catch (e) {
    rmSync(temp, { force: true });
    throw e;
  }
  // The rename itself survives a power cut only once the folder is flushed (not possible on Windows).
  if (process.platform !== 'win32') {
    const dir = openSync(dirname(path), 'r');
    try {
      fsyncSync(dir);
    } finally {
      closeSync(dir);
    }
  }
}

/** A secret store kept in one file, encoded by `codec`; the file's folder is made 0700. */
export function openFileSecretStore(path: string, kind: SecretStore['kind'], codec: SecretCodec): SecretStore {
  restrictDir(dirname(path));
  const read = (): Partial<Record<SecretName, string>> => {
    if (!existsSync(path)) return {};
    let text: string;
    try {
      text = codec.decode(readFileSync(path));
    } catch (e) {
      if (e instanceof SecretStoreError) throw e;
      throw new SecretStoreError(path, 'unreadable', e instanceof Error ? e.message : String(e));
    }
    return parse(path, text);
  };
  let values = read();
  return {
    kind,
    path,
    get: (name) => values[name] ?? null,
    set(next) {
      const merged = { ...values, ...next };
      writeAtomically(path, codec.encode(JSON.stringify({ format: FORMAT, secrets: merged })));
      values = merged;
    },
    holds(expected) {
      const onDisk = read();
      return Object.entries(expected).every(([name, v]) => onDisk[name as SecretName] === v);
    },
  };
}

export const KEY_FILE = 'secrets.json';
/** The app's secrets sealed by Electron safeStorage (electron/secrets/appSecretStore.ts). */
export const SEALED_FILE = 'secrets.sealed';

/** The key file of serve mode and tests (and of the app where the OS offers no keychain): plain JSON, mode 0600. */
export function openKeyFileStore(dataDir: string): SecretStore {
  return openFileSecretStore(join(dataDir, KEY_FILE), 'keyFile', plainCodec);
}

/**
 * Serve mode's store: the key file. A folder whose secrets the app sealed with the OS keychain is
 * refused in words (plain Node cannot unseal them), rather than started without its signing key.
 */
export function openServeSecretStore(dataDir: string): SecretStore {
  const sealed = join(dataDir, SEALED_FILE);
  if (existsSync(sealed)) throw new SecretStoreError(sealed, 'sealedByApp');
  return openKeyFileStore(dataDir);
}
