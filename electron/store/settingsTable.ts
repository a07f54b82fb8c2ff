import { eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { BackupSettings, SamplingSettings, Settings, ShredderSettings, UploadSettings } from '../../shared/contract';
import { DEFAULT_SETTINGS } from '../../shared/domain/settings';
import { DEFAULT_PROVINCIAL } from '../../shared/domain/upload/provincial';
import { settingChange } from '../../shared/domain/auditChain';
import { appendAudit } from '../services/audit/append';
import type { Orm } from './open';
import { operators, settings } from './schema';

export const DEFAULT_UPLOAD_SETTINGS: UploadSettings = {
  target: 'none',
  endpoint: '',
  token: '',
  tokenHeader: 'Authorization',
  tokenPrefix: 'Bearer ',
  batchSize: 200,
  provincial: { ...DEFAULT_PROVINCIAL, okValue: 0, mapping: DEFAULT_PROVINCIAL.mapping as UploadSettings['provincial']['mapping'] },
};

/**
 * No device until the admin fits one. The Modbus fields are the Eastron SDM120's (SDM120_DEFAULTS
 * in drivers/shredder: input register 0x0006, float32 high word first) with the driver's 1.0 A /
 * 0.8 A thresholds; 2400 baud is applied when `baudRate` is null in Modbus mode.
 */
export const DEFAULT_SHREDDER_SETTINGS: ShredderSettings = {
  mode: 'none',
  path: '',
  baudRate: null,
  modbus: { unitId: 1, table: 'input', address: 0x0006, type: 'float32', wordOrder: 'highFirst', scale: 1, startAmps: 1.0, stopAmps: 0.8 },
};

/** No backups until an admin names a folder; then daily at noon (caught up at start when missed), 14 kept. */
export const DEFAULT_BACKUP_SETTINGS: BackupSettings = { folder: '', keep: 14, dailyAt: '12:00', everyHours: null };

const setting = <S extends z.ZodType>(schema: S, fallback: z.output<S>) => ({ schema, fallback });

/**
 * Every row of the key/value `settings` table: its key, what its value must be, and the value in
 * force when none is stored (or what is stored no longer reads). The general Settings object is
 * one row per top-level key; upload, shredder and sampling rules are one row each.
 */
export const SETTINGS = {
  weightLayouts: setting(Settings.shape.weightLayouts, DEFAULT_SETTINGS.weightLayouts),
  scanner: setting(Settings.shape.scanner, DEFAULT_SETTINGS.scanner),
  split: setting(Settings.shape.split, DEFAULT_SETTINGS.split),
  labelTemplateId: setting(Settings.shape.labelTemplateId, DEFAULT_SETTINGS.labelTemplateId),
  expiry: setting(Settings.shape.expiry, DEFAULT_SETTINGS.expiry),
  selling: setting(Settings.shape.selling, DEFAULT_SETTINGS.selling),
  signIn: setting(Settings.shape.signIn, DEFAULT_SETTINGS.signIn),
  pinGuard: setting(Settings.shape.pinGuard, DEFAULT_SETTINGS.pinGuard),
  labelUrl: setting(Settings.shape.labelUrl, DEFAULT_SETTINGS.labelUrl),
  upload: setting(UploadSettings, DEFAULT_UPLOAD_SETTINGS),
  shredder: setting(ShredderSettings, DEFAULT_SHREDDER_SETTINGS),
  /** Null: the start options' sampling rules apply. */
  sampling: setting(SamplingSettings.nullable(), null),
  backup: setting(BackupSettings, DEFAULT_BACKUP_SETTINGS),
};
export type SettingKey = keyof typeof SETTINGS;
export type SettingValue<K extends SettingKey> = z.output<(typeof SETTINGS)[K]['schema']>;

/** A stored value with who saved it when. */
export interface SettingEntry<T> {
  value: T;
  updatedAt: string;
  updatedByName: string | null;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The stored text as a value of its key, or null when it does not read: not JSON, or no longer
 * valid. An object is read over its default, so a field added since it was saved takes the default
 * rather than losing the whole row.
 */
function decode<K extends SettingKey>(key: K, text: string): SettingValue<K> | null {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return null;
  }
  const { schema, fallback } = SETTINGS[key];
  const parsed = schema.safeParse(isRecord(json) && isRecord(fallback) ? { ...fallback, ...json } : json);
  return parsed.success ? (parsed.data as SettingValue<K>) : null;
}

/**
 * The one way to the `settings` table: values are JSON text, read tolerantly (a value an older or
 * newer program wrote that no longer validates reads as the default, never as an error), written
 * with who and when. Reads are prepared once and decoding is memoised on the stored text: the
 * sampling rules are read on every entry check.
 */
export function createSettingsTable(orm: Orm) {
  const byKey = eq(settings.key, sql.placeholder('key'));
  const readValue = orm.select({ value: settings.value }).from(settings).where(byKey).prepare();
  const readEntry = orm
    .select({ value: settings.value, updatedAt: settings.updatedAt, updatedByName: operators.name })
    .from(settings)
    .leftJoin(operators, eq(operators.id, settings.updatedBy))
    .where(byKey)
    .prepare();
  const memo = new Map<SettingKey, { text: string; value: unknown }>();

  /** The stored text decoded, or null when it does not read; decoded again only when the text changed. */
  function decoded<K extends SettingKey>(key: K, text: string): SettingValue<K> | null {
    let known = memo.get(key);
    if (known?.text !== text) memo.set(key, (known = { text, value: decode(key, text) }));
    return known.value as SettingValue<K> | null;
  }

  function get<K extends SettingKey>(key: K): SettingValue<K> {
    const row = readValue.get({ key });
    return (row && decoded(key, row.value)) ?? (SETTINGS[key].fallback as SettingValue<K>);
  }

  function entry<K extends SettingKey>(key: K): SettingEntry<SettingValue<K>> | null {
    const row = readEntry.get({ key });
    const value = row ? decoded(key, row.value) : null;
    return row && value !== null ? { value, updatedAt: row.updatedAt, updatedByName: row.updatedByName } : null;
  }

  /**
   * The row and its audit entry (the fields that changed, secrets only as "changed") in one
   * transaction. `secretsChanged`: fields of this setting kept in the secret store, not in the row,
   * that this save changed (the audit says so, without their values).
   */
  function write<K extends SettingKey>(key: K, value: SettingValue<K>, by: string, at: string, secretsChanged: readonly string[] = []): void {
    const row = { key, value: JSON.stringify(value), updatedAt: at, updatedBy: by };
    orm.transaction(() => {
      const prior = readValue.get({ key })?.value;
      orm.insert(settings).values(row).onConflictDoUpdate({ target: settings.key, set: row }).run();
      const operator = orm.select({ id: operators.id, name: operators.name }).from(operators).where(eq(operators.id, by)).get() ?? null;
      const { before, after } = settingChange(prior, row.value);
      const secret = Object.fromEntries(secretsChanged.map((field) => [field, 'changed']));
      appendAudit(orm, { at, by: operator, action: 'settings.change', subject: { kind: 'settings', id: key }, before, after: { ...after, ...secret } });
    });
  }

  return {
    /** The value in force: the stored one, else the default. */
    get,
    /** The stored value with who saved it when; null when none is stored or it no longer reads. */
    entry,
    set: write,
    /** Several keys in one transaction: all are saved or none. */
    setMany(values: { [K in SettingKey]?: SettingValue<K> }, by: string, at: string): void {
      orm.transaction(() => {
        for (const key of Object.keys(values) as SettingKey[]) write(key, values[key] as SettingValue<typeof key>, by, at);
      });
    },
  };
}
export type SettingsTable = ReturnType<typeof createSettingsTable>;
