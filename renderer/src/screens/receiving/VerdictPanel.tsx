import { useTranslation } from 'react-i18next';
import type { LotView, Subject } from '../../../../shared/contract';
import { VERDICT_COLOURS } from '../../feedback';
import { reasonText } from '../../i18n';
import { ProductDates } from '../../components/ProductDates';
import { OverrideForm } from './OverrideForm';
import { mayGoToStall, StallPicker } from './StallPicker';
import type { Verdict } from './verdict';
import { codeLabel } from '../../../../shared/domain/codeLabel';
import { StatusChip } from '../../components/StatusChip';
import { AFTER_OUTCOME } from './verdict';

interface VerdictPanelProps {
  verdict: Verdict;
  canOverride: boolean;
  onOverridden(view: LotView): void;
  /** The market's stalls when the operator may send a lot to one (去向摊位); null: may not. */
  stalls: Subject[] | null;
  onStallAssigned(view: LotView): void;
}

export function VerdictPanel({ verdict, canOverride, onOverridden, stalls, onStallAssigned }: VerdictPanelProps) {
  const { t } = useTranslation();

  if (verdict.kind === 'result') {
    const { view, duplicate } = verdict;
    const outcome = view.entry.outcome;
    const colours = VERDICT_COLOURS[outcome];
    // A market without stalls set up (a single shop) is not asked.
    const picking = stalls !== null && stalls.length > 0 && mayGoToStall(view);
    return (
      <section
        className="verdict verdict-result"
        style={{ background: colours.background, color: colours.text }}
        data-testid="verdict"
        data-outcome={outcome}
        data-duplicate={duplicate}
        aria-live="assertive"
      >
        {duplicate && (
          <div className="verdict-duplicate" data-testid="verdict-duplicate">
            {t('receiving.duplicate')} · <span className="verdict-duplicate-hint">{t('receiving.duplicateHint')}</span>
          </div>
        )}
        {/* The verdict was given at entry; a known code also says what the lot is now. */}
        {(duplicate || view.lot.status !== AFTER_OUTCOME[outcome]) && (
          <div className="verdict-now" data-testid="verdict-now">
            {t('receiving.statusNow')} <StatusChip status={view.lot.status} testId="verdict-status" />
          </div>
        )}
        <div className="verdict-word" data-testid="verdict-word">
          {t(`outcome.${outcome}`)}
        </div>
        <div className="verdict-hint">{t(`outcomeHint.${outcome}`)}</div>
        {verdict.testSelection && (
          <div className="verdict-test-selection" data-testid="verdict-test-selection" data-reason={verdict.testSelection.reason} role="status">
            {t(`testing.banner.${verdict.testSelection.reason}`)} · <span className="verdict-test-selection-hint">{t('testing.banner.hint')}</span>
          </div>
        )}
        {verdict.testSelection?.untestable && (
          <div className="verdict-untestable" data-testid="verdict-untestable" role="alert">
            {t('testing.banner.untestable', { variety: view.variety.name })}
          </div>
        )}
        {/* Where the lot goes next, right under the verdict: the facts below may scroll. */}
        {picking && <StallPicker key={view.lot.id} view={view} stalls={stalls} onAssigned={onStallAssigned} />}
        <ul className="verdict-reasons" data-testid="verdict-reasons">
          {view.entry.reasons.map((reason, i) => (
            <li key={i} data-reason={reason.code}>
              {reasonText(t, reason)}
            </li>
          ))}
          {view.entry.overriddenFrom && (
            <li data-reason="override">
              {t('receiving.overridden', { from: t(`outcome.${view.entry.overriddenFrom}`) })}
              {view.entry.overrideReason && ` — ${view.entry.overrideReason}`}
            </li>
          )}
        </ul>
        <dl className="verdict-lot">
          <dt>{t('receiving.lotCode')}</dt>
          <dd data-testid="verdict-code">{codeLabel(view.lot.codeKey)}</dd>
          <dt>{t('receiving.supplier')}</dt>
          <dd>{view.supplier.name}</dd>
          <dt>{t('receiving.variety')}</dt>
          <dd>{view.variety.name}</dd>
          <dt>{t('receiving.quantity')}</dt>
          <dd>
            {view.lot.quantity} {t(`unit.${view.lot.unit}`)}
          </dd>
          <ProductDates lot={view.lot} />
          {view.certificates.length > 0 && (
            <>
              <dt>{t('receiving.certificates')}</dt>
              <dd>{view.certificates.map((c) => `${t(`certType.${c.type}`)} ${c.number}`).join(t('common.listSeparator'))}</dd>
            </>
          )}
          {view.stall && !picking && (
            <>
              <dt>{t('masterData.stall.title')}</dt>
              <dd data-testid="verdict-stall">{view.stall.name}</dd>
            </>
          )}
        </dl>
        {canOverride && <OverrideForm key={view.entry.id} view={view} onOverridden={onOverridden} />}
      </section>
    );
  }

  if (verdict.kind === 'problem') {
    const colours = VERDICT_COLOURS.error;
    return (
      <section className="verdict verdict-problem" style={{ background: colours.background, color: colours.text }} data-testid="verdict" data-outcome="error" aria-live="assertive">
        <div className="verdict-word verdict-word-small">{t('receiving.scanRejected')}</div>
        <p className="verdict-message" data-testid="verdict-message">
          {verdict.message}
        </p>
      </section>
    );
  }

  return (
    <section className="verdict verdict-idle" data-testid="verdict" data-outcome={verdict.kind} aria-live="polite">
      {verdict.kind === 'checking' && <div className="verdict-word verdict-word-small">{t('receiving.checking')}</div>}
      {verdict.kind === 'certificate' && (
        <p className="verdict-message" data-testid="verdict-message">
          {t('receiving.certificateScanned', { number: verdict.number })}
        </p>
      )}
      {verdict.kind === 'idle' && (
        <>
          <div className="verdict-word verdict-word-small">{t('receiving.waiting')}</div>
          <p className="verdict-message">{t('receiving.waitingHint')}</p>
        </>
      )}
    </section>
  );
}
