import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { UNITS, type Category, type Subject, type Unit, type Variety } from '../../../../shared/contract';
import { CertificateRow } from './CertificateRow';
import { defaultIssuer, newCertificate, varietyChosen, type DeliveryDraft } from './delivery';
import { SupplierQuickAdd } from './SupplierQuickAdd';
import { VarietyForm } from '../varieties/VarietyForm';

interface DeliveryPanelProps {
  draft: DeliveryDraft;
  onChange(draft: DeliveryDraft): void;
  suppliers: Subject[];
  varieties: Variety[];
  categories: Category[];
  canAddSupplier: boolean;
  onSupplierAdded(subject: Subject): void;
  /** A manager may add a variety the desk has never received (鸡蛋, 生菜…) without leaving. */
  canAddVariety: boolean;
  onVarietyAdded(variety: Variety): void;
  onNextDelivery(): void;
  /** The desk scale's weight the quantity follows (read-only); null: typed. */
  followedKg: string | null;
  /** The live weight with its stable indicator, shown above the quantity. */
  weightBox: ReactNode;
}

/** 本车信息: filled once per vehicle and kept for every scan until 下一车. */
export function DeliveryPanel(props: DeliveryPanelProps) {
  const { draft, onChange, suppliers, varieties, categories } = props;
  const { t, i18n } = useTranslation();
  const [addingSupplier, setAddingSupplier] = useState(false);
  const [addingVariety, setAddingVariety] = useState(false);
  const categoryName = (c: Category) => (i18n.language === 'en' ? c.nameEn : c.nameZh);

  return (
    <section className="delivery" data-testid="delivery">
      <header className="panel-header">
        <h2>{t('receiving.delivery')}</h2>
        <button type="button" className="secondary" onClick={props.onNextDelivery} data-testid="next-delivery">
          {t('receiving.nextDelivery')}
        </button>
      </header>

      <div className="field-row">
        <label className="grow">
          {t('receiving.supplier')}
          <select value={draft.supplierId} onChange={(e) => onChange({ ...draft, supplierId: e.target.value })} data-testid="supplier-select">
            <option value="">{t('common.choose')}</option>
            {suppliers.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
                {s.blocked ? `（${t('subjects.blocked')}）` : ''}
              </option>
            ))}
          </select>
        </label>
        {props.canAddSupplier && !addingSupplier && (
          <button type="button" className="secondary" onClick={() => setAddingSupplier(true)} data-testid="quick-add-supplier">
            {t('receiving.quickAddSupplier')}
          </button>
        )}
      </div>
      {addingSupplier && (
        <SupplierQuickAdd
          onCancel={() => setAddingSupplier(false)}
          onAdded={(subject) => {
            setAddingSupplier(false);
            props.onSupplierAdded(subject);
          }}
        />
      )}

      <div className="field-row">
        <label className="grow">
          {t('receiving.variety')}
          <select
            value={draft.varietyId}
            onChange={(e) =>
              onChange(
                varietyChosen(
                  draft,
                  varieties.find((v) => v.id === e.target.value),
                ),
              )
            }
            data-testid="variety-select"
          >
            <option value="">{t('common.choose')}</option>
            {categories.map((c) => {
              const inCategory = varieties.filter((v) => v.categoryId === c.id);
              return (
                inCategory.length > 0 && (
                  <optgroup key={c.id} label={categoryName(c)}>
                    {inCategory.map((v) => (
                      <option key={v.id} value={v.id}>
                        {v.name}
                      </option>
                    ))}
                  </optgroup>
                )
              );
            })}
          </select>
        </label>
        {props.canAddVariety && !addingVariety && (
          <button type="button" className="secondary" onClick={() => setAddingVariety(true)} data-testid="quick-add-variety">
            {t('masterData.varieties.add')}
          </button>
        )}
      </div>
      {addingVariety && (
        <VarietyForm
          quick
          categories={categories}
          onCancel={() => setAddingVariety(false)}
          onSaved={(variety) => {
            setAddingVariety(false);
            props.onVarietyAdded(variety);
          }}
        />
      )}

      {props.weightBox}
      <div className="field-row">
        <label className="grow">
          {props.followedKg === null ? t('receiving.quantity') : t('receiving.quantityWeighed')}
          <input
            inputMode="decimal"
            value={props.followedKg ?? draft.quantity}
            readOnly={props.followedKg !== null}
            onChange={(e) => onChange({ ...draft, quantity: e.target.value })}
            data-testid="quantity"
          />
        </label>
        <label>
          {t('receiving.unit')}
          <select value={draft.unit} onChange={(e) => onChange({ ...draft, unit: e.target.value as Unit })} data-testid="unit-select">
            {UNITS.map((unit) => (
              <option key={unit} value={unit}>
                {t(`unit.${unit}`)}
              </option>
            ))}
          </select>
        </label>
      </div>

      <header className="panel-header">
        <h3>{t('receiving.certificates')}</h3>
        <button
          type="button"
          className="secondary"
          onClick={() => onChange({ ...draft, certificates: [...draft.certificates, newCertificate({ issuer: defaultIssuer(suppliers, draft.supplierId) })] })}
          data-testid="add-certificate"
        >
          {t('receiving.addCertificate')}
        </button>
      </header>
      {draft.certificates.length === 0 && <p className="muted">{t('receiving.noCertificates')}</p>}
      {draft.certificates.map((c, i) => (
        <CertificateRow
          key={c.key}
          index={i}
          certificate={c}
          onChange={(next) => onChange({ ...draft, certificates: draft.certificates.map((d) => (d.key === c.key ? next : d)) })}
          onRemove={() => onChange({ ...draft, certificates: draft.certificates.filter((d) => d.key !== c.key) })}
        />
      ))}
    </section>
  );
}
