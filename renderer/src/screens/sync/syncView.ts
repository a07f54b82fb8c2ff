import type { SyncStatus, UploadSettings } from '../../../../shared/contract';

/** The big word on the status card: what a market manager needs to know at a glance. */
export type ShownState = 'disabled' | 'allSent' | 'sending' | 'waiting' | 'offline' | 'failing' | 'rateLimited' | 'refused';

/**
 * The uploader's state as people read it. `backoff` splits into "no network" (the last attempt
 * never reached the server) and "the platform did not accept" (5xx, token or address problems);
 * an idle queue is only 已全部上传 when nothing waits and nothing was refused.
 */
export function shownState(s: SyncStatus): ShownState {
  switch (s.state) {
    case 'disabled':
      return 'disabled';
    case 'rateLimited':
      return 'rateLimited';
    case 'sending':
      return 'sending';
    case 'backoff':
      return s.online === false ? 'offline' : 'failing';
    case 'idle':
      if (s.dead > 0) return 'refused';
      return s.backlog > 0 ? 'waiting' : 'allSent';
  }
}

/** Colour family of each state (sync.css): calm, busy, attention, trouble. */
export const STATE_TONE: Record<ShownState, 'ok' | 'busy' | 'warn' | 'bad' | 'off'> = {
  disabled: 'off',
  allSent: 'ok',
  sending: 'busy',
  waiting: 'busy',
  offline: 'bad',
  failing: 'bad',
  rateLimited: 'warn',
  refused: 'bad',
};

/** A station-local ISO time (`2025-03-01T08:15:02.123+08:00`) as `03-01 08:15:02`, the wall time it was recorded. */
export const syncTime = (iso: string) => iso.slice(5, 19).replace('T', ' ');

export const ONLINE_WORD = (online: boolean | null) => (online === null ? 'unknown' : online ? 'yes' : 'no');

export type MappingCheck =
  { ok: true; mapping: UploadSettings['provincial']['mapping'] } | { ok: false; problem: 'mappingJson' | 'mappingShape' } | { ok: false; problem: 'mappingRule'; path: string };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The mapping textarea, checked before anything is sent: JSON first, then the shape the
 * uploader needs (kind → field → rule), so a typo never replaces a working mapping.
 */
export function parseMapping(text: string): MappingCheck {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, problem: 'mappingJson' };
  }
  if (!isObject(value)) return { ok: false, problem: 'mappingShape' };
  for (const [kind, fields] of Object.entries(value)) {
    if (!isObject(fields)) return { ok: false, problem: 'mappingShape' };
    for (const [field, rule] of Object.entries(fields)) {
      const ok = typeof rule === 'string' || (isObject(rule) && ('const' in rule || typeof rule.path === 'string'));
      if (!ok) return { ok: false, problem: 'mappingRule', path: `${kind}.${field}` };
    }
  }
  return { ok: true, mapping: value as UploadSettings['provincial']['mapping'] };
}

/** The success flag value as typed: JSON scalars keep their type (`0`, `true`, `null`), anything else is text. */
export function parseOkValue(text: string): UploadSettings['provincial']['okValue'] {
  const trimmed = text.trim();
  try {
    const v: unknown = JSON.parse(trimmed);
    if (v === null || typeof v === 'number' || typeof v === 'boolean' || typeof v === 'string') return v;
  } catch {
    // Plain text.
  }
  return text;
}

export const okValueText = (v: UploadSettings['provincial']['okValue']) => (typeof v === 'string' ? v : JSON.stringify(v));

/** Settings fields an API issue path may name, by the path's first part. */
export const SETTINGS_FIELDS = [
  'target',
  'endpoint',
  'token',
  'tokenHeader',
  'tokenPrefix',
  'batchSize',
  'provincial.recordsField',
  'provincial.okField',
  'provincial.okValue',
  'provincial.messageField',
  'provincial.mapping',
] as const;
export type SettingsField = (typeof SETTINGS_FIELDS)[number];

/** Which field an issue path (`endpoint`, `provincial.mapping.entry.x`) belongs to. */
export function fieldOfPath(path: string): SettingsField | null {
  return SETTINGS_FIELDS.find((f) => path === f || path.startsWith(`${f}.`)) ?? null;
}
