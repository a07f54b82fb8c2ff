import type { Role } from '../../../shared/contract';
import { pinTooShortFor } from '../../../shared/domain/pinRules';

/** What the contract's Pin accepts, checked before sending so the message can say it plainly. */
export const PIN_SHAPE = /^\d{4,8}$/;

/** The longest PIN the contract accepts; the pad and the fields stop taking digits there. */
export const MAX_PIN = 8;
/** The i18n key of what is wrong with a PIN set for this role, or null (managers and admins need 6). */
export function pinProblem(pin: string, role: Role): string | null {
  if (!PIN_SHAPE.test(pin)) return pinTooShortFor(role, '') ? 'masterData.operators.pinTooShort' : 'setup.pinShape';
  return pinTooShortFor(role, pin) ? 'masterData.operators.pinTooShort' : null;
}
