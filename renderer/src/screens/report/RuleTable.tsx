import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { RuleCheck, WorkPlanRule } from '../../../../shared/contract';
import { ruleSentence } from './reportText';

/**
 * The work plan's rules, first on the page: each with a big 达标 / 未达标 (colour and word), what is
 * missing in a sentence, and the lots that keep it from being met as buttons that open the lot.
 * `actions` puts a rule's own action in its row (the sampling floor).
 */
export function RuleTable({
  rules,
  onOpenLot,
  actions = {},
  codes = new Map(),
}: {
  rules: readonly RuleCheck[];
  onOpenLot(lotId: string): void;
  actions?: Partial<Record<WorkPlanRule, ReactNode>>;
  /** Lot codes the report names; other lots show the end of their id. */
  codes?: ReadonlyMap<string, string>;
}) {
  const { t } = useTranslation();
  const unmet = rules.filter((r) => !r.met).length;
  return (
    <section className="card report-rules" data-testid="report-rules" data-unmet={unmet}>
      <h2>
        {t('report.rules.title')}
        <span className={unmet ? 'rule-summary rule-unmet' : 'rule-summary rule-met'}>{unmet ? t('report.rules.someUnmet', { count: unmet }) : t('report.rules.allMet', { count: rules.length })}</span>
      </h2>
      <table className="rule-table">
        <tbody>
          {rules.map((r) => (
            <tr key={r.rule} data-testid={`rule-${r.rule}`} data-met={r.met}>
              <th scope="row">{t(`report.rule.${r.rule}.name`)}</th>
              <td className={r.met ? 'rule-verdict rule-met' : 'rule-verdict rule-unmet'} data-testid="rule-verdict">
                <span aria-hidden="true">{r.met ? '✓ ' : '✗ '}</span>
                {r.met ? t('report.rules.met') : t('report.rules.unmet')}
              </td>
              <td className="rule-detail">
                <p className="rule-sentence" data-testid="rule-sentence">
                  {ruleSentence(t, r)}
                </p>
                {!r.met && r.lotIds.length > 0 && (
                  <div className="rule-lots">
                    <span>{t('report.rules.lots')}</span>
                    {r.lotIds.map((id, i) => (
                      <button key={id} type="button" className="secondary rule-lot" data-lot-id={id} title={id} onClick={() => onOpenLot(id)}>
                        {i + 1}. {codes.get(id) ?? `…${id.slice(-6)}`}
                      </button>
                    ))}
                  </div>
                )}
                {actions[r.rule]}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
