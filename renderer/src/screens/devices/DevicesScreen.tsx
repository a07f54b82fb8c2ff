import { PrintersPanel } from '../printing/PrintersPanel';
import '../printing/printing.css';
import { ScalesPanel } from './ScalesPanel';
import { ScannersPanel } from './ScannersPanel';
import { ShredderPanel } from './ShredderPanel';
import './devices.css';

/**
 * 设备: every device the station talks to, in one place — scales, printers, scanners that are
 * not keyboard wedges and the disposal room's shredder controller — with how each is connected, its live state and its last error.
 */
export function DevicesScreen() {
  return (
    <main className="screen devices" data-testid="devices-screen">
      <ScalesPanel />
      <PrintersPanel />
      <ScannersPanel />
      <ShredderPanel />
    </main>
  );
}
