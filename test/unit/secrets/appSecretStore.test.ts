import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openAppSecretStore, sealingAvailable, type SafeStorageLike } from '../../../electron/secrets/appSecretStore';
import { KEY_FILE, SEALED_FILE, SecretStoreError, openKeyFileStore } from '../../../electron/secrets/secretStore';

const MAGIC = Buffer.from('SEALED:');

/** Electron's safeStorage as the app sees it: a reversible scramble, and the keyring state to choose. */
function fakeSafeStorage(state: { available?: boolean; backend?: string; keyringReset?: boolean } = {}): SafeStorageLike & { sealed: number } {
  const fake = {
    sealed: 0,
    isEncryptionAvailable: () => state.available ?? true,
    getSelectedStorageBackend: () => state.backend ?? 'gnome_libsecret',
    encryptString(text: string) {
      fake.sealed++;
      return Buffer.concat([MAGIC, Buffer.from(text, 'utf8').map((b) => b ^ 0x5a)]);
    },
    decryptString(bytes: Buffer) {
      if (state.keyringReset || !bytes.subarray(0, MAGIC.length).equals(MAGIC)) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
      return Buffer.from(bytes.subarray(MAGIC.length).map((b) => b ^ 0x5a)).toString('utf8');
    },
  };
  return fake;
}

const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'app-secrets-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('the app secret store (Electron safeStorage)', () => {
  it('seals the secrets in secrets.sealed (0600), no plain text on disk, and unseals them on the next start', () => {
    const dir = tempDir();
    const safe = fakeSafeStorage();
    const logs: string[] = [];
    const store = openAppSecretStore(dir, safe, (m) => logs.push(m), 'linux');
    expect([store.kind, store.path]).toEqual(['safeStorage', join(dir, SEALED_FILE)]);
    store.set({ uploadToken: 'token-plain-text', stationPrivateKey: '-----BEGIN PRIVATE KEY-----' });
    expect(safe.sealed).toBe(1);
    expect(readdirSync(dir)).toEqual([SEALED_FILE]);
    expect(statSync(store.path).mode & 0o777).toBe(0o600);
    const bytes = readFileSync(store.path);
    expect(bytes.subarray(0, MAGIC.length)).toEqual(MAGIC);
    expect(bytes.includes('token-plain-text')).toBe(false);
    expect(bytes.includes('PRIVATE KEY')).toBe(false);
    expect(logs).toEqual([]);

    const again = openAppSecretStore(dir, fakeSafeStorage(), () => {}, 'linux');
    expect([again.get('uploadToken'), again.get('stationPrivateKey')]).toEqual(['token-plain-text', '-----BEGIN PRIVATE KEY-----']);
  });

  it.each([
    ['encryption is unavailable', { available: false }, 'linux'],
    ["Linux's basic_text backend (a hard-coded password) is all there is", { backend: 'basic_text' }, 'linux'],
  ])('falls back to the 0600 key file when %s, and says so', (_why, state, platform) => {
    const dir = tempDir();
    const logs: string[] = [];
    const store = openAppSecretStore(dir, fakeSafeStorage(state), (m) => logs.push(m), platform);
    expect([store.kind, store.path]).toEqual(['keyFile', join(dir, KEY_FILE)]);
    expect(logs).toEqual([`系统钥匙串不可用，密钥保存在仅本用户可读的密钥文件中 / No OS keychain available: the station's secrets are kept in an owner-only key file: ${join(dir, KEY_FILE)}`]);
  });

  it('reads the backend only where it means something (Linux)', () => {
    expect(sealingAvailable(fakeSafeStorage({ backend: 'basic_text' }), 'win32')).toBe(true);
    expect(sealingAvailable(fakeSafeStorage({ backend: 'kwallet5' }), 'linux')).toBe(true);
    expect(sealingAvailable({ ...fakeSafeStorage(), getSelectedStorageBackend: undefined }, 'darwin')).toBe(true);
  });

  it('refuses to start in words when secrets were sealed but the keychain is gone now (no fresh key file over them)', () => {
    const dir = tempDir();
    openAppSecretStore(dir, fakeSafeStorage(), () => {}, 'linux').set({ stationPrivateKey: 'k' });
    expect(() => openAppSecretStore(dir, fakeSafeStorage({ available: false }), () => {}, 'linux')).toThrow(SecretStoreError);
    expect(() => openAppSecretStore(dir, fakeSafeStorage({ available: false }), () => {}, 'linux')).toThrow('钥匙串现在不可用');
    expect(existsSync(join(dir, KEY_FILE))).toBe(false);
  });

  it('refuses a sealed file this account cannot unseal (another account sealed it, or the keyring was reset), keeping the file', () => {
    const dir = tempDir();
    openAppSecretStore(dir, fakeSafeStorage(), () => {}, 'linux').set({ stationPrivateKey: 'k' });
    const before = readFileSync(join(dir, SEALED_FILE));
    expect(() => openAppSecretStore(dir, fakeSafeStorage({ keyringReset: true }), () => {}, 'linux')).toThrow(/当前用户无法解密.*Error while decrypting/);
    expect(readFileSync(join(dir, SEALED_FILE))).toEqual(before);
  });

  it('seals the secrets of a key file left by serve mode, then removes the key file; sealed values stand', () => {
    const dir = tempDir();
    openAppSecretStore(dir, fakeSafeStorage(), () => {}, 'linux').set({ uploadToken: 'sealed token' });
    openKeyFileStore(dir).set({ stationPrivateKey: 'serve key', uploadToken: 'stale token' });
    const logs: string[] = [];
    const store = openAppSecretStore(dir, fakeSafeStorage(), (m) => logs.push(m), 'linux');
    expect([store.get('stationPrivateKey'), store.get('uploadToken')]).toEqual(['serve key', 'sealed token']);
    expect(readdirSync(dir)).toEqual([SEALED_FILE]);
    expect(logs).toEqual([`密钥文件已改由系统钥匙串加密保存 / The key file's secrets are now sealed by the OS keychain: ${join(dir, SEALED_FILE)}`]);
    const again = openAppSecretStore(dir, fakeSafeStorage(), () => {}, 'linux');
    expect(again.get('stationPrivateKey')).toBe('serve key');
  });

  it('does not take a key file it cannot read', () => {
    const dir = tempDir();
    writeFileSync(join(dir, KEY_FILE), 'garbage');
    expect(() => openAppSecretStore(dir, fakeSafeStorage(), () => {}, 'linux')).toThrow(SecretStoreError);
    expect(readFileSync(join(dir, KEY_FILE), 'utf8')).toBe('garbage');
  });
});
