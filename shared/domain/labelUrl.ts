import { parseOwnCode } from './ownCode';
import { parsePayload, type LabelFacts, type PayloadProblem } from './labelPayload';

/**
 * The label QR as a URL a phone opens (docs/label-payload.md, "The QR as a URL"): a template of the
 * market's choosing — the provincial platform's public query page or a resolver on the market's
 * domain — filled with the code and an Ed25519 signature of the code (base64url, 86 characters).
 * The signature covers only what the URL carries, not the URL around it: any station verifies it
 * offline from the URL alone, and a label stays valid when the market moves its query page.
 */
export const LABEL_URL_HEADER = '一品一码 YP2';
export const CODE_PLACEHOLDER = '{code}';
export const SIG_PLACEHOLDER = '{sig}';

/**
 * Until an admin sets the market's page: the reserved example.com domain (RFC 2606), so no label
 * ever sends a buyer to somebody else's site; its shape is the provincial query pages' (code and
 * signature as query parameters).
 */
export const DEFAULT_LABEL_URL_TEMPLATE = 'https://trace.example.com/q?c={code}&s={sig}';
/** A longer template makes a bigger QR: at 80 characters (a 174-character URL) the QR is still version 9 (53 modules): 183 dots with its quiet zone at 3 dots a module. */
export const MAX_LABEL_URL_TEMPLATE = 80;

/** What is signed for a URL label: the header keeps it apart from any YP1 text payload. */
export const urlSignedText = (code: string) => `${LABEL_URL_HEADER}\n码 ${code}`;

/** Ed25519 signatures are 64 bytes: 86 base64url characters, unpadded. */
const SIGNATURE = /^[A-Za-z0-9_-]{86}$/;

export function fillLabelUrl(template: string, code: string, signature: string): string {
  return template.replace(CODE_PLACEHOLDER, code).replace(SIG_PLACEHOLDER, signature);
}

/** Path segments and query values, decoded: where a template may put the code and the signature. */
function components(url: URL): string[] {
  const decode = (s: string) => {
    try {
      return decodeURIComponent(s);
    } catch {
      return s;
    }
  };
  const path = url.pathname
    .split('/')
    .filter((s) => s !== '')
    .map(decode);
  const query = url.search
    .slice(1)
    .split('&')
    .filter((p) => p !== '')
    .map((p) => decode(p.slice(p.indexOf('=') + 1)));
  return [...path, ...query];
}

function httpUrl(raw: string): URL | null {
  if (!/^https?:\/\//i.test(raw)) return null;
  try {
    return new URL(raw);
  } catch {
    return null;
  }
}

const SAMPLE_CODE = '3050102000000000017';
const SAMPLE_SIG = 'A'.repeat(86);

export type TemplateProblem = 'ascii' | 'length' | 'placeholders' | 'url' | 'component';

/**
 * Why a template cannot make label URLs, or null. Printable ASCII only (the QR stays in byte mode
 * on every printer language, and a phone reads it as typed), each placeholder exactly once, an
 * http(s) URL, and each placeholder a whole path segment or query value so that any station finds
 * the code and the signature without knowing the template.
 */
export function labelUrlTemplateProblem(template: string): TemplateProblem | null {
  if (!/^[\x21-\x7e]+$/.test(template)) return 'ascii';
  if (template.length > MAX_LABEL_URL_TEMPLATE) return 'length';
  if (template.split(CODE_PLACEHOLDER).length !== 2 || template.split(SIG_PLACEHOLDER).length !== 2) return 'placeholders';
  const url = httpUrl(fillLabelUrl(template, SAMPLE_CODE, SAMPLE_SIG));
  if (!url || url.hash) return 'url';
  const parts = components(url);
  if (!parts.includes(SAMPLE_CODE) || !parts.includes(SAMPLE_SIG)) return 'component';
  return null;
}

/**
 * The query page as printed under the QR, for a buyer who types it in later: the template up to its
 * first placeholder, without the scheme or a dangling `?c=` — `trace.example.com/q`.
 */
export function labelUrlShortForm(template: string): string {
  const head = template.slice(0, Math.min(...[CODE_PLACEHOLDER, SIG_PLACEHOLDER].map((p) => template.indexOf(p)).filter((i) => i >= 0), template.length));
  return head
    .replace(/^https?:\/\//i, '')
    .replace(/\?.*$/, '')
    .replace(/\/+$/, '');
}

export type LabelQr =
  | { ok: true; format: 'text'; code: string; stationId: string; signed: string; signature: string; facts: LabelFacts }
  | { ok: true; format: 'url'; code: string; stationId: string; signed: string; signature: string; url: string };
export type ParsedLabelQr = LabelQr | { ok: false; problem: PayloadProblem };

/** Where each placeholder's value sits in a URL of this template, or null when the URL is not of it. */
function byTemplate(url: string, template: string): { code: string; sig: string } | null {
  const at = (p: string) => template.indexOf(p);
  if (at(CODE_PLACEHOLDER) < 0 || at(SIG_PLACEHOLDER) < 0) return null;
  const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const pattern = template
    .split(/(\{code\}|\{sig\})/)
    .map((part) => (part === CODE_PLACEHOLDER || part === SIG_PLACEHOLDER ? '([^/?#&]*)' : escape(part)))
    .join('');
  const m = new RegExp(`^${pattern}$`, 'i').exec(url);
  if (!m) return null;
  const codeFirst = at(CODE_PLACEHOLDER) < at(SIG_PLACEHOLDER);
  return { code: m[codeFirst ? 1 : 2]!, sig: m[codeFirst ? 2 : 1]! };
}

/**
 * A label URL by its parts, whatever template made it (another station's, or this one's before the
 * market moved its page): the one path segment or query value shaped like a signature, and the one
 * of 19 digits beside it. A URL with no signature-shaped part is no label URL.
 */
function byShape(url: URL): { code: string | null; sig: string } | 'none' | 'ambiguous' {
  const parts = components(url);
  const sigs = parts.filter((p) => SIGNATURE.test(p));
  if (sigs.length === 0) return 'none';
  const codes = parts.filter((p) => /^\d{19}$/.test(p));
  if (sigs.length > 1 || codes.length > 1) return 'ambiguous';
  return { code: codes[0] ?? null, sig: sigs[0]! };
}

function parseUrl(raw: string, template: string): ParsedLabelQr {
  const url = httpUrl(raw);
  if (!url) return { ok: false, problem: 'notOurs' };
  // This station's template knows where its parts are, so a URL of it with a cut or altered
  // signature is a bad label, not an unknown code; any other URL is read by the shape of its parts.
  const placed = byTemplate(raw, template);
  let parts: { code: string | null; sig: string };
  if (placed) parts = placed;
  else {
    const shaped = byShape(url);
    if (shaped === 'none') return { ok: false, problem: 'notOurs' };
    if (shaped === 'ambiguous') return { ok: false, problem: 'malformed' };
    parts = shaped;
  }
  if (parts.code === null || !SIGNATURE.test(parts.sig)) return { ok: false, problem: 'malformed' };
  const own = parseOwnCode(parts.code);
  if (!own) return { ok: false, problem: 'badCode' };
  return { ok: true, format: 'url', code: parts.code, stationId: own.stationId, signed: urlSignedText(parts.code), signature: parts.sig, url: raw };
}

/**
 * A scanned label QR of either format: a URL (labels since issue 19) or the YP1 text payload of
 * labels printed before, which stay valid. The signature is checked by the caller (it needs keys).
 */
export function parseLabelQr(raw: string, template: string): ParsedLabelQr {
  const text = raw.trim();
  const payload = parsePayload(text);
  if (payload.ok) {
    return { ok: true, format: 'text', code: payload.facts.code, stationId: payload.stationId, signed: payload.signed, signature: payload.signature, facts: payload.facts };
  }
  if (payload.problem !== 'notOurs') return payload;
  return parseUrl(text, template);
}
