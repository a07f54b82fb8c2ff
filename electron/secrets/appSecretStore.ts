import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { KEY_FILE, SEALED_FILE, SECRET_NAMES, SecretStoreError, openFileSecretStore, openKeyFileStore, type SecretCodec, type SecretName, type SecretStore } from './secretStore';

/** The part of Electron's `safeStorage` the app uses; main.ts passes the real one, tests a fake. */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
  /** Linux only: 'basic_text' means a hard-coded password, no better than plain text. */
  getSelectedStorageBackend?(): string;
}

/** Whether safeStorage really seals: DPAPI, Keychain, or a Linux keyring (not the basic_text fallback). */
export function sealingAvailable(safeStorage: SafeStorageLike, platform: string = process.platform): boolean {
  if (!safeStorage.isEncryptionAvailable()) return false;
  return platform !== 'linux' || safeStorage.getSelectedStorageBackend?.() !== 'basic_text';
}

const sealedCodec = (safeStorage: SafeStorageLike, path: string): SecretCodec => ({
  encode: (text) => safeStorage.encryptString(text),
  decode(bytes) {
    try {
      return safeStorage.decryptString(bytes);
    } catch (e) {
      throw new SecretStoreError(path, 'notUnsealed', e instanceof Error ? e.message : String(e));
    }
  },
});

/**
 * The app's secret store: sealed by the OS (safeStorage) in `secrets.sealed` beside the
 * database. Without a keychain (Linux with no keyring) it falls back to the 0600 key file and
 * says so through `log`. A key file left by serve mode moves into the sealed file (written and
 * read back first, then the key file removed).
 */
export function openAppSecretStore(dataDir: string, safeStorage: SafeStorageLike, log: (message: string) => void, platform: string = process.platform): SecretStore {
  const sealedPath = join(dataDir, SEALED_FILE);
  if (!sealingAvailable(safeStorage, platform)) {
    if (existsSync(sealedPath)) throw new SecretStoreError(sealedPath, 'keychainUnavailable');
    const store = openKeyFileStore(dataDir);
    log(`系统钥匙串不可用，密钥保存在仅本用户可读的密钥文件中 / No OS keychain available: the station's secrets are kept in an owner-only key file: ${store.path}`);
    return store;
  }
  const sealed = openFileSecretStore(sealedPath, 'safeStorage', sealedCodec(safeStorage, sealedPath));
  if (existsSync(join(dataDir, KEY_FILE))) {
    const plain = openKeyFileStore(dataDir);
    // Both exist only after a crash between sealing and removing the key file: the sealed values stand.
    const moving: Partial<Record<SecretName, string>> = {};
    for (const name of SECRET_NAMES) {
      const value = plain.get(name);
      if (value !== null && sealed.get(name) === null) moving[name] = value;
    }
    sealed.set(moving);
    if (!sealed.holds(moving)) throw new SecretStoreError(sealedPath, 'unreadable', 'read-back after sealing differs');
    rmSync(plain.path);
    log(`密钥文件已改由系统钥匙串加密保存 / The key file's secrets are now sealed by the OS keychain: ${sealedPath}`);
  }
  return sealed;
}
