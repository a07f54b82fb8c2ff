import { useCallback, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { LabelCheck } from '../../../../shared/contract';
import { useStation } from '../../api';
import { playCue, VERDICT_COLOURS } from '../../feedback';
import { errorText } from '../../i18n';
import { amountText, groupedCode } from '../../format/codeText';
import { ScanInputs } from '../counter/ScanInputs';
import '../counter/counter.css';

type Check = { kind: 'idle' } | { kind: 'checking' } | { kind: 'done'; check: LabelCheck } | { kind: 'problem'; message: string };

/**
 * 验码: is this label one of ours, untouched? The signature over the QR text is checked offline
 * with this station's key or an imported one. The camera reads the QR whole; a wedge turns its
 * line breaks into Enter, so text can also be pasted.
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
        playCue(check.valid ? 'admit' : 'reject');
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
  const colours = VERDICT_COLOURS[check.valid ? 'admit' : 'reject'];
  return (
    <section
      className="verdict verdict-result"
      style={{ background: colours.background, color: colours.text }}
      data-testid="label-check"
      data-state="done"
      data-valid={check.valid}
      data-problem={check.problem ?? ''}
      aria-live="assertive"
    >
      <div className="verdict-word verdict-word-small" data-testid="label-check-word">
        {check.valid ? t('verify.valid') : t('verify.invalid')}
      </div>
      {check.problem && (
        <p className="verdict-message" data-testid="label-check-problem">
          {t(`labelProblem.${check.problem}`)}
        </p>
      )}
      {check.code && (
        <dl className="verdict-lot">
          <dt>{t('verify.code')}</dt>
          <dd className="code-cell" data-testid="label-check-code">
            {groupedCode(check.code)}
          </dd>
          {check.parentCode && (
            <>
              <dt>{t('verify.parentCode')}</dt>
              <dd className="code-cell">{groupedCode(check.parentCode)}</dd>
            </>
          )}
          {check.quantity !== null && check.unit && (
            <>
              <dt>{t('verify.quantity')}</dt>
              <dd>
                {amountText(check.quantity, check.unit)} {t(`unit.${check.unit}`)}
              </dd>
            </>
          )}
          <dt>{t('verify.date')}</dt>
          <dd>{check.date ?? t('common.none')}</dd>
          <dt>{t('verify.issuer')}</dt>
          <dd>{check.issuer ?? t('common.none')}</dd>
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
        </dl>
      )}
    </section>
  );
}
