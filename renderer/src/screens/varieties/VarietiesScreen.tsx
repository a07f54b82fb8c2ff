import { useEffect, useState } from 'react';
import { errorText } from '../../i18n';
import { useTranslation } from 'react-i18next';
import type { Category, Variety } from '../../../../shared/contract';
import { useStation } from '../../api';
import { VarietyForm } from './VarietyForm';
import './varieties.css';

/** 品种 (manager): what the desk can receive — add 鸡蛋 or 生菜, fix a name, a category or a unit. */
export function VarietiesScreen() {
  const { t, i18n } = useTranslation();
  const { client } = useStation();
  const [categories, setCategories] = useState<Category[]>([]);
  const [varieties, setVarieties] = useState<Variety[]>([]);
  const [shown, setShown] = useState<string>('');
  const [editing, setEditing] = useState<Variety | 'new' | null>(null);
  const [message, setMessage] = useState('');

  useEffect(() => {
    Promise.all([client.call('listCategories', {}), client.call('listVarieties', {})]).then(
      ([c, v]) => {
        setCategories(c);
        setVarieties(v);
      },
      (error) => setMessage(errorText(t, error)),
    );
  }, [client, t]);

  const categoryName = (id: string) => {
    const c = categories.find((x) => x.id === id);
    return c ? (i18n.language === 'en' ? c.nameEn : c.nameZh) : id;
  };
  const saved = (variety: Variety) => {
    setVarieties((list) => [...list.filter((v) => v.id !== variety.id), variety].sort((a, b) => a.name.localeCompare(b.name, 'zh-CN')));
    setMessage(t('masterData.varieties.saved', { name: variety.name }));
    setEditing(null);
  };
  const listed = varieties.filter((v) => !shown || v.categoryId === shown);

  return (
    <main className="screen varieties" data-testid="varieties-screen">
      <div className="varieties-columns">
        <section>
          <header className="panel-header">
            <h1>{t('masterData.varieties.title')}</h1>
            <span className="muted">{t('masterData.varieties.count', { count: varieties.length })}</span>
          </header>
          <div className="segmented variety-filter">
            {[{ id: '', label: t('masterData.varieties.all') }, ...categories.map((c) => ({ id: c.id, label: categoryName(c.id) }))].map((c) => (
              <button
                key={c.id}
                type="button"
                className={`segment ${shown === c.id ? 'segment-on' : ''}`}
                aria-pressed={shown === c.id}
                onClick={() => setShown(c.id)}
                data-testid={`variety-filter-${c.id || 'all'}`}
              >
                {c.label}
              </button>
            ))}
          </div>
          {listed.length === 0 && <p className="muted">{t('masterData.varieties.empty')}</p>}
          <ul className="variety-list">
            {listed.map((v) => (
              <li key={v.id} className="variety-item" data-testid="variety-item" data-name={v.name}>
                <div>
                  <strong>{v.name}</strong>
                  <div className="muted">
                    {categoryName(v.categoryId)} · {t(`unit.${v.defaultUnit}`)}
                  </div>
                </div>
                <button type="button" className="secondary" onClick={() => setEditing(v)} data-testid="variety-edit">
                  {t('common.edit')}
                </button>
              </li>
            ))}
          </ul>
        </section>
        <div className="varieties-side">
          {message && (
            <p className="varieties-message" role="status" data-testid="varieties-message">
              {message}
            </p>
          )}
          {editing ? (
            <VarietyForm
              key={editing === 'new' ? 'new' : editing.id}
              variety={editing === 'new' ? undefined : editing}
              categoryId={shown || undefined}
              categories={categories}
              onSaved={saved}
              onCancel={() => setEditing(null)}
            />
          ) : (
            <button type="button" className="primary variety-add" onClick={() => setEditing('new')} data-testid="variety-add">
              {t('masterData.varieties.add')}
            </button>
          )}
        </div>
      </div>
    </main>
  );
}
