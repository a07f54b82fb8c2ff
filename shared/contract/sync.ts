import { z } from 'zod';

import { method } from './spec';

const Empty = z.object({}).strict();
const MANAGING = ['manager'] as const;

export const UPLOAD_TARGETS = ['none', 'epcis', 'provincial'] as const;

/** A JSON mapping table: kind → { target field → rule } (see docs/upload.md). */
const FieldRule = z.union([
  z.string().max(200),
  z.object({ const: z.unknown() }).strict(),
  z
    .object({
      path: z.string().max(200),
      map: z.record(z.string(), z.unknown()).optional(),
      pluck: z.string().max(100).optional(),
      join: z.string().max(10).optional(),
      default: z.unknown().optional(),
    })
    .strict(),
]);

export const UploadSettings = z.object({
  target: z.enum(UPLOAD_TARGETS),
  /** EPCIS: the capture URL (…/capture); provincial: the platform's record endpoint. */
  endpoint: z.union([z.literal(''), z.url({ protocol: /^https?$/ }).max(500)]),
  /** Sent as `<tokenHeader>: <tokenPrefix><token>` when not empty. */
  token: z.string().max(4000),
  tokenHeader: z.string().regex(/^[A-Za-z0-9-]{1,64}$/),
  tokenPrefix: z.string().max(40),
  /** Records per request (a dead record is found by re-sending its batch one by one). */
  batchSize: z.number().int().min(1).max(1000),
  provincial: z.object({
    recordsField: z.string().max(64),
    okField: z.string().max(64),
    okValue: z.union([z.string().max(64), z.number(), z.boolean(), z.null()]),
    messageField: z.string().max(64),
    mapping: z.record(z.string(), z.record(z.string(), FieldRule)),
  }),
});
export type UploadSettings = z.infer<typeof UploadSettings>;

/**
 * What goes into an HTTP header: printable ASCII. A full-width space from a Chinese IME, a pasted
 * line break or any other character makes the request fail before it is sent.
 */
const HeaderValue = (max: number) =>
  z
    .string()
    .max(max)
    .regex(/^[\x20-\x7e]*$/, 'headerValue');

/** Settings as an admin saves them (UploadSettings also reads values stored by older versions). */
export const UploadSettingsInput = UploadSettings.extend({ token: HeaderValue(4000), tokenPrefix: HeaderValue(40) });

export const SyncStatus = z.object({
  target: z.enum(UPLOAD_TARGETS),
  /** disabled: no target; idle: nothing to send; sending; backoff: waiting after a failure; rateLimited: the server asked to wait. */
  state: z.enum(['disabled', 'idle', 'sending', 'backoff', 'rateLimited']),
  /** Whether the last attempt reached the server (null: nothing tried since start). */
  online: z.boolean().nullable(),
  /** Records waiting to be sent (including blocked ones). */
  backlog: z.number().int(),
  /** Waiting behind a dead record of the same lot family. */
  blocked: z.number().int(),
  dead: z.number().int(),
  sent: z.number().int(),
  lastSuccessAt: z.string().nullable(),
  lastError: z.object({ message: z.string(), at: z.string() }).nullable(),
  nextAttemptAt: z.string().nullable(),
  /** A long drain in progress: records sent since the backlog was last empty, of how many. */
  drain: z.object({ done: z.number().int(), total: z.number().int(), startedAt: z.string() }).nullable(),
});
export type SyncStatus = z.infer<typeof SyncStatus>;

export const DeadLetter = z.object({
  seq: z.number().int(),
  id: z.string(),
  kind: z.string(),
  lotId: z.string().nullable(),
  /** The lot's code when the record has one. */
  code: z.string().nullable(),
  createdAt: z.string(),
  attempts: z.number().int(),
  /** The server's reason for refusing it. */
  reason: z.string().nullable(),
  /** Later records of the same lot family held back until this one is re-sent. */
  blocking: z.number().int(),
});
export type DeadLetter = z.infer<typeof DeadLetter>;

export const syncMethods = {
  getSyncStatus: method({ access: 'signedIn', input: Empty, output: SyncStatus }),
  /** Try now: cuts a backoff short (a server's rate-limit pause is still honoured). */
  syncNow: method({ access: 'signedIn', input: Empty, output: SyncStatus }),
  listDeadLetters: method({ access: 'signedIn', input: z.object({ limit: z.number().int().min(1).max(500).default(100) }), output: z.array(DeadLetter) }),
  /** Queues dead records again (after the cause was fixed: settings, mapping or the server). */
  resendDeadLetters: method({ access: MANAGING, input: z.object({ ids: z.array(z.string().min(1).max(64)).min(1).max(1000) }), output: z.object({ requeued: z.number().int() }) }),
  getUploadSettings: method({ access: ['admin'], input: Empty, output: UploadSettings }),
  saveUploadSettings: method({ access: ['admin'], input: UploadSettingsInput, output: UploadSettings }),
  /**
   * Writes the waiting records as one EPCIS document (with the records themselves, for import on
   * another machine) under the data folder's `exports/`. `handOver` marks them exported, so a
   * station that is never online does not export them again. `records: 'handedOver'` writes the
   * records handed over before, again (a file lost, or one an importer could not read: the format
   * of an older version); they stay handed over. `buyerPhones`: the file holds buyers' phone
   * numbers (split sales), and says so in its header.
   */
  exportUpload: method({
    access: MANAGING,
    input: z.object({ handOver: z.boolean().default(false), records: z.enum(['waiting', 'handedOver']).default('waiting') }),
    output: z.object({ path: z.string(), fileName: z.string(), records: z.number().int(), buyerPhones: z.boolean(), content: z.string().nullable() }),
  }),
  /** Verifies an exported file and queues its records for upload from this machine (idempotent). */
  importUpload: method({
    access: MANAGING,
    input: z.object({ content: z.string().min(2).max(200_000_000) }),
    output: z.object({ records: z.number().int(), added: z.number().int(), duplicates: z.number().int(), fromStation: z.string().nullable() }),
  }),
};
