import { useCallback, useEffect, useState } from 'react';
import type { SyncStatus } from '../../../../shared/contract';
import { useStation } from '../../api';
import { errorText } from '../../i18n';
import { useTranslation } from 'react-i18next';

/**
 * How often the screen asks again on its own. The uploader pushes `syncStatus` whenever it
 * sends, fails or pauses; while upload is not set up it has nothing to push, yet new records
 * still join the backlog, so a light re-read keeps the count honest.
 */
const REFRESH_MS = 5_000;

/** The upload status: getSyncStatus on open, then the pushed `syncStatus` events. */
export function useSyncStatus() {
  const { t } = useTranslation();
  const { client } = useStation();
  const [status, setStatus] = useState<SyncStatus | null>(null);
  // The error itself, put in words at render time (in the language shown now).
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    let live = true;
    // Subscribe first: an event that arrives while the first read is under way is newer than it.
    let pushed = false;
    const off = client.on('syncStatus', (s) => {
      pushed = true;
      setStatus(s);
      setError(null);
    });
    const read = (first: boolean) =>
      client.call('getSyncStatus', {}).then(
        (s) => {
          if (!live || (first && pushed)) return;
          setStatus(s);
          setError(null);
        },
        (e: unknown) => live && setError(e ?? new Error('read failed')),
      );
    void read(true);
    const timer = setInterval(() => void read(false), REFRESH_MS);
    return () => {
      live = false;
      clearInterval(timer);
      off();
    };
  }, [client]);

  /** An answer that carries the status (syncNow) shows at once. */
  const show = useCallback((s: SyncStatus) => setStatus(s), []);
  return { status, problem: error === null ? '' : errorText(t, error), show };
}
