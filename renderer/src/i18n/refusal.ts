import type { TFunction } from 'i18next';
import { ApiError, type Unit } from '../../../shared/contract';
import { errorText } from '.';
import { zhCN } from './zh-CN';
import { amountText } from '../format/codeText';

const REFUSALS = new Set(Object.keys(zhCN.refusal));

/**
 * An API error in words. Split and station refusals carry a `reason` (overSplit,
 * parentNotSellable…) that says more than the bare conflict/badRequest text, so it is shown
 * instead; `unit` formats an overSplit's remaining quantity.
 */
export function refusalText(t: TFunction, error: unknown, unit?: Unit): string {
  const params = error instanceof ApiError ? error.params : undefined;
  const reason = params?.reason;
  if (!params || typeof reason !== 'string' || !REFUSALS.has(reason)) return errorText(t, error);
  const { status, remaining } = params;
  return t(`refusal.${reason}`, {
    ...params,
    ...(typeof status === 'string' && { status: t(`status.${status}`) }),
    ...(typeof params.unit === 'string' && { unit: t(`unit.${params.unit}`) }),
    ...(typeof remaining === 'number' && unit && { remaining: amountText(remaining, unit), unit: t(`unit.${unit}`) }),
  });
}
