import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fileToPhoto, toPhotoDataUrl } from './photo';

interface CertificatePhotoProps {
  photo?: string;
  onChange(photo: string | undefined): void;
}

/** A photo of the paper certificate, from a file or a live camera frame. */
export function CertificatePhoto({ photo, onChange }: CertificatePhotoProps) {
  const { t } = useTranslation();
  const [filming, setFilming] = useState(false);
  const [message, setMessage] = useState('');
  const video = useRef<HTMLVideoElement>(null);

  useEffect(() => {
    if (!filming) return;
    let stream: MediaStream | null = null;
    let cancelled = false;
    navigator.mediaDevices
      .getUserMedia({ video: { facingMode: 'environment' } })
      .then((s) => {
        if (cancelled) return s.getTracks().forEach((track) => track.stop());
        stream = s;
        if (video.current) {
          video.current.srcObject = s;
          void video.current.play();
        }
      })
      .catch(() => {
        setMessage(t('receiving.photoError'));
        setFilming(false);
      });
    return () => {
      cancelled = true;
      stream?.getTracks().forEach((track) => track.stop());
    };
  }, [filming, t]);

  function take() {
    const v = video.current;
    if (!v || !v.videoWidth) return;
    try {
      onChange(toPhotoDataUrl(v, v.videoWidth, v.videoHeight));
      setFilming(false);
    } catch {
      setMessage(t('receiving.photoError'));
    }
  }

  async function pick(file: File | undefined) {
    if (!file) return;
    try {
      onChange(await fileToPhoto(file));
      setMessage('');
    } catch {
      setMessage(t('receiving.photoError'));
    }
  }

  return (
    <div className="cert-photo span-3">
      {photo && <img className="cert-photo-thumb" src={photo} alt={t('receiving.photoAttached')} />}
      <label className="file-button">
        {t('receiving.photoFile')}
        <input type="file" accept="image/jpeg,image/png" capture="environment" onChange={(e) => void pick(e.target.files?.[0])} />
      </label>
      <button type="button" className="secondary small" onClick={() => setFilming(!filming)}>
        {filming ? t('common.cancel') : t('receiving.photoCamera')}
      </button>
      {filming && (
        <>
          <video ref={video} className="cert-photo-video" muted playsInline />
          <button type="button" className="primary small" onClick={take}>
            {t('receiving.photoTake')}
          </button>
        </>
      )}
      {photo && (
        <button type="button" className="secondary small" onClick={() => onChange(undefined)}>
          {t('receiving.photoRemove')}
        </button>
      )}
      {message && <span className="form-message">{message}</span>}
    </div>
  );
}
