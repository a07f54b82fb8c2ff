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

/** Across the top of the printing screen while any label cannot print: why, and what to do. */
export function PrintBanner() {
  const { t } = useTranslation();
  const { count, reasons } = useBlockedJobs();
  if (count === 0) return null;
  const fixes = reasons.map((c) => t(`printing.fix.${c}`)).join(t('common.listSeparator'));
  return (
    <section className="print-banner" style={style} role="alert" data-testid="print-banner" data-reasons={reasons.join(',')}>
      <strong className="print-banner-title">{t('printing.banner.title', { reasons: reasonList(t, reasons) })}</strong>
      <div>{t('printing.banner.body', { fixes, n: count })}</div>
    </section>
  );
}

/** The same news in the top bar on every other screen, so the vendor sees it at the counter. */
export function PrintAlert({ onOpen }: { onOpen(): void }) {
  const { t } = useTranslation();
  const { count, reasons } = useBlockedJobs();
  if (count === 0) return null;
  const text = t('printing.banner.compact', { reasons: reasonList(t, reasons) });
  return (
    <button type="button" className="print-alert" style={style} title={text} onClick={onOpen} data-testid="print-alert" data-reasons={reasons.join(',')}>
      {text}
    </button>
  );
}
