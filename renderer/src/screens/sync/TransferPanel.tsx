import { useEffect, useRef, useState, type ChangeEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Output } from '../../../../shared/contract';
import { useStation } from '../../api';
import { useApiAction } from '../../components/useApiAction';
import { errorText } from '../../i18n';
import { refusalMessage } from '../../i18n/refusal';

const MAX_IMPORT_CHARS = 200_000_000;

/**
 * 离线移交 for a station that is never online: export the waiting records to a file (移交 hands
 * them over, so this PC no longer sends them), and import such a file on a PC that is online.
 */
export function TransferPanel() {
  const { t } = useTranslation();
  const { client, can } = useStation();
  const [handOver, setHandOver] = useState(false);
  const [exported, setExported] = useState<(Output<'exportUpload'> & { done: 'exported' | 'exportedHandedOver' | 'exportedAgain' }) | null>(null);
  const [imported, setImported] = useState<Output<'importUpload'> | null>(null);
  const exporting = useApiAction((error) => errorText(t, error));
  const importing = useApiAction((error) => errorText(t, error));
  const busy = exporting.busy ? 'export' : importing.busy ? 'import' : null;
  const [download, setDownload] = useState<string | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);

  // The inline copy of the file, as a download for a browser on another PC of the market's network.
  useEffect(() => {
    if (!exported?.content) return setDownload(null);
    const url = URL.createObjectURL(new Blob([exported.content], { type: 'application/ld+json' }));
    setDownload(url);
    return () => URL.revokeObjectURL(url);
  }, [exported]);

  if (!can('exportUpload') && !can('importUpload')) return null;

  async function exportNow(records: 'waiting' | 'handedOver') {
    setExported(null);
    const done = records === 'handedOver' ? 'exportedAgain' : handOver ? 'exportedHandedOver' : 'exported';
    await exporting.run(async () => setExported({ ...(await client.call('exportUpload', { handOver: handOver && records === 'waiting', records })), done }));
  }

  async function importFile(e: ChangeEvent<HTMLInputElement>) {
    const input = e.currentTarget;
    const file = input.files?.[0];
    // The same file may be chosen again (a second import adds nothing, and says so).
    input.value = '';
    if (!file) return;
    setImported(null);
    importing.clear();
    if (file.size > MAX_IMPORT_CHARS) return importing.fail(refusalMessage(t, 'importTooBig'));
    await importing.run(async () => {
      let content: string;
      try {
        content = await file.text();
      } catch {
        return importing.fail(refusalMessage(t, 'importUnreadable'));
      }
      if (content.trim().length < 2) return importing.fail(refusalMessage(t, 'importEmpty'));
      if (content.length > MAX_IMPORT_CHARS) return importing.fail(refusalMessage(t, 'importTooBig'));
      setImported(await client.call('importUpload', { content }));
    });
  }

  return (
    <section className="card sync-transfer" data-testid="sync-transfer">
      <h2>{t('sync.transfer.title')}</h2>
      <p className="muted">{t('sync.transfer.hint')}</p>
      {can('exportUpload') && (
        <div className="sync-transfer-part">
          <label className="sync-check sync-check-big">
            <input type="checkbox" checked={handOver} onChange={(e) => setHandOver(e.target.checked)} data-testid="sync-hand-over" />
            <span>{t('sync.transfer.handOver')}</span>
          </label>
          <div className="sync-transfer-actions">
            <button type="button" className="secondary" disabled={busy !== null} onClick={() => void exportNow('waiting')} data-testid="sync-export">
              {busy === 'export' ? t('sync.transfer.exporting') : t('sync.transfer.export')}
            </button>
            <button type="button" className="secondary" disabled={busy !== null} onClick={() => void exportNow('handedOver')} data-testid="sync-export-again">
              {t('sync.transfer.exportAgain')}
            </button>
          </div>
          <p className="muted">{t('sync.transfer.exportAgainHint')}</p>
          {exporting.problem && (
            <p className="form-message" role="alert" data-testid="sync-export-message">
              {exporting.problem}
            </p>
          )}
          {exported && (
            <div className="sync-result" role="status" data-testid="sync-exported" data-records={exported.records} data-path={exported.path}>
              <strong data-testid="sync-exported-count">{t(`sync.transfer.${exported.done}`, { count: exported.records })}</strong>
              <span className="sync-path" data-testid="sync-exported-path">
                {t('sync.transfer.path', { path: exported.path })}
              </span>
              {exported.buyerPhones && (
                <span className="sync-confidential" data-testid="sync-exported-buyer-phones">
                  {t('sync.transfer.buyerPhones')}
                </span>
              )}
              {download && (
                <a className="sync-download" href={download} download={exported.fileName} data-testid="sync-download">
                  {t('sync.transfer.download')}
                </a>
              )}
            </div>
          )}
        </div>
      )}
      {can('importUpload') && (
        <div className="sync-transfer-part">
          <p className="muted">{t('sync.transfer.importHint')}</p>
          <div className="sync-transfer-actions">
            <input
              ref={fileInput}
              type="file"
              className="sync-file"
              accept=".json,application/json,application/ld+json"
              tabIndex={-1}
              aria-hidden="true"
              onChange={(e) => void importFile(e)}
              data-testid="sync-import-file"
            />
            <button type="button" className="secondary" disabled={busy !== null} onClick={() => fileInput.current?.click()} data-testid="sync-import">
              {busy === 'import' ? t('sync.transfer.importing') : t('sync.transfer.import')}
            </button>
          </div>
          {importing.problem && (
            <p className="form-message" role="alert" data-testid="sync-import-message">
              {importing.problem}
            </p>
          )}
          {imported && (
            <div
              className="sync-result"
              role="status"
              data-testid="sync-imported"
              data-records={imported.records}
              data-added={imported.added}
              data-duplicates={imported.duplicates}
              data-from={imported.fromStation ?? ''}
            >
              <strong data-testid="sync-imported-counts">{t('sync.transfer.imported', { records: imported.records, added: imported.added, duplicates: imported.duplicates })}</strong>
              <span data-testid="sync-imported-from">{t('sync.transfer.fromStation', { station: imported.fromStation ?? t('sync.transfer.unknownStation') })}</span>
            </div>
          )}
        </div>
      )}
    </section>
  );
}
