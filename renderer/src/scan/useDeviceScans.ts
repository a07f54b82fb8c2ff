import { useEffect, useLayoutEffect, useRef } from 'react';
import { useStation } from '../api';
import type { ScanHandler } from './types';

/**
 * Scans from serial (USB-CDC) and HID POS scanners arrive from the Node side as `scan` events and
 * take the same path as a wedge scan on whichever screen is in front.
 */
export function useDeviceScans(onScan: ScanHandler<'serial' | 'hid'>, enabled = true): void {
  const { client } = useStation();
  const handler = useRef(onScan);
  useLayoutEffect(() => {
    handler.current = onScan;
  });
  useEffect(() => {
    if (!enabled) return;
    return client.on('scan', (scan) => handler.current(scan.text, scan.source === 'hidpos' ? 'hid' : 'serial'));
  }, [client, enabled]);
}
