/**
 * The fields of every outbox payload, as data: what a provincial mapping may name
 * (`payload.lot.code`) and what an imported record must hold. `records.ts` has only types, so
 * the shapes are written out here and typed against them: `PAYLOAD_FIELDS` is a
 * `Shape<PayloadByKind[kind]>` for every kind, so a field added to a payload type (or removed
 * from it) and not here fails the type check, and so does a new record kind.
 */
import type { Actor, LotRef, OutboxKind, PartyRef, PayloadByKind, ProductDates } from './records';

/** A value: string, number, boolean or one of their literal unions. */
export type Leaf = 'value';
/** A field that records written before it existed may lack (`bestBeforeDate?`). */
export type Optional<S> = { readonly optional: S };
export type Shape<T> = [T] extends [readonly (infer U)[]]
  ? readonly [Shape<NonNullable<U>>]
  : [T] extends [object]
    ? { readonly [K in keyof T]-?: undefined extends T[K] ? Optional<Shape<NonNullable<T[K]>>> : Shape<NonNullable<T[K]>> }
    : Leaf;

/** Any node of a shape, as walked at run time. */
export type ShapeNode = Leaf | OptionalNode | ListNode | FieldsNode;
interface OptionalNode {
  readonly optional: ShapeNode;
}
type ListNode = readonly [ShapeNode];
interface FieldsNode {
  readonly [field: string]: ShapeNode;
}

const V = 'value' as const;
// Typed one by one: a spread is not checked for fields the type lacks, a typed literal is.
const lotRef: Shape<LotRef> = { id: V, code: V, gtin: V, batch: V, quantity: V, unit: V, onHand: { optional: V } };
const dates: Shape<ProductDates> = { expiryDate: V, bestBeforeDate: { optional: V }, sellByDate: { optional: V }, productionDate: { optional: V } };
const actor: Shape<Actor> = { id: V, name: V };
const party: Shape<PartyRef> = { id: V, name: V, uscc: V, gln: { optional: V } };

export const PAYLOAD_FIELDS: { readonly [K in OutboxKind]: Shape<PayloadByKind[K]> } = {
  entry: {
    entryId: V,
    lot: { ...lotRef, codeKind: V, expiryDate: V, bestBeforeDate: { optional: V }, sellByDate: { optional: V }, productionDate: { optional: V } },
    variety: { id: V, name: V, categoryId: V, defaultUnit: { optional: V } },
    supplier: party,
    outcome: V,
    reasons: [V],
    source: V,
    certificates: [{ type: V, number: V, issuer: V, issueDate: V, validUntil: V }],
    by: actor,
  },
  override: { overrideId: V, entryId: V, lot: lotRef, fromOutcome: V, toOutcome: V, reason: V, by: actor },
  test: {
    testId: V,
    lot: lotRef,
    item: { id: V, name: V },
    selection: V,
    kitLot: V,
    value: V,
    reading: V,
    unit: V,
    threshold: V,
    verdict: V,
    selectionReason: { optional: V },
    freed: { optional: V },
    after: { optional: V },
    by: actor,
  },
  hold: { holdId: V, lots: [lotRef], reason: V, note: V, testId: V, by: actor },
  holdRelease: { releaseId: V, holdId: V, lots: [{ ...lotRef, after: { optional: V } }], reason: V, by: actor },
  split: { splitId: V, parent: lotRef, child: lotRef, closing: V, sale: { buyer: { name: V, uscc: V, phone: V }, priceFen: V }, dates: { optional: dates }, by: actor },
  disposal: { disposalId: V, certificateNumber: V, lots: [{ ...lotRef, recalled: { optional: V } }], reason: V, method: V, witness: actor, by: actor },
  stallAssignment: { assignmentId: V, lot: lotRef, stall: party, priorStall: party, by: actor },
  departure: { departureId: V, lot: lotRef, parentCode: V, vehicle: V, buyer: V, by: actor },
  recall: {
    recallId: V,
    number: V,
    reason: V,
    source: V,
    sourceRef: V,
    scope: { kind: V, label: V, range: { from: V, to: V } },
    lots: [lotRef],
    by: actor,
  },
  recallProgress: { progressId: V, recallId: V, number: V, lot: lotRef, progress: V, note: V, by: actor },
  recallClose: { closeId: V, recallId: V, number: V, lots: [{ ...lotRef, status: V, progress: V }], by: actor },
  recallLift: { liftId: V, recallId: V, number: V, reason: V, lots: [{ ...lotRef, status: V }], by: actor },
  subject: { subjectId: V, kind: V, name: V, uscc: V, gln: { optional: V }, contact: V, blocked: V, blockedReason: V, by: actor },
  variety: { varietyId: V, name: V, categoryId: V, defaultUnit: V, by: actor },
  testItem: {
    testItemId: V,
    nameZh: V,
    nameEn: V,
    methodZh: V,
    methodEn: V,
    standard: V,
    kind: V,
    unit: V,
    min: V,
    max: V,
    positiveAtOrAbove: V,
    categoryIds: [V],
    labAllPositives: V,
    labVarietyKeys: [V],
    active: V,
    by: actor,
  },
  places: { placesId: V, marketGln: V, marketName: V, stationId: V, deskName: V, stalls: [{ id: V, name: V }], by: actor },
};

/** What a mapping path starts from (`provincial.ts` builds the same object per record). */
export const envelopeShape = (kind: OutboxKind): ShapeNode => ({ id: V, kind: V, lotId: V, at: V, stationId: V, payload: PAYLOAD_FIELDS[kind] as ShapeNode });

const isOptional = (node: ShapeNode): node is OptionalNode => typeof node === 'object' && !Array.isArray(node) && 'optional' in node && Object.keys(node).length === 1;
const unwrap = (node: ShapeNode): ShapeNode => (isOptional(node) ? unwrap(node.optional) : node);
const isList = (node: ShapeNode): node is ListNode => Array.isArray(node);

/**
 * The node a dotted path (`payload.certificates.0.number`) leads to, or null when the record
 * kind has no such field. An array is entered by an index.
 */
export function fieldAt(root: ShapeNode, path: string): ShapeNode | null {
  let node = unwrap(root);
  for (const part of path.split('.')) {
    if (isList(node)) {
      if (!/^\d+$/.test(part)) return null;
      node = unwrap(node[0]);
    } else if (typeof node === 'object' && !isOptional(node) && Object.hasOwn(node, part)) {
      node = unwrap((node as Record<string, ShapeNode>)[part]);
    } else return null;
  }
  return node;
}

/** Whether the node is a list (what `pluck` and `join` work on). */
export const isListNode = (node: ShapeNode | null): node is ListNode => node !== null && isList(node);

/**
 * The first field a payload lacks or holds in the wrong form (`lot`, `lots.0.code`), null when it
 * has the kind's shape. A null value passes (many fields are nullable and the types say which);
 * an absent required field, an object where a list belongs or a value where an object belongs
 * does not. Fields the shape does not know are left alone (a newer station's records).
 */
export function payloadProblem(kind: OutboxKind, payload: unknown): string | null {
  return problemAt(PAYLOAD_FIELDS[kind] as ShapeNode, payload, '');
}

function problemAt(node: ShapeNode, value: unknown, at: string): string | null {
  if (isOptional(node)) return value === undefined ? null : problemAt(node.optional, value, at);
  if (value === undefined) return at || '(payload)';
  if (value === null || node === V) return null;
  if (isList(node)) {
    if (!Array.isArray(value)) return at;
    for (const [i, item] of value.entries()) {
      const p = problemAt(node[0], item, `${at}.${i}`);
      if (p) return p;
    }
    return null;
  }
  if (typeof value !== 'object' || Array.isArray(value)) return at || '(payload)';
  for (const [field, child] of Object.entries(node)) {
    const p = problemAt(child, (value as Record<string, unknown>)[field], at ? `${at}.${field}` : field);
    if (p) return p;
  }
  return null;
}
