import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { eq } from 'drizzle-orm';
import { ApiError, refused, type LabelCheck, type Operator, type StationInfo, type ParsedInput } from '../../shared/contract';
import { fillLabelUrl, parseLabelQr, urlSignedText } from '../../shared/domain/labelUrl';
import { isoLocal, type Clock } from '../core/clock';
import { SecretStoreError, type SecretStore } from '../secrets/secretStore';
import { appendAudit } from './audit/append';
import type { Orm } from '../store/open';
import { station, trustedKeys } from '../store/schema';

const KEY_NAME = 'stationPrivateKey';
type KeyProblem = 'stationKeyMissing' | 'stationKeyMismatch';

/**
 * The station's identity: an Ed25519 key pair made on first start, and the station id an admin
 * sets once. The public key is in station.db; the private key in the secret store (never in the
 * database file). Station ids are also recorded in a per-machine registry so two data folders on
 * one PC cannot issue colliding codes under the same id.
 */
export function createStationIdentity(orm: Orm, clock: Clock, machineRegistryPath: string, dataDir: string, secrets: SecretStore) {
  function ensureKeys() {
    if (orm.select({ id: station.id }).from(station).get()) return;
    // A key already in the store (station.db removed, the secret file kept) stays this station's
    // key, so the labels it signed keep verifying; otherwise a new pair, stored before it is used.
    const kept = secrets.get(KEY_NAME);
    let privateKey: KeyObject;
    if (kept) {
      try {
        privateKey = createPrivateKey(kept);
      } catch {
        throw new SecretStoreError(secrets.path, 'unreadable', 'the station key is not a private key');
      }
    } else {
      privateKey = generateKeyPairSync('ed25519').privateKey;
      secrets.set({ [KEY_NAME]: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() });
    }
    orm
      .insert(station)
      .values({ id: 1, publicKey: createPublicKey(privateKey).export({ type: 'spki', format: 'pem' }).toString(), privateKey: null, createdAt: isoLocal(clock.now()) })
      .run();
  }

  /**
   * The signing key, checked once against the public key on file: a store that lost the key, or
   * holds another station's, signs nothing (a new identity would orphan every label signed so far).
   */
  function loadKey(publicKeyPem: string): KeyObject | KeyProblem {
    const pem = secrets.get(KEY_NAME);
    if (!pem) return 'stationKeyMissing';
    let key: KeyObject;
    try {
      key = createPrivateKey(pem);
    } catch {
      return 'stationKeyMissing';
    }
    const der = (k: KeyObject) => k.export({ type: 'spki', format: 'der' });
    return der(createPublicKey(key)).equals(der(createPublicKey(publicKeyPem))) ? key : 'stationKeyMismatch';
  }

  // Cached: every label signs, and a restart is the only way the store changes under us.
  let cached: { row: typeof station.$inferSelect; key: KeyObject | KeyProblem } | null = null;
  const current = () => {
    if (!cached) {
      const row = orm.select().from(station).where(eq(station.id, 1)).get()!;
      cached = { row, key: loadKey(row.publicKey) };
    }
    return cached;
  };
  const signingKey = (): KeyObject => {
    const { key } = current();
    if (typeof key === 'string') throw refused('conflict', `station private key unusable: ${key}`, key, { file: secrets.path });
    return key;
  };

  const readRegistry = (): Record<string, string> => {
    try {
      return JSON.parse(readFileSync(machineRegistryPath, 'utf8')) as Record<string, string>;
    } catch {
      return {};
    }
  };

  const info = (): StationInfo => {
    const { row } = current();
    return { stationId: row.stationId, name: row.name, publicKey: row.publicKey };
  };

  function publicKeyFor(stationId: string): { key: KeyObject; name: string } | null {
    const own = current().row;
    if (own.stationId === stationId) return { key: createPublicKey(own.publicKey), name: own.name ?? '' };
    const t = orm.select().from(trustedKeys).where(eq(trustedKeys.stationId, stationId)).get();
    return t ? { key: createPublicKey(t.publicKey), name: t.name } : null;
  }

  return {
    ensureKeys,
    info,
    /** Why this station cannot sign, in words for the start-up log; null when it can. */
    keyWarning(): string | null {
      const { key } = current();
      if (typeof key !== 'string') return null;
      const [zh, en] = key === 'stationKeyMissing' ? ['丢失', 'missing'] : ['与本站公钥不符', 'not the one of its public key'];
      return `本站签名密钥${zh}，不能出码：请从备份恢复 ${secrets.path} / The station's signing key is ${en}: no code can be issued until ${secrets.path} is restored from a backup`;
    },
    /** The station id, or a clear refusal: no code may be issued before it is set, nor without the key that signs its label. */
    requireStationId(): { stationId: string; name: string } {
      const { row } = current();
      if (!row.stationId) throw refused('conflict', 'station id not set', 'noStationId');
      signingKey();
      return { stationId: row.stationId, name: row.name ?? '' };
    },

    setStationId(input: ParsedInput<'setStationId'>, by: Operator): StationInfo {
      if (current().row.stationId) throw refused('conflict', 'station id already set', 'stationIdSet');
      const registry = readRegistry();
      const holder = registry[input.stationId];
      if (holder && holder !== dataDir) throw refused('conflict', 'station id used by another data folder on this PC', 'stationIdInUse', { dataDir: holder });
      const at = isoLocal(clock.now());
      orm.transaction((tx) => {
        tx.update(station).set({ stationId: input.stationId, name: input.name, stationIdSetAt: at, stationIdSetBy: by.id }).where(eq(station.id, 1)).run();
        appendAudit(orm, { at, by, action: 'station.id', subject: { kind: 'station', id: '1' }, after: { stationId: input.stationId, name: input.name } });
      });
      mkdirSync(dirname(machineRegistryPath), { recursive: true });
      writeFileSync(machineRegistryPath, JSON.stringify({ ...registry, [input.stationId]: dataDir }, null, 2));
      cached = null;
      return info();
    },

    importKey(input: ParsedInput<'importStationKey'>, by: Operator) {
      let key: KeyObject;
      try {
        key = createPublicKey(input.publicKey);
      } catch {
        throw new ApiError('badRequest', 'not a public key', undefined, [{ path: 'publicKey', code: 'publicKey' }]);
      }
      if (key.asymmetricKeyType !== 'ed25519') throw new ApiError('badRequest', 'not an Ed25519 key', undefined, [{ path: 'publicKey', code: 'publicKey' }]);
      const row = { stationId: input.stationId, name: input.name, publicKey: key.export({ type: 'spki', format: 'pem' }).toString(), createdAt: isoLocal(clock.now()), createdBy: by.id };
      orm.transaction((tx) => {
        tx.insert(trustedKeys).values(row).onConflictDoUpdate({ target: trustedKeys.stationId, set: row }).run();
        appendAudit(orm, { at: row.createdAt, by, action: 'station.trustKey', subject: { kind: 'trustedKey', id: row.stationId }, after: { name: row.name, publicKey: row.publicKey } });
      });
      return { ok: true as const };
    },

    /** The QR of a label: the template's URL with the code and this station's signature of it. */
    labelUrl(code: string, template: string): string {
      return fillLabelUrl(template, code, sign(null, Buffer.from(urlSignedText(code), 'utf8'), signingKey()).toString('base64url'));
    },

    /** This station's Ed25519 signature (base64url) of a record it keeps, e.g. a day close's hash: the key lives outside station.db. */
    signRecord(text: string): string {
      return sign(null, Buffer.from(text, 'utf8'), signingKey()).toString('base64url');
    },

    /** Whether `signature` is this station's over `text` (checked with the public key on file). */
    verifyRecord(text: string, signature: string): boolean {
      try {
        const bytes = signatureBytes(signature);
        return bytes !== null && verify(null, Buffer.from(text, 'utf8'), createPublicKey(current().row.publicKey), bytes);
      } catch {
        return false;
      }
    },

    /**
     * Whether `signature` over `text` is station `stationId`'s: checked with this station's own
     * public key or one imported for another station (the keys labels are checked with).
     */
    verifyStationSignature(stationId: string, text: string, signature: string): 'ok' | 'unknownStation' | 'badSignature' {
      const key = publicKeyFor(stationId);
      if (!key) return 'unknownStation';
      try {
        const bytes = signatureBytes(signature);
        return bytes !== null && verify(null, Buffer.from(text, 'utf8'), key.key, bytes) ? 'ok' : 'badSignature';
      } catch {
        return 'badSignature';
      }
    },

    /**
     * A label QR's facts and whether its signature checks out offline; null for text that is no
     * label QR. A URL label carries its code alone (the lot's other facts are in the records); a
     * YP1 text label, printed before URLs, still carries and signs them all. `template`: this
     * station's label URL template, which tells where its own URLs keep their parts.
     */
    verifyLabel(raw: string, template: string): LabelSignature | null {
      const empty = { code: null, parentCode: null, quantity: null, unit: null, date: null, issuer: null, stall: null, stationName: null, url: null };
      const parsed = parseLabelQr(raw, template);
      if (!parsed.ok) return parsed.problem === 'notOurs' ? null : { valid: false, problem: parsed.problem, ...empty };
      const f = parsed.format === 'text' ? parsed.facts : null;
      const facts = {
        code: parsed.code,
        parentCode: f?.parentCode ?? null,
        quantity: f?.quantity ?? null,
        unit: f?.unit ?? null,
        date: f?.date ?? null,
        issuer: f?.issuer ?? null,
        stall: f?.stall ?? null,
        url: parsed.format === 'url' ? parsed.url : null,
      };
      const key = publicKeyFor(parsed.stationId);
      if (!key) return { valid: false, problem: 'unknownStation', ...facts, stationName: null };
      const signature = signatureBytes(parsed.signature);
      const ok = signature !== null && verify(null, Buffer.from(parsed.signed, 'utf8'), key.key, signature);
      return { valid: ok, problem: ok ? null : 'badSignature', ...facts, stationName: key.name };
    },
  };
}
export type StationIdentity = ReturnType<typeof createStationIdentity>;

/**
 * A base64url signature's bytes, only in the form the station writes: the last character has bits
 * no byte uses, so another character there (or padding, or stray characters Node skips) decodes to
 * the same bytes — an altered label URL, export or record must not verify.
 */
function signatureBytes(value: string): Buffer | null {
  const bytes = Buffer.from(value, 'base64url');
  return bytes.toString('base64url') === value ? bytes : null;
}
/** The part of 验码's answer the label itself gives. */
export type LabelSignature = Omit<LabelCheck, 'source' | 'stateKnown' | 'view'>;
