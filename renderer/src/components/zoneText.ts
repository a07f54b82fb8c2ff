import type { TFunction } from 'i18next';
import type { Lot } from '../../../shared/contract';

/**
 * Where a lot is, in words (入场区 / 待检区 / 交易区 / 贮存区 / 出货区). A departure takes a sold lot
 * out of the zones (zone none); an admitted or sold-out lot gets there no other way, so it reads
 * 已出场. A rejected or destroyed lot has no zone either: a dash.
 */
export function zoneText(t: TFunction, lot: Pick<Lot, 'zone' | 'status'>): string {
  if (lot.zone === 'none' && (lot.status === 'admitted' || lot.status === 'exhausted')) return t('exit.zoneLeft');
  return t(`zone.${lot.zone}`);
}
