import { useCallback, useEffect, useState } from 'react';
import { errorText } from '../../i18n';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { Scale } from '../../../../shared/contract';
import { useStation } from '../../api';
import { RemoveButton } from './RemoveButton';
import { ScaleForm, type ProtocolInfo } from './ScaleForm';
import { useScaleRows, type ScaleRow } from './useScaleRows';

/** The reading in words: weight with 稳定/不稳定 (or 负值), or 超载/欠载/无法确定, or nothing yet. */
function readingText(t: TFunction, row: ScaleRow): string {
  const w = row.weight;
  if (!w) return t('common.none');
  if (w.kind !== 'reading' || w.kg === null) return t(`devices.scale.kind.${w.kind}`);
  const state = w.kg < 0 ? t('devices.scale.negative') : w.stable ? t('scale.stable') : t('scale.unstable');
  return `${w.kg.toFixed(3)} ${t('unit.kg')} · ${state}`;
}

/** Scales: live state and weight of each, and (admin) add, auto-detect, change or remove one. */
export function ScalesPanel() {
  const { t } = useTranslation();
  const { client } = useStation();
  const [problem, setProblem] = useState('');
  const onError = useCallback((error: unknown) => setProblem(errorText(t, error)), [t]);
  const { rows, reload } = useScaleRows(onError);
  const [protocols, setProtocols] = useState<ProtocolInfo[]>([]);
  const [editing, setEditing] = useState<Scale | 'new' | null>(null);
  const [saved, setSaved] = useState('');

  useEffect(() => {
    client.call('listScaleProtocols', {}).then(setProtocols, onError);
  }, [client, onError]);

  const protocolName = (id: string) => protocols.find((p) => p.id === id)?.name ?? id;
  const start = (what: Scale | 'new') => {
    setSaved('');
    setProblem('');
    setEditing(what);
  };

  return (
    <section className="card" data-testid="scales-panel">
      <div className="panel-header">
        <h2>{t('devices.scales')}</h2>
        {!editing && (
          <button type="button" className="primary" onClick={() => start('new')} data-testid="scale-add">
            {t('devices.scale.add')}
          </button>
        )}
      </div>
      {problem && (
        <p className="form-message" role="alert" data-testid="scales-problem">
          {problem}
        </p>
      )}
      {saved && <p role="status">{saved}</p>}
      {editing && protocols.length > 0 && (
        <ScaleForm
          scale={editing === 'new' ? undefined : editing}
          protocols={protocols}
          onSaved={(scale) => {
            setEditing(null);
            setSaved(t('devices.saved', { name: scale.name }));
            void reload();
          }}
          onCancel={() => setEditing(null)}
        />
      )}
      {rows?.length === 0 && !editing && <p className="muted">{t('devices.scale.none')}</p>}
      {rows && rows.length > 0 && (
        <ul className="device-list">
          {rows.map((row) => (
            <li key={row.id} className="device-row" data-testid="scale-row" data-id={row.id} data-state={row.status.state}>
              <div>
                <strong>{row.name}</strong>
                <span className={`device-state device-state-${row.status.state}`} data-testid="scale-state">
                  {t(`devices.state.${row.status.state}`)}
                </span>
                <div className="muted">
                  {protocolName(row.protocolId)} · {row.baudRate ?? t('devices.scale.defaultBaud')} · <span className="code-cell">{row.path}</span>
                </div>
                {row.status.error && (
                  <div className="form-message" data-testid="scale-error">
                    {t(`scale.reason.${row.status.error}`)}
                    {row.status.message ? `：${row.status.message}` : ''}
                  </div>
                )}
              </div>
              <span className="device-reading" data-testid="scale-reading">
                {readingText(t, row)}
              </span>
              {!editing && (
                <div className="device-actions">
                  <button type="button" className="secondary" onClick={() => start(row)} data-testid="scale-edit">
                    {t('common.edit')}
                  </button>
                  <RemoveButton testId="scale-remove" onRemove={() => client.call('removeScale', { id: row.id }).then(reload, onError)} />
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
