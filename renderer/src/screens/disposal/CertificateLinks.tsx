import { useEffect, useState } from 'react';
import { errorText } from '../../i18n';
import { useTranslation } from 'react-i18next';
import { useStation } from '../../api';

/** The kept certificate as a blob URL: opened in a new tab to read or print, or downloaded. */
export function CertificateLinks({ disposalId }: { disposalId: string }) {
  const { t } = useTranslation();
  const { client } = useStation();
  const [pdf, setPdf] = useState<{ url: string; fileName: string } | null>(null);
  const [problem, setProblem] = useState('');

  useEffect(() => {
    let url: string | null = null;
    let live = true;
    client.call('getDisposalCertificate', { disposalId }).then(
      ({ pdf: dataUrl, fileName }) => {
        const bin = atob(dataUrl.slice(dataUrl.indexOf(',') + 1));
        const bytes = new Uint8Array(bin.length);
        for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
        url = URL.createObjectURL(new Blob([bytes], { type: 'application/pdf' }));
        if (live) setPdf({ url, fileName });
        else URL.revokeObjectURL(url);
      },
      (error) => live && setProblem(errorText(t, error)),
    );
    return () => {
      live = false;
      if (url) URL.revokeObjectURL(url);
    };
  }, [client, disposalId, t]);

  if (problem) return <p className="form-message">{problem}</p>;
  if (!pdf) return null;
  return (
    <div className="form-actions">
      <a className="button-link primary" href={pdf.url} target="_blank" rel="noreferrer" data-testid="certificate-link" data-file={pdf.fileName}>
        {t('disposal.openCertificate')}
      </a>
      <a className="button-link secondary" href={pdf.url} download={pdf.fileName} data-testid="certificate-download">
        {t('disposal.downloadCertificate')}
      </a>
    </div>
  );
}
