import type { TFunction } from 'i18next';
import type { RefusalReason, Unit } from '../../../shared/contract';
import { amountText } from '../format/codeText';

type Params = Readonly<Record<string, string | number>>;

/**
 * A refusal reason in words (`refusal.<reason>`), whoever found it: the station or this screen.
 * Codes in the params become words: `status` a lot status, `unit` a unit; `remaining` is written
 * in the lot's unit when the caller knows it, `index` (from 0) is counted from 1, and
 * `recordKind` (an upload record kind) is named as the 同步 screen names it.
 */
export function refusalMessage(t: TFunction, reason: RefusalReason, params: Params = {}, unit?: Unit): string {
  const { status, remaining, index } = params;
  return t(`refusal.${reason}`, {
    ...params,
    ...(typeof status === 'string' && { status: t(`status.${status}`) }),
    ...(typeof params.unit === 'string' && { unit: t(`unit.${params.unit}`) }),
    ...(typeof remaining === 'number' && unit && { remaining: amountText(remaining, unit), unit: t(`unit.${unit}`) }),
    ...(typeof index === 'number' && { index: index + 1 }),
    ...(typeof params.recordKind === 'string' && { recordKind: t(`sync.kind.${params.recordKind}`, { defaultValue: params.recordKind }) }),
  });
}
