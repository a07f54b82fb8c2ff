import { useEffect, useState } from 'react';
import { errorText } from '../../i18n';
import { useTranslation } from 'react-i18next';
import { useStation } from '../../api';
import { Notice } from '../../components/Notice';
import { useApiAction } from '../../components/useApiAction';
import './printing.css';

/**
 * After a sale at the counter: the buyer's receipt (market and stall, time, price, the code) on
 * the station's receipt printer. Shown only where one is set up; the label went to the label
 * printer already.
 */
export function ReceiptButton({ lotId }: { lotId: string }) {
  const { t } = useTranslation();
  const { client, can } = useStation();
  const [hasPrinter, setHasPrinter] = useState(false);
  const { busy, notice, run, succeed, clear } = useApiAction((error) => errorText(t, error), { cue: true });
  const allowed = can('printReceipt');

  useEffect(() => {
    if (!allowed) return;
    let live = true;
    client.call('listPrinters', {}).then(
      (list) => live && setHasPrinter(list.some((p) => p.purpose === 'receipts')),
      () => live && setHasPrinter(false),
    );
    return () => {
      live = false;
    };
  }, [client, allowed]);
  useEffect(clear, [lotId, clear]);

  if (!allowed || !hasPrinter) return null;

  async function print() {
    await run(async () => {
      await client.call('printReceipt', { lotId });
      succeed(t('counter.receiptQueued'));
    });
  }

  return (
    <div className="receipt-action">
      <button type="button" className="secondary" disabled={busy} onClick={() => void print()} data-testid="print-receipt">
        {t('counter.receipt')}
      </button>
      <Notice notice={notice} testId="receipt-message" />
    </div>
  );
}
