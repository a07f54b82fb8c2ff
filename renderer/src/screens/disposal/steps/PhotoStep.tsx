import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { cameraErrorCode } from '../../../scan/CameraScanner';

/** The contract's bound on a photo data URL (about 1.5 MB of JPEG). */
const MAX_DATA_URL = 1_900_000;
const MAX_WIDTH = 1280;

interface PhotoStepProps {
  title: string;
  photo: string | null;
  onPhoto(photo: string | null): void;
  onNext(): void;
  testId: string;
}

/** A webcam photo (JPEG data URL via a canvas), or none when there is no camera. */
export function PhotoStep({ title, photo, onPhoto, onNext, testId }: PhotoStepProps) {
  const { t } = useTranslation();
  const video = useRef<HTMLVideoElement>(null);
  const [state, setState] = useState<'starting' | 'live' | 'noCamera' | 'denied' | 'other'>('starting');

  useEffect(() => {
    if (photo) return;
    let stream: MediaStream | null = null;
    let closed = false;
    setState('starting');
    (async () => {
      try {
        if (!navigator.mediaDevices?.getUserMedia) throw new Error('navigator.mediaDevices is unavailable');
        const opened = await navigator.mediaDevices.getUserMedia({ video: true, audio: false });
        stream = opened;
        if (closed) return opened.getTracks().forEach((tr) => tr.stop());
        if (video.current) {
          video.current.srcObject = opened;
          await video.current.play().catch(() => undefined);
        }
        setState('live');
      } catch (e) {
        if (!closed) setState(cameraErrorCode(e));
      }
    })();
    return () => {
      closed = true;
      stream?.getTracks().forEach((tr) => tr.stop());
    };
  }, [photo]);

  function take() {
    const v = video.current;
    if (!v || !v.videoWidth) return;
    const scale = Math.min(1, MAX_WIDTH / v.videoWidth);
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(v.videoWidth * scale);
    canvas.height = Math.round(v.videoHeight * scale);
    canvas.getContext('2d')!.drawImage(v, 0, 0, canvas.width, canvas.height);
    for (const quality of [0.85, 0.7, 0.5, 0.3]) {
      const url = canvas.toDataURL('image/jpeg', quality);
      if (url.length <= MAX_DATA_URL) return onPhoto(url);
    }
  }

  return (
    <section className="card disposal-step" data-testid={testId}>
      <h2>{title}</h2>
      {photo ? (
        <img className="disposal-photo" src={photo} alt={title} data-testid={`${testId}-image`} />
      ) : (
        <>
          <video ref={video} className="disposal-photo" muted playsInline hidden={state !== 'live'} />
          {state !== 'live' && (
            <p className={state === 'starting' ? 'muted' : 'form-message'} role="status" data-testid={`${testId}-state`} data-state={state}>
              {t(`disposal.photo.${state}`)}
            </p>
          )}
        </>
      )}
      <div className="form-actions">
        {photo ? (
          <>
            <button type="button" className="secondary" onClick={() => onPhoto(null)}>
              {t('disposal.photo.retake')}
            </button>
            <button type="button" className="primary big" onClick={onNext} data-testid={`${testId}-next`}>
              {t('disposal.photo.use')}
            </button>
          </>
        ) : (
          <>
            <button type="button" className="secondary" onClick={onNext} data-testid={`${testId}-skip`}>
              {t('disposal.photo.skip')}
            </button>
            <button type="button" className="primary big" onClick={take} disabled={state !== 'live'} data-testid={`${testId}-take`}>
              {t('disposal.photo.take')}
            </button>
          </>
        )}
      </div>
    </section>
  );
}
