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
import { originOf } from '../labelFacts';
import { contextPrefixes, eventHash } from './eventHash';
import { departureEvents } from './departure';
import { deskUri, marketUri, placeVocabularies, stallUri, zoneUri, type LocationRoot } from './locations';
import type { Zone } from '../../contract';
import type { CertificateRef, EntryPayload, LiftedLotRef, LotAfter, LotRef, OutboxRecord, PartyRef, PayloadByKind, ProductDates, UnitCode } from './records';

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
  /**
   * The market's GLN (its 市场 subject's), when entered: the desk and the market's places become
   * SGLNs, so a hub finds the whole market with one `WD_bizLocation` (locations.ts).
   */
  marketGln?: string | null;
}

export const nobleSha256Hex = (text: string) => bytesToHex(sha256(utf8ToBytes(text)));

/** UN/ECE Rec 20 codes for the station's units. */
export const UOM: Record<UnitCode, string> = { kg: 'KGM', piece: 'H87', head: 'H87', box: 'XBX' };

export const stationUri = (ctx: MappingContext) => `urn:yipin-yima:station:${ctx.stationId ?? 'unassigned'}`;
/** A party by its GLN (party GLN, Digital Link AI 417) when it has one, else its credit code, else the station's id for it. */
export const partyUri = (p: { id: string; uscc: string | null; gln?: string | null }) =>
  p.gln ? `https://id.gs1.org/417/${p.gln}` : p.uscc ? `urn:yipin-yima:uscc:${p.uscc}` : `urn:yipin-yima:party:${p.id}`;
/**
 * A lot's own identifier, the one form used for it in every event (docs/upload.md, identifiers):
 * a lot whose own code is a GS1 GTIN + batch is that batch's Digital Link on id.gs1.org; every
 * other lot — the station's 19-digit codes (split portions, source-coded lots), provincial and
 * other opaque codes — is `urn:yipin-yima:lot:<code>`. Decided by the lot's code, never by the
 * GTIN and batch it carries: a portion split from a GS1 lot keeps those but has a code of its own.
 */
export function lotClass(l: Pick<LotRef, 'code' | 'gtin' | 'batch'>): string {
  if (l.gtin && l.batch) {
    const gtin = l.gtin.padStart(14, '0');
    if (l.code === `01${gtin}10${l.batch}`) return `https://id.gs1.org/01/${gtin}/10/${encodeDigitalLinkValue(l.batch)}`;
  }
  return `urn:yipin-yima:lot:${encodeURIComponent(l.code)}`;
}
/**
 * One transformation per parent lot: every split of it shares the id, so `EQ_transformationID`
 * finds all portions of a lot, and the id follows from the parent's code alone.
 */
export const transformationId = (parent: Pick<LotRef, 'code'>) => `urn:yipin-yima:transformation:${encodeURIComponent(parent.code)}`;
/** A quantity element; nothing of the lot left (sold out) names the lot without a quantity. */
const quantity = (l: LotRef, q = l.quantity) => (q > 0 ? { epcClass: lotClass(l), quantity: q, uom: UOM[l.unit] } : { epcClass: lotClass(l) });
/** What a hold or recall covers: the lot's quantity on hand (its recorded quantity in records made before that was kept). */
const onHand = (l: LotRef) => quantity(l, l.onHand ?? l.quantity);
/** UN/ECE Rec 20 codes of the rapid-test units the station knows; another unit stays in `yp:unit` only. */
export const TEST_UOM: Record<string, string> = { '%': 'P1', 'mg/kg': 'NA', 'μg/kg': 'J33', 'ug/kg': 'J33', 'mg/L': 'M1', ppm: '59', ppb: '61' };
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
function ilmdOf(l: ProductDates): Record<string, string> | null {
  const out: Record<string, string> = {};
  if (l.expiryDate) out['cbvmda:itemExpirationDate'] = l.expiryDate;
  if (l.bestBeforeDate) out['cbvmda:bestBeforeDate'] = l.bestBeforeDate;
  if (l.sellByDate) out['cbvmda:sellByDate'] = l.sellByDate;
  if (l.productionDate) out['yp:productionDate'] = l.productionDate;
  return Object.keys(out).length ? out : null;
}

/**
 * ILMD belongs to the ADD that brings a lot in: its printed dates and its 产地 (`yp:origin`), what a
 * public trace page shows for the lot and every portion split from it. A rejected lot (OBSERVE)
 * keeps them beside the event.
 */
function lotDataFields(p: EntryPayload): Record<string, unknown> {
  // 产地 by the station's one rule (labels, 日报, recalls). A place name in Chinese, not a country:
  // `cbvmda:countryOfOrigin` (ISO 3166) is not sent, the station does not know the country.
  const origin = originOf(p.certificates);
  const data = { ...ilmdOf(p.lot), ...(origin ? { 'yp:origin': origin } : {}) };
  if (!Object.keys(data).length) return {};
  return p.outcome === 'reject' ? { 'yp:productDates': data } : { ilmd: data };
}

const DISPOSITION: Record<EntryPayload['outcome'], string> = { admit: 'sellable_accessible', hold: 'non_sellable_other', reject: 'non_conformant' };

/** A hold: non-sellable until a release unsets it (GS1's persistentDisposition example). */
const HELD = 'non_sellable_other';

/** The disposition a lot has once a hold is released: its state before the hold, or still held. */
export const RELEASED_DISPOSITION: Record<LotAfter, string> = {
  admitted: 'sellable_accessible',
  sold: 'retail_sold',
  awaitingTest: 'non_sellable_other',
  exhausted: 'retail_sold',
  held: HELD,
  recalled: 'recalled',
  destroyed: 'destroyed',
  rejected: 'non_conformant',
};

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

/** Items grouped by a key, in the order each key first appears. */
function groupBy<T>(items: readonly T[], key: (item: T) => string): [string, T[]][] {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return [...groups];
}

type Builder<K extends keyof PayloadByKind> = (p: PayloadByKind[K], base: (type: string) => EpcisEvent, ctx: MappingContext) => EpcisEvent[];

const builders: { [K in keyof PayloadByKind]: Builder<K> | null } = {
  // Entry is one business step, `receiving`, whatever the verdict; the disposition says the verdict.
  entry: (p, base) => [
    {
      ...base('ObjectEvent'),
      action: p.outcome === 'reject' ? 'OBSERVE' : 'ADD',
      ...lotDataFields(p),
      bizStep: 'receiving',
      disposition: DISPOSITION[p.outcome],
      quantityList: [quantity(p.lot)],
      ...(p.certificates.length ? { bizTransactionList: p.certificates.map((c) => ({ type: c.type === 'testReport' ? 'testres' : 'cert', bizTransaction: certUri(c) })) } : {}),
      sourceList: [{ type: 'owning_party', source: partyUri(p.supplier) }],
      'yp:outcome': p.outcome,
      'yp:reasons': p.reasons,
      'yp:code': p.lot.code,
      'yp:variety': { 'yp:id': p.variety.id, 'yp:name': p.variety.name, 'yp:categoryId': p.variety.categoryId },
      'yp:supplier': party(p.supplier),
      'yp:certificates': p.certificates.map(certificate),
      'yp:operator': p.by.name,
    },
  ],
  // A new verdict on the entry: still `receiving`. A rejected lot let in now joins stock (ADD).
  override: (p, base) => [
    {
      ...base('ObjectEvent'),
      action: p.fromOutcome === 'reject' && p.toOutcome !== 'reject' ? 'ADD' : 'OBSERVE',
      bizStep: 'receiving',
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
  // A test is `inspecting` (CBV `sampling` would mean the objects are no longer viable); why the
  // lot was picked is an extension. A negative says in a second event what the lot is after it:
  // on sale once freed from waiting for its test, else the state it keeps.
  test: (p, base) => {
    const uom = p.unit === null ? undefined : TEST_UOM[p.unit];
    const test: EpcisEvent = {
      ...base('ObjectEvent'),
      action: 'OBSERVE',
      bizStep: 'inspecting',
      ...(p.verdict === 'invalid' ? {} : { disposition: p.verdict === 'negative' ? 'conformant' : 'non_conformant' }),
      quantityList: [quantity(p.lot)],
      sensorElementList: [
        {
          sensorMetadata: { time: base('').eventTime },
          sensorReport: [
            {
              type: 'yp:rapidTest',
              stringValue: p.verdict,
              ...(p.value !== null ? { value: p.value, ...(uom ? { uom } : {}) } : {}),
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
      'yp:selection': p.selection,
      'yp:selectionReason': p.selectionReason ?? null,
      'yp:code': p.lot.code,
      'yp:operator': p.by.name,
    };
    // A client folding the events takes the last disposition as the lot's: `conformant` must not
    // stand for 'on sale' (or sold, held, recalled), so the state the lot has after it follows.
    if (!p.freed && !p.after) return [test];
    const after: EpcisEvent = {
      ...base('ObjectEvent'),
      action: 'OBSERVE',
      disposition: p.freed ? 'sellable_accessible' : RELEASED_DISPOSITION[p.after!],
      quantityList: [quantity(p.lot)],
      ...(p.freed ? { 'yp:freedBy': p.testId } : { 'yp:afterTest': p.testId }),
      'yp:code': p.lot.code,
      'yp:operator': p.by.name,
    };
    return [test, after];
  },
  // Each held lot once, with what is left of it: a lot and its portions, wherever they are.
  hold: (p, base) => [
    {
      ...base('ObjectEvent'),
      action: 'OBSERVE',
      bizStep: 'holding',
      disposition: HELD,
      persistentDisposition: { set: [HELD] },
      quantityList: p.lots.map(onHand),
      'yp:reason': p.reason,
      'yp:note': p.note,
      'yp:testId': p.testId,
      'yp:codes': p.lots.map((l) => l.code),
      'yp:operator': p.by.name,
    },
  ],
  // CBV has no "release" step. One event per state the lots have after it: the hold's persistent
  // disposition is unset, except on lots another hold still covers.
  holdRelease: (p, base) =>
    groupBy(p.lots, (l) => l.after ?? 'admitted').map(([after, lots]) => ({
      ...base('ObjectEvent'),
      action: 'OBSERVE',
      disposition: RELEASED_DISPOSITION[after as LotAfter],
      ...(after === 'held' ? {} : { persistentDisposition: { unset: [HELD] } }),
      quantityList: lots.map(onHand),
      'yp:releaseOf': p.holdId,
      'yp:reason': p.reason,
      'yp:codes': lots.map((l) => l.code),
      'yp:operator': p.by.name,
    })),
  // Every split sells the portion (to the recorded buyer or an anonymous one): the repackaging,
  // with the portion as its own lot, then its sale. A closing sale leaves nothing of the parent
  // (exhausted): a third event says so, or the parent would stay on sale for a client folding its
  // events (a TransformationEvent's disposition is its outputs').
  split: (p, base) => {
    const dates = p.dates && ilmdOf(p.dates);
    const split: EpcisEvent = {
      ...base('TransformationEvent'),
      inputQuantityList: [quantity(p.parent, p.child.quantity)],
      outputQuantityList: [quantity(p.child)],
      transformationID: transformationId(p.parent),
      bizStep: 'repackaging',
      disposition: 'sellable_accessible',
      ...(dates ? { ilmd: dates } : {}),
      'yp:parentCode': p.parent.code,
      'yp:childCode': p.child.code,
      'yp:closing': p.closing,
      'yp:operator': p.by.name,
    };
    const buyer = p.sale?.buyer ?? null;
    const sale: EpcisEvent = {
      ...base('ObjectEvent'),
      action: 'OBSERVE',
      bizStep: 'retail_selling',
      disposition: 'retail_sold',
      quantityList: [quantity(p.child)],
      ...(buyer?.uscc ? { destinationList: [{ type: 'owning_party', destination: `urn:yipin-yima:uscc:${buyer.uscc}` }] } : {}),
      'yp:code': p.child.code,
      'yp:buyerName': buyer?.name ?? null,
      'yp:priceFen': p.sale?.priceFen ?? null,
      'yp:operator': p.by.name,
    };
    if (!p.closing) return [split, sale];
    const soldOut: EpcisEvent = {
      ...base('ObjectEvent'),
      action: 'OBSERVE',
      disposition: 'retail_sold',
      quantityList: [{ epcClass: lotClass(p.parent) }],
      'yp:soldOutBy': p.splitId,
      'yp:code': p.parent.code,
      'yp:operator': p.by.name,
    };
    return [split, sale, soldOut];
  },
  // Destroyed here is the scanned lot, with the quantity the certificate says; a record names no
  // other lot (its portions are with their buyers and keep their state). Records made before that
  // also listed the portions as blocked for good: they map as they did (a second event per
  // disposition, recalled ones still recalled), so their events and ids stay the same.
  disposal: (p, base) => {
    const [scanned, ...portions] = p.lots;
    const common = { 'yp:certificateNumber': p.certificateNumber, 'yp:reason': p.reason, 'yp:method': p.method, 'yp:witness': p.witness.name, 'yp:operator': p.by.name };
    const destroyed: EpcisEvent[] = scanned
      ? [{ ...base('ObjectEvent'), action: 'DELETE', bizStep: 'destroying', disposition: 'destroyed', quantityList: [quantity(scanned)], ...common, 'yp:codes': [scanned.code] }]
      : [];
    const blocked = groupBy(portions, (l) => (l.recalled ? 'recalled' : HELD)).map(([disposition, lots]): EpcisEvent => ({
      ...base('ObjectEvent'),
      action: 'OBSERVE',
      disposition,
      persistentDisposition: { set: [HELD] },
      // Records made before onHand was kept do not know what is left: the lot without a quantity.
      quantityList: lots.map((l) => (l.onHand === undefined ? { epcClass: lotClass(l) } : quantity(l, l.onHand))),
      ...common,
      'yp:codes': lots.map((l) => l.code),
    }));
    return [...destroyed, ...blocked];
  },
  // CBV has no recall step: the disposition says it (every affected lot, once, with what is left of it).
  recall: (p, base) => [
    {
      ...base('ObjectEvent'),
      action: 'OBSERVE',
      disposition: 'recalled',
      quantityList: p.lots.map(onHand),
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
  // The close changes no lot: those not destroyed stay recalled (with what is left of each, no
  // quantity when nothing is), destroyed ones are named as destroyed; every lot's final progress.
  recallClose: (p, base) =>
    groupBy(p.lots, (l) => (l.status === 'destroyed' ? 'destroyed' : 'recalled')).map(([disposition, lots]) => ({
      ...base('ObjectEvent'),
      action: 'OBSERVE',
      disposition,
      quantityList: lots.map((l) => quantity(l, disposition === 'destroyed' ? 0 : (l.onHand ?? 0))),
      'yp:recallClosed': p.recallId,
      'yp:recallNumber': p.number,
      'yp:finalProgress': lots.map((l) => ({ 'yp:code': l.code, 'yp:progress': l.progress })),
      'yp:codes': lots.map((l) => l.code),
      'yp:operator': p.by.name,
    })),
  // One event per disposition the lots have again (a hold release's kind of event, per group).
  recallLift: (p, base) =>
    groupBy(p.lots, (l) => LIFTED_DISPOSITION[l.status]).map(([disposition, lots]) => ({
      ...base('ObjectEvent'),
      action: 'OBSERVE',
      disposition,
      quantityList: lots.map(onHand),
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
  // Master data travels in the document header (vocabularyElementFor), not as events.
  subject: null,
  variety: null,
  testItem: null,
  places: null,
};

// Keys inside `yp:` objects carry the prefix too: a JSON-LD processor drops unprefixed ones (and
// reads `id` / `type` as the node's @id / @type).
function party(p: PartyRef) {
  return { 'yp:id': p.id, 'yp:name': p.name, 'yp:uscc': p.uscc };
}
function certificate(c: CertificateRef) {
  return { 'yp:type': c.type, 'yp:number': c.number, 'yp:issuer': c.issuer, 'yp:issueDate': c.issueDate, 'yp:validUntil': c.validUntil };
}

/** Where a record leaves its goods: the zone an entry verdict sends a lot to, an assigned stall; else the market. */
function placeAfter(record: OutboxRecord, root: LocationRoot): string {
  const zoneOf: Record<EntryPayload['outcome'], Zone> = { admit: 'trading', hold: 'awaitingTest', reject: 'entry' };
  if (record.kind === 'entry') return zoneUri(root, zoneOf[(record.payload as unknown as EntryPayload).outcome]);
  if (record.kind === 'override') return zoneUri(root, zoneOf[(record.payload as unknown as PayloadByKind['override']).toOutcome]);
  if (record.kind === 'stallAssignment') return stallUri(root, (record.payload as unknown as PayloadByKind['stallAssignment']).stall.id);
  return marketUri(root);
}

/** The record's events, each with its content-hash eventID (none for master data). */
export function eventsFor(record: OutboxRecord, ctx: MappingContext): EpcisEvent[] {
  const build = builders[record.kind] as Builder<keyof PayloadByKind> | null;
  if (!build) return [];
  // An imported record keeps the station that made it (docs/upload.md, file export).
  const origin = (record.payload as { originStationId?: unknown }).originStationId;
  const stationId = typeof origin === 'string' ? origin : ctx.stationId;
  const root = { marketGln: ctx.marketGln ?? null, stationId };
  // The desk reads; the goods are where the record leaves them (the market when it does not say).
  const readPoint = { id: root.marketGln ? deskUri(root) : stationUri({ stationId }) };
  const bizLocation = { id: placeAfter(record, root) };
  const base = (type: string): EpcisEvent => ({
    type,
    eventTime: record.at,
    eventTimeZoneOffset: offsetOf(record.at),
    readPoint,
    bizLocation,
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

/** A variety as a vocabulary element (CBV `mda#name` plus `yp:` attributes). */
const varietyElement = (v: { id: string; name: string; categoryId: string; defaultUnit: UnitCode }, extra: { id: string; attribute: unknown }[] = []): VocabularyElement => ({
  id: `urn:yipin-yima:variety:${v.id}`,
  attributes: [{ id: 'urn:epcglobal:cbv:mda#name', attribute: v.name }, ...extra, { id: 'yp:categoryId', attribute: v.categoryId }, { id: 'yp:defaultUnit', attribute: v.defaultUnit }],
});

/**
 * The variety an entry names, as master data beside its event (records that carry its default
 * unit): a seeded variety is never saved as a record, so without this a receiver would know only
 * its id, which differs from station to station.
 */
function entryVariety(record: OutboxRecord): { type: string; element: VocabularyElement } | null {
  if (record.kind !== 'entry') return null;
  const v = (record.payload as unknown as EntryPayload).variety;
  return v.defaultUnit ? { type: VTYPE_VARIETY, element: varietyElement({ ...v, defaultUnit: v.defaultUnit }) } : null;
}

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
        id: partyUri({ id: p.subjectId, uscc: p.uscc, gln: p.gln }),
        attributes: [
          attr('urn:epcglobal:cbv:mda#name', p.name),
          attr('yp:recordId', record.id),
          attr('yp:subjectId', p.subjectId),
          attr('yp:kind', p.kind),
          attr('yp:uscc', p.uscc),
          attr('yp:gln', p.gln),
          attr('yp:blocked', p.blocked),
          attr('yp:blockedReason', p.blockedReason),
          attr('yp:savedAt', record.at),
        ],
      }),
    };
  }
  if (record.kind === 'variety') {
    const p = record.payload as unknown as PayloadByKind['variety'];
    const element = varietyElement({ id: p.varietyId, name: p.name, categoryId: p.categoryId, defaultUnit: p.defaultUnit }, [attr('yp:recordId', record.id)]);
    return { type: VTYPE_VARIETY, element: { ...element, attributes: [...element.attributes, attr('yp:savedAt', record.at)] } };
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

/**
 * The document's master data: every master data record, then the variety of each entry that
 * carries one (once per document, unless a record of it is in the batch already).
 */
function masterData(records: readonly OutboxRecord[]): Map<string, VocabularyElement[]> {
  const vocab = new Map<string, VocabularyElement[]>();
  const add = (v: { type: string; element: VocabularyElement }) => vocab.set(v.type, [...(vocab.get(v.type) ?? []), v.element]);
  for (const r of records) {
    const v = vocabularyElementFor(r);
    if (v) add(v);
  }
  // The market's places as the batch's last places record has them (each record holds them all).
  const places = records.findLast((r) => r.kind === 'places');
  if (places) {
    const p = places.payload as unknown as PayloadByKind['places'];
    for (const v of placeVocabularies({ marketGln: p.marketGln, stationId: p.stationId }, p.marketName, p.stalls, p.deskName))
      for (const element of v.vocabularyElementList) add({ type: v.type, element: { ...element, attributes: [...element.attributes, { id: 'yp:recordId', attribute: places.id }] } });
  }
  const seen = new Set([...vocab.values()].flat().map((e) => e.id));
  for (const r of records) {
    const v = entryVariety(r);
    if (v && !seen.has(v.element.id)) {
      seen.add(v.element.id);
      add(v);
    }
  }
  return vocab;
}

function documentOf(eventList: EpcisEvent[], vocab: Map<string, VocabularyElement[]>, ctx: { creationDate: string }, header: Record<string, unknown>): EpcisDocument {
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

/** One capture document for a batch of records, in the records' order. */
export function buildEpcisDocument(records: readonly OutboxRecord[], ctx: MappingContext & { creationDate: string }, header: Record<string, unknown> = {}): EpcisDocument {
  return documentOf(
    records.flatMap((r) => eventsFor(r, ctx)),
    masterData(records),
    ctx,
    header,
  );
}

/**
 * The document as JSON text in pieces, to be written one after the other (no 1 MB string is
 * joined per batch); together the same text as `JSON.stringify(buildEpcisDocument(…))`. A
 * record's `events` (its event list as eventsFor made and serialised it when the record was
 * written) is spliced in as it is; records without are mapped now.
 */
export function epcisDocumentParts(records: readonly (OutboxRecord & { events?: string | null })[], ctx: MappingContext & { creationDate: string }): string[] {
  // The header comes from the payloads; the shell's text ends with its empty list: `"eventList":[]}}`.
  const shell = JSON.stringify(documentOf([], masterData(records), ctx, {}));
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
