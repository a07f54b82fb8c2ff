/**
 * An in-test evaluator of the EPCIS 2.0 SimpleEventQuery (EPCIS 2.0 §8.2.7.1) over EPCIS 2.0 JSON
 * events, with the parameter names and value syntax of the REST binding (`GET /events?…`, list
 * values pipe-delimited). It answers what a market hub (FasTnT, OpenEPCIS) would answer for the
 * parameters listed in `SUPPORTED`; any other parameter raises `QueryParameterException`, as the
 * standard asks for a parameter a repository does not recognise, so a test can never silently
 * ignore a filter. The parameter descriptions quoted in comments are from GS1's REST binding
 * (gs1/EPCIS `REST Bindings/openapi.yaml`), which repeats the standard's table. See
 * docs/epcis-queries.md for the decisions where the standard leaves a choice.
 */

/** One EPCIS 2.0 event as JSON (the fields this evaluator reads; anything else is carried along). */
export interface EpcisEvent {
  type: string;
  eventTime: string;
  eventID?: string;
  action?: string;
  bizStep?: string;
  disposition?: string;
  persistentDisposition?: { set?: string[]; unset?: string[] };
  readPoint?: { id: string };
  bizLocation?: { id: string };
  parentID?: string;
  epcList?: string[];
  childEPCs?: string[];
  inputEPCList?: string[];
  outputEPCList?: string[];
  quantityList?: QuantityElement[];
  childQuantityList?: QuantityElement[];
  inputQuantityList?: QuantityElement[];
  outputQuantityList?: QuantityElement[];
  transformationID?: string;
  [field: string]: unknown;
}

export interface QuantityElement {
  epcClass: string;
  quantity?: number;
  uom?: string;
}

/** `epcisHeader.epcisMasterData` of an EPCIS 2.0 document (hierarchies are `children` lists). */
export interface EpcisMasterData {
  vocabularyList: { type: string; vocabularyElementList?: { id: string; children?: string[]; attributes?: unknown[] }[] }[];
}

/** Query parameters as the REST binding spells them: a string is a pipe-delimited list, an array is the list itself. */
export type QueryParams = Record<string, string | string[]>;

/** What a repository answers (HTTP 400) to a parameter it does not know or a malformed value. */
export class QueryParameterException extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'QueryParameterException';
  }
}

export const BUSINESS_LOCATION_VTYPE = 'urn:epcglobal:epcis:vtype:BusinessLocation';
export const READ_POINT_VTYPE = 'urn:epcglobal:epcis:vtype:ReadPoint';

type Test = (event: EpcisEvent) => boolean;
type Builder = (values: string[], masterData: EpcisMasterData[]) => Test;

/** The identifier fields each MATCH_ parameter looks at (REST binding, parameters MATCH_*). */
const EPC_FIELDS = {
  MATCH_epc: ['epcList', 'childEPCs'],
  MATCH_parentID: ['parentID'],
  MATCH_inputEPC: ['inputEPCList'],
  MATCH_outputEPC: ['outputEPCList'],
  MATCH_anyEPC: ['epcList', 'childEPCs', 'parentID', 'inputEPCList', 'outputEPCList'],
} as const;

const CLASS_FIELDS = {
  MATCH_epcClass: ['quantityList', 'childQuantityList'],
  MATCH_inputEPCClass: ['inputQuantityList'],
  MATCH_outputEPCClass: ['outputQuantityList'],
  MATCH_anyEPCClass: ['quantityList', 'childQuantityList', 'inputQuantityList', 'outputQuantityList'],
} as const;

const BUILDERS: Record<string, Builder> = {
  // "only include events whose type matches one of the types specified"
  eventType: (values) => (e) => values.includes(e.type),
  // "eventTime greater than or equal to" / "less than": a half-open range [GE, LT)
  GE_eventTime: (values) => {
    const bound = instant(single('GE_eventTime', values));
    return (e) => eventInstant(e) >= bound;
  },
  LT_eventTime: (values) => {
    const bound = instant(single('LT_eventTime', values));
    return (e) => eventInstant(e) < bound;
  },
  EQ_action: (values) => {
    for (const v of values) if (!['ADD', 'OBSERVE', 'DELETE'].includes(v)) throw new QueryParameterException(`EQ_action: ${v} is not ADD, OBSERVE or DELETE`);
    return (e) => e.action !== undefined && values.includes(e.action);
  },
  // "(a) have a non-null bizStep field; and (b) the value … matches one of the specified values"
  EQ_bizStep: (values) => {
    const wanted = new Set(values.map((v) => cbvTerm(v, 'BizStep')));
    return (e) => e.bizStep != null && wanted.has(cbvTerm(e.bizStep, 'BizStep'));
  },
  EQ_disposition: (values) => {
    const wanted = new Set(values.map((v) => cbvTerm(v, 'Disp')));
    return (e) => e.disposition != null && wanted.has(cbvTerm(e.disposition, 'Disp'));
  },
  EQ_persistentDisposition_set: (values) => {
    const wanted = new Set(values.map((v) => cbvTerm(v, 'Disp')));
    return (e) => (e.persistentDisposition?.set ?? []).some((d) => wanted.has(cbvTerm(d, 'Disp')));
  },
  EQ_persistentDisposition_unset: (values) => {
    const wanted = new Set(values.map((v) => cbvTerm(v, 'Disp')));
    return (e) => (e.persistentDisposition?.unset ?? []).some((d) => wanted.has(cbvTerm(d, 'Disp')));
  },
  EQ_readPoint: (values) => (e) => e.readPoint?.id != null && values.includes(e.readPoint.id),
  EQ_bizLocation: (values) => (e) => e.bizLocation?.id != null && values.includes(e.bizLocation.id),
  // "matches one of the specified URIs, or is a direct or indirect descendant of one of the specified values … specified by master data"
  WD_readPoint: (values, md) => {
    const within = withDescendants(values, md, READ_POINT_VTYPE);
    return (e) => e.readPoint?.id != null && within.has(e.readPoint.id);
  },
  WD_bizLocation: (values, md) => {
    const within = withDescendants(values, md, BUSINESS_LOCATION_VTYPE);
    return (e) => e.bizLocation?.id != null && within.has(e.bizLocation.id);
  },
  // "(a) have a transformationID field …; and (b) the transformationID field is equal to one of the values"
  EQ_transformationID: (values) => (e) => e.transformationID != null && values.includes(e.transformationID),
  EQ_eventID: (values) => (e) => e.eventID != null && values.includes(e.eventID),
};
for (const [name, fields] of Object.entries(EPC_FIELDS)) {
  BUILDERS[name] = (values) => {
    const patterns = values.map(parseId);
    return (e) => fields.some((f) => idsOf(e, f).some((id) => patterns.some((p) => instanceMatches(p, parseId(id)))));
  };
}
for (const [name, fields] of Object.entries(CLASS_FIELDS)) {
  BUILDERS[name] = (values) => {
    const patterns = values.map(parseId);
    return (e) => fields.some((f) => ((e[f] as QuantityElement[] | undefined) ?? []).some((q) => patterns.some((p) => classMatches(p, parseId(q.epcClass)))));
  };
}

/** The parameters this evaluator knows (everything else raises QueryParameterException). */
export const SUPPORTED = Object.freeze(Object.keys(BUILDERS));

/**
 * The events of `events` that satisfy every parameter of `params` (a conjunction; within one
 * parameter the listed values are alternatives), in the order given. `params` uses the REST
 * binding's names and syntax: `{ GE_eventTime: '2026-03-01T00:00:00+08:00', EQ_bizStep: 'receiving|accepting' }`.
 * `masterData` (one or more `epcisMasterData` blocks) gives the location hierarchy `WD_bizLocation`
 * and `WD_readPoint` follow: an element's `children`, transitively.
 *
 * @throws QueryParameterException for an unknown parameter, an empty list, a second value for a
 *   single-valued parameter, or a time that is not an ISO 8601 date-time with a zone.
 */
export function queryEvents(events: readonly EpcisEvent[], params: QueryParams, masterData?: EpcisMasterData | readonly EpcisMasterData[]): EpcisEvent[] {
  const md = masterData === undefined ? [] : Array.isArray(masterData) ? (masterData as EpcisMasterData[]) : [masterData as EpcisMasterData];
  const tests = Object.entries(params).map(([name, raw]) => {
    const build = BUILDERS[name];
    if (!build) throw new QueryParameterException(`${name} is not a parameter this evaluator supports`);
    const values = (typeof raw === 'string' ? raw.split('|') : raw).map((v) => v.trim());
    if (values.length === 0 || values.some((v) => v === '')) throw new QueryParameterException(`${name}: empty value`);
    return build(values, md);
  });
  return events.filter((e) => tests.every((t) => t(e)));
}

/** The query parameters of a REST query URL (`/events?…` or a full URL), percent-decoded, one string per name. */
export function paramsOfUrl(url: string): QueryParams {
  const query = new URL(url, 'http://hub.invalid').searchParams;
  const params: QueryParams = {};
  for (const name of new Set(query.keys())) {
    const all = query.getAll(name);
    // The standard forbids naming a parameter twice (QueryParameterException); a repeated name is refused, not merged.
    if (all.length > 1) throw new QueryParameterException(`${name} given ${all.length} times`);
    params[name] = all[0];
  }
  return params;
}

/** The events of an EPCISDocument (`epcisBody.eventList`) or an EPCISQueryDocument (`epcisBody.queryResults.resultsBody.eventList`). */
export function eventsOf(document: unknown): EpcisEvent[] {
  const body = (document as { epcisBody?: { eventList?: EpcisEvent[]; queryResults?: { resultsBody?: { eventList?: EpcisEvent[] } } } }).epcisBody;
  return body?.eventList ?? body?.queryResults?.resultsBody?.eventList ?? [];
}

/** The master data of a document's header, if any. */
export function masterDataOf(document: unknown): EpcisMasterData | undefined {
  return (document as { epcisHeader?: { epcisMasterData?: EpcisMasterData } }).epcisHeader?.epcisMasterData;
}

function single(name: string, values: string[]): string {
  if (values.length !== 1) throw new QueryParameterException(`${name} takes one value, got ${values.length}`);
  return values[0];
}

/** Nanoseconds since the epoch, exact (event times may carry more than milliseconds: GS1's 9.6.1 example has six digits). */
function instant(text: string): bigint {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:\d{2})$/.exec(text);
  if (!m) throw new QueryParameterException(`${text} is not an ISO 8601 date-time with a time zone`);
  const [, y, mo, d, h, mi, s, frac = '', zone] = m;
  const offsetMin = zone === 'Z' ? 0 : (zone[0] === '-' ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6)));
  const ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s)) - offsetMin * 60_000;
  return BigInt(ms) * 1_000_000n + BigInt((frac + '000000000').slice(0, 9));
}

function eventInstant(e: EpcisEvent): bigint {
  return instant(e.eventTime);
}

/**
 * A CBV term in its bare form. EPCIS 2.0 JSON writes standard terms bare (`receiving`); the GS1
 * JSON-LD context expands them to `https://ref.gs1.org/cbv/BizStep-receiving`, and EPCIS 1.x / XML
 * writes `urn:epcglobal:cbv:bizstep:receiving`: three spellings of one term.
 */
function cbvTerm(value: string, vocabulary: 'BizStep' | 'Disp'): string {
  const web = `https://ref.gs1.org/cbv/${vocabulary}-`;
  const urn = `urn:epcglobal:cbv:${vocabulary === 'BizStep' ? 'bizstep' : 'disp'}:`;
  if (value.startsWith(web)) return value.slice(web.length);
  if (value.startsWith(urn)) return value.slice(urn.length);
  return value;
}

function withDescendants(values: string[], masterData: EpcisMasterData[], vtype: string): Set<string> {
  const children = new Map<string, string[]>();
  for (const md of masterData)
    for (const vocabulary of md.vocabularyList)
      if (vocabulary.type === vtype) for (const element of vocabulary.vocabularyElementList ?? []) children.set(element.id, [...(children.get(element.id) ?? []), ...(element.children ?? [])]);
  const within = new Set<string>();
  const queue = [...values];
  while (queue.length > 0) {
    const id = queue.pop()!;
    if (within.has(id)) continue;
    within.add(id);
    queue.push(...(children.get(id) ?? []));
  }
  return within;
}

function idsOf(e: EpcisEvent, field: string): string[] {
  const value = e[field];
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? (value as string[]) : [];
}

/**
 * An identifier or pattern, read for matching. GTIN-based identifiers are read into the GTIN-14
 * they name, whether written as EPC URI (`urn:epc:id:sgtin:`, `urn:epc:class:lgtin:`,
 * `urn:epc:idpat:sgtin:CP.IR.*`) or as GS1 Digital Link (`https://<host>/01/<gtin>[/10/<lot> | /21/<serial>]`),
 * so the two spellings of one object match each other (decision, see docs/epcis-queries.md);
 * `urn:epc:idpat:sgtin:CP.*.*` (every GTIN of a company prefix) stays a pattern; other EPC URIs
 * keep their scheme and components; anything else is compared as a string.
 */
type Id =
  | { kind: 'gtin'; level: 'instance' | 'lot' | 'class'; gtin: string; rest: string; text: string }
  | { kind: 'companyPrefix'; companyPrefix: string; text: string }
  | { kind: 'epc'; form: 'id' | 'idpat' | 'class'; scheme: string; parts: string[]; text: string }
  | { kind: 'other'; text: string };

function parseId(text: string): Id {
  const urn = /^urn:epc:(id|idpat|class):([a-z0-9]+):(.+)$/.exec(text);
  if (urn) {
    const [, form, scheme, body] = urn;
    const parts = body.split('.');
    const gtinScheme = (form === 'class' && scheme === 'lgtin') || (form !== 'class' && scheme === 'sgtin');
    if (gtinScheme && parts.length >= 3) {
      // CompanyPrefix . IndicatorAndItemRef . Serial-or-Lot (TDS escapes a '.' inside the last part, but be lenient)
      const [companyPrefix, itemRef, ...tail] = parts;
      const last = tail.join('.');
      if (form === 'idpat' && itemRef === '*' && last === '*') return { kind: 'companyPrefix', companyPrefix, text };
      if (/^\d+$/.test(companyPrefix) && /^\d+$/.test(itemRef) && companyPrefix.length + itemRef.length === 13) {
        const gtin = gtin14(itemRef[0] + companyPrefix + itemRef.slice(1));
        if (form === 'idpat' && last === '*') return { kind: 'gtin', level: 'class', gtin, rest: '', text };
        if (form !== 'idpat') return { kind: 'gtin', level: scheme === 'lgtin' ? 'lot' : 'instance', gtin, rest: safeDecode(last), text };
      }
    }
    return { kind: 'epc', form: form as 'id' | 'idpat' | 'class', scheme, parts, text };
  }
  const dl = /^https?:\/\/[^/]+(?:\/[^/]+)*?\/01\/(\d{8}|\d{12,14})(?:\/(10|21)\/([^/?#]+))?\/?(?:[?#].*)?$/.exec(text);
  if (dl) {
    const [, gtin, ai, value] = dl;
    const level = ai === '21' ? 'instance' : ai === '10' ? 'lot' : 'class';
    return { kind: 'gtin', level, gtin: gtin.padStart(14, '0'), rest: value === undefined ? '' : safeDecode(value), text };
  }
  return { kind: 'other', text };
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function gtin14(first13: string): string {
  let sum = 0;
  for (let i = 0; i < 13; i++) sum += Number(first13[i]) * (i % 2 === 0 ? 3 : 1);
  return first13 + ((10 - (sum % 10)) % 10);
}

/** `urn:epc:idpat:sgtin:CP.*.*` against a GTIN-14: the company prefix follows the indicator digit. */
function hasCompanyPrefix(p: Extract<Id, { kind: 'companyPrefix' }>, gtin: string): boolean {
  return gtin.slice(1, 1 + p.companyPrefix.length) === p.companyPrefix;
}

/** Generic EPC pattern rule: a '*' in the pattern matches any component; a literal matches only itself (so a '*' in the value only by a '*'). */
function partsMatch(pattern: string[], value: string[]): boolean {
  return pattern.length === value.length && pattern.every((p, i) => p === '*' || p === value[i]);
}

/** MATCH_epc, MATCH_parentID, MATCH_inputEPC, MATCH_outputEPC, MATCH_anyEPC: an instance identifier against a URI or an EPC pure identity pattern. */
function instanceMatches(p: Id, v: Id): boolean {
  if (p.text === v.text) return true;
  if (p.kind === 'companyPrefix') return v.kind === 'gtin' && v.level === 'instance' && hasCompanyPrefix(p, v.gtin);
  if (p.kind === 'gtin') {
    if (v.kind !== 'gtin' || v.gtin !== p.gtin) return false;
    return p.level === 'class' ? v.level === 'instance' : v.level === p.level && v.rest === p.rest;
  }
  if (p.kind === 'epc' && p.form === 'idpat') return v.kind === 'epc' && v.form === 'id' && v.scheme === p.scheme && partsMatch(p.parts, v.parts);
  return false;
}

/**
 * MATCH_epcClass, MATCH_inputEPCClass, MATCH_outputEPCClass, MATCH_anyEPCClass: an event's
 * `epcClass` (an LGTIN, a GTIN-level pattern `urn:epc:idpat:sgtin:CP.IR.*`, or any class URI)
 * against the query value. A '*' in the event's class is matched only by a '*' in the query
 * (`…CP.*.*` and `…CP.IR.*` match `…CP.IR.*`; `…CP.IR.400` does not). A query naming a whole
 * GTIN (`…CP.IR.*`, or a Digital Link with only `/01/`) also matches every lot of that GTIN
 * (decision, see docs/epcis-queries.md).
 */
function classMatches(p: Id, v: Id): boolean {
  if (p.text === v.text) return true;
  if (p.kind === 'companyPrefix') return v.kind === 'gtin' && v.level !== 'instance' && hasCompanyPrefix(p, v.gtin);
  if (p.kind === 'gtin') {
    if (v.kind !== 'gtin' || v.gtin !== p.gtin || v.level === 'instance') return false;
    return p.level === 'class' || (v.level === p.level && v.rest === p.rest);
  }
  if (p.kind === 'epc' && p.form === 'idpat') return v.kind === 'epc' && v.form !== 'id' && v.scheme === p.scheme && partsMatch(p.parts, v.parts);
  return false;
}
