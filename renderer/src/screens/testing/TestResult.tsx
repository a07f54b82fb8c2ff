import { useTranslation } from 'react-i18next';
import type { Hold, LotView, RapidTest } from '../../../../shared/contract';
import { ALERT_COLOURS, VERDICT_COLOURS } from '../../feedback';
import { groupedCode } from '../../format/codeText';
import { buyerText } from './testingText';

export interface Recorded {
  test: RapidTest;
  view: LotView;
  hold: Hold | null;
  itemName: string;
  /** The lot was waiting in 待检区 before this test. */
  wasAwaiting: boolean;
}

const COLOURS = { negative: VERDICT_COLOURS.admit, positive: ALERT_COLOURS, invalid: VERDICT_COLOURS.hold };

function hintKey({ test, view, wasAwaiting }: Recorded): string {
  if (test.verdict !== 'negative') return test.verdict;
  if (view.lot.status === 'held') return 'stillHeld';
  return wasAwaiting ? 'released' : 'negative';
}

/** The verdict, huge and coloured; a positive lists every lot it held and where each went. */
export function TestResult({ recorded }: { recorded: Recorded }) {
  const { t } = useTranslation();
  const { test, hold } = recorded;
  const colours = COLOURS[test.verdict];
  const reading = test.value !== null ? `${test.value}${test.unit ?? ''}` : test.reading ? t(`testing.reading.${test.reading}`) : t('common.none');
  return (
    <section
      className="test-result"
      style={{ background: colours.background, color: colours.text }}
      data-testid="test-result"
      data-verdict={test.verdict}
      data-lab={test.needsLabConfirmation}
      aria-live="assertive"
    >
      <div className="test-result-word" data-testid="test-result-word">
        {t(`testing.result.${test.verdict}`)}
      </div>
      <div className="test-result-hint">{t(`testing.resultHint.${hintKey(recorded)}`)}</div>
      <div className="test-result-measured">{t('testing.measured', { item: recorded.itemName, value: reading })}</div>
      {test.needsLabConfirmation && (
        <div className="test-result-lab" data-testid="test-lab-confirm">
          {t('testing.labConfirm')}
        </div>
      )}
      {hold && (
        <div className="test-held" data-testid="held-lots">
          <h3>{t('testing.heldLots', { count: hold.lots.length })}</h3>
          <table>
            <thead>
              <tr>
                <th>{t('testing.lotCode')}</th>
                <th>{t('testing.buyer')}</th>
              </tr>
            </thead>
            <tbody>
              {hold.lots.map((l) => (
                <tr key={l.lotId} data-testid="held-lot" data-code={l.code} data-depth={l.depth}>
                  <td className="code-cell" style={{ paddingLeft: `${l.depth * 1.2}em` }}>
                    {groupedCode(l.code)}
                  </td>
                  <td>{buyerText(t, l)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
