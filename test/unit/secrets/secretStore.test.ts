import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { KEY_FILE, SEALED_FILE, SecretStoreError, openKeyFileStore, openServeSecretStore } from '../../../electron/secrets/secretStore';

// A rename that fails as a power cut or a full disk would, between the temp file and the swap.
const renameFails = vi.hoisted(() => ({ on: false }));
vi.mock('node:fs', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs')>();
  return {
    ...real,
    renameSync: (from: fs.PathLike, to: fs.PathLike) => {
      if (renameFails.on) throw new Error('EIO: rename failed (injected)');
      real.renameSync(from, to);
    },
  };
});

const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'secret-store-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  renameFails.on = false;
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const mode = (path: string) => statSync(path).mode & 0o777;

describe('the key file', () => {
  it('is made on the first write only, 0600 in a 0700 folder, and read back by the next opening', () => {
    const dir = join(tempDir(), 'data');
    const store = openKeyFileStore(dir);
    expect(store.get('uploadToken')).toBeNull();
    expect(readdirSync(dir)).toEqual([]);
    store.set({ uploadToken: 'abc', samplingKey: 'c2VjcmV0' });
    expect(readdirSync(dir)).toEqual([KEY_FILE]);
    expect(mode(join(dir, KEY_FILE))).toBe(0o600);
    expect(mode(dir)).toBe(0o700);
    const again = openKeyFileStore(dir);
    expect([again.get('uploadToken'), again.get('samplingKey'), again.get('stationPrivateKey')]).toEqual(['abc', 'c2VjcmV0', null]);
    expect(again.holds({ uploadToken: 'abc' })).toBe(true);
    expect(again.holds({ uploadToken: 'abd' })).toBe(false);
  });

  it('is replaced whole by a rename (a new file each write), never rewritten in place', () => {
    const dir = tempDir();
    const store = openKeyFileStore(dir);
    store.set({ uploadToken: 'one' });
    const first = statSync(join(dir, KEY_FILE)).ino;
    store.set({ samplingKey: 'two' });
    expect(statSync(join(dir, KEY_FILE)).ino).not.toBe(first);
    expect(JSON.parse(readFileSync(join(dir, KEY_FILE), 'utf8'))).toEqual({ format: 'yipin-yima-secrets/1', secrets: { uploadToken: 'one', samplingKey: 'two' } });
    expect(readdirSync(dir)).toEqual([KEY_FILE]);
  });

  it('keeps the old file and value whole when a write fails before the swap, and leaves no temp file', () => {
    const dir = tempDir();
    const store = openKeyFileStore(dir);
    store.set({ stationPrivateKey: 'old key' });
    const before = readFileSync(join(dir, KEY_FILE));
    renameFails.on = true;
    expect(() => store.set({ stationPrivateKey: 'new key' })).toThrow('rename failed');
    expect(readFileSync(join(dir, KEY_FILE))).toEqual(before);
    expect(store.get('stationPrivateKey')).toBe('old key');
    expect(readdirSync(dir)).toEqual([KEY_FILE]);
  });

  it.each([
    ['empty', ''],
    ['cut short', '{"format":"yipin-yima-secrets/1","secrets":{"uploadTo'],
    ['another format', '{"uploadToken":"abc"}'],
    ['a value that is no text', '{"format":"yipin-yima-secrets/1","secrets":{"uploadToken":42}}'],
  ])('refuses a file that is %s, naming it, and writes nothing over it', (_what, text) => {
    const dir = tempDir();
    writeFileSync(join(dir, KEY_FILE), text);
    let error: unknown;
    try {
      openKeyFileStore(dir);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SecretStoreError);
    expect((error as SecretStoreError).problem).toBe('unreadable');
    expect((error as Error).message).toContain(`密钥文件无法读取，请从备份恢复此文件后再启动：${join(dir, KEY_FILE)}`);
    expect((error as Error).message).toContain("The station's secret file cannot be read; restore it from a backup before starting");
    expect(readFileSync(join(dir, KEY_FILE), 'utf8')).toBe(text);
  });
});

describe('serve mode', () => {
  it('refuses a data folder whose secrets the app sealed with the OS keychain, in words', () => {
    const dir = tempDir();
    writeFileSync(join(dir, SEALED_FILE), Buffer.from([1, 2, 3]));
    expect(() => openServeSecretStore(dir)).toThrow('此数据目录的密钥由桌面程序用系统钥匙串加密保存，serve 模式无法读取');
    expect(readdirSync(dir)).toEqual([SEALED_FILE]);
  });

  it('uses the key file otherwise', () => {
    const dir = tempDir();
    const store = openServeSecretStore(dir);
    expect([store.kind, store.path]).toEqual(['keyFile', join(dir, KEY_FILE)]);
  });
});
