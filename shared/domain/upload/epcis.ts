/**
 * EPCIS 2.0 JSON-LD documents from outbox records (mapping table in docs/upload.md). Pure: no
 * clock, no I/O. Event ids are content hashes, so a re-send after a lost ack carries the same
 * eventID and the receiver can drop it.
 *
 * Event id: the CBV 2.0 event hash (eventHash.ts), so any repository recomputes it.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { encodeDigitalLinkValue } from '../digitalLink';
import { contextPrefixes, eventHash } from './eventHash';
import { departureEvents } from './departure';
import type { EntryPayload, LiftedLotRef, LotRef, OutboxRecord, PartyRef, PayloadByKind, UnitCode } from './records';

export const EPCIS_CONTEXT = 'https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld';
/** Prefix of this station's extension fields (`yp:recordId`, `yp:outcome`…). */
export const YP_NS = 'urn:yipin-yima:epcis:';
export const DOCUMENT_CONTEXT = [EPCIS_CONTEXT, { yp: YP_NS }] as const;

export type EpcisEvent = Record<string, unknown> & { type: string; eventTime: string; eventTimeZoneOffset: string };
export type VocabularyElement = { id: string; attributes: { id: string; attribute: unknown }[] };
export interface MappingContext {
  /** The station's id (7 digits), or null before it is set. */
  stationId: string | null;
  /**
   * SHA-256 of a UTF-8 string as lower-case hex. Defaults to @noble/hashes; the Node side passes
   * node:crypto's (same digest, ~50× faster on 100k-record drains).
   */
  sha256Hex?: (text: string) => string;
}

export const nobleSha256Hex = (text: string) => bytesToHex(sha256(utf8ToBytes(text)));

/** UN/ECE Rec 20 codes for the station's units. */
export const UOM: Record<UnitCode, string> = { kg: 'KGM', piece: 'H87', head: 'H87', box: 'XBX' };

export const stationUri = (ctx: MappingContext) => `urn:yipin-yima:station:${ctx.stationId ?? 'unassigned'}`;
export const partyUri = (p: { id: string; uscc: string | null }) => (p.uscc ? `urn:yipin-yima:uscc:${p.uscc}` : `urn:yipin-yima:party:${p.id}`);
/** A lot as an EPC class: GS1 Digital Link for GTIN + batch, the station's URN otherwise. */
export function lotClass(l: Pick<LotRef, 'code' | 'gtin' | 'batch'>): string {
  if (l.gtin && l.batch) return `https://id.gs1.org/01/${l.gtin.padStart(14, '0')}/10/${encodeDigitalLinkValue(l.batch)}`;
  return `urn:yipin-yima:lot:${encodeURIComponent(l.code)}`;
}
const quantity = (l: LotRef, q = l.quantity) => ({ epcClass: lotClass(l), quantity: q, uom: UOM[l.unit] });
const certUri = (c: { type: string; number: string }) => `urn:yipin-yima:cert:${c.type}:${encodeURIComponent(c.number)}`;

function offsetOf(at: string): string {
  const m = /([+-]\d\d:\d\d)$/.exec(at);
  return m ? m[1] : '+00:00';
}

const DOCUMENT_PREFIXES = contextPrefixes(DOCUMENT_CONTEXT);
/** The event's CBV 2.0 event hash, read in this module's document context (the `yp:` prefix). */
export function eventHashId(event: Record<string, unknown>, sha256Hex: (text: string) => string = nobleSha256Hex): string {
  return eventHash(event, sha256Hex, DOCUMENT_PREFIXES);
}

/**
 * The product's printed dates as instance/lot master data: CBV 2.0 names for expiry, best before
 * and sell by; the production date under our prefix (no CBV attribute confirmed for it).
 */
function productDates(l: EntryPayload['lot']): Record<string, string> | null {
  const out: Record<string, string> = {};
  if (l.expiryDate) out['cbvmda:itemExpirationDate'] = l.expiryDate;
  if (l.bestBeforeDate) out['cbvmda:bestBeforeDate'] = l.bestBeforeDate;
  if (l.sellByDate) out['cbvmda:sellByDate'] = l.sellByDate;
  if (l.productionDate) out['yp:productionDate'] = l.productionDate;
  return Object.keys(out).length ? out : null;
}

/** ILMD belongs to the ADD that brings a lot in; a rejected lot (OBSERVE) keeps its dates beside the event. */
function productDateFields(p: EntryPayload): Record<string, unknown> {
  const dates = productDates(p.lot);
  if (!dates) return {};
  return p.outcome === 'reject' ? { 'yp:productDates': dates } : { ilmd: dates };
}

const DISPOSITION: Record<EntryPayload['outcome'], string> = { admit: 'sellable_accessible', hold: 'non_sellable_other', reject: 'non_conformant' };

/**
 * The disposition a lot has once a recall is lifted: on sale again, waiting (test or hold), sold
 * out at the counter, still recalled by another recall, or destroyed meanwhile.
 */
export const LIFTED_DISPOSITION: Record<LiftedLotRef['status'], string> = {
  admitted: 'sellable_accessible',
  awaitingTest: 'non_sellable_other',
  held: 'non_sellable_other',
  exhausted: 'retail_sold',
  recalled: 'recalled',
  destroyed: 'destroyed',
};

/** The lifted lots grouped by the disposition they have again, in the order each first appears. */
function byDisposition(lots: readonly LiftedLotRef[]): [string, LiftedLotRef[]][] {
  const groups = new Map<string, LiftedLotRef[]>();
  for (const l of lots) {
    const d = LIFTED_DISPOSITION[l.status];
    const group = groups.get(d);
    if (group) group.push(l);
    else groups.set(d, [l]);
  }
  return [...groups];
}

type Builder<K extends keyof PayloadByKind> = (p: PayloadByKind[K], base: (type: string) => EpcisEvent, ctx: MappingContext) => EpcisEvent[];

const builders: { [K in keyof PayloadByKind]: Builder<K> | null } = {
  entry: (p, base) => [
    {
      ...base('ObjectEvent'),
      action: p.outcome === 'reject' ? 'OBSERVE' : 'ADD',
      ...productDateFields(p),
      bizStep: p.outcome === 'admit' ? 'accepting' : 'receiving',
      disposition: DISPOSITION[p.outcome],
      quantityList: [quantity(p.lot)],
      ...(p.certificates.length ? { bizTransactionList: p.certificates.map((c) => ({ type: c.type === 'testReport' ? 'testres' : 'cert', bizTransaction: certUri(c) })) } : {}),
      sourceList: [{ type: 'owning_party', source: partyUri(p.supplier) }],
      'yp:outcome': p.outcome,
      'yp:reasons': p.reasons,
      'yp:code': p.lot.code,
      'yp:variety': { id: p.variety.id, name: p.variety.name, categoryId: p.variety.categoryId },
      'yp:supplier': party(p.supplier),
      'yp:certificates': p.certificates,
      'yp:operator': p.by.name,
    },
  ],
  override: (p, base) => [
    {
      ...base('ObjectEvent'),
      action: 'OBSERVE',
      bizStep: p.toOutcome === 'admit' ? 'accepting' : p.toOutcome === 'hold' ? 'holding' : 'receiving',
      disposition: DISPOSITION[p.toOutcome],
      quantityList: [quantity(p.lot)],
      'yp:overrideOf': p.entryId,
      'yp:fromOutcome': p.fromOutcome,
      'yp:toOutcome': p.toOutcome,
      'yp:reason': p.reason,
      'yp:code': p.lot.code,
      'yp:operator': p.by.name,
    },
  ],
  test: (p, base) => [
    {
      ...base('ObjectEvent'),
      action: 'OBSERVE',
      bizStep: p.selection,
      ...(p.verdict === 'invalid' ? {} : { disposition: p.verdict === 'negative' ? 'conformant' : 'non_conformant' }),
      quantityList: [quantity(p.lot)],
      sensorElementList: [
        {
          sensorMetadata: { time: base('').eventTime },
          sensorReport: [
            {
              type: 'yp:rapidTest',
              stringValue: p.verdict,
              ...(p.value !== null ? { value: p.value } : {}),
              'yp:item': p.item.id,
              'yp:itemName': p.item.name,
              'yp:reading': p.reading,
              'yp:unit': p.unit,
              'yp:threshold': p.threshold,
              'yp:kitLot': p.kitLot,
            },
          ],
        },
      ],
      'yp:code': p.lot.code,
      'yp:operator': p.by.name,
    },
  ],
  hold: (p, base) => [
    {
      ...base('ObjectEvent'),
      action: 'OBSERVE',
      bizStep: 'holding',
      disposition: 'non_sellable_other',
      quantityList: p.lots.map((l) => quantity(l)),
      'yp:reason': p.reason,
      'yp:note': p.note,
      'yp:testId': p.testId,
      'yp:codes': p.lots.map((l) => l.code),
      'yp:operator': p.by.name,
    },
  ],
  // CBV has no "release" step: the disposition says the lots may be sold again.
  holdRelease: (p, base) => [
    {
      ...base('ObjectEvent'),
      action: 'OBSERVE',
      disposition: 'sellable_accessible',
      quantityList: p.lots.map((l) => quantity(l)),
      'yp:releaseOf': p.holdId,
      'yp:reason': p.reason,
      'yp:codes': p.lots.map((l) => l.code),
      'yp:operator': p.by.name,
    },
  ],
  split: (p, base) => {
    const split: EpcisEvent = {
      ...base('TransformationEvent'),
      bizStep: 'repackaging',
      disposition: 'sellable_accessible',
      inputQuantityList: [quantity(p.parent, p.child.quantity)],
      outputQuantityList: [quantity(p.child)],
      'yp:parentCode': p.parent.code,
      'yp:childCode': p.child.code,
      'yp:closing': p.closing,
      'yp:operator': p.by.name,
    };
    if (!p.sale) return [split];
    const buyer = p.sale.buyer;
    const sale: EpcisEvent = {
      ...base('ObjectEvent'),
      action: 'OBSERVE',
      bizStep: 'retail_selling',
      disposition: 'retail_sold',
      quantityList: [quantity(p.child)],
      ...(buyer?.uscc ? { destinationList: [{ type: 'owning_party', destination: `urn:yipin-yima:uscc:${buyer.uscc}` }] } : {}),
      'yp:code': p.child.code,
      'yp:buyerName': buyer?.name ?? null,
      'yp:priceFen': p.sale.priceFen,
      'yp:operator': p.by.name,
    };
    return [split, sale];
  },
  disposal: (p, base) => [
    {
      ...base('ObjectEvent'),
      action: 'DELETE',
      bizStep: 'destroying',
      disposition: 'destroyed',
      quantityList: p.lots.map((l) => quantity(l)),
      'yp:certificateNumber': p.certificateNumber,
      'yp:reason': p.reason,
      'yp:method': p.method,
      'yp:codes': p.lots.map((l) => l.code),
      'yp:witness': p.witness.name,
      'yp:operator': p.by.name,
    },
  ],
  // CBV has no recall step: the disposition says it (every affected lot, once, with its quantity).
  recall: (p, base) => [
    {
      ...base('ObjectEvent'),
      action: 'OBSERVE',
      disposition: 'recalled',
      quantityList: p.lots.map((l) => quantity(l)),
      'yp:recallNumber': p.number,
      'yp:reason': p.reason,
      'yp:source': p.source,
      'yp:sourceRef': p.sourceRef,
      'yp:scope': { 'yp:kind': p.scope.kind, 'yp:label': p.scope.label, 'yp:range': p.scope.range && { 'yp:from': p.scope.range.from, 'yp:to': p.scope.range.to } },
      'yp:codes': p.lots.map((l) => l.code),
      'yp:operator': p.by.name,
    },
  ],
  // A mark changes where the goods stand, not the lot's state: it stays recalled.
  recallProgress: (p, base) => [
    {
      ...base('ObjectEvent'),
      action: 'OBSERVE',
      disposition: 'recalled',
      quantityList: [quantity(p.lot)],
      'yp:recallOf': p.recallId,
      'yp:recallNumber': p.number,
      'yp:progress': p.progress,
      'yp:note': p.note,
      'yp:code': p.lot.code,
      'yp:operator': p.by.name,
    },
  ],
  // One event per disposition the lots have again (a hold release's kind of event, per group).
  recallLift: (p, base) =>
    byDisposition(p.lots).map(([disposition, lots]) => ({
      ...base('ObjectEvent'),
      action: 'OBSERVE',
      disposition,
      quantityList: lots.map((l) => quantity(l)),
      'yp:liftOf': p.recallId,
      'yp:recallNumber': p.number,
      'yp:reason': p.reason,
      'yp:codes': lots.map((l) => l.code),
      'yp:operator': p.by.name,
    })),
  // The lot is put out for sale at a stall: CBV `stocking` (made available to the customer).
  stallAssignment: (p, base) => [
    {
      ...base('ObjectEvent'),
      action: 'OBSERVE',
      bizStep: 'stocking',
      quantityList: [quantity(p.lot)],
      'yp:code': p.lot.code,
      'yp:stall': party(p.stall),
      'yp:priorStall': p.priorStall && party(p.priorStall),
      'yp:operator': p.by.name,
    },
  ],
  // 出口查验 (departure.ts).
  departure: (p, base) => departureEvents(p, base, (l) => quantity(l)),
  // Master data travels in the document header (vocabularyElementsFor), not as events.
  subject: null,
  variety: null,
  testItem: null,
};

function party(p: PartyRef) {
  return { id: p.id, name: p.name, uscc: p.uscc };
}

/** The record's events, each with its content-hash eventID (none for master data). */
export function eventsFor(record: OutboxRecord, ctx: MappingContext): EpcisEvent[] {
  const build = builders[record.kind] as Builder<keyof PayloadByKind> | null;
  if (!build) return [];
  // An imported record keeps the station that made it (docs/upload.md, file export).
  const origin = (record.payload as { originStationId?: unknown }).originStationId;
  const where = { id: stationUri(typeof origin === 'string' ? { stationId: origin } : ctx) };
  const base = (type: string): EpcisEvent => ({
    type,
    eventTime: record.at,
    eventTimeZoneOffset: offsetOf(record.at),
    readPoint: where,
    bizLocation: where,
    'yp:recordId': record.id,
    'yp:recordKind': record.kind,
  });
  return build(record.payload as never, base, ctx).map((e, i) => {
    // Two events of one record differ by their index, so their hashes never collide.
    const event: EpcisEvent = { ...e, 'yp:eventIndex': i };
    return { eventID: eventHashId(event, ctx.sha256Hex), ...event };
  });
}

export const VTYPE_PARTY = 'urn:epcglobal:epcis:vtype:Party';
export const VTYPE_VARIETY = `${YP_NS}vtype:Variety`;
export const VTYPE_TEST_ITEM = `${YP_NS}vtype:TestItem`;

/** Master data records as EPCIS vocabulary elements (CBV `mda#name` plus `yp:` attributes). */
export function vocabularyElementFor(record: OutboxRecord): { type: string; element: VocabularyElement } | null {
  // The schema takes strings, numbers and objects as attribute values: booleans become strings, nulls are left out.
  const attr = (id: string, attribute: unknown) => ({ id, attribute: typeof attribute === 'boolean' ? String(attribute) : attribute });
  const present = (el: VocabularyElement): VocabularyElement => ({ ...el, attributes: el.attributes.filter((a) => a.attribute !== null && a.attribute !== undefined) });
  if (record.kind === 'subject') {
    const p = record.payload as unknown as PayloadByKind['subject'];
    return {
      type: VTYPE_PARTY,
      element: present({
        id: partyUri({ id: p.subjectId, uscc: p.uscc }),
        attributes: [
          attr('urn:epcglobal:cbv:mda#name', p.name),
          attr('yp:recordId', record.id),
          attr('yp:subjectId', p.subjectId),
          attr('yp:kind', p.kind),
          attr('yp:uscc', p.uscc),
          attr('yp:blocked', p.blocked),
          attr('yp:blockedReason', p.blockedReason),
          attr('yp:savedAt', record.at),
        ],
      }),
    };
  }
  if (record.kind === 'variety') {
    const p = record.payload as unknown as PayloadByKind['variety'];
    return {
      type: VTYPE_VARIETY,
      element: {
        id: `urn:yipin-yima:variety:${p.varietyId}`,
        attributes: [
          attr('urn:epcglobal:cbv:mda#name', p.name),
          attr('yp:recordId', record.id),
          attr('yp:categoryId', p.categoryId),
          attr('yp:defaultUnit', p.defaultUnit),
          attr('yp:savedAt', record.at),
        ],
      },
    };
  }
  if (record.kind === 'testItem') {
    const p = record.payload as unknown as PayloadByKind['testItem'];
    return {
      type: VTYPE_TEST_ITEM,
      element: present({
        id: `urn:yipin-yima:testItem:${p.testItemId}`,
        attributes: [
          attr('urn:epcglobal:cbv:mda#name', p.nameZh),
          attr('yp:recordId', record.id),
          attr('yp:nameEn', p.nameEn),
          attr('yp:method', p.methodZh),
          attr('yp:standard', p.standard),
          attr('yp:kind', p.kind),
          attr('yp:unit', p.unit),
          attr('yp:min', p.min),
          attr('yp:max', p.max),
          attr('yp:positiveAtOrAbove', p.positiveAtOrAbove),
          attr('yp:categoryIds', p.categoryIds.join(',')),
          attr('yp:labAllPositives', p.labAllPositives),
          attr('yp:active', p.active),
          attr('yp:savedAt', record.at),
        ],
      }),
    };
  }
  return null;
}

export interface EpcisDocument {
  '@context': unknown;
  type: 'EPCISDocument';
  schemaVersion: '2.0';
  creationDate: string;
  epcisHeader?: Record<string, unknown>;
  epcisBody: { eventList: EpcisEvent[] };
}

/** One capture document for a batch of records, in the records' order. */
export function buildEpcisDocument(records: readonly OutboxRecord[], ctx: MappingContext & { creationDate: string }, header: Record<string, unknown> = {}): EpcisDocument {
  const eventList: EpcisEvent[] = [];
  const vocab = new Map<string, VocabularyElement[]>();
  for (const r of records) {
    eventList.push(...eventsFor(r, ctx));
    const v = vocabularyElementFor(r);
    if (v) vocab.set(v.type, [...(vocab.get(v.type) ?? []), v.element]);
  }
  const epcisHeader: Record<string, unknown> = { ...header };
  if (vocab.size) epcisHeader.epcisMasterData = { vocabularyList: [...vocab].map(([type, vocabularyElementList]) => ({ type, vocabularyElementList })) };
  return {
    '@context': DOCUMENT_CONTEXT,
    type: 'EPCISDocument',
    schemaVersion: '2.0',
    creationDate: ctx.creationDate,
    ...(Object.keys(epcisHeader).length ? { epcisHeader } : {}),
    epcisBody: { eventList },
  };
}

/**
 * The document as JSON text in pieces, to be written one after the other (no 1 MB string is
 * joined per batch); together the same text as `JSON.stringify(buildEpcisDocument(…))`. A
 * record's `events` (its event list as eventsFor made and serialised it when the record was
 * written) is spliced in as it is; records without are mapped now.
 */
export function epcisDocumentParts(records: readonly (OutboxRecord & { events?: string | null })[], ctx: MappingContext & { creationDate: string }): string[] {
  // Master data goes in the header; the shell's text ends with its empty list: `"eventList":[]}}`.
  const shell = JSON.stringify(
    buildEpcisDocument(
      records.filter((r) => !builders[r.kind]),
      ctx,
    ),
  );
  const parts = [shell.slice(0, -3)];
  for (const r of records) {
    const list = r.events ?? JSON.stringify(eventsFor(r, ctx));
    if (list.length <= 2) continue;
    if (parts.length > 1) parts.push(',');
    parts.push(list.slice(1, -1));
  }
  parts.push(']}}');
  return parts;
}

export const epcisDocumentText = (records: Parameters<typeof epcisDocumentParts>[0], ctx: Parameters<typeof epcisDocumentParts>[1]): string => epcisDocumentParts(records, ctx).join('');

/** The idempotency key of a batch: the same records always give the same key. */
export function batchKey(recordIds: readonly string[], sha256Hex: (text: string) => string = nobleSha256Hex): string {
  return sha256Hex(recordIds.join('\n')).slice(0, 40);
}
