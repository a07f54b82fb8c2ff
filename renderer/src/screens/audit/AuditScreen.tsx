import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AuditVerdict } from '../../../../shared/contract';
import { useStation } from '../../api';
import { errorText } from '../../i18n';
import { useApiAction } from '../../components/useApiAction';
import './audit.css';

/** The first bad entry in words: what was done to it, and the entry as it reads now. */
function BreakText({ verdict }: { verdict: AuditVerdict }) {
  const { t } = useTranslation();
  const b = verdict.break!;
  const status = (s: string | undefined) => (s ? t(`status.${s}`, { defaultValue: s }) : '');
  return (
    <>
      <p>{t('audit.brokenDetail', { entries: verdict.entries })}</p>
      <p className="audit-break" data-testid="audit-break" data-kind={b.kind} data-seq={b.seq}>
        {t(`audit.kind.${b.kind}`, { seq: b.seq, movedFrom: b.movedFrom, code: b.lotCode ?? b.lotId, recorded: status(b.recorded), found: status(b.found) })}
      </p>
      {b.entry && (
        <p className="audit-entry">
          {t('audit.entry', { at: b.entry.at, operator: b.entry.operatorName ?? t('audit.station'), action: b.entry.action, subject: `${b.entry.subjectKind} ${b.entry.subjectId}` })}
        </p>
      )}
    </>
  );
}

/** 审计 (managers): checks the audit chain on demand and says the first bad entry in words. */
export function AuditScreen() {
  const { t } = useTranslation();
  const { client } = useStation();
  const action = useApiAction((error) => errorText(t, error));
  const [verdict, setVerdict] = useState<AuditVerdict | null>(null);

  const check = () =>
    action.run(async () => {
      setVerdict(null);
      setVerdict(await client.call('verifyAudit', {}));
    });

  return (
    <main className="screen audit" data-testid="audit-screen">
      <section className="card">
        <h2>{t('audit.title')}</h2>
        <p className="hint">{t('audit.hint')}</p>
        <button type="button" className="primary" disabled={action.busy} onClick={() => void check()} data-testid="audit-run">
          {action.busy ? t('audit.running') : t('audit.run')}
        </button>
        {action.problem && (
          <p className="form-message" role="alert">
            {action.problem}
          </p>
        )}
      </section>
      {verdict && (
        <section className={`card audit-result ${verdict.ok ? 'audit-ok' : 'audit-broken'}`} data-testid="audit-result" data-ok={verdict.ok}>
          <h2>{verdict.ok ? t('audit.ok') : t('audit.broken')}</h2>
          {verdict.ok ? <p>{t('audit.okDetail', { entries: verdict.entries, lots: verdict.lotsChecked })}</p> : <BreakText verdict={verdict} />}
          {verdict.head && <p className="audit-head code-cell">{t('audit.head', { seq: verdict.head.seq, hash: verdict.head.hash })}</p>}
        </section>
      )}
      <p className="hint">{t('audit.limit')}</p>
    </main>
  );
}
