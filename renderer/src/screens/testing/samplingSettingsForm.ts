import type { SamplingSettings, SamplingSettingsView } from '../../../../shared/contract';

/** The fields a manager types; the category levels are tapped, never typed. */
export type SamplingField = 'targetRate' | 'closingTime' | 'floorMinutesBeforeClose' | 'newSupplierLots' | 'categoryRisk';

/** What the form edits: numbers and the time as typed, parsed on save. */
export interface SamplingDraft {
  percent: string;
  closingTime: string;
  floorMinutes: string;
  newSupplierLots: string;
  categoryRisk: SamplingSettings['categoryRisk'];
}

export const toSamplingDraft = (s: SamplingSettingsView): SamplingDraft => ({
  percent: String(Math.round(s.targetRate * 100)),
  closingTime: s.closingTime,
  floorMinutes: String(s.floorMinutesBeforeClose),
  newSupplierLots: String(s.newSupplierLots),
  categoryRisk: { ...s.categoryRisk },
});

/** Full-width digits and colon (a Chinese input method's) read as ASCII; spaces and a trailing % dropped. */
function normalise(text: string): string {
  return text
    .replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[：]/g, ':')
    .replace(/\s+/g, '')
    .replace(/[%％]$/, '');
}

function wholeNumber(text: string, min: number, max: number): number | null {
  const s = normalise(text);
  if (!/^\d{1,4}$/.test(s)) return null;
  const n = Number(s);
  return n >= min && n <= max ? n : null;
}

/** "8:5" is not a time; "8:05" and "08:05" are (kept as 08:05). */
function clockTime(text: string): string | null {
  const m = /^(\d{1,2}):(\d{2})$/.exec(normalise(text));
  if (!m) return null;
  const [h, min] = [Number(m[1]), Number(m[2])];
  return h <= 23 && min <= 59 ? `${String(h).padStart(2, '0')}:${m[2]}` : null;
}

/**
 * The draft as the rules the station takes, or the fields that are wrong (nothing is sent then).
 * Bounds are the contract's: target 1–100 % in whole percent, floor window 0–240 minutes,
 * new-supplier lots 0–100.
 */
export function parseSamplingDraft(d: SamplingDraft): { ok: true; value: SamplingSettings } | { ok: false; fields: SamplingField[] } {
  const percent = wholeNumber(d.percent, 1, 100);
  const closingTime = clockTime(d.closingTime);
  const floorMinutes = wholeNumber(d.floorMinutes, 0, 240);
  const newSupplierLots = wholeNumber(d.newSupplierLots, 0, 100);
  const fields: SamplingField[] = [];
  if (percent === null) fields.push('targetRate');
  if (closingTime === null) fields.push('closingTime');
  if (floorMinutes === null) fields.push('floorMinutesBeforeClose');
  if (newSupplierLots === null) fields.push('newSupplierLots');
  if (percent === null || closingTime === null || floorMinutes === null || newSupplierLots === null) return { ok: false, fields };
  return { ok: true, value: { targetRate: percent / 100, closingTime, floorMinutesBeforeClose: floorMinutes, newSupplierLots, categoryRisk: { ...d.categoryRisk } } };
}

/** The form field an issue path from the station belongs to (`categoryRisk.fruit` → categoryRisk). */
export function samplingFieldOf(path: string): SamplingField | null {
  const head = path.split('.')[0];
  return head === 'targetRate' || head === 'closingTime' || head === 'floorMinutesBeforeClose' || head === 'newSupplierLots' || head === 'categoryRisk' ? head : null;
}
