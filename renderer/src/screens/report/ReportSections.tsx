import { useTranslation } from 'react-i18next';
import type { BreakdownRow, DayReport } from '../../../../shared/contract';
import { amountText, percent } from './reportText';

const BREAKDOWNS = ['byCategory', 'byVariety', 'bySupplier', 'byOrigin', 'byStall', 'byOperator'] as const;

function Breakdown({ title, rows, testId }: { title: string; rows: readonly BreakdownRow[]; testId: string }) {
  const { t } = useTranslation();
  if (rows.length === 0) return null;
  return (
    <div className="report-breakdown" data-testid={testId}>
      <h4>{title}</h4>
      <table>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id ?? ''}>
              <th scope="row">{r.id === null ? t('report.intake.none') : r.name}</th>
              <td>{amountText(t, r.amount)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The report's sections after the rules: intake, verdicts, certificates, testing, disposals, counter, upload, recalls. */
export function ReportSections({ report }: { report: DayReport }) {
  const { t } = useTranslation();
  const { intake, verdicts, certificates, testing, disposals, counter, upload, recalls, gateFlow } = report;
  return (
    <div className="report-sections">
      <section className="card report-section" data-testid="report-intake">
        <h3>{t('report.intake.title')}</h3>
        <p className="report-total">{t('report.intake.total', { amount: amountText(t, intake.total) })}</p>
        <div className="report-breakdowns">
          {BREAKDOWNS.map((key) => (
            <Breakdown key={key} title={t(`report.intake.${key}`)} rows={intake[key]} testId={`intake-${key}`} />
          ))}
        </div>
      </section>

      <section className="card report-section" data-testid="report-verdicts">
        <h3>{t('report.verdicts.title')}</h3>
        <p className="report-total">{t('report.verdicts.totals', { admitted: verdicts.admitted, awaitingTest: verdicts.awaitingTest, rejected: verdicts.rejected })}</p>
        {verdicts.rejectedByReason.length > 0 && (
          <>
            <h4>{t('report.verdicts.rejectedBy')}</h4>
            <ul>
              {verdicts.rejectedByReason.map((r) => (
                <li key={r.reason}>{t('report.verdicts.reasonRow', { reason: t(`report.rejectReason.${r.reason}`), count: r.lots })}</li>
              ))}
            </ul>
          </>
        )}
        <h4>{t('report.verdicts.overrides')}</h4>
        {verdicts.overrides.length === 0 ? (
          <p>{t('report.verdicts.noOverrides')}</p>
        ) : (
          <ul>
            {verdicts.overrides.map((o) => (
              <li key={`${o.lotId}-${o.at}`}>
                {t('report.verdicts.override', { at: o.at.slice(0, 16).replace('T', ' '), code: o.code, from: t(`outcome.${o.from}`), to: t(`outcome.${o.to}`), by: o.by, reason: o.reason })}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className="card report-section" data-testid="report-certificates">
        <h3>{t('report.certificates.title')}</h3>
        <ul>
          {certificates.byType.map((c) => (
            <li key={c.type}>{t('report.certificates.typeRow', { type: t(`certType.${c.type}`), count: c.lots })}</li>
          ))}
        </ul>
        <p>{t('report.certificates.without', { count: certificates.withoutCertificate })}</p>
        {certificates.nearLimit.length > 0 && (
          <>
            <h4>{t('report.certificates.nearLimit')}</h4>
            <ul>
              {certificates.nearLimit.map((c) => (
                <li key={c.certificateId}>
                  {t('report.certificates.nearLimitRow', {
                    type: t(`certType.${c.type}`),
                    number: c.number,
                    quantity: c.quantity,
                    unit: t(`unit.${c.unit}`, { defaultValue: c.unit }),
                    used: c.used,
                    lots: c.lots,
                  })}
                </li>
              ))}
            </ul>
          </>
        )}
      </section>

      <section className="card report-section" data-testid="report-testing">
        <h3>{t('report.testing.title')}</h3>
        <p>{t('report.testing.noReport', { lots: testing.noReport.lots, tested: testing.noReport.tested })}</p>
        <p>
          {t('report.testing.withReport', { lots: testing.withReport.lots, sampled: testing.withReport.sampled, tested: testing.withReport.tested, target: percent(testing.withReport.targetRate) })}
        </p>
        <p>{t('report.testing.tests', { tests: testing.tests, invalid: testing.invalidRuns })}</p>
        <h4>{t('report.testing.positives')}</h4>
        {testing.positives.length === 0 ? (
          <p>{t('report.testing.noPositives')}</p>
        ) : (
          <ul>
            {testing.positives.map((p) => (
              <li key={`${p.lotId}-${p.testedAt}`} className={p.outcome === 'held' || p.outcome === 'selling' ? 'rule-unmet' : undefined}>
                {t('report.testing.positive', { code: p.code, item: p.itemId, at: p.testedAt.slice(0, 16).replace('T', ' '), outcome: t(`report.testing.outcome.${p.outcome}`) })}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className="card report-section" data-testid="report-disposals">
        <h3>{t('report.disposals.title')}</h3>
        <p>{t('report.disposals.summary', { count: disposals.count, shredding: disposals.byMethod.shredding, other: disposals.byMethod.other, missing: disposals.evidenceMissing })}</p>
        {disposals.count > 0 && <p>{amountText(t, disposals.amount)}</p>}
        <ul>
          {disposals.list.map((d) => (
            <li key={d.disposalId}>
              {t('report.disposals.row', {
                at: d.at.slice(0, 16).replace('T', ' '),
                code: d.code,
                number: d.certificateNumber,
                method: t(`report.disposals.method.${d.method}`),
                evidence: d.method === 'shredding' ? (d.evidence ? t('report.disposals.evidence') : t('report.disposals.noEvidence')) : '—',
              })}
            </li>
          ))}
        </ul>
      </section>

      <section className="card report-section" data-testid="report-counter">
        <h3>{t('report.counter.title')}</h3>
        {counter.byStall.length === 0 ? (
          <p>{t('report.counter.none')}</p>
        ) : (
          <ul>
            {counter.byStall.map((s) => (
              <li key={s.stallId ?? ''}>{t('report.counter.row', { stall: s.stallId === null ? t('report.intake.none') : s.name, codes: s.childCodes, sold: amountText(t, s.sold) })}</li>
            ))}
          </ul>
        )}
      </section>

      <section className="card report-section" data-testid="report-upload">
        <h3>{t('report.upload.title')}</h3>
        <p>
          {t('report.upload.summary', {
            backlog: upload.backlog,
            deadLetters: upload.deadLetters,
            last: upload.lastSuccessAt ? upload.lastSuccessAt.slice(0, 16).replace('T', ' ') : t('report.upload.never'),
          })}
        </p>
      </section>

      <section className="card report-section" data-testid="report-recalls">
        <h3>{t('report.recalls.title')}</h3>
        <p>{t('report.recalls.summary', { open: recalls.open, started: recalls.startedInRange, closed: recalls.closedInRange, lifted: recalls.liftedInRange })}</p>
        {recalls.openList.length === 0 ? (
          <p>{t('report.recalls.none')}</p>
        ) : (
          <ul>
            {recalls.openList.map((r) => (
              // A recall with lots still to find stands out, as an open positive does.
              <li key={r.id} className={r.openLots > 0 ? 'rule-unmet' : undefined}>
                {t('report.recalls.row', { number: r.number, at: r.createdAt.slice(0, 16).replace('T', ' '), scope: r.scopeLabel, reason: r.reason, openLots: r.openLots, lots: r.lots })}
              </li>
            ))}
          </ul>
        )}
        {recalls.open > recalls.openList.length && <p className="hint">{t('report.recalls.more', { count: recalls.open - recalls.openList.length })}</p>}
      </section>

      <section className="card report-section" data-testid="report-gate-flow">
        <h3>{t('exit.report.title')}</h3>
        <table>
          <thead>
            <tr>
              {(['day', 'in', 'out', 'exceptions'] as const).map((c) => (
                <th key={c}>{t(`exit.report.columns.${c}`)}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {gateFlow.days.map((d) => (
              <tr key={d.day} data-testid="gate-flow-row" data-day={d.day} data-in={d.in.lots} data-out={d.out.lots} data-exceptions={d.exceptions}>
                <td>{d.day}</td>
                <td>{amountText(t, d.in)}</td>
                <td>{amountText(t, d.out)}</td>
                <td className={d.exceptions > 0 ? 'rule-unmet' : undefined}>{d.exceptions}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}
