import type { Unit } from '../contract';
import { parseOwnCode } from './ownCode';

/**
 * The text inside a label's QR code. Plain UTF-8 lines with Chinese keys, so an ordinary phone
 * camera shows something a shopper can read; the last line signs all lines before it (Ed25519,
 * base64url) so any station can check the label offline. Format: docs/label-payload.md.
 */
export const PAYLOAD_HEADER = '一品一码 YP1';

export const UNIT_WORDS: Record<Unit, string> = { kg: '公斤', piece: '件', head: '头', box: '箱' };
const WORD_UNITS = Object.fromEntries(Object.entries(UNIT_WORDS).map(([u, w]) => [w, u])) as Record<string, Unit>;

export interface LabelFacts {
  code: string;
  parentCode?: string;
  quantity: number;
  unit: Unit;
  /** YYYY-MM-DD */
  date: string;
  issuer: string;
  /** The selling stall; labels made before stalls (and without one) have no 摊 line. */
  stall?: string;
}

const KEYS = { code: '码', parentCode: '父', quantity: '量', date: '日', issuer: '发', stall: '摊', signature: '签' } as const;

/** Three decimals for kilograms (scale resolution), whole numbers for counts. */
export function formatQuantity(quantity: number, unit: Unit): string {
  return `${unit === 'kg' ? quantity.toFixed(3) : String(Math.round(quantity))} ${UNIT_WORDS[unit]}`;
}

/** The lines that are signed, as one string (no trailing newline). */
export function signedText(f: LabelFacts): string {
  const oneLine = (s: string) => s.replace(/[\r\n]+/g, ' ');
  const lines = [PAYLOAD_HEADER, `${KEYS.code} ${f.code}`];
  if (f.parentCode) lines.push(`${KEYS.parentCode} ${f.parentCode}`);
  lines.push(`${KEYS.quantity} ${formatQuantity(f.quantity, f.unit)}`, `${KEYS.date} ${f.date}`, `${KEYS.issuer} ${oneLine(f.issuer)}`);
  // Optional and after 发: a payload without it signs exactly what it signed before stalls.
  if (f.stall) lines.push(`${KEYS.stall} ${oneLine(f.stall)}`);
  return lines.join('\n');
}

/** The last line of every payload starts with this: a reader knows the QR text is complete. */
export const SIGNATURE_PREFIX = `${KEYS.signature} `;
export const withSignature = (text: string, signature: string) => `${text}\n${SIGNATURE_PREFIX}${signature}`;

export type PayloadProblem = 'notOurs' | 'malformed' | 'badCode';
export type ParsedPayload = { ok: true; facts: LabelFacts; stationId: string; signed: string; signature: string } | { ok: false; problem: PayloadProblem };

/** Reads a scanned QR payload back; the signature is checked by the caller (it needs keys). */
export function parsePayload(text: string): ParsedPayload {
  const lines = text.replace(/\r\n/g, '\n').trimEnd().split('\n');
  if (lines[0] !== PAYLOAD_HEADER) return { ok: false, problem: 'notOurs' };
  const last = lines[lines.length - 1];
  if (!last.startsWith(`${KEYS.signature} `)) return { ok: false, problem: 'malformed' };
  const fields = new Map<string, string>();
  for (const line of lines.slice(1, -1)) {
    const at = line.indexOf(' ');
    if (at < 1 || fields.has(line.slice(0, at))) return { ok: false, problem: 'malformed' };
    fields.set(line.slice(0, at), line.slice(at + 1));
  }
  const code = fields.get(KEYS.code);
  const quantity = /^(\d+(?:\.\d+)?) (\S+)$/.exec(fields.get(KEYS.quantity) ?? '');
  const date = fields.get(KEYS.date);
  const issuer = fields.get(KEYS.issuer);
  if (!code || !quantity || !WORD_UNITS[quantity[2]] || !date || !/^\d{4}-\d{2}-\d{2}$/.test(date) || !issuer) return { ok: false, problem: 'malformed' };
  const own = parseOwnCode(code);
  if (!own) return { ok: false, problem: 'badCode' };
  const parentCode = fields.get(KEYS.parentCode);
  const stall = fields.get(KEYS.stall);
  const facts: LabelFacts = { code, quantity: Number(quantity[1]), unit: WORD_UNITS[quantity[2]], date, issuer, ...(parentCode ? { parentCode } : {}), ...(stall ? { stall } : {}) };
  return { ok: true, facts, stationId: own.stationId, signed: lines.slice(0, -1).join('\n'), signature: last.slice(KEYS.signature.length + 1) };
}
