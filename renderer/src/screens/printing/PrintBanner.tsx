import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { VERDICT_COLOURS } from '../../feedback';
import type { WaitCode } from './jobs';
import { useBlockedJobs } from './usePrintJobs';
import './printing.css';

// Amber as a held lot: something to sort out now, but not the red of a lot alert.
const colours = VERDICT_COLOURS.hold;
const style = { background: colours.background, color: colours.text };

export const reasonList = (t: TFunction, codes: WaitCode[]) => codes.map((c) => t(`printing.why.${c}`)).join(t('printing.reasonSeparator'));

/**
 * Across the top of the printing screen while any label cannot print (why, and what to do), and
 * while any was sent without the printer confirming it (look, then confirm or reprint below).
 */
export function PrintBanner() {
  const { t } = useTranslation();
  const { count, reasons, unconfirmed } = useBlockedJobs();
  const fixes = reasons.map((c) => t(`printing.fix.${c}`)).join(t('common.listSeparator'));
  return (
    <>
      {count > 0 && (
        <section className="print-banner" style={style} role="alert" data-testid="print-banner" data-reasons={reasons.join(',')}>
          <strong className="print-banner-title">{t('printing.banner.title', { reasons: reasonList(t, reasons) })}</strong>
          <div>{t('printing.banner.body', { fixes, n: count })}</div>
        </section>
      )}
      {unconfirmed > 0 && (
        <section className="print-banner" style={style} role="alert" data-testid="print-unconfirmed-banner" data-count={unconfirmed}>
          <strong className="print-banner-title">{t('printing.banner.unconfirmedTitle', { n: unconfirmed })}</strong>
          <div>{t('printing.banner.unconfirmedBody')}</div>
        </section>
      )}
    </>
  );
}

/** The same news in the top bar on every other screen, so the vendor sees it at the counter. */
export function PrintAlert({ onOpen }: { onOpen(): void }) {
  const { t } = useTranslation();
  const { count, reasons, unconfirmed } = useBlockedJobs();
  if (count === 0 && unconfirmed === 0) return null;
  // A stop comes first: nothing prints until it is sorted out.
  const text = count > 0 ? t('printing.banner.compact', { reasons: reasonList(t, reasons) }) : t('printing.banner.unconfirmedCompact', { n: unconfirmed });
  return (
    <button type="button" className="print-alert" style={style} title={text} onClick={onOpen} data-testid="print-alert" data-reasons={reasons.join(',')} data-unconfirmed={unconfirmed}>
      {text}
    </button>
  );
}
