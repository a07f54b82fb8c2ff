import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SupportBundle } from '../../../../shared/contract';
import { useStation } from '../../api';
import { sizeText } from '../../components/exports/sizeText';
import { useApiAction } from '../../components/useApiAction';
import { errorText } from '../../i18n';

/** 支持包导出: one zip of logs, settings without secrets, versions and device status, for technical support. */
export function SupportBundleSection() {
  const { t } = useTranslation();
  const { client, can } = useStation();
  const exporting = useApiAction((error) => errorText(t, error));
  const [bundle, setBundle] = useState<SupportBundle | null>(null);
  const [download, setDownload] = useState<string | null>(null);

  // The inline copy, as a download (a browser on another PC, or a copy to a USB disk from the app).
  useEffect(() => {
    if (!bundle?.content) return setDownload(null);
    const bytes = Uint8Array.from(atob(bundle.content), (c) => c.charCodeAt(0));
    const url = URL.createObjectURL(new Blob([bytes], { type: 'application/zip' }));
    setDownload(url);
    return () => URL.revokeObjectURL(url);
  }, [bundle]);

  if (!can('exportSupportBundle')) return null;

  async function exportNow() {
    setBundle(null);
    await exporting.run(async () => setBundle(await client.call('exportSupportBundle', {})));
  }

  return (
    <section className="card form" data-testid="support-bundle">
      <h3>{t('support.title')}</h3>
      <p className="muted">{t('support.hint')}</p>
      <div>
        <button type="button" className="secondary" disabled={exporting.busy} onClick={() => void exportNow()} data-testid="support-bundle-export">
          {exporting.busy ? t('support.exporting') : t('support.export')}
        </button>
      </div>
      {exporting.problem && (
        <p className="form-message" role="alert" data-testid="support-bundle-message">
          {exporting.problem}
        </p>
      )}
      {bundle && (
        <div role="status" data-testid="support-bundle-done" data-path={bundle.path}>
          <strong>{t('support.done', { size: sizeText(bundle.bytes) })}</strong>
          <p className="muted">{t('support.path', { path: bundle.path })}</p>
          {download && (
            <a href={download} download={bundle.fileName} data-testid="support-bundle-download">
              {t('support.download')}
            </a>
          )}
        </div>
      )}
    </section>
  );
}
