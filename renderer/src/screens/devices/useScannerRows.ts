import { useCallback } from 'react';
import type { Output } from '../../../../shared/contract';
import { useStation } from '../../api';
import { useDeviceRows } from './useDeviceRows';

export type ScannerRow = Output<'listScanners'>[number];

/** The configured scanners with their live status and last scan (the scan test), kept current by events. */
export function useScannerRows(onError: (error: unknown) => void) {
  const { client } = useStation();
  const list = useCallback(() => client.call('listScanners', {}), [client]);
  const subscribe = useCallback(
    (apply: (id: string, patch: (row: ScannerRow) => ScannerRow) => void) => [
      client.on('scannerStatus', (status) => apply(status.scannerId, (r) => ({ ...r, status }))),
      client.on('scan', (scan) => apply(scan.scannerId, (r) => ({ ...r, lastScan: { text: scan.text, at: scan.at } }))),
    ],
    [client],
  );
  return useDeviceRows(list, subscribe, onError);
}
