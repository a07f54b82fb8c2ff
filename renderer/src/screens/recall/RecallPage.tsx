import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { RECALL_PAGE, RECALL_PAGE_MAX, type RecallDetail, type RecallLot } from '../../../../shared/contract';
import { codeLabel } from '../../../../shared/domain/codeLabel';
import { useStation } from '../../api';
import { ExportBar } from '../../components/exports/ExportBar';
import { patchLotStatus } from '../../components/lotStatus';
import { Notice } from '../../components/Notice';
import { useApiAction } from '../../components/useApiAction';
import { amountText } from '../../format/codeText';
import { errorText } from '../../i18n';
import { timeText } from '../lot/time';
import { useScreenLinks } from '../nav/screenLink';
import { CountsLine, RecallStatusChip, scopeText, sourceText } from './recallText';
import { orderOf, RecallLots, type LotActions, type LotsMode, type Mark } from './RecallLots';
import { RecallOrigins } from './RecallOrigins';
import { useAnswerGate } from '../../components/answerGate';

const RECALL_FORMATS = ['xlsx', 'pdf'] as const;

/**
 * One recall: status and counts, what managers do to it (close once nothing is open, lift with a
 * reason, export the notice list), its affected lots a page at a time, and the origins. Kept live:
 * lots change colour with `lotStatus`; counts and quantities come from the station's summary (the
 * rows shown are only a page of them): a `recall` event brings the new summary and reads the rows
 * shown again (one call, at most RECALL_PAGE_MAX rows), as a mark elsewhere or 销毁 changed them.
 */
export function RecallPage({ id, onBack }: { id: string; onBack(): void }) {
  const { t } = useTranslation();
  const { client, can } = useStation();
  const links = useScreenLinks();
  const action = useApiAction((error) => errorText(t, error), { cue: true });
  const [detail, setDetail] = useState<RecallDetail | null>(null);
  const [mode, setMode] = useState<LotsMode>('tree');
  const [problem, setProblem] = useState('');
  const [lifting, setLifting] = useState(false);
  const [liftReason, setLiftReason] = useState('');
  // A lot's state changed while rows are on their way shows in them too (answerGate.ts).
  const gate = useAnswerGate<RecallDetail | null>();
  const shown = useRef(RECALL_PAGE);
  const modeRef = useRef<LotsMode>('tree');

  /** Rows from `offset` in the current mode; the first page replaces the rows, a later one is appended. */
  const read = useCallback(
    (offset: number, limit: number) => {
      const call = gate.begin();
      client.call('getRecall', { id, offset, limit, order: orderOf(modeRef.current) }).then(
        (answer) => {
          const fresh = gate.settle(call, answer);
          if (!fresh) return;
          setProblem('');
          setDetail((d) => {
            if (offset === 0 || !d) return fresh;
            const have = new Set(d.lots.map((l) => l.lotId));
            return { ...fresh, offset: 0, lots: [...d.lots, ...fresh.lots.filter((l) => !have.has(l.lotId))] };
          });
        },
        (error) => gate.fail(call) && setProblem(errorText(t, error)),
      );
    },
    [client, gate, id, t],
  );
  /** The rows shown so far, read again. */
  const load = useCallback(() => read(0, Math.min(RECALL_PAGE_MAX, Math.max(RECALL_PAGE, shown.current))), [read]);

  useEffect(load, [load]);
  useEffect(() => {
    shown.current = detail?.lots.length ?? RECALL_PAGE;
  }, [detail]);

  useEffect(
    () =>
      client.on('recall', (recall) => {
        if (recall.id !== id) return;
        setDetail((d) => (d ? { ...d, recall } : d));
        load();
      }),
    [client, id, load],
  );
  useEffect(
    () =>
      client.on('lotStatus', ({ changes }) => {
        const patch = (d: RecallDetail | null) => d && { ...d, lots: patchLotStatus(d.lots, changes, 'status') };
        gate.note(patch);
        setDetail(patch);
      }),
    [client, gate],
  );

  function switchMode(next: LotsMode) {
    if (next === modeRef.current) return;
    modeRef.current = next;
    setMode(next);
    read(0, RECALL_PAGE);
  }

  if (!detail) {
    return (
      <section className="recall-page" data-testid="recall-page" data-state={problem ? 'problem' : 'loading'}>
        <button type="button" className="secondary" onClick={onBack} data-testid="recall-back">
          {t('recall.page.back')}
        </button>
        {problem ? (
          <p className="form-message" role="alert" data-testid="recall-page-problem">
            {problem}
          </p>
        ) : (
          <p className="muted">{t('recall.loading')}</p>
        )}
      </section>
    );
  }

  const { recall, lots, total, origins } = detail;
  const managing = recall.status === 'open' && can('markRecallLot');
  const liftable = recall.status !== 'lifted' && can('liftRecall');

  function mark(lot: RecallLot, progress: Mark) {
    void action.run(async () => {
      const marked = await client.call('markRecallLot', { recallId: id, lotId: lot.lotId, progress });
      // The row in place; the counts come with the station's `recall` event.
      setDetail((d) => (d ? { ...d, lots: d.lots.map((l) => (l.lotId === marked.lotId ? marked : l)) } : d));
      action.succeed(t('recall.lot.marked', { code: codeLabel(marked.code), progress: t(`recall.progress.${marked.progress}`) }));
    });
  }

  const actions: LotActions | null = managing
    ? { busy: action.busy, mark, ...(links.has('disposal') && { dispose: (lot: RecallLot) => links.open({ screen: 'disposal', lot: codeLabel(lot.code) }) }) }
    : null;

  function close() {
    void action.run(async () => {
      const closed = await client.call('closeRecall', { id });
      setDetail((d) => (d ? { ...d, recall: closed } : d));
      action.succeed(t('recall.page.closedDone'));
    });
  }

  function lift(e: FormEvent) {
    e.preventDefault();
    const reason = liftReason.trim();
    if (!reason) return action.fail(t('recall.page.liftReasonRequired'));
    void action.run(async () => {
      const lifted = await client.call('liftRecall', { id, reason });
      setDetail((d) => (d ? { ...d, recall: lifted } : d));
      setLifting(false);
      action.succeed(t('recall.page.liftedDone'));
      // Every lot's state is back as before: read them again.
      load();
    });
  }

  return (
    <section className="recall-page" data-testid="recall-page" data-state="shown" data-id={recall.id} data-status={recall.status}>
      <header className="recall-page-header">
        <button type="button" className="secondary" onClick={onBack} data-testid="recall-back">
          {t('recall.page.back')}
        </button>
        <h2 className="code-cell" data-testid="recall-number">
          {recall.number}
        </h2>
        <RecallStatusChip status={recall.status} testId="recall-status" />
      </header>
      <div className="card recall-summary">
        <p className="recall-scope" data-testid="recall-summary-scope">
          {scopeText(t, recall)}
        </p>
        <p>
          <strong>{recall.reason}</strong> · {sourceText(t, recall)}
        </p>
        <p className="muted">{t('recall.page.created', { at: timeText(recall.createdAt), by: recall.createdByName })}</p>
        {recall.closedAt && <p className="muted">{t('recall.page.closed', { at: timeText(recall.closedAt), by: recall.closedByName ?? '' })}</p>}
        {recall.liftedAt && (
          <p className="muted" data-testid="recall-lifted">
            {t('recall.page.lifted', { at: timeText(recall.liftedAt), by: recall.liftedByName ?? '', reason: recall.liftReason ?? '' })}
          </p>
        )}
        <CountsLine counts={recall.counts} testId="recall-counts" />
        <ul className="recall-quantities">
          {recall.quantities.map((q) => (
            <li key={q.unit}>{t('recall.preview.quantities', { onHand: amountText(q.onHand, q.unit), sold: amountText(q.sold, q.unit), unit: t(`unit.${q.unit}`) })}</li>
          ))}
        </ul>
        {/* A closed recall's lots stay recalled: lifting it (a notice withdrawn later) is the way back. */}
        {liftable && (
          <div className="recall-actions">
            {recall.status === 'open' && can('closeRecall') && (
              <>
                <button type="button" className="primary" disabled={recall.counts.open > 0 || action.busy} onClick={close} data-testid="recall-close">
                  {t('recall.page.close')}
                </button>
                {recall.counts.open > 0 && (
                  <span className="muted" data-testid="recall-close-hint">
                    {t('recall.page.closeHint', { count: recall.counts.open })}
                  </span>
                )}
              </>
            )}
            <button type="button" className="secondary" aria-expanded={lifting} onClick={() => setLifting((l) => !l)} data-testid="recall-lift">
              {t('recall.page.lift')}
            </button>
          </div>
        )}
        {lifting && liftable && (
          <form className="recall-lift" onSubmit={lift} data-testid="recall-lift-form">
            <p>{t('recall.page.liftTitle')}</p>
            <label>
              {t('recall.page.liftReason')}
              <input value={liftReason} maxLength={200} onChange={(e) => setLiftReason(e.target.value)} autoFocus data-testid="recall-lift-reason" />
            </label>
            <div className="form-actions">
              <button type="button" className="secondary" onClick={() => setLifting(false)}>
                {t('common.cancel')}
              </button>
              <button type="submit" className="danger" disabled={action.busy} data-testid="recall-lift-submit">
                {t('recall.page.liftConfirm')}
              </button>
            </div>
          </form>
        )}
        <Notice notice={action.notice} testId="recall-message" />
        {can('exportRecall') && <ExportBar formats={RECALL_FORMATS} start={(format, exportId) => client.call('exportRecall', { id, format, exportId })} testId="recall-export" />}
      </div>
      <RecallLots lots={lots} total={total} mode={mode} onMode={switchMode} onMore={() => read(lots.length, RECALL_PAGE)} actions={actions} />
      <RecallOrigins origins={origins} />
    </section>
  );
}
