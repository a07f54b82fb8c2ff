import { PrintBanner } from './PrintBanner';
import { PrintersPanel } from './PrintersPanel';
import { PrintJobList } from './PrintJobList';
import './printing.css';

/**
 * 打印: why labels are not coming out (the banner), the printers, and the latest jobs with
 * preview and 重打. Everyone signed in sees it; only an admin changes printers.
 */
export function PrintingScreen() {
  return (
    <main className="screen printing" data-testid="printing-screen">
      <PrintBanner />
      <PrintersPanel />
      <PrintJobList />
    </main>
  );
}
