import type { Role } from '../contract';

/**
 * Managers and admins can unlock, disable and re-PIN others: their PINs are set with at least six
 * digits (a PIN set before this rule keeps working until it is changed).
 */
export const LONG_PIN_DIGITS = 6;
const LONG_PIN_ROLES: ReadonlySet<Role> = new Set(['manager', 'admin']);

export function pinTooShortFor(role: Role, pin: string): boolean {
  return LONG_PIN_ROLES.has(role) && pin.length < LONG_PIN_DIGITS;
}

const FIRST_WAIT_S = 30;
const MAX_WAIT_S = 15 * 60;

/**
 * Seconds before the next PIN may be tried after `failures` wrong ones in a row: none below
 * `delayAfter`, then 30 s doubling to at most 15 minutes (the lock comes at its own threshold).
 */
export function pinWaitSeconds(failures: number, delayAfter: number): number {
  if (failures < delayAfter) return 0;
  return Math.min(MAX_WAIT_S, FIRST_WAIT_S * 2 ** (failures - delayAfter));
}
