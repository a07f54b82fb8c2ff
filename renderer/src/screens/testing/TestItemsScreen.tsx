import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TestItemCoverage, TestItemInfo } from '../../../../shared/contract';
import { useStation } from '../../api';
import { useApiAction } from '../../components/useApiAction';
import { TestItemForm } from './TestItemForm';
import { localText, testingErrorText } from './testingText';
import './testItems.css';

/**
 * 检测项目 (admin): the rapid tests as data. Every category's coverage on top — a category tested
 * batch by batch with no active item is flagged red, since its lots could never leave 待检 — then
 * the items, disabled ones greyed, each with edit and 停用 / 启用.
 */
export function TestItemsScreen() {
  const { t, i18n } = useTranslation();
  const { client } = useStation();
  const [items, setItems] = useState<TestItemInfo[]>([]);
  const [coverage, setCoverage] = useState<TestItemCoverage[]>([]);
  const [editing, setEditing] = useState<TestItemInfo | 'new' | null>(null);
  const [status, setStatus] = useState('');
  const { busy, problem, run, fail } = useApiAction((error) => testingErrorText(t, error));

  const reload = useCallback(() => {
    client.call('listTestItems', { includeInactive: true }).then(setItems, (e) => fail(testingErrorText(t, e)));
    client.call('testItemCoverage', {}).then(setCoverage, (e) => fail(testingErrorText(t, e)));
  }, [client, t, fail]);
  useEffect(reload, [reload]);

  const lang = i18n.language;
  const categoryName = (id: string) => {
    const c = coverage.find((x) => x.categoryId === id);
    return c ? localText({ zh: c.nameZh, en: c.nameEn }, lang) : id;
  };

  async function toggle(item: TestItemInfo) {
    await run(async () => {
      const changed = await client.call('setTestItemActive', { id: item.id, active: !item.active });
      setStatus(t(changed.active ? 'testing.items.toggled.on' : 'testing.items.toggled.off', { name: localText(changed.name, lang) }));
      reload();
    });
  }

  return (
    <main className="screen test-items" data-testid="test-items-screen">
      <header className="panel-header">
        <div>
          <h1>{t('testing.items.title')}</h1>
          <p className="muted">{t('testing.items.hint')}</p>
        </div>
        {!editing && (
          <button type="button" className="primary" onClick={() => setEditing('new')} data-testid="test-item-add">
            {t('testing.items.add')}
          </button>
        )}
      </header>

      <section className="item-coverage" aria-label={t('testing.items.coverage')}>
        <h3>{t('testing.items.coverage')}</h3>
        <ul>
          {coverage.map((c) => (
            <li
              key={c.categoryId}
              className={`coverage-chip ${c.gap ? 'coverage-gap' : c.activeItems === 0 ? 'coverage-none' : ''}`}
              data-testid="coverage-chip"
              data-category={c.categoryId}
              data-gap={c.gap}
              data-count={c.activeItems}
            >
              <strong>{categoryName(c.categoryId)}</strong> {c.gap ? t('testing.items.gap') : c.activeItems === 0 ? t('testing.items.notTested') : t('testing.items.count', { count: c.activeItems })}
            </li>
          ))}
        </ul>
        <p className="muted">{t('testing.items.coverageHint')}</p>
      </section>

      {problem && (
        <p className="form-message" role="alert" data-testid="test-items-problem">
          {problem}
        </p>
      )}
      {status && (
        <p className="item-status" role="status" data-testid="test-items-status">
          {status}
        </p>
      )}

      <div className={`test-items-body ${editing ? 'test-items-editing' : ''}`}>
        {items.length === 0 ? (
          <p className="muted">{t('testing.items.empty')}</p>
        ) : (
          <div className="item-table-wrap">
            <table className="item-table">
              <thead>
                <tr>
                  {(['name', 'method', 'judge', 'categories', 'lab', 'status'] as const).map((c) => (
                    <th key={c} className={`item-col-${c}`}>
                      {t(`testing.items.column.${c}`)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {items.map((item) => (
                  <tr key={item.id} className={item.active ? '' : 'item-inactive'} data-testid="test-item-row" data-id={item.id} data-active={item.active}>
                    <td>
                      <strong>{item.name.zh}</strong>
                      {item.name.en && <div className="muted">{item.name.en}</div>}
                    </td>
                    <td className="item-col-method">
                      {localText(item.method, lang)}
                      {item.standard && <div className="muted">{item.standard}</div>}
                    </td>
                    <td>
                      {item.kind === 'quantitative' ? (
                        <>
                          {t('testing.items.positiveAt', { threshold: item.threshold, unit: item.unit })}
                          <div className="muted">{t('testing.items.range', { min: item.min, max: item.max, unit: item.unit })}</div>
                        </>
                      ) : (
                        t('testing.items.qualitative')
                      )}
                    </td>
                    <td>{item.categories.map(categoryName).join('、')}</td>
                    <td className="item-col-lab">
                      {item.labConfirm.allPositives && <div>{t('testing.items.labAll')}</div>}
                      {item.labConfirm.varietyKeys.length > 0 && <div className="muted">{t('testing.items.labKeys', { keys: item.labConfirm.varietyKeys.join('、') })}</div>}
                    </td>
                    <td className="item-actions">
                      {!item.active && <span className="item-off-chip">{t('testing.items.inactive')}</span>}
                      <button type="button" className="secondary small" onClick={() => setEditing(item)} data-testid="test-item-edit">
                        {t('testing.items.edit')}
                      </button>
                      <button type="button" className={item.active ? 'secondary small' : 'primary small'} disabled={busy} onClick={() => void toggle(item)} data-testid="test-item-toggle">
                        {t(item.active ? 'testing.items.disable' : 'testing.items.enable')}
                      </button>
                      <div className="muted item-updated">
                        {item.updatedByName ? t('testing.items.updated', { name: item.updatedByName, at: new Date(item.updatedAt).toLocaleString() }) : t('testing.items.seeded')}
                      </div>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {editing && (
          <TestItemForm
            key={editing === 'new' ? 'new' : editing.id}
            item={editing === 'new' ? undefined : editing}
            categories={coverage}
            onSaved={(saved) => {
              setEditing(null);
              setStatus(t('testing.items.form.saved', { name: localText(saved.name, lang) }));
              reload();
            }}
            onCancel={() => setEditing(null)}
          />
        )}
      </div>
    </main>
  );
}
