import { useState, type FormEvent } from 'react';
import { errorText } from '../../i18n';
import { useTranslation } from 'react-i18next';
import { UNITS, type Category, type Unit, type Variety } from '../../../../shared/contract';
import { useStation } from '../../api';
import { FormFooter } from '../../components/FormFooter';
import { useApiAction } from '../../components/useApiAction';
import './varieties.css';

interface VarietyFormProps {
  /** Edit this variety, or add a new one (in `categoryId` when given). */
  variety?: Variety;
  categoryId?: string;
  categories: Category[];
  /** The receiving desk's quick-add: the compact dashed box beside the picker. */
  quick?: boolean;
  onSaved(variety: Variety): void;
  onCancel(): void;
}

/** 品种: a name, the category whose certificate rules it follows, and the unit it is counted in. */
export function VarietyForm({ variety, categoryId: initialCategory, categories, quick = false, onSaved, onCancel }: VarietyFormProps) {
  const { t, i18n } = useTranslation();
  const { client } = useStation();
  const [name, setName] = useState(variety?.name ?? '');
  const [categoryId, setCategoryId] = useState(variety?.categoryId ?? initialCategory ?? '');
  const [unit, setUnit] = useState<Unit>(variety?.defaultUnit ?? 'kg');
  const save = useApiAction((error) => errorText(t, error));
  const message = save.problem;

  async function submit(e: FormEvent) {
    e.preventDefault();
    e.stopPropagation();
    if (!name.trim()) return save.fail(t('masterData.varieties.nameRequired'));
    if (!categoryId) return save.fail(t('masterData.varieties.categoryRequired'));
    await save.run(async () => onSaved(await client.call('saveVariety', { ...(variety && { id: variety.id }), name: name.trim(), categoryId, defaultUnit: unit })));
  }

  return (
    <form className={quick ? 'quick-add' : 'card form'} onSubmit={submit} data-testid="variety-form">
      {!quick && <h2>{variety ? t('masterData.varieties.edit') : t('masterData.varieties.add')}</h2>}
      <label>
        {t('masterData.varieties.name')}
        <input autoFocus value={name} maxLength={40} onChange={(e) => setName(e.target.value)} data-testid="variety-name" />
      </label>
      <label>
        {t('masterData.varieties.category')}
        <select value={categoryId} onChange={(e) => setCategoryId(e.target.value)} data-testid="variety-category">
          <option value="">{t('common.choose')}</option>
          {categories.map((c) => (
            <option key={c.id} value={c.id}>
              {i18n.language === 'en' ? c.nameEn : c.nameZh}
            </option>
          ))}
        </select>
      </label>
      <div className="variety-unit">
        <span className="muted">{t('masterData.varieties.defaultUnit')}</span>
        <div className="segmented" role="group" aria-label={t('masterData.varieties.defaultUnit')}>
          {UNITS.map((u) => (
            <button key={u} type="button" className={`segment ${unit === u ? 'segment-on' : ''}`} aria-pressed={unit === u} onClick={() => setUnit(u)} data-testid={`variety-unit-${u}`}>
              {t(`unit.${u}`)}
            </button>
          ))}
        </div>
      </div>
      <FormFooter message={message} messageTestId="variety-message" onCancel={onCancel} submitTestId="variety-save" />
    </form>
  );
}
