import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, type RecoveryStatus } from '../../../../shared/contract';
import { useStation } from '../../api';
import { FormFooter } from '../../components/FormFooter';
import { PinInput } from '../../components/PinInput';
import { useApiAction } from '../../components/useApiAction';
import { errorText } from '../../i18n';
import { backupSize } from '../station/backupForm';

/**
 * Shown instead of sign-in when the station's database failed its check: what broke, and the way
 * back: one of this station's backups (or any backup file by path), confirmed by the PIN of an
 * administrator in that backup. The damaged file is kept aside by the station, never deleted.
 */
export function RecoveryScreen({ onRecovered }: { onRecovered(): void }) {
  const { t } = useTranslation();
  const { client } = useStation();
  const [status, setStatus] = useState<RecoveryStatus | null>(null);
  const [path, setPath] = useState('');
  const [pin, setPin] = useState('');
  const [other, setOther] = useState(false);
  const [done, setDone] = useState(false);
  // Another station's backup: asked again with the box ticked.
  const [needsOther, setNeedsOther] = useState(false);
  const action = useApiAction((error) => errorText(t, error));

  useEffect(() => {
    client.call('recoveryStatus', {}).then(
      (s) => {
        setStatus(s);
        setPath(s.backups[0]?.path ?? '');
      },
      (error) => action.fail(errorText(t, error)),
    );
  }, [client, t, action.fail]);

  async function submit(e: FormEvent) {
    e.preventDefault();
    await action.run(
      async () => {
        await client.call('recoverFromBackup', { path: path.trim(), pin, otherStation: other });
        setDone(true);
        onRecovered();
      },
      (error) => {
        if (error instanceof ApiError && error.params?.reason === 'backupOtherStation') setNeedsOther(true);
        return errorText(t, error);
      },
    );
  }

  return (
    <main className="screen centered" data-testid="recovery-screen">
      <form className="card form" onSubmit={submit}>
        <h2 className="form-message" role="alert">
          {t('backup.recovery.title')}
        </h2>
        <p>{t('backup.recovery.explain')}</p>
        {status && (
          <>
            <p className="muted">{t('backup.recovery.dataDir', { dir: status.dataDir })}</p>
            <details>
              <summary>{t('backup.recovery.findings')}</summary>
              <pre className="text-block" data-testid="recovery-findings">
                {status.problems.join('\n')}
              </pre>
            </details>
            <p>{status.folder ? t('backup.recovery.folder', { folder: status.folder }) : t('backup.recovery.noFolder')}</p>
            {status.folder && status.backups.length === 0 && <p className="muted">{t('backup.recovery.noBackups')}</p>}
            <fieldset>
              <legend>{t('backup.recovery.pick')}</legend>
              {status.backups.map((b) => (
                <label key={b.path} className="check">
                  <input type="radio" name="backup" checked={path === b.path} onChange={() => setPath(b.path)} data-testid="recovery-backup" />
                  {b.takenAt.replace('T', ' ')} · {backupSize(b.bytes)}
                </label>
              ))}
              <input value={path} maxLength={1000} onChange={(e) => setPath(e.target.value)} data-testid="recovery-path" />
            </fieldset>
            {needsOther && (
              <label className="check">
                <input type="checkbox" checked={other} onChange={(e) => setOther(e.target.checked)} data-testid="recovery-other-station" />
                {t('backup.otherStation')}
              </label>
            )}
            <label>
              {t('backup.recovery.pin')}
              <PinInput value={pin} onChange={setPin} testId="recovery-pin" />
            </label>
          </>
        )}
        {done && <p role="status">{t('backup.recovery.done')}</p>}
        <FormFooter
          message={action.problem}
          messageTestId="recovery-message"
          onCancel={() => setPin('')}
          submitLabel={t('backup.recovery.submit')}
          submitKind="danger"
          submitTestId="recovery-submit"
          disabled={!path.trim() || !pin || done}
        />
      </form>
    </main>
  );
}
