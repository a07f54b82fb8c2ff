/**
 * The CBV 2.0 EPCIS event hash (CBV 2.0 §8.9; algorithm and test vectors published with GS1's
 * reference implementation, github.com/RalphTro/epcis-event-hash-generator): an event's
 * "pre-hash string", hashed with SHA-256 and written `ni:///sha-256;<hex>?ver=CBV2.0`, so any
 * repository that follows the standard recomputes our eventIDs. Pure: the caller gives SHA-256.
 *
 * The pre-hash string, as the reference implementation builds it (its test vectors decide where
 * the prose is silent):
 * - `eventType=<type>`, then the standard fields in the canonical property order (`ORDER`), each
 *   `name=value` without separators; lists once by name, their entries sorted as strings;
 * - then everything else (bizTransactionList / sourceList / destinationList with `type` before
 *   the id, ILMD, user extensions as `{namespace}local=value`, nested), sorted as strings;
 *   `eventID`, `recordTime`, `errorDeclaration` and comments are left out;
 * - values trimmed; times in UTC with milliseconds (4th decimal rounds half up); numbers without
 *   trailing zeros; bare CBV terms as their `https://ref.gs1.org/cbv/…` (or `https://gs1.org/voc/`)
 *   URIs; CURIEs expanded; EPC URNs and Digital Link URIs as constrained canonical Digital Links.
 *
 * Choices where JSON offers what the reference renders through Python (noted in docs/upload.md):
 * `null` is left out (it does not apply, rule 4), booleans are `true`/`false` (their XML form),
 * and bare vocabulary is expanded by field (the reference matches expanded values document-wide).
 */
import { gs1CheckDigit } from '../gs1Check';

export type Sha256Hex = (text: string) => string;

interface Node {
  name: string;
  value: string;
  children: Node[];
  /** A bizTransaction / source / destination entry: rendered as its parts, in their order. */
  pair?: boolean;
}
type Order = ReadonlyArray<readonly [string, Order | null]>;

const QUANTITY: Order = [
  [
    'quantityElement',
    [
      ['epcClass', null],
      ['quantity', null],
      ['uom', null],
    ],
  ],
];
const EPC: Order = [['epc', null]];
const SENSOR_METADATA: Order = ['time', 'startTime', 'endTime', 'deviceID', 'deviceMetadata', 'rawData', 'dataProcessingMethod', 'bizRules'].map((n) => [n, null] as const);
const SENSOR_REPORT: Order = [
  'type',
  'exception',
  'deviceID',
  'deviceMetadata',
  'rawData',
  'dataProcessingMethod',
  'time',
  'microorganism',
  'chemicalSubstance',
  'value',
  'component',
  'stringValue',
  'booleanValue',
  'hexBinaryValue',
  'uriValue',
  'minValue',
  'maxValue',
  'meanValue',
  'sDev',
  'percRank',
  'percValue',
  'uom',
  'coordinateReferenceSystem',
].map((n) => [n, null] as const);

/** The canonical property order (as the reference orders it: certificationInfo third, parentID before epcList). */
const ORDER: Order = [
  ['eventTime', null],
  ['eventTimeZoneOffset', null],
  ['certificationInfo', null],
  ['parentID', null],
  ['epcList', EPC],
  ['inputEPCList', EPC],
  ['childEPCs', EPC],
  ['quantityList', QUANTITY],
  ['childQuantityList', QUANTITY],
  ['inputQuantityList', QUANTITY],
  ['outputEPCList', EPC],
  ['outputQuantityList', QUANTITY],
  ['action', null],
  ['transformationID', null],
  ['bizStep', null],
  ['disposition', null],
  [
    'persistentDisposition',
    [
      ['set', null],
      ['unset', null],
    ],
  ],
  ['readPoint', [['id', null]]],
  ['bizLocation', [['id', null]]],
  [
    'sensorElementList',
    [
      [
        'sensorElement',
        [
          ['sensorMetadata', SENSOR_METADATA],
          ['sensorReport', SENSOR_REPORT],
        ],
      ],
    ],
  ],
];

const NOT_HASHED = new Set(['eventID', 'recordTime', 'type', 'errorDeclaration']);
const COMMENTS = new Set(['#text', 'rdfs:comment', 'comment']);
/** Prefixes of the EPCIS 2.0 context; a document's own context adds to (or overrides) them. */
const STANDARD_PREFIXES: Record<string, string> = {
  epcis: 'https://ref.gs1.org/epcis/',
  cbv: 'https://ref.gs1.org/cbv/',
  cbvmda: 'urn:epcglobal:cbv:mda:',
  gs1: 'https://gs1.org/voc/',
};

/** Namespace prefixes declared in a document's `@context` (the objects in it). */
export function contextPrefixes(context: unknown): Record<string, string> {
  const out: Record<string, string> = { ...STANDARD_PREFIXES };
  for (const c of Array.isArray(context) ? context : [context]) {
    if (c && typeof c === 'object') for (const [k, v] of Object.entries(c as Record<string, unknown>)) if (typeof v === 'string') out[k] = v;
  }
  return out;
}

// ---- JSON to the element tree the algorithm is defined on (the XML shape) ----

function splitCurie(text: string, prefixes: Record<string, string>): [string, string] | null {
  const i = text.indexOf(':');
  if (i <= 0) return null;
  const ns = prefixes[text.slice(0, i)];
  return ns === undefined ? null : [ns, text.slice(i + 1)];
}

function nodesOf(name: string, v: unknown, prefixes: Record<string, string>): Node[] {
  if (v === null || v === undefined) return [];
  if (Array.isArray(v)) return v.flatMap((x) => nodesOf(name, x, prefixes));
  if (typeof v === 'object') return [{ name, value: '', children: childrenOf(v as Record<string, unknown>, prefixes) }];
  let value = String(v);
  if (typeof v === 'string') {
    const curie = splitCurie(v, prefixes);
    if (curie) value = curie[0] + curie[1];
  }
  return [{ name, value, children: [] }];
}

function childrenOf(obj: Record<string, unknown>, prefixes: Record<string, string>): Node[] {
  const out: Node[] = [];
  for (const [key, v] of Object.entries(obj)) {
    if (COMMENTS.has(key)) continue;
    const curie = splitCurie(key, prefixes);
    out.push(...nodesOf(curie ? `{${curie[0]}}${curie[1]}` : key, v, prefixes));
  }
  return restructure(out);
}

const ENTRY_NAME: Record<string, string> = { inputEPC: 'epc', outputEPC: 'epc', inputQuantity: 'quantityElement', outputQuantity: 'quantityElement', childQuantity: 'quantityElement' };
const PAIR_LISTS = new Set(['bizTransactionList', 'sourceList', 'destinationList']);

/** JSON's lists as XML's: `xList: [a, b]` is one `xList` with entries `x` (epc, quantityElement…). */
function restructure(nodes: Node[]): Node[] {
  const out: Node[] = [];
  const lists = new Map<string, Node>();
  const listOf = (name: string) => {
    let l = lists.get(name);
    if (!l) lists.set(name, (l = { name, value: '', children: [] }));
    return l;
  };
  for (const n of nodes) {
    if (n.name.endsWith('List')) {
      const entry = n.name.slice(0, -4);
      if (PAIR_LISTS.has(n.name)) {
        // `type` first, then the id (as the published vectors have it), whatever the JSON key order.
        const kids = [...n.children.filter((c) => c.name === 'type'), ...n.children.filter((c) => c.name !== 'type')];
        listOf(n.name).children.push({ name: entry, value: '', children: kids, pair: true });
      } else {
        const name = ENTRY_NAME[entry] ?? (entry === 'quantity' && n.children.length ? 'quantityElement' : entry);
        listOf(n.name).children.push({ ...n, name });
      }
    } else if (n.name === 'childEPCs') {
      listOf('childEPCs').children.push({ ...n, name: 'epc' });
    } else out.push(n);
  }
  return [...out, ...lists.values()];
}

/** Bare CBV / GS1 vocabulary in the fields whose context types them `@vocab`. */
function expandVocabulary(nodes: Node[]): void {
  const bare = (n: Node | undefined, prefix: string) => {
    if (n && n.value && !n.value.includes(':')) n.value = prefix + n.value;
  };
  const all = (list: Node[], name: string) => list.filter((n) => n.name === name);
  for (const n of all(nodes, 'bizStep')) bare(n, 'https://ref.gs1.org/cbv/BizStep-');
  for (const n of all(nodes, 'disposition')) bare(n, 'https://ref.gs1.org/cbv/Disp-');
  for (const p of all(nodes, 'persistentDisposition')) for (const n of p.children) bare(n, 'https://ref.gs1.org/cbv/Disp-');
  for (const [list, prefix] of [
    ['bizTransactionList', 'BTT-'],
    ['sourceList', 'SDT-'],
    ['destinationList', 'SDT-'],
  ] as const) {
    for (const l of all(nodes, list))
      for (const e of l.children)
        bare(
          e.children.find((c) => c.name === 'type'),
          `https://ref.gs1.org/cbv/${prefix}`,
        );
  }
  for (const l of all(nodes, 'sensorElementList'))
    for (const el of l.children)
      for (const r of all(el.children, 'sensorReport')) {
        for (const n of all(r.children, 'type')) bare(n, 'https://gs1.org/voc/');
        for (const n of all(r.children, 'exception')) bare(n, 'https://gs1.org/voc/');
        for (const n of all(r.children, 'component')) bare(n, 'https://ref.gs1.org/cbv/Comp-');
      }
}

// ---- value canonicalisation ----

const OLD_CBV: ReadonlyArray<[string, string]> = [
  ['urn:epcglobal:cbv:bizstep:', 'https://ref.gs1.org/cbv/BizStep-'],
  ['urn:epcglobal:cbv:disp:', 'https://ref.gs1.org/cbv/Disp-'],
  ['urn:epcglobal:cbv:btt:', 'https://ref.gs1.org/cbv/BTT-'],
  ['urn:epcglobal:cbv:sdt:', 'https://ref.gs1.org/cbv/SDT-'],
  ['urn:epcglobal:cbv:er:', 'https://ref.gs1.org/cbv/ER-'],
];

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
/** A number as its shortest decimal form (`1.0` → `1`, `0.50` → `0.5`, `1e-5` → `1e-05`), as the reference writes it. */
function canonicalNumber(text: string): string {
  if (!NUMBER.test(text)) return text;
  const x = Number(text);
  if (!Number.isFinite(x)) return text;
  if (Number.isInteger(x)) return BigInt(x).toString();
  if (Math.abs(x) >= 1e-4) return String(x);
  return x.toExponential().replace(/e([+-])(\d)$/, 'e$10$2');
}

const TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:?\d{2})$/i;
/** UTC, milliseconds (the 3rd decimal rounds up when the 4th is 5–9), `Z`. */
export function canonicalTime(text: string): string {
  const m = TIME.exec(text);
  if (!m) return text;
  const frac = (m[7] ?? '').padEnd(4, '0');
  const ms = Number(frac.slice(0, 3)) + (Number(frac[3]) >= 5 ? 1 : 0);
  let offsetMin = 0;
  if (m[8].toUpperCase() !== 'Z') {
    const o = m[8].replace(':', '');
    offsetMin = (o[0] === '-' ? -1 : 1) * (Number(o.slice(1, 3)) * 60 + Number(o.slice(3, 5)));
  }
  const t = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]), ms) - offsetMin * 60_000;
  return Number.isNaN(t) ? text : new Date(t).toISOString();
}

/** Characters GS1 Digital Link requires percent-encoded that EPC URNs may carry bare. */
const dlEscape = (s: string) => s.replace(/[!()*+,:]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
const withCheck = (digits: string) => digits + gs1CheckDigit(digits);
/** GTIN-14 from an EPC's company prefix and indicator + item reference. */
const gtinOf = (cp: string, ir: string) => withCheck(ir[0] + cp + ir.slice(1));

const CP = '(\\d{6,12})';
const SER = "((?:%[0-9A-Fa-f]{2}|[!'()*+,.0-9:;=A-Za-z_-])+)";
const DIGITS = '(\\d*)';
/** EPC URI schemes → canonical Digital Link (EPC Tag Data Standard, GS1 Digital Link §4.11). `len` checks company prefix + reference. */
const EPC_URIS: ReadonlyArray<{ re: RegExp; len?: number; dl: (m: string[]) => string }> = [
  { re: new RegExp(`^urn:epc:id:sgtin:${CP}\\.${DIGITS}\\.${SER}$`), len: 13, dl: (m) => `01/${gtinOf(m[1], m[2])}/21/${dlEscape(m[3])}` },
  { re: new RegExp(`^urn:epc:id:sscc:${CP}\\.${DIGITS}$`), len: 17, dl: (m) => `00/${withCheck(m[2][0] + m[1] + m[2].slice(1))}` },
  { re: new RegExp(`^urn:epc:id:sgln:${CP}\\.${DIGITS}\\.${SER}$`), len: 12, dl: (m) => `414/${withCheck(m[1] + m[2])}${m[3] === '0' ? '' : `/254/${dlEscape(m[3])}`}` },
  { re: new RegExp(`^urn:epc:id:grai:${CP}\\.${DIGITS}\\.${SER}$`), len: 12, dl: (m) => `8003/${withCheck(`0${m[1]}${m[2]}`)}${dlEscape(m[3])}` },
  { re: new RegExp(`^urn:epc:id:giai:${CP}\\.${SER}$`), dl: (m) => `8004/${m[1]}${dlEscape(m[2])}` },
  { re: new RegExp(`^urn:epc:id:gsrn:${CP}\\.${DIGITS}$`), len: 17, dl: (m) => `8018/${withCheck(m[1] + m[2])}` },
  { re: new RegExp(`^urn:epc:id:gsrnp:${CP}\\.${DIGITS}$`), len: 17, dl: (m) => `8017/${withCheck(m[1] + m[2])}` },
  { re: new RegExp(`^urn:epc:id:gdti:${CP}\\.${DIGITS}\\.${SER}$`), len: 12, dl: (m) => `253/${withCheck(m[1] + m[2])}${dlEscape(m[3])}` },
  { re: new RegExp(`^urn:epc:id:cpi:${CP}\\.${SER}\\.(\\d+)$`), dl: (m) => `8010/${m[1]}${dlEscape(m[2])}/8011/${m[3]}` },
  { re: new RegExp(`^urn:epc:id:sgcn:${CP}\\.${DIGITS}\\.(\\d+)$`), len: 12, dl: (m) => `255/${withCheck(m[1] + m[2])}${m[3]}` },
  { re: new RegExp(`^urn:epc:id:ginc:${CP}\\.${SER}$`), dl: (m) => `401/${m[1]}${dlEscape(m[2])}` },
  { re: new RegExp(`^urn:epc:id:gsin:${CP}\\.${DIGITS}$`), len: 16, dl: (m) => `402/${withCheck(m[1] + m[2])}` },
  { re: new RegExp(`^urn:epc:id:itip:${CP}\\.${DIGITS}\\.(\\d{2})\\.(\\d{2})\\.${SER}$`), len: 13, dl: (m) => `8006/${gtinOf(m[1], m[2])}${m[3]}${m[4]}/21/${dlEscape(m[5])}` },
  { re: new RegExp(`^urn:epc:id:upui:${CP}\\.${DIGITS}\\.${SER}$`), len: 13, dl: (m) => `01/${gtinOf(m[1], m[2])}/235/${dlEscape(m[3])}` },
  { re: new RegExp(`^urn:epc:id:pgln:${CP}\\.${DIGITS}$`), len: 12, dl: (m) => `417/${withCheck(m[1] + m[2])}` },
  { re: new RegExp(`^urn:epc:class:lgtin:${CP}\\.${DIGITS}\\.${SER}$`), len: 13, dl: (m) => `01/${gtinOf(m[1], m[2])}/10/${dlEscape(m[3])}` },
  { re: new RegExp(`^urn:epc:idpat:sgtin:${CP}\\.${DIGITS}\\.\\*$`), len: 13, dl: (m) => `01/${gtinOf(m[1], m[2])}` },
  { re: new RegExp(`^urn:epc:idpat:grai:${CP}\\.${DIGITS}\\.\\*$`), len: 12, dl: (m) => `8003/${withCheck(`0${m[1]}${m[2]}`)}` },
  { re: new RegExp(`^urn:epc:idpat:gdti:${CP}\\.${DIGITS}\\.\\*$`), len: 12, dl: (m) => `253/${withCheck(m[1] + m[2])}` },
  { re: new RegExp(`^urn:epc:idpat:sgcn:${CP}\\.${DIGITS}\\.\\*$`), len: 12, dl: (m) => `255/${withCheck(m[1] + m[2])}` },
  { re: new RegExp(`^urn:epc:idpat:cpi:${CP}\\.${SER}\\.\\*$`), dl: (m) => `8010/${m[1]}${dlEscape(m[2])}` },
  { re: new RegExp(`^urn:epc:idpat:itip:${CP}\\.${DIGITS}\\.(\\d{2})\\.(\\d{2})\\.\\*$`), len: 13, dl: (m) => `8006/${gtinOf(m[1], m[2])}${m[3]}${m[4]}` },
  { re: new RegExp(`^urn:epc:idpat:upui:${CP}\\.${DIGITS}\\.\\*$`), len: 13, dl: (m) => `01/${gtinOf(m[1], m[2])}` },
];

/** Primary keys in the order a Digital Link is re-based on `https://id.gs1.org` (short names first mapped to AIs). */
const PRIMARY_KEYS = ['00', '01', '253', '255', '401', '402', '414', '417', '8003', '8004', '8006', '8010', '8017', '8018'];
const SHORT_NAMES: Record<string, string> = {
  gtin: '01',
  itip: '8006',
  cpid: '8010',
  gln: '414',
  party: '417',
  gsrnp: '8017',
  gsrn: '8018',
  gcn: '255',
  sscc: '00',
  gdti: '253',
  ginc: '401',
  gsin: '402',
  grai: '8003',
  giai: '8004',
  cpv: '22',
  lot: '10',
  ser: '21',
};
const DL_CANDIDATE = /^https?:\/\/[^/?#]*(?:\/[^?#]*)?\/(?:01|gtin|8006|itip|8010|cpid|414|gln|417|party|8017|gsrnp|8018|gsrn|255|gcn|00|sscc|253|gdti|401|ginc|402|gsin|8003|grai|8004|giai)\/\d{4}/;
const X = `["'\\-.0-9;-?A-Z_a-z]`;
/** The constrained canonical forms: most specific identification only. */
const DL_FORMS = [
  /^\/00\/\d{18}$/,
  new RegExp(`^/01/\\d{14}(?:/(?:21|10)/${X}{0,20}|/235/${X}{0,28})?$`),
  new RegExp(`^/253/\\d{13}${X}{0,17}$`),
  /^\/255\/\d{13}\d{0,12}$/,
  new RegExp(`^/401/${X}{0,30}$`),
  /^\/402\/\d{17}$/,
  new RegExp(`^/414/\\d{13}(?:/254/${X}{0,20})?$`),
  /^\/417\/\d{13}$/,
  new RegExp(`^/8003/\\d{14}${X}{0,16}$`),
  new RegExp(`^/8004/${X}{0,30}$`),
  new RegExp(`^/8006/\\d{18}(?:/(?:21|10)/${X}{0,20})?$`),
  /^\/8010\/[#\-/0-9A-Z]{0,30}(?:\/8011\/\d{0,12})?$/,
  /^\/801[78]\/\d{18}$/,
];

/** A Digital Link on `https://id.gs1.org`, 14-digit GTIN, no CPV, no query, a lot dropped beside a serial; null if it is none. */
function canonicalDigitalLink(uri: string): string | null {
  if (!DL_CANDIDATE.test(uri)) return null;
  let path = uri.replace(/^https?:\/\/[^/?#]*/, '').split('?')[0];
  path = path.replace(/\/(gtin|itip|cpid|gln|party|gsrnp|gsrn|gcn|sscc|gdti|ginc|gsin|grai|giai|cpv|lot|ser)\//g, (_, s: string) => `/${SHORT_NAMES[s]}/`);
  const at = PRIMARY_KEYS.some((k) => path.startsWith(`/${k}/`)) ? 0 : PRIMARY_KEYS.map((k) => path.indexOf(`/${k}/`)).find((i) => i >= 0);
  if (at === undefined) return null;
  path = path.slice(at);
  const gtin = /^\/01\/(\d+)/.exec(path);
  if (gtin && [8, 12, 13].includes(gtin[1].length)) path = `/01/${gtin[1].padStart(14, '0')}${path.slice(4 + gtin[1].length)}`;
  path = path.replace(/^(\/(?:01\/\d{14}|8006\/\d{18}))\/22\/[^/]*/, '$1');
  path = path.replace(/^(\/(?:01\/\d{14}|8006\/\d{18}))\/10\/[^/]*(\/21\/[^/]*)$/, '$1$2');
  return DL_FORMS.some((f) => f.test(path)) ? `https://id.gs1.org${path}` : null;
}

function canonicalIdentifier(text: string): string | null {
  if (!text.includes('.')) return null;
  if (text.startsWith('urn:epc:')) {
    for (const s of EPC_URIS) {
      const m = s.re.exec(text);
      if (m && (s.len === undefined || m[1].length + m[2].length === s.len)) return `https://id.gs1.org/${s.dl(m)}`;
    }
    return null;
  }
  return canonicalDigitalLink(text);
}

export function canonicalValue(text: string): string {
  let v = text;
  for (const [from, to] of OLD_CBV) v = v.split(from).join(to);
  v = canonicalNumber(v);
  return canonicalIdentifier(v) ?? v;
}

// ---- the pre-hash string ----

/** Python's string order (code points), not JavaScript's (UTF-16 units): they differ above U+FFFF. */
function byCodePoint(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) {
      const fix = (u: number) => (u >= 0xe000 ? u - 0x800 : u >= 0xd800 ? u + 0x2000 : u);
      return fix(x) - fix(y);
    }
  }
  return a.length - b.length;
}

const isExtension = (n: Node) => n.name.includes('{') && n.name.includes('/}');
const isTimeField = (name: string) => /time/i.test(name) && !/offset/i.test(name);

/**
 * The ordered part of `list` (consumed nodes are removed from it, so what is left is rendered
 * generically afterwards). Below the event, extensions of a standard field (readPoint,
 * sensorReport…) follow its regular fields; the reference recognises them by a namespace ending
 * in `/`, and so does this.
 */
function ordered(list: Node[], order: Order, eventLevel: boolean): string {
  let extensions: Node[] = [];
  if (!eventLevel && list.length > 1) {
    extensions = list.filter(isExtension);
    for (const e of extensions) list.splice(list.indexOf(e), 1);
  }
  let out = '';
  for (const [name, sub] of order) {
    const parts: string[] = [];
    for (const n of list.filter((c) => c.name === name && !c.pair)) {
      const inner = sub ? ordered(n.children, sub, false) : '';
      let text = n.value.trim();
      if (text) text = isTimeField(n.name) ? canonicalTime(text) : canonicalValue(text);
      if (text || inner) parts.push(n.name + (text ? `=${text}` : '') + inner);
      if (n.children.length === 0) list.splice(list.indexOf(n), 1);
    }
    out += parts.sort(byCodePoint).join('');
  }
  return extensions.length ? out + generic(extensions) : out;
}

/** Everything else: `name=value` and nested children, sorted (a bizTransaction's parts keep their order). */
function generic(list: Node[]): string {
  const parts = list.map((n) => {
    if (n.pair) return generic(n.children);
    const text = n.value.trim();
    return n.name + (text ? `=${canonicalValue(text)}` : '') + generic(n.children);
  });
  if (list.length > 1 && !list.some((n) => !n.pair && (n.name === 'bizTransaction' || n.name === 'source' || n.name === 'destination'))) parts.sort(byCodePoint);
  return parts.join('');
}

/** The CBV 2.0 pre-hash string of a JSON-LD event; `prefixes` from the document's `@context` (contextPrefixes). */
export function preHashString(event: Record<string, unknown>, prefixes: Record<string, string> = STANDARD_PREFIXES): string {
  const nodes = childrenOf(event, prefixes);
  expandVocabulary(nodes);
  const head = `eventType=${String(event.type)}${ordered(nodes, ORDER, true)}`;
  return head + generic(nodes.filter((n) => !NOT_HASHED.has(n.name)));
}

/** `ni:///sha-256;<hex>?ver=CBV2.0` of the event's pre-hash string. */
export function eventHash(event: Record<string, unknown>, sha256Hex: Sha256Hex, prefixes?: Record<string, string>): string {
  return `ni:///sha-256;${sha256Hex(preHashString(event, prefixes))}?ver=CBV2.0`;
}
