import { checkUscc } from '../../../../shared/domain/uscc';

/** Why a typed credit code is refused (an i18n key under `uscc.`), or null; empty is allowed. */
export function usccProblem(typed: string): 'length' | 'charset' | 'checkChar' | null {
  const code = typed.trim().toUpperCase();
  if (!code) return null;
  const check = checkUscc(code);
  return check.ok ? null : check.code;
}
