/**
 * Generic JSON adapter for a provincial platform whose interface is not published yet: the
 * record → request mapping is configuration, a table of target field → source path per record
 * kind. A source path reads the envelope `{ id, kind, lotId, at, stationId, payload }` with dots
 * and array indexes (`payload.certificates.0.number`). A rule may also be a constant
 * (`{ "const": "..." }`), a path with a value map (`{ "path": "payload.outcome", "map": { "admit": "1" } }`),
 * or a path with a join of an array of objects' field (`{ "path": "payload.lots", "pluck": "code", "join": "," }`).
 * Kinds without a mapping are sent as `{ clientId, kind, at, stationId, data: payload }`. A mapping
 * is checked against the record kinds and their payload fields before it is saved
 * (`mappingProblems`), so no record goes out as `{}` or with fields that are always null.
 */
import { envelopeShape, fieldAt, isListNode } from './payloadFields';
import { OUTBOX_KINDS, type OutboxKind, type OutboxRecord } from './records';
import { DEPARTURE_PROVINCIAL_MAPPING } from './departure';

export type FieldRule = string | { const: unknown } | { path: string; map?: Record<string, unknown>; pluck?: string; join?: string; default?: unknown };
export type KindMapping = Record<string, FieldRule>;
export type ProvincialMapping = Partial<Record<OutboxKind, KindMapping>>;

export interface ProvincialConfig {
  /** Field that wraps the array of records in the request body; '' sends a bare array. */
  recordsField: string;
  /** When set, a 2xx response whose JSON has this field ≠ okValue is a rejection (e.g. `code` / 0). */
  okField: string;
  okValue: unknown;
  /** Where the platform puts its message on a rejection (e.g. `msg`). */
  messageField: string;
  mapping: ProvincialMapping;
}

/** A starting point, shaped like common provincial 追溯 interfaces; replace with the real one. */
export const DEFAULT_PROVINCIAL_MAPPING: ProvincialMapping = {
  entry: {
    clientId: 'id',
    bizType: { const: 'ENTRY' },
    stationId: 'stationId',
    traceCode: 'payload.lot.code',
    productName: 'payload.variety.name',
    supplierName: 'payload.supplier.name',
    supplierCreditCode: 'payload.supplier.uscc',
    weight: 'payload.lot.quantity',
    unit: 'payload.lot.unit',
    checkResult: { path: 'payload.outcome', map: { admit: '1', hold: '2', reject: '3' } },
    certNos: { path: 'payload.certificates', pluck: 'number', join: ',' },
    operateTime: 'at',
  },
  split: {
    clientId: 'id',
    bizType: { const: 'SALE' },
    stationId: 'stationId',
    parentTraceCode: 'payload.parent.code',
    traceCode: 'payload.child.code',
    weight: 'payload.child.quantity',
    unit: 'payload.child.unit',
    buyerName: { path: 'payload.sale.buyer.name', default: null },
    buyerCreditCode: { path: 'payload.sale.buyer.uscc', default: null },
    operateTime: 'at',
  },
  // 召回 has its own record kinds: the start, each lot's progress, the close, the lift.
  recall: {
    clientId: 'id',
    bizType: { const: 'RECALL' },
    stationId: 'stationId',
    recallNo: 'payload.number',
    reason: 'payload.reason',
    source: 'payload.source',
    noticeNo: { path: 'payload.sourceRef', default: null },
    scope: 'payload.scope.label',
    traceCodes: { path: 'payload.lots', pluck: 'code', join: ',' },
    operator: 'payload.by.name',
    operateTime: 'at',
  },
  recallProgress: {
    clientId: 'id',
    bizType: { const: 'RECALL_PROGRESS' },
    stationId: 'stationId',
    recallNo: 'payload.number',
    traceCode: 'payload.lot.code',
    progress: { path: 'payload.progress', map: { open: '0', retrieved: '1', notRecoverable: '3' } },
    note: { path: 'payload.note', default: null },
    operator: 'payload.by.name',
    operateTime: 'at',
  },
  // The close: every lot with its final progress, in the same order as the codes.
  recallClose: {
    clientId: 'id',
    bizType: { const: 'RECALL_CLOSE' },
    stationId: 'stationId',
    recallNo: 'payload.number',
    traceCodes: { path: 'payload.lots', pluck: 'code', join: ',' },
    progresses: { path: 'payload.lots', pluck: 'progress', join: ',' },
    operator: 'payload.by.name',
    operateTime: 'at',
  },
  recallLift: {
    clientId: 'id',
    bizType: { const: 'RECALL_LIFT' },
    stationId: 'stationId',
    recallNo: 'payload.number',
    reason: 'payload.reason',
    traceCodes: { path: 'payload.lots', pluck: 'code', join: ',' },
    operator: 'payload.by.name',
    operateTime: 'at',
  },
  departure: DEPARTURE_PROVINCIAL_MAPPING,
};

export const DEFAULT_PROVINCIAL: ProvincialConfig = { recordsField: 'records', okField: '', okValue: 0, messageField: 'msg', mapping: DEFAULT_PROVINCIAL_MAPPING };

export function readPath(source: unknown, path: string): unknown {
  let v: unknown = source;
  for (const part of path.split('.')) {
    if (v === null || v === undefined) return undefined;
    if (Array.isArray(v)) v = /^\d+$/.test(part) ? v[Number(part)] : undefined;
    else if (typeof v === 'object') v = (v as Record<string, unknown>)[part];
    else return undefined;
  }
  return v;
}

function applyRule(rule: FieldRule, source: unknown): unknown {
  if (typeof rule === 'string') return readPath(source, rule) ?? null;
  if ('const' in rule) return rule.const;
  let v = readPath(source, rule.path);
  if (rule.pluck && Array.isArray(v)) v = v.map((x) => readPath(x, rule.pluck!));
  if (rule.join !== undefined && Array.isArray(v)) v = v.join(rule.join);
  if (rule.map && (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean')) v = rule.map[String(v)] ?? v;
  return v === undefined ? (rule.default ?? null) : v;
}

/**
 * What is wrong with a mapping, one entry per problem, each a refusal reason with what it names
 * (`docs/upload.md`). A usable mapping names at least one record kind, only kinds that exist,
 * only fields their payloads have, lists where `pluck` / `join` need one, and maps the record id
 * (`"clientId": "id"`) for every kind so the platform can de-duplicate a re-send.
 */
export type MappingProblem =
  | { reason: 'mappingEmpty' }
  | { reason: 'mappingUnknownKind'; kind: string; kinds: string }
  | { reason: 'mappingKindEmpty'; kind: string }
  | { reason: 'mappingBadRule'; kind: string; field: string }
  | { reason: 'mappingNoField'; kind: string; field: string; path: string }
  | { reason: 'mappingNotList'; kind: string; field: string; path: string }
  | { reason: 'mappingNoRecordId'; kind: string };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isKind = (k: string): k is OutboxKind => (OUTBOX_KINDS as readonly string[]).includes(k);

function ruleProblem(kind: OutboxKind, field: string, rule: unknown): MappingProblem | null {
  const bad = { reason: 'mappingBadRule', kind, field } as const;
  if (!field) return bad;
  if (isObject(rule) && 'const' in rule) return Object.keys(rule).length === 1 ? null : bad;
  const spec = typeof rule === 'string' ? { path: rule } : rule;
  if (!isObject(spec) || typeof spec.path !== 'string' || !spec.path) return bad;
  if (Object.keys(spec).some((k) => !['path', 'map', 'pluck', 'join', 'default'].includes(k))) return bad;
  if ((spec.map !== undefined && !isObject(spec.map)) || (spec.pluck !== undefined && typeof spec.pluck !== 'string') || (spec.join !== undefined && typeof spec.join !== 'string')) return bad;
  const node = fieldAt(envelopeShape(kind), spec.path);
  if (!node) return { reason: 'mappingNoField', kind, field, path: spec.path };
  if ((spec.pluck !== undefined || spec.join !== undefined) && !isListNode(node)) return { reason: 'mappingNotList', kind, field, path: spec.path };
  if (typeof spec.pluck === 'string' && isListNode(node) && !fieldAt(node[0], spec.pluck)) return { reason: 'mappingNoField', kind, field, path: `${spec.path}.*.${spec.pluck}` };
  return null;
}

/** The record id read as it is: a path `id` with nothing that could change or drop it. */
const readsRecordId = (rule: unknown) => rule === 'id' || (isObject(rule) && rule.path === 'id' && Object.keys(rule).length === 1);

/** Every problem of a mapping given as configuration (shown to the admin); empty when usable. */
export function mappingProblems(mapping: unknown): MappingProblem[] {
  if (!isObject(mapping) || Object.keys(mapping).length === 0) return [{ reason: 'mappingEmpty' }];
  const problems: MappingProblem[] = [];
  for (const [kind, fields] of Object.entries(mapping)) {
    if (!isKind(kind)) {
      problems.push({ reason: 'mappingUnknownKind', kind, kinds: OUTBOX_KINDS.join(', ') });
      continue;
    }
    if (!isObject(fields) || Object.keys(fields).length === 0) {
      problems.push({ reason: 'mappingKindEmpty', kind });
      continue;
    }
    for (const [field, rule] of Object.entries(fields)) {
      const p = ruleProblem(kind, field, rule);
      if (p) problems.push(p);
    }
    if (!Object.values(fields).some(readsRecordId)) problems.push({ reason: 'mappingNoRecordId', kind });
  }
  return problems;
}

export function mapRecord(record: OutboxRecord, mapping: ProvincialMapping, stationId: string | null): Record<string, unknown> {
  const source = { id: record.id, kind: record.kind, lotId: record.lotId, at: record.at, stationId, payload: record.payload };
  const rules = mapping[record.kind];
  if (!rules) return { clientId: record.id, kind: record.kind, at: record.at, stationId, data: record.payload };
  return Object.fromEntries(Object.entries(rules).map(([field, rule]) => [field, applyRule(rule, source)]));
}

export function buildProvincialBody(records: readonly OutboxRecord[], config: Pick<ProvincialConfig, 'recordsField' | 'mapping'>, stationId: string | null): unknown {
  const list = records.map((r) => mapRecord(r, config.mapping, stationId));
  return config.recordsField ? { [config.recordsField]: list } : list;
}

/** A 2xx body that still says no (platforms that answer 200 with `{ code: 500, msg }`). */
export function provincialRejection(body: string, config: Pick<ProvincialConfig, 'okField' | 'okValue' | 'messageField'>): string | null {
  if (!config.okField) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return `unreadable response: ${body.slice(0, 200)}`;
  }
  const value = readPath(parsed, config.okField);
  if (value === config.okValue || String(value) === String(config.okValue)) return null;
  const message = config.messageField ? readPath(parsed, config.messageField) : undefined;
  return `${config.okField}=${JSON.stringify(value)}${message !== undefined ? `: ${String(message)}` : ''}`;
}
