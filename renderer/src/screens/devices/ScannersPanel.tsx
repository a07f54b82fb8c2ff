import { useCallback, useState } from 'react';
import { errorText } from '../../i18n';
import { useTranslation } from 'react-i18next';
import type { Scanner } from '../../../../shared/contract';
import { useStation } from '../../api';
import { RemoveButton } from './RemoveButton';
import { ScannerForm } from './ScannerForm';
import { useScannerRows } from './useScannerRows';

/**
 * Scanners that are not keyboard wedges (serial / USB-CDC and HID POS). A wedge needs no set-up:
 * it types into whatever screen is in front. The last scan shows here, so a scan tests the set-up.
 */
export function ScannersPanel() {
  const { t } = useTranslation();
  const { client } = useStation();
  const [problem, setProblem] = useState('');
  const onError = useCallback((error: unknown) => setProblem(errorText(t, error)), [t]);
  const { rows, reload } = useScannerRows(onError);
  const [editing, setEditing] = useState<Scanner | 'new' | null>(null);
  const [saved, setSaved] = useState('');

  const start = (what: Scanner | 'new') => {
    setSaved('');
    setProblem('');
    setEditing(what);
  };

  return (
    <section className="card" data-testid="scanners-panel">
      <div className="panel-header">
        <h2>{t('devices.scanners')}</h2>
        {!editing && (
          <button type="button" className="primary" onClick={() => start('new')} data-testid="scanner-add">
            {t('devices.scanner.add')}
          </button>
        )}
      </div>
      <p className="muted">{t('devices.scanner.wedgeHint')}</p>
      {problem && (
        <p className="form-message" role="alert">
          {problem}
        </p>
      )}
      {saved && <p role="status">{saved}</p>}
      {editing && (
        <ScannerForm
          scanner={editing === 'new' ? undefined : editing}
          onSaved={(scanner) => {
            setEditing(null);
            setSaved(t('devices.saved', { name: scanner.name }));
            void reload();
          }}
          onCancel={() => setEditing(null)}
        />
      )}
      {rows?.length === 0 && !editing && <p className="muted">{t('devices.scanner.none')}</p>}
      {rows && rows.length > 0 && (
        <ul className="device-list">
          {rows.map((row) => (
            <li key={row.id} className="device-row" data-testid="scanner-row" data-id={row.id} data-state={row.status.state}>
              <div>
                <strong>{row.name}</strong>
                <span className={`device-state device-state-${row.status.state}`} data-testid="scanner-state">
                  {t(`devices.state.${row.status.state}`)}
                </span>
                <div className="muted">
                  {t(`devices.scanner.kind.${row.kind}`)} · <span className="code-cell">{row.path}</span>
                </div>
                {row.status.error && (
                  <div className="form-message" data-testid="scanner-error">
                    {t(`devices.scanner.reason.${row.status.error}`)}
                    {row.status.message ? `：${row.status.message}` : ''}
                  </div>
                )}
                <div data-testid="scanner-last-scan">
                  {row.lastScan ? t('devices.scanner.lastScan', { text: row.lastScan.text, time: new Date(row.lastScan.at).toLocaleTimeString() }) : t('devices.scanner.scanToTest')}
                </div>
              </div>
              {!editing && (
                <div className="device-actions">
                  <button type="button" className="secondary" onClick={() => start(row)} data-testid="scanner-edit">
                    {t('common.edit')}
                  </button>
                  <RemoveButton testId="scanner-remove" onRemove={() => client.call('removeScanner', { id: row.id }).then(reload, onError)} />
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
