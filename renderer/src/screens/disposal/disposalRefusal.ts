import type { TFunction } from 'i18next';
import { ApiError } from '../../../../shared/contract';
import { errorText } from '../../i18n';
import { refusalText } from '../../i18n/refusal';

/** Disposal's own refusals (witness, PINs, no font…) in words, else the station's usual text. */
export function disposalRefusal(t: TFunction, error: unknown): string {
  const reason = error instanceof ApiError ? error.params?.reason : undefined;
  // Too many wrong PINs: whose, and how long to wait (or that they are locked).
  if (error instanceof ApiError && (error.code === 'pinWait' || error.code === 'pinLocked') && (reason === 'operatorPin' || reason === 'witnessPin')) {
    return t(`disposal.pinOf.${reason}`, { text: errorText(t, error) });
  }
  if (typeof reason === 'string') {
    const key = `disposal.refusal.${reason}`;
    const text = t(key);
    if (text !== key) return text;
  }
  return refusalText(t, error);
}
