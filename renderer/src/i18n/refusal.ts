import type { TFunction } from 'i18next';
import { ApiError, RefusalReason, type Unit } from '../../../shared/contract';
import { errorText } from '.';
import { amountText } from '../format/codeText';

type Params = Readonly<Record<string, string | number>>;

/**
 * A refusal reason in words (`refusal.<reason>`), whoever found it: the station or this screen.
 * Codes in the params become words: `status` a lot status, `unit` a unit; `remaining` is written
 * in the lot's unit when the caller knows it, and `index` (from 0) is counted from 1.
 */
export function refusalMessage(t: TFunction, reason: RefusalReason, params: Params = {}, unit?: Unit): string {
  const { status, remaining, index } = params;
  return t(`refusal.${reason}`, {
    ...params,
    ...(typeof status === 'string' && { status: t(`status.${status}`) }),
    ...(typeof params.unit === 'string' && { unit: t(`unit.${params.unit}`) }),
    ...(typeof remaining === 'number' && unit && { remaining: amountText(remaining, unit), unit: t(`unit.${unit}`) }),
    ...(typeof index === 'number' && { index: index + 1 }),
  });
}

/**
 * Any error from a station call in words: a refusal by its reason, which says more than the bare
 * conflict/badRequest text; anything else as errorText words it. `unit` formats an overSplit's
 * remaining quantity.
 */
export function refusalText(t: TFunction, error: unknown, unit?: Unit): string {
  const reason = RefusalReason.safeParse(error instanceof ApiError ? error.params?.reason : undefined);
  if (!reason.success || !(error instanceof ApiError)) return errorText(t, error);
  return refusalMessage(t, reason.data, error.params, unit);
}
