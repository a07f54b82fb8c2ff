import { useCallback, useEffect, useState } from 'react';
import type { Output } from '../../../../shared/contract';
import { useStation } from '../../api';

export type ScannerRow = Output<'listScanners'>[number];

/** The configured scanners with their live status and last scan (the scan test), kept current by events. */
export function useScannerRows(onError: (error: unknown) => void) {
  const { client } = useStation();
  const [rows, setRows] = useState<ScannerRow[] | null>(null);

  const reload = useCallback(() => client.call('listScanners', {}).then(setRows, onError), [client, onError]);
  useEffect(() => {
    void reload();
    const offStatus = client.on('scannerStatus', (status) => setRows((list) => list?.map((r) => (r.id === status.scannerId ? { ...r, status } : r)) ?? list));
    const offScan = client.on('scan', (scan) => setRows((list) => list?.map((r) => (r.id === scan.scannerId ? { ...r, lastScan: { text: scan.text, at: scan.at } } : r)) ?? list));
    return () => {
      offStatus();
      offScan();
    };
  }, [client, reload]);

  return { rows, reload };
}
