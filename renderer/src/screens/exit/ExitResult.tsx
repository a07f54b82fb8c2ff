import { useTranslation } from 'react-i18next';
import { codeLabel } from '../../../../shared/domain/codeLabel';
import { ALERT_COLOURS, VERDICT_COLOURS } from '../../feedback';
import { amountText, groupedCode } from '../../format/codeText';
import type { DeskMode, DeskResult } from './exitDesk';
import { CodeText } from '../../components/CodeText';

/** The desk's one big answer: green 放行, red 禁止出场 with why, or where a lot was moved. */
export function ExitResult({ result, mode, onException, busy }: { result: DeskResult; mode: DeskMode; onException(): void; busy: boolean }) {
  const { t } = useTranslation();
  if (result.kind === 'idle' || result.kind === 'checking') {
    const zone = mode === 'exit' ? '' : t(`zone.${mode}`);
    return (
      <section className="verdict verdict-idle" data-testid="exit-result" data-verdict={result.kind} aria-live="polite">
        <div className="verdict-word verdict-word-small">{result.kind === 'checking' ? t('exit.checking') : mode === 'exit' ? t('exit.waiting') : t('exit.zoneWaiting')}</div>
        {result.kind === 'idle' && <p className="verdict-message">{mode === 'exit' ? t('exit.waitingHint') : t('exit.zoneWaitingHint', { zone })}</p>}
      </section>
    );
  }
  if (result.kind === 'allowed') {
    const d = result.departure;
    const colours = VERDICT_COLOURS.admit;
    return (
      <section
        className="verdict"
        style={{ background: colours.background, color: colours.text }}
        data-testid="exit-result"
        data-verdict="allowed"
        data-duplicate={result.duplicate}
        aria-live="assertive"
      >
        <div className="verdict-word">{t('exit.allowed')}</div>
        {result.duplicate && <div className="verdict-duplicate">{t('exit.allowedAgain')}</div>}
        <dl className="verdict-lot">
          <dt>{t('exit.code')}</dt>
          <dd className="code-cell" data-testid="exit-code">
            <CodeText code={groupedCode(codeLabel(d.code))} />
          </dd>
          <dt>{t('exit.quantity')}</dt>
          <dd>
            {amountText(d.quantity, d.unit)} {t(`unit.${d.unit}`)}
          </dd>
          {d.parentCode && (
            <>
              <dt>{t('exit.parentCode')}</dt>
              <dd className="code-cell">
                <CodeText code={groupedCode(codeLabel(d.parentCode))} />
              </dd>
            </>
          )}
          <dt>{t('exit.vehicle')}</dt>
          <dd>{d.vehicle ?? t('exit.none')}</dd>
          <dt>{t('exit.buyer')}</dt>
          <dd>{d.buyer ?? t('exit.none')}</dd>
        </dl>
      </section>
    );
  }
  if (result.kind === 'refused') {
    // The button stays outside the panel, never scrolled out of sight under a long reason.
    return (
      <>
        <section
          className="verdict"
          style={{ background: ALERT_COLOURS.background, color: ALERT_COLOURS.text }}
          data-testid="exit-result"
          data-verdict="refused"
          data-reason={result.reason ?? ''}
          role="alert"
        >
          <div className="verdict-word exit-refused-word">{t('exit.refused')}</div>
          <p className="verdict-hint" data-testid="exit-message">
            {result.message}
          </p>
        </section>
        {result.exceptionable && (
          <button type="button" className="exit-exception-button" onClick={onException} disabled={busy} data-testid="exit-record-exception">
            {t('exit.recordException')}
          </button>
        )}
      </>
    );
  }
  if (result.kind === 'exception') {
    const colours = VERDICT_COLOURS.hold;
    return (
      <section className="verdict" style={{ background: colours.background, color: colours.text }} data-testid="exit-result" data-verdict="exception" aria-live="assertive">
        <div className="verdict-word verdict-word-small">{t(`exit.exceptions.kind.${result.exception.kind}`)}</div>
        <p className="verdict-hint" data-testid="exit-message">
          {t('exit.exceptionRecorded')}
        </p>
      </section>
    );
  }
  if (result.kind === 'moved') {
    const colours = result.moved ? VERDICT_COLOURS.admit : VERDICT_COLOURS.hold;
    const zone = t(`zone.${result.to}`);
    return (
      <section className="verdict" style={{ background: colours.background, color: colours.text }} data-testid="exit-result" data-verdict={result.moved ? 'moved' : 'already'} aria-live="assertive">
        <div className="verdict-word verdict-word-small">{result.moved ? t('exit.moved', { zone }) : t('exit.already', { zone })}</div>
        <div className="code-cell" data-testid="exit-code">
          <CodeText code={groupedCode(codeLabel(result.view.lot.codeKey))} />
        </div>
        <div>
          {result.view.variety.name} · {amountText(result.view.remaining, result.view.lot.unit)} {t(`unit.${result.view.lot.unit}`)}
        </div>
      </section>
    );
  }
  const colours = VERDICT_COLOURS.reject;
  return (
    <section className="verdict" style={{ background: colours.background, color: colours.text }} data-testid="exit-result" data-verdict="notMoved" role="alert">
      <div className="verdict-word verdict-word-small">{t('exit.notMoved')}</div>
      <p className="verdict-hint" data-testid="exit-message">
        {result.message}
      </p>
    </section>
  );
}
