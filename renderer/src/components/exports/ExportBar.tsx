import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ulid } from 'ulid';
import type { ExportDownload, ExportFile, ExportFormat } from '../../../../shared/contract';
import { useStation } from '../../api';
import { errorText } from '../../i18n';
import { sizeText } from './sizeText';
import './exports.css';

interface Running {
  exportId: string;
  format: ExportFormat;
  done: number;
  total: number | null;
  cancelling: boolean;
}

/**
 * Export buttons of a screen (日报, 台账): the file is made on the station's side, off the
 * counter's event loop, while this bar shows its progress (`exportProgress` events of the id it
 * chose) with 取消; the finished file comes back as a Blob URL to download, as the support bundle does.
 */
export function ExportBar<F extends ExportFormat>({ formats, start, testId }: { formats: readonly F[]; start(format: F, exportId: string): Promise<ExportFile>; testId: string }) {
  const { t } = useTranslation();
  const { client } = useStation();
  const [running, setRunning] = useState<Running | null>(null);
  const [finished, setFinished] = useState<{ file: ExportFile; download: ExportDownload } | null>(null);
  const [url, setUrl] = useState<string | null>(null);
  const [problem, setProblem] = useState('');
  const current = useRef<string | null>(null);

  useEffect(
    () =>
      client.on('exportProgress', ({ exportId, done, total }) => {
        if (exportId === current.current) setRunning((r) => (r && r.exportId === exportId ? { ...r, done, total } : r));
      }),
    [client],
  );

  useEffect(() => {
    if (!finished?.download.content) return setUrl(null);
    const bytes = Uint8Array.from(atob(finished.download.content), (c) => c.charCodeAt(0));
    const made = URL.createObjectURL(new Blob([bytes], { type: finished.download.mimeType }));
    setUrl(made);
    return () => URL.revokeObjectURL(made);
  }, [finished]);

  async function exportAs(format: F) {
    const exportId = ulid();
    current.current = exportId;
    setProblem('');
    setFinished(null);
    setRunning({ exportId, format, done: 0, total: null, cancelling: false });
    try {
      const file = await start(format, exportId);
      setFinished({ file, download: await client.call('downloadExport', { fileName: file.fileName }) });
    } catch (error) {
      setProblem(errorText(t, error));
    } finally {
      current.current = null;
      setRunning(null);
    }
  }

  async function cancel() {
    if (!running) return;
    setRunning({ ...running, cancelling: true });
    // The export's own call then ends refused (exportCancelled) and says so; a cancel that came too late changes nothing.
    await client.call('cancelExport', { exportId: running.exportId }).catch((error: unknown) => setProblem(errorText(t, error)));
  }

  return (
    <section className="export-bar" aria-label={t('exports.title')} data-testid={testId}>
      <div className="export-buttons">
        {formats.map((format) => (
          <button key={format} type="button" className="secondary" disabled={running !== null} onClick={() => void exportAs(format)} data-testid={`${testId}-${format}`}>
            {t(`exports.format.${format as ExportFormat}`)}
          </button>
        ))}
      </div>
      {running && (
        <div className="export-progress" role="status" data-testid={`${testId}-progress`} data-done={running.done} data-total={running.total ?? ''}>
          <span>{t('exports.running', { name: t(`exports.kind.${running.format}`) })}</span>
          <progress max={running.total ?? undefined} value={running.total ? running.done : undefined} />
          <span>{running.total ? t('exports.progress', { done: running.done, total: running.total }) : t('exports.progressUnknown', { done: running.done })}</span>
          <button type="button" className="secondary" disabled={running.cancelling} onClick={() => void cancel()} data-testid={`${testId}-cancel`}>
            {running.cancelling ? t('exports.cancelling') : t('exports.cancel')}
          </button>
        </div>
      )}
      {problem && (
        <p className="form-message" role="alert" data-testid={`${testId}-problem`}>
          {problem}
        </p>
      )}
      {finished && (
        <div className="export-done" role="status" data-testid={`${testId}-done`} data-file={finished.file.fileName}>
          <strong>{t('exports.done', { fileName: finished.file.fileName, size: sizeText(finished.file.bytes) })}</strong>
          <span className="muted">{t('exports.path', { path: finished.file.path })}</span>
          {url && (
            <a href={url} download={finished.file.fileName} data-testid={`${testId}-download`}>
              {t('exports.download')}
            </a>
          )}
          {finished.download.content === null && <span className="hint">{t('exports.tooLarge')}</span>}
        </div>
      )}
    </section>
  );
}
