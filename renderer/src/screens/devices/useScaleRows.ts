import { useCallback } from 'react';
import type { Output } from '../../../../shared/contract';
import { useStation } from '../../api';
import { useDeviceRows } from './useDeviceRows';

export type ScaleRow = Output<'listScales'>[number];

/** The configured scales with their live status and weight, kept current by the scale events. */
export function useScaleRows(onError: (error: unknown) => void) {
  const { client } = useStation();
  const list = useCallback(() => client.call('listScales', {}), [client]);
  const subscribe = useCallback(
    (apply: (id: string, patch: (row: ScaleRow) => ScaleRow) => void) => [
      client.on('scaleStatus', (status) => apply(status.scaleId, (r) => ({ ...r, status }))),
      client.on('weight', (weight) => apply(weight.scaleId, (r) => ({ ...r, weight }))),
    ],
    [client],
  );
  return useDeviceRows(list, subscribe, onError);
}
