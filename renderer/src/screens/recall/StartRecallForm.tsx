import { useEffect, useLayoutEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { CERTIFICATE_TYPES, RECALL_SOURCES, type CertificateType, type Recall, type RecallPreview, type RecallSource, type Subject } from '../../../../shared/contract';
import { useStation } from '../../api';
import { Choice } from '../../components/Choice';
import { Notice } from '../../components/Notice';
import { useApiAction } from '../../components/useApiAction';
import { playCue } from '../../feedback';
import { amountText } from '../../format/codeText';
import { errorText } from '../../i18n';
import { codeLabel } from '../../../../shared/domain/codeLabel';
import { quickRange, type QuickRange } from '../ledger/ledgerRange';
import { timeText } from '../lot/time';
import { SCOPE_KINDS, scopeOf, startInput, type RecallDraft } from './recallDraft';
import { CodeText } from '../../components/CodeText';

const QUICK: [QuickRange, string][] = [
  ['today', 'rangeToday'],
  ['week', 'rangeWeek'],
  ['month', 'rangeMonth'],
];

/**
 * 发起召回: the scope (a scanned lot, a supplier over market days, a certificate, a GTIN + batch),
 * the reason and where it came from; 预览 (Enter) shows what the scope catches without writing
 * anything; only then the red 确认召回, enabled once the check box is ticked, starts the recall.
 * Enter never starts one: it previews again.
 */
export function StartRecallForm({
  draft,
  scans,
  onChange,
  onCancel,
  onStarted,
}: {
  draft: RecallDraft;
  /** Counts the scans (and a lot brought from another screen): each one previews at once, nothing is written. */
  scans: number;
  onChange(draft: RecallDraft): void;
  onCancel(): void;
  onStarted(recall: Recall): void;
}) {
  const { t } = useTranslation();
  const { client } = useStation();
  const action = useApiAction((error) => errorText(t, error), { cue: true });
  const [suppliers, setSuppliers] = useState<Subject[]>([]);
  const [preview, setPreview] = useState<{ key: string; preview: RecallPreview } | null>(null);
  const [checked, setChecked] = useState(false);
  const [waiting, setWaiting] = useState(false);
  const previewing = useRef(0);

  useEffect(() => {
    let live = true;
    client.call('listSubjects', { kind: 'supplier' }).then(
      (list) => live && setSuppliers(list),
      () => {
        // The picker stays empty; previewing names the problem.
      },
    );
    return () => {
      live = false;
    };
  }, [client]);

  const asked = scopeOf(draft);
  const scopeKey = 'scope' in asked ? JSON.stringify(asked.scope) : '';
  const fresh = preview !== null && preview.key === scopeKey;
  const set = (patch: Partial<RecallDraft>) => onChange({ ...draft, ...patch });

  function previewScope(e?: FormEvent) {
    e?.preventDefault();
    if ('problem' in asked) return action.fail(t(`recall.form.${asked.problem}`));
    const { scope } = asked;
    // Only the latest preview counts: a scan during one previews the new lot, never blocked by the old.
    const n = ++previewing.current;
    setChecked(false);
    setPreview(null);
    action.clear();
    setWaiting(true);
    client.call('previewRecall', { scope }).then(
      (answer) => {
        if (n !== previewing.current) return;
        setWaiting(false);
        setPreview({ key: JSON.stringify(scope), preview: answer });
      },
      (error) => {
        if (n !== previewing.current) return;
        setWaiting(false);
        action.fail(errorText(t, error));
      },
    );
  }

  const previewLatest = useRef(previewScope);
  useLayoutEffect(() => {
    previewLatest.current = previewScope;
  });
  useEffect(() => {
    if (scans > 0) previewLatest.current();
  }, [scans]);

  function confirm() {
    if (!('scope' in asked) || !fresh) return;
    const start = startInput(draft, asked.scope);
    if ('problem' in start) return action.fail(t(`recall.form.${start.problem}`));
    void action.run(async () => {
      const recall = await client.call('startRecall', start.input);
      playCue('alert');
      onStarted(recall);
    });
  }

  const rangeFields = (
    <div className="recall-range">
      <label>
        {t('recall.form.from')}
        <input type="date" value={draft.from} onChange={(e) => set({ from: e.target.value })} data-testid="recall-from" />
      </label>
      <label>
        {t('recall.form.to')}
        <input type="date" value={draft.to} onChange={(e) => set({ to: e.target.value })} data-testid="recall-to" />
      </label>
      {QUICK.map(([kind, label]) => (
        <button key={kind} type="button" className="secondary" onClick={() => set(quickRange(kind, new Date()))} data-testid={`recall-range-${kind}`}>
          {t(`recall.form.${label}`)}
        </button>
      ))}
      {draft.kind !== 'supplier' && <span className="muted">{t('recall.form.rangeOptional')}</span>}
    </div>
  );

  return (
    <section className="card recall-start" data-testid="recall-start" data-kind={draft.kind}>
      <h2>{t('recall.form.title')}</h2>
      <form className="recall-form" onSubmit={previewScope}>
        <Choice value={draft.kind} options={SCOPE_KINDS} label={(k) => t(`recall.scope.${k}`)} testId="recall-scope" onChange={(kind) => set({ kind })} />
        {draft.kind === 'lot' && (
          <label>
            {t('recall.form.code')}
            <input value={draft.code} onChange={(e) => set({ code: e.target.value })} placeholder={t('recall.form.codeHint')} data-testid="recall-code" />
          </label>
        )}
        {draft.kind === 'supplier' && (
          <>
            <label>
              {t('recall.form.supplier')}
              <select value={draft.supplierId} onChange={(e) => set({ supplierId: e.target.value })} data-testid="recall-supplier">
                <option value="">{t('common.choose')}</option>
                {suppliers.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.uscc ? t('recall.form.supplierOption', { name: s.name, uscc: s.uscc }) : s.name}
                  </option>
                ))}
              </select>
            </label>
            {rangeFields}
          </>
        )}
        {draft.kind === 'certificate' && (
          <>
            <div className="field-row">
              <label>
                {t('recall.form.certificateType')}
                <select value={draft.certificateType} onChange={(e) => set({ certificateType: e.target.value as CertificateType | '' })} data-testid="recall-certificate-type">
                  <option value="">{t('recall.form.anyType')}</option>
                  {CERTIFICATE_TYPES.map((type) => (
                    <option key={type} value={type}>
                      {t(`certType.${type}`)}
                    </option>
                  ))}
                </select>
              </label>
              <label className="grow">
                {t('recall.form.certificateNumber')}
                <input value={draft.certificateNumber} maxLength={60} onChange={(e) => set({ certificateNumber: e.target.value })} data-testid="recall-certificate-number" />
              </label>
            </div>
            {rangeFields}
          </>
        )}
        {draft.kind === 'gtinBatch' && (
          <>
            <div className="field-row">
              <label className="grow">
                {t('recall.form.gtin')}
                <input value={draft.gtin} inputMode="numeric" maxLength={14} onChange={(e) => set({ gtin: e.target.value })} placeholder={t('recall.form.gtinHint')} data-testid="recall-gtin" />
              </label>
              <label>
                {t('recall.form.batch')}
                <input value={draft.batch} maxLength={20} onChange={(e) => set({ batch: e.target.value })} data-testid="recall-batch" />
              </label>
            </div>
            {rangeFields}
          </>
        )}
        <label>
          {t('recall.form.reason')}
          <input value={draft.reason} maxLength={200} onChange={(e) => set({ reason: e.target.value })} placeholder={t('recall.form.reasonPlaceholder')} data-testid="recall-reason" />
        </label>
        <div className="recall-source">
          <span className="muted">{t('recall.form.source')}</span>
          <Choice value={draft.source as RecallSource} options={RECALL_SOURCES} label={(s) => t(`recall.source.${s}`)} testId="recall-source" onChange={(source) => set({ source })} />
        </div>
        <label>
          {t('recall.form.sourceRef')}
          <input value={draft.sourceRef} maxLength={60} onChange={(e) => set({ sourceRef: e.target.value })} data-testid="recall-source-ref" />
        </label>
        <div className="form-actions">
          <button type="button" className="secondary" onClick={onCancel} data-testid="recall-start-cancel">
            {t('recall.form.cancel')}
          </button>
          <button type="submit" className="primary" disabled={action.busy} data-testid="recall-preview">
            {waiting ? t('recall.form.previewing') : t('recall.form.preview')}
          </button>
        </div>
      </form>
      {preview && !fresh && (
        <p className="form-message" data-testid="recall-preview-stale">
          {t('recall.preview.stale')}
        </p>
      )}
      {preview && fresh && <PreviewPanel preview={preview.preview} checked={checked} busy={action.busy} onCheck={setChecked} onConfirm={confirm} />}
      <Notice notice={action.notice} testId="recall-start-message" />
    </section>
  );
}

function PreviewPanel({ preview, checked, busy, onCheck, onConfirm }: { preview: RecallPreview; checked: boolean; busy: boolean; onCheck(checked: boolean): void; onConfirm(): void }) {
  const { t } = useTranslation();
  const nothing = preview.lots === 0;
  return (
    <section className="recall-preview" aria-live="polite" data-testid="recall-preview-panel" data-lots={preview.lots} data-roots={preview.rootLots}>
      <h3>{t('recall.preview.title')}</h3>
      {nothing ? (
        <p className="form-message" data-testid="recall-preview-nothing">
          {t('recall.preview.nothing')}
        </p>
      ) : (
        <>
          <p className="recall-preview-lots" data-testid="recall-preview-lots">
            {t('recall.preview.lots', { lots: preview.lots, roots: preview.rootLots })}
          </p>
          {preview.alreadyDestroyed > 0 && <p>{t('recall.preview.alreadyDestroyed', { count: preview.alreadyDestroyed })}</p>}
          {preview.inOtherRecalls > 0 && <p>{t('recall.preview.inOtherRecalls', { count: preview.inOtherRecalls })}</p>}
          <ul>
            {preview.quantities.map((q) => (
              <li key={q.unit} data-testid="recall-preview-quantity" data-unit={q.unit}>
                {t('recall.preview.quantities', { onHand: amountText(q.onHand, q.unit), sold: amountText(q.sold, q.unit), unit: t(`unit.${q.unit}`) })}
              </li>
            ))}
          </ul>
          <h4>{t('recall.preview.sample', { count: preview.sample.length })}</h4>
          <ul>
            {preview.sample.map((s) => (
              <li key={s.lotId} data-testid="recall-preview-sample" data-lot={s.lotId}>
                <span className="code-cell">
                  <CodeText code={codeLabel(s.code)} />
                </span>{' '}
                {t('recall.preview.sampleLine', { at: timeText(s.enteredAt), variety: s.variety, supplier: s.supplier, quantity: amountText(s.quantity, s.unit), unit: t(`unit.${s.unit}`) })}
              </li>
            ))}
          </ul>
          <label className="recall-check">
            <input type="checkbox" checked={checked} onChange={(e) => onCheck(e.target.checked)} data-testid="recall-confirm-check" />
            {t('recall.preview.check', { lots: preview.lots })}
          </label>
          <p className="muted">{t('recall.preview.confirmHint')}</p>
          <button type="button" className="danger recall-confirm" disabled={!checked || busy} onClick={onConfirm} data-testid="recall-confirm">
            {t('recall.preview.confirm')}
          </button>
        </>
      )}
    </section>
  );
}
