import { checkUscc, normalizeUscc, type UsccProblem } from '../../../../shared/domain/uscc';

/** A typed credit code as it is checked and sent: full-width IME input made ASCII, upper case, no spaces. */
export const typedUscc = normalizeUscc;

/** Why a typed credit code is refused (an i18n key under `uscc.`), or null; empty is allowed. */
export function usccProblem(typed: string): UsccProblem | null {
  const code = normalizeUscc(typed);
  if (!code) return null;
  const check = checkUscc(code);
  return check.ok ? null : check.code;
}
