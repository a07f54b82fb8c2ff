/**
 * Generic JSON adapter for a provincial platform whose interface is not published yet: the
 * record → request mapping is configuration, a table of target field → source path per record
 * kind. A source path reads the envelope `{ id, kind, lotId, at, stationId, payload }` with dots
 * and array indexes (`payload.certificates.0.number`). A rule may also be a constant
 * (`{ "const": "..." }`), a path with a value map (`{ "path": "payload.outcome", "map": { "admit": "1" } }`),
 * or a path with a join of an array of objects' field (`{ "path": "payload.lots", "pluck": "code", "join": "," }`).
 * Kinds without a mapping are sent as `{ clientId, kind, at, stationId, data: payload }`.
 */
import type { OutboxKind, OutboxRecord } from './records';
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
  // 召回 has its own record kinds: the start, each lot's progress, the lift.
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

/** Problems with a mapping given as configuration (shown to the admin), empty when usable. */
export function mappingProblems(mapping: unknown): string[] {
  if (!mapping || typeof mapping !== 'object' || Array.isArray(mapping)) return ['mapping must be an object of kind → { field: rule }'];
  const problems: string[] = [];
  for (const [kind, fields] of Object.entries(mapping)) {
    if (!fields || typeof fields !== 'object' || Array.isArray(fields)) {
      problems.push(`${kind}: must be an object`);
      continue;
    }
    for (const [field, rule] of Object.entries(fields)) {
      const ok = typeof rule === 'string' || (rule && typeof rule === 'object' && ('const' in rule || typeof (rule as { path?: unknown }).path === 'string'));
      if (!ok) problems.push(`${kind}.${field}: a rule is a path, { const }, or { path, map?, pluck?, join?, default? }`);
    }
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
