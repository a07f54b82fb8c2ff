import { useCallback, useRef, useState, type FormEvent } from 'react';
import { errorText } from '../../i18n';
import { useTranslation } from 'react-i18next';
import type { Lineage } from '../../../../shared/contract';
import { codeLabel } from '../../../../shared/domain/codeLabel';
import { useStation } from '../../api';
import { playCue } from '../../feedback';
import { LotNodeList } from '../counter/LotNodeList';
import { LotPanel } from '../../components/LotPanel';
import { ScanInputs } from '../../components/ScanInputs';
import { LotPageButton } from '../lot/LotPageContext';
import { useScreenLinks } from '../nav/screenLink';
import '../counter/counter.css';

type Trace = { kind: 'idle' } | { kind: 'loading' } | { kind: 'shown'; lineage: Lineage } | { kind: 'problem'; message: string };

/**
 * 追溯: where a lot came from (源头可溯) and where its portions went (去向可追). Scan or type any
 * code; clicking a lot in the chain or among the children moves there, 返回 goes back.
 */
export function TraceScreen() {
  const { t } = useTranslation();
  const { client, can } = useStation();
  const links = useScreenLinks();
  const [typed, setTyped] = useState('');
  const [state, setState] = useState<Trace>({ kind: 'idle' });
  // Codes visited before the one shown, for 返回.
  const [trail, setTrail] = useState<string[]>([]);
  const latest = useRef(0);

  const show = useCallback(
    async (raw: string) => {
      const id = ++latest.current;
      setState({ kind: 'loading' });
      try {
        const lineage = await client.call('getLineage', { raw });
        if (id === latest.current) setState({ kind: 'shown', lineage });
      } catch (error) {
        if (id !== latest.current) return;
        setState({ kind: 'problem', message: errorText(t, error) });
        playCue('error');
      }
    },
    [client, t],
  );

  const shownCode = state.kind === 'shown' ? codeLabel(state.lineage.view.lot.codeKey) : null;

  /** A new scan or typed code starts a new trail; moving along the lineage extends it. */
  function start(raw: string) {
    setTrail([]);
    void show(raw);
  }
  function move(code: string) {
    if (shownCode) setTrail((list) => [...list, shownCode]);
    void show(code);
  }
  function back() {
    const previous = trail.at(-1);
    if (previous === undefined) return;
    setTrail((list) => list.slice(0, -1));
    void show(previous);
  }

  function submit(e: FormEvent) {
    e.preventDefault();
    if (typed.trim()) start(typed.trim());
  }

  return (
    <main className="screen counter" data-testid="trace-screen">
      <div className="counter-sale">
        <form className="field-row" onSubmit={submit}>
          <label className="grow">
            {t('trace.input')}
            <input value={typed} placeholder={t('trace.placeholder')} onChange={(e) => setTyped(e.target.value)} data-testid="trace-input" />
          </label>
          <button type="submit" className="primary" data-testid="trace-submit">
            {t('trace.submit')}
          </button>
        </form>
        <div className="scan-bar">
          <ScanInputs onScan={start} />
          {trail.length > 0 && (
            <button type="button" className="secondary" onClick={back} data-testid="trace-back">
              {t('trace.back')}
            </button>
          )}
        </div>
        {state.kind === 'idle' && (
          <section className="verdict verdict-idle counter-waiting">
            <div className="verdict-word verdict-word-small">{t('trace.waiting')}</div>
          </section>
        )}
        {state.kind === 'loading' && (
          <section className="verdict verdict-idle counter-waiting">
            <div className="verdict-word verdict-word-small">{t('trace.loading')}</div>
          </section>
        )}
        {state.kind === 'problem' && (
          <p className="counter-message" role="alert" data-testid="trace-message">
            {state.message}
          </p>
        )}
        {state.kind === 'shown' && (
          <>
            <h3>{t('trace.lot')}</h3>
            <LotPanel view={state.lineage.view} testId="trace-lot" />
            <div className="field-row">
              <LotPageButton lotId={state.lineage.view.lot.id} testId="trace-open-lot" />
              {can('startRecall') && links.has('recall') && shownCode && (
                <button type="button" className="danger" onClick={() => links.open({ screen: 'recall', startLot: shownCode })} data-testid="trace-start-recall">
                  {t('recall.start')}
                </button>
              )}
            </div>
          </>
        )}
      </div>
      {state.kind === 'shown' && (
        <div className="counter-side">
          <section className="counter-children" data-testid="trace-ancestors">
            <h3>{t('trace.ancestors')}</h3>
            {state.lineage.ancestors.length === 0 ? <p className="muted">{t('trace.root')}</p> : <LotNodeList nodes={state.lineage.ancestors} rowTestId="ancestor-row" onPick={(n) => move(n.code)} />}
          </section>
          <section className="counter-children" data-testid="trace-children">
            <h3>{t('trace.children', { count: state.lineage.children.length })}</h3>
            {state.lineage.children.length === 0 ? (
              <p className="muted">{t('trace.noChildren')}</p>
            ) : (
              <LotNodeList nodes={state.lineage.children} rowTestId="trace-child-row" onPick={(n) => move(n.code)} />
            )}
          </section>
        </div>
      )}
    </main>
  );
}
