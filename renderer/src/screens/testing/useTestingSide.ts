import { useCallback, useEffect, useState } from 'react';
import type { Hold, SamplingStatus, TestSelection } from '../../../../shared/contract';
import { useStation } from '../../api';

/** Today's queue, the sampling status and the active holds; reloaded on every entry and alert. */
export function useTestingSide() {
  const { client } = useStation();
  const [queue, setQueue] = useState<TestSelection[]>([]);
  const [status, setStatus] = useState<SamplingStatus | null>(null);
  const [holds, setHolds] = useState<Hold[]>([]);

  const reload = useCallback(() => {
    client.call('listTestQueue', { pending: false }).then(setQueue, () => undefined);
    client.call('samplingStatus', {}).then(setStatus, () => undefined);
    client.call('listHolds', { active: true }).then(setHolds, () => undefined);
  }, [client]);

  useEffect(() => {
    reload();
    const offEntry = client.on('entryRecorded', reload);
    const offAlert = client.on('alert', reload);
    return () => {
      offEntry();
      offAlert();
    };
  }, [client, reload]);

  return { queue, status, holds, reload };
}
