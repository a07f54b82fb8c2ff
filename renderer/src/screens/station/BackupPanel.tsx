import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { BackupFile, BackupInspection, BackupStatus } from '../../../../shared/contract';
import { useStation } from '../../api';
import { FormFooter } from '../../components/FormFooter';
import { PinInput } from '../../components/PinInput';
import { useApiAction } from '../../components/useApiAction';
import { errorText } from '../../i18n';
import { backupSize, parseBackupForm, type BackupForm } from './backupForm';

const formOf = (s: BackupStatus['settings']): BackupForm => ({ folder: s.folder, keep: String(s.keep), dailyAt: s.dailyAt ?? '', everyHours: s.everyHours === null ? '' : String(s.everyHours) });

/**
 * 本站 → 备份与恢复 (admin): where and when backups go, a backup now with its progress, this
 * station's backups, and a restore that shows what is lost and asks for the PIN again. A manager
 * (on 同步) sees the status, the list and 立即备份 only. The folder
 * is typed as a path (a folder picker in the Electron window can come later).
 */
export function BackupPanel() {
  const { t } = useTranslation();
  const { client, can } = useStation();
  const admin = can('saveBackupSettings');
  const [status, setStatus] = useState<BackupStatus | null>(null);
  const [form, setForm] = useState<BackupForm | null>(null);
  const [backups, setBackups] = useState<BackupFile[]>([]);
  const [choosing, setChoosing] = useState<string | null>(null);
  const [typedPath, setTypedPath] = useState('');
  const settings = useApiAction((error) => errorText(t, error));
  const now = useApiAction((error) => errorText(t, error));

  const refreshList = useCallback(() => client.call('listBackups', {}).then(setBackups), [client]);

  useEffect(() => {
    client.call('getBackupStatus', {}).then(
      (s) => {
        setStatus(s);
        setForm(formOf(s.settings));
      },
      (error) => settings.fail(errorText(t, error)),
    );
    void refreshList().catch(() => undefined);
    return client.on('backupStatus', setStatus);
  }, [client, t, refreshList, settings.fail]);

  async function save(e: FormEvent) {
    e.preventDefault();
    if (!form) return;
    const parsed = parseBackupForm(form);
    if ('problem' in parsed) return settings.fail(t(`backup.${parsed.problem}`));
    await settings.run(async () => {
      const next = await client.call('saveBackupSettings', parsed.settings);
      setStatus(next);
      setForm(formOf(next.settings));
      settings.succeed(t('backup.saved'));
      await refreshList();
    });
  }

  const backupNow = () =>
    now.run(async () => {
      await client.call('backupNow', {});
      await refreshList();
    });

  const running = status?.running;
  const percent = running && running.pagesTotal > 0 ? Math.floor((100 * running.pagesDone) / running.pagesTotal) : 0;
  const last = status?.last;
  return (
    <section className="card form backup-panel" data-testid="backup-panel">
      <h3>{t('backup.title')}</h3>
      <p className="muted">{t('backup.holdsBuyerData')}</p>
      {form && admin && (
        <form onSubmit={save} className="form" data-testid="backup-settings">
          <label>
            {t('backup.folder')}
            <input value={form.folder} maxLength={500} onChange={(e) => setForm({ ...form, folder: e.target.value })} data-testid="backup-folder" />
          </label>
          <p className="muted">{t('backup.folderHint')}</p>
          <div className="field-row">
            <label>
              {t('backup.keep')}
              <input value={form.keep} inputMode="numeric" maxLength={3} onChange={(e) => setForm({ ...form, keep: e.target.value })} data-testid="backup-keep" />
            </label>
            <label>
              {t('backup.dailyAt')}
              <input value={form.dailyAt} maxLength={5} placeholder="12:00" onChange={(e) => setForm({ ...form, dailyAt: e.target.value })} data-testid="backup-daily-at" />
            </label>
            <label>
              {t('backup.everyHours')}
              <input value={form.everyHours} inputMode="numeric" maxLength={3} onChange={(e) => setForm({ ...form, everyHours: e.target.value })} data-testid="backup-every-hours" />
            </label>
          </div>
          <FormFooter
            message={settings.problem}
            messageTestId="backup-settings-message"
            onCancel={() => status && setForm(formOf(status.settings))}
            submitLabel={t('backup.save')}
            submitTestId="backup-settings-save"
          />
          {settings.notice?.kind === 'ok' && (
            <p role="status" data-testid="backup-settings-saved">
              {settings.notice.text}
            </p>
          )}
        </form>
      )}
      <dl className="lot-facts" data-testid="backup-status">
        <dt>{t('backup.last')}</dt>
        <dd data-testid="backup-last">
          {!last
            ? t('backup.never')
            : last.ok
              ? t('backup.lastOk', { at: last.at.slice(0, 16).replace('T', ' '), file: last.file, size: backupSize(last.bytes ?? 0), seconds: (last.ms / 1000).toFixed(1) })
              : t('backup.lastFailed', { at: last.at.slice(0, 16).replace('T', ' '), why: last.reason ? t(`refusal.${last.reason}`, last.params ?? {}) : last.problem })}
        </dd>
        <dt />
        <dd data-testid="backup-next">{status?.nextDueAt ? t('backup.nextDue', { at: status.nextDueAt.slice(0, 16).replace('T', ' ') }) : t('backup.noSchedule')}</dd>
      </dl>
      <div className="field-row">
        <button type="button" className="primary" disabled={now.busy || !!running} onClick={() => void backupNow()} data-testid="backup-now">
          {t('backup.backupNow')}
        </button>
        {running && (
          <span role="status" data-testid="backup-progress">
            {t('backup.running', { percent })}
          </span>
        )}
      </div>
      {now.problem && (
        <p className="form-message" role="alert" data-testid="backup-now-message">
          {now.problem}
        </p>
      )}
      <h4>{t('backup.list')}</h4>
      {backups.length === 0 ? (
        <p className="muted">{t('backup.none')}</p>
      ) : (
        <table className="backup-list" data-testid="backup-list">
          <thead>
            <tr>
              <th>{t('backup.takenAt')}</th>
              <th>{t('backup.size')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {backups.map((b) => (
              <tr key={b.path} data-testid="backup-row">
                <td title={b.fileName}>{b.takenAt.replace('T', ' ')}</td>
                <td>{backupSize(b.bytes)}</td>
                <td>
                  {admin && (
                    <button type="button" className="secondary" onClick={() => setChoosing(b.path)} data-testid="backup-restore">
                      {t('backup.restore')}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {admin && (
        <>
          <label>
            {t('backup.restorePath')}
            <span className="field-row">
              <input className="grow" value={typedPath} maxLength={1000} onChange={(e) => setTypedPath(e.target.value)} data-testid="backup-restore-path" />
              <button type="button" className="secondary" disabled={!typedPath.trim()} onClick={() => setChoosing(typedPath.trim())} data-testid="backup-restore-path-check">
                {t('backup.check')}
              </button>
            </span>
          </label>
        </>
      )}
      {choosing && <RestoreConfirm key={choosing} path={choosing} onCancel={() => setChoosing(null)} />}
    </section>
  );
}

/** What the chosen backup holds, what a restore loses, and the admin's PIN again. */
function RestoreConfirm({ path, onCancel }: { path: string; onCancel(): void }) {
  const { t } = useTranslation();
  const { client, signOut } = useStation();
  const [found, setFound] = useState<BackupInspection | null>(null);
  const [pin, setPin] = useState('');
  const [other, setOther] = useState(false);
  const [restored, setRestored] = useState(false);
  const action = useApiAction((error) => errorText(t, error));

  useEffect(() => {
    client.call('inspectBackup', { path }).then(setFound, (error) => action.fail(errorText(t, error)));
  }, [client, path, t, action.fail]);

  async function submit(e: FormEvent) {
    e.preventDefault();
    await action.run(async () => {
      await client.call('restoreBackup', { path, pin, otherStation: other });
      setRestored(true);
    });
  }

  if (restored) {
    return (
      <div className="card" role="status" data-testid="backup-restored">
        <p>{t('backup.restored')}</p>
        <button type="button" className="primary" onClick={() => void signOut()}>
          {t('backup.signInAgain')}
        </button>
      </div>
    );
  }
  return (
    <form className="card form station-confirm" onSubmit={submit} data-testid="backup-confirm">
      <h4>{t('backup.confirmTitle')}</h4>
      <p className="code-cell">{path}</p>
      {found && (
        <>
          <p data-testid="backup-contents">{t('backup.contents', { stationId: found.stationId ?? '—', name: found.stationName ?? '—', lots: found.lots, entries: found.entries })}</p>
          <p className="form-message" role="alert" data-testid="backup-warning">
            {t('backup.warning', { lastEntry: found.lastEntryAt ? found.lastEntryAt.slice(0, 16).replace('T', ' ') : '—' })}
          </p>
          {found.otherStation && (
            <label className="check">
              <input type="checkbox" checked={other} onChange={(e) => setOther(e.target.checked)} data-testid="backup-other-station" />
              {t('backup.otherStation')}
            </label>
          )}
          <label>
            {t('backup.pin')}
            <PinInput value={pin} onChange={setPin} testId="backup-pin" />
          </label>
        </>
      )}
      <FormFooter
        message={action.problem}
        messageTestId="backup-confirm-message"
        onCancel={onCancel}
        submitLabel={t('backup.confirm')}
        submitKind="danger"
        submitTestId="backup-confirm-submit"
        disabled={!found || !pin || (found.otherStation && !other)}
      />
    </form>
  );
}
