import { Settings } from '../../../../shared/contract';

const WarnDays = Settings.shape.expiry.shape.warnDays;

/** Typed days as the setting takes them (full-width IME digits and spaces allowed), or null. */
export function parseWarnDays(typed: string): number | null {
  const text = typed.normalize('NFKC').replace(/\s+/g, '');
  if (!/^\d{1,3}$/.test(text)) return null;
  const days = WarnDays.safeParse(Number(text));
  return days.success ? days.data : null;
}
