import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { TestItemInfo } from '../../../../shared/contract';
import { Choice } from '../../components/Choice';
import { localText } from './testingText';

export interface TestDraft {
  itemId: string;
  value: string;
  kitLot: string;
}

export type Reading = { kind: 'value' } | { kind: 'qualitative'; reading: 'positive' | 'negative' } | { kind: 'invalid' };

interface TestFormProps {
  /** The active items for the lot's category. */
  items: TestItemInfo[];
  /** The lot's category, named when no item covers it. */
  categoryName: string;
  draft: TestDraft;
  onChange(draft: TestDraft): void;
  onRecord(reading: Reading): void;
  busy: boolean;
}

/**
 * The reading, sized for gloves: the item as big buttons, then either the number (Enter records)
 * or 阳性 / 阴性 (one tap records), the kit lot, and 无效 when the kit's control line failed.
 */
export function TestForm({ items, categoryName, draft, onChange, onRecord, busy }: TestFormProps) {
  const { t, i18n } = useTranslation();
  const item = items.find((i) => i.id === draft.itemId) ?? items[0];
  const valueField = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (item?.kind === 'quantitative') valueField.current?.focus();
  }, [item?.id, item?.kind]);

  // Not a dead end: the inspector learns who can make the lot testable.
  if (!item)
    return (
      <div className="testing-message testing-problem test-no-item" role="alert" data-testid="test-no-item">
        <strong>{t('testing.noItem', { category: categoryName })}</strong>
        <p>{t('testing.noItemHint')}</p>
      </div>
    );
  return (
    <form
      className="test-form"
      data-testid="test-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (item.kind === 'quantitative') onRecord({ kind: 'value' });
      }}
    >
      <div className="test-field">
        <span className="test-label">{t('testing.item')}</span>
        <Choice
          value={item.id}
          options={items.map((i) => i.id)}
          label={(id) => localText(items.find((i) => i.id === id)!.name, i18n.language)}
          testId="test-item"
          onChange={(itemId) => onChange({ ...draft, itemId })}
        />
        <span className="test-method">
          {localText(item.method, i18n.language)}
          {item.threshold !== null && ` · ${t('testing.threshold', { threshold: item.threshold, unit: item.unit ?? '' })}`}
        </span>
      </div>
      {item.kind === 'quantitative' ? (
        <label className="test-field">
          <span className="test-label">{t('testing.value', { unit: item.unit ?? '' })}</span>
          <div className="test-value-row">
            <input
              ref={valueField}
              className="test-value"
              inputMode="decimal"
              autoComplete="off"
              value={draft.value}
              onChange={(e) => onChange({ ...draft, value: e.target.value })}
              data-testid="test-value"
            />
            <button type="submit" className="primary test-record" disabled={busy} data-testid="test-record">
              {busy ? t('testing.recording') : t('testing.record')}
            </button>
          </div>
        </label>
      ) : (
        <div className="test-readings">
          {(['negative', 'positive'] as const).map((reading) => (
            <button
              key={reading}
              type="button"
              className={`test-reading test-reading-${reading}`}
              disabled={busy}
              onClick={() => onRecord({ kind: 'qualitative', reading })}
              data-testid={`test-reading-${reading}`}
            >
              {t(`testing.reading.${reading}`)}
            </button>
          ))}
        </div>
      )}
      <div className="test-extra">
        <label className="test-field test-kit">
          <span className="test-label">{t('testing.kitLot')}</span>
          <input value={draft.kitLot} maxLength={40} autoComplete="off" onChange={(e) => onChange({ ...draft, kitLot: e.target.value })} data-testid="test-kit-lot" />
        </label>
        <button type="button" className="secondary test-invalid" disabled={busy} onClick={() => onRecord({ kind: 'invalid' })} data-testid="test-invalid">
          {t('testing.invalidRun')}
        </button>
      </div>
    </form>
  );
}
