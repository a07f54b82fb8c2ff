import { useCallback, useEffect, useState } from 'react';
import type { Output } from '../../../../shared/contract';
import { useStation } from '../../api';

export type ScaleRow = Output<'listScales'>[number];

/** The configured scales with their live status and weight, kept current by the scale events. */
export function useScaleRows(onError: (error: unknown) => void) {
  const { client } = useStation();
  const [rows, setRows] = useState<ScaleRow[] | null>(null);

  const reload = useCallback(() => client.call('listScales', {}).then(setRows, onError), [client, onError]);
  useEffect(() => {
    void reload();
    const offStatus = client.on('scaleStatus', (status) => setRows((list) => list?.map((r) => (r.id === status.scaleId ? { ...r, status } : r)) ?? list));
    const offWeight = client.on('weight', (weight) => setRows((list) => list?.map((r) => (r.id === weight.scaleId ? { ...r, weight } : r)) ?? list));
    return () => {
      offStatus();
      offWeight();
    };
  }, [client, reload]);

  return { rows, reload };
}
