import { useStation } from '../../api';
import { BackupPanel } from '../station/BackupPanel';
import { DeadLetters } from './DeadLetters';
import { StatusCard } from './StatusCard';
import { TransferPanel } from './TransferPanel';
import { UploadSettingsPanel } from './UploadSettingsPanel';
import { useSyncStatus } from './useSyncStatus';
import './sync.css';

/**
 * 同步: whether this station's records reached the platform — the state in big words, live from
 * the `syncStatus` event, with 立即上传; the records the platform refused (a manager resends
 * them); the offline hand-over by file; for the admin, where to upload; for a manager, the
 * backups (the admin has them on 本站, with their settings and restore).
 */
export function SyncScreen() {
  const { can } = useStation();
  const { status, problem, show } = useSyncStatus();
  return (
    <main className="screen sync" data-testid="sync-screen">
      <StatusCard status={status} problem={problem} onStatus={show} />
      {status && <DeadLetters dead={status.dead} blocked={status.blocked} />}
      <TransferPanel />
      {can('getUploadSettings') && <UploadSettingsPanel />}
      {can('backupNow') && !can('saveBackupSettings') && <BackupPanel />}
    </main>
  );
}
