import type { TFunction } from 'i18next';
import { useCallback, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { LabelCheck } from '../../../../shared/contract';
import { useStation } from '../../api';
import { playCue, VERDICT_COLOURS } from '../../feedback';
import { errorText } from '../../i18n';
import { amountText, groupedCode } from '../../format/codeText';
import { ScanInputs } from '../../components/ScanInputs';
import { answerOf, TONE_COLOURS, type Headline } from './answer';
import { LotPageButton } from '../lot/LotPageContext';
import '../counter/counter.css';

type Check = { kind: 'idle' } | { kind: 'checking' } | { kind: 'done'; check: LabelCheck } | { kind: 'problem'; message: string };

/**
 * 验码: what is this label's lot now? The answer leads with the lot's current state at this
 * station (a destroyed lot's genuine label raises the red alarm); a signed label's signature,
 * checked offline with this station's key or an imported one, is one line of it. A plain code is
 * looked up. The wedge delivers a label QR whole (its line breaks as Enter, read to the scanner's
 * idle gap), as do the camera and pasting.
 */
export function VerifyScreen() {
  const { t } = useTranslation();
  const { client } = useStation();
  const [text, setText] = useState('');
  const [state, setState] = useState<Check>({ kind: 'idle' });
  const latest = useRef(0);

  const verify = useCallback(
    async (raw: string) => {
      const id = ++latest.current;
      setState({ kind: 'checking' });
      try {
        const check = await client.call('verifyLabel', { raw });
        if (id !== latest.current) return;
        setState({ kind: 'done', check });
        playCue(answerOf(check).cue);
      } catch (error) {
        if (id !== latest.current) return;
        setState({ kind: 'problem', message: errorText(t, error) });
        playCue('error');
      }
    },
    [client, t],
  );

  function submit() {
    const raw = text.trim();
    if (raw) void verify(raw);
  }

  // Enter is a new line in the QR text; Ctrl+Enter checks it.
  function onKey(e: KeyboardEvent<HTMLTextAreaElement>) {
    if (e.key === 'Enter' && e.ctrlKey) {
      e.preventDefault();
      submit();
    }
  }

  return (
    <main className="screen counter" data-testid="verify-screen">
      <div className="counter-sale">
        <div className="scan-bar">
          <ScanInputs onScan={(raw) => void verify(raw)} />
        </div>
        <label>
          {t('verify.paste')}
          <textarea className="text-block" rows={8} value={text} onChange={(e) => setText(e.target.value)} onKeyDown={onKey} data-testid="verify-text" />
        </label>
        <button type="button" className="primary" disabled={!text.trim()} onClick={submit} data-testid="verify-submit">
          {t('verify.submit')}
        </button>
      </div>
      <div className="counter-side">
        <CheckPanel state={state} />
      </div>
    </main>
  );
}

function CheckPanel({ state }: { state: Check }) {
  const { t } = useTranslation();
  if (state.kind === 'idle' || state.kind === 'checking') {
    return (
      <section className="verdict verdict-idle" data-testid="label-check" data-state={state.kind}>
        <div className="verdict-word verdict-word-small">{state.kind === 'idle' ? t('verify.waiting') : t('verify.checking')}</div>
        {state.kind === 'idle' && <p className="verdict-message">{t('verify.waitingHint')}</p>}
      </section>
    );
  }
  if (state.kind === 'problem') {
    const colours = VERDICT_COLOURS.error;
    return (
      <section className="verdict" style={{ background: colours.background, color: colours.text }} data-testid="label-check" data-state="problem" aria-live="assertive">
        <p className="verdict-message">{state.message}</p>
      </section>
    );
  }
  const { check } = state;
  const { headline, tone } = answerOf(check);
  const colours = TONE_COLOURS[tone];
  const { view } = check;
  // A YP1 text label signs its quantity; a URL label names its code only: the lot's records say it.
  const quantity = check.quantity !== null && check.unit ? { amount: check.quantity, unit: check.unit } : view ? { amount: view.lot.quantity, unit: view.lot.unit } : null;
  return (
    <section
      className="verdict verdict-result"
      style={{ background: colours.background, color: colours.text }}
      data-testid="label-check"
      data-state="done"
      data-source={check.source}
      data-code={check.code ?? ''}
      data-valid={check.valid}
      data-problem={check.problem ?? ''}
      data-state-known={check.stateKnown}
      data-status={view?.lot.status ?? ''}
      data-tone={tone}
      aria-live="assertive"
    >
      <div className="verdict-word" data-testid="label-check-word">
        {headlineText(t, headline)}
      </div>
      <p className="verdict-message" data-testid="label-check-state">
        {view ? t('verify.stateHere', { status: t(`status.${view.lot.status}`) }) : t(check.source === 'label' ? 'verify.unknownLabel' : 'verify.unknownCode')}
      </p>
      {view?.alert && (
        <p className="verdict-message" role="alert" data-testid="label-check-stopped">
          {t('verify.stopped')}
        </p>
      )}
      <p className="verdict-message" data-testid="label-check-signature">
        {signatureText(t, check)}
      </p>
      {view && <LotPageButton lotId={view.lot.id} testId="verify-open-lot" />}
      {check.code && (
        <dl className="verdict-lot">
          <dt>{t('verify.code')}</dt>
          <dd className="code-cell" data-testid="label-check-code">
            {groupedCode(check.code)}
          </dd>
          {view && (
            <>
              <dt>{t('verify.product')}</dt>
              <dd>{view.variety.name}</dd>
            </>
          )}
          {check.parentCode && (
            <>
              <dt>{t('verify.parentCode')}</dt>
              <dd className="code-cell">{groupedCode(check.parentCode)}</dd>
            </>
          )}
          {quantity && (
            <>
              <dt>{t('verify.quantity')}</dt>
              <dd>
                {amountText(quantity.amount, quantity.unit)} {t(`unit.${quantity.unit}`)}
              </dd>
            </>
          )}
          {check.date && (
            <>
              <dt>{t('verify.date')}</dt>
              <dd>{check.date}</dd>
            </>
          )}
          {check.issuer && (
            <>
              <dt>{t('verify.issuer')}</dt>
              <dd>{check.issuer}</dd>
            </>
          )}
          {check.stall && (
            <>
              <dt>{t('masterData.operators.stall')}</dt>
              <dd data-testid="verify-stall">{check.stall}</dd>
            </>
          )}
          {check.stationName && (
            <>
              <dt>{t('verify.stationName')}</dt>
              <dd>{check.stationName}</dd>
            </>
          )}
          {check.url && (
            <>
              <dt>{t('verify.url')}</dt>
              <dd className="code-cell" data-testid="verify-url" data-url={check.url} title={check.url}>
                {shortUrl(check.url)}
              </dd>
            </>
          )}
        </dl>
      )}
    </section>
  );
}

/** The scanned URL as read back: the 86-character signature shortened, so the answer stays on screen. */
function shortUrl(url: string): string {
  return url.replace(/[A-Za-z0-9_-]{86}/, (sig) => `${sig.slice(0, 8)}…`);
}

function headlineText(t: TFunction, headline: Headline): string {
  if (headline.kind === 'status') return t(`status.${headline.status}`);
  return t(headline.kind === 'badLabel' ? 'verify.badLabel' : 'verify.unknown');
}

/** The signature as one fact: checked, failed and why, or none to check (a plain code). */
function signatureText(t: TFunction, check: LabelCheck): string {
  if (check.source === 'code') return t('verify.plainCode');
  if (check.valid) return t('verify.valid', { station: check.stationName ?? check.issuer ?? '' });
  return t(`labelProblem.${check.problem}`);
}
