import { useTranslation } from 'react-i18next';
import { LOT_STATUSES, OUTCOMES, type LedgerFilters } from '../../../../shared/contract';
import type { LedgerOptions } from './useLedgerOptions';

type Key = keyof LedgerFilters;

/** One select per filter; 全部 clears it. A receiver's operator filter is fixed to themself, so it is not offered. */
export function LedgerFilterBar({ filters, options, ownDesk, onChange }: { filters: LedgerFilters; options: LedgerOptions; ownDesk: boolean; onChange(next: LedgerFilters): void }) {
  const { t, i18n } = useTranslation();
  const set = (key: Key, value: string) => onChange({ ...filters, [key]: value || undefined });
  const select = (key: Key, choices: { value: string; label: string }[]) => (
    <label className="ledger-filter">
      {t(`ledger.filter.${key === 'categoryId' ? 'category' : key === 'supplierId' ? 'supplier' : key === 'stallId' ? 'stall' : key === 'operatorId' ? 'operator' : key}`)}
      <select value={filters[key] ?? ''} onChange={(e) => set(key, e.target.value)} data-testid={`ledger-filter-${key}`}>
        <option value="">{t('ledger.filter.all')}</option>
        {choices.map((c) => (
          <option key={c.value} value={c.value}>
            {c.label}
          </option>
        ))}
      </select>
    </label>
  );
  const any = Object.values(filters).some((v) => v !== undefined);
  return (
    <div className="ledger-filters" data-testid="ledger-filters">
      {select(
        'status',
        LOT_STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) })),
      )}
      {select(
        'outcome',
        OUTCOMES.map((o) => ({ value: o, label: t(`outcome.${o}`) })),
      )}
      {select(
        'categoryId',
        options.categories.map((c) => ({ value: c.id, label: i18n.language === 'en' ? c.nameEn : c.nameZh })),
      )}
      {select(
        'supplierId',
        options.suppliers.map((s) => ({ value: s.id, label: s.name })),
      )}
      {select(
        'stallId',
        options.stalls.map((s) => ({ value: s.id, label: s.name })),
      )}
      {!ownDesk &&
        select(
          'operatorId',
          options.operators.map((o) => ({ value: o.id, label: o.name })),
        )}
      {any && (
        <button type="button" className="secondary" onClick={() => onChange({})} data-testid="ledger-filter-clear">
          {t('ledger.filter.clear')}
        </button>
      )}
    </div>
  );
}
