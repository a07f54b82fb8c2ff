import { useTranslation } from 'react-i18next';
import type { Unit } from '../../../../shared/contract';
import { VERDICT_COLOURS } from '../../feedback';
import { amountText, groupedCode } from '../../format/codeText';
import { CodeText } from '../../components/CodeText';

export interface Issued {
  code: string;
  lotId: string;
  parentRemaining: number;
  unit: Unit;
  exhausted: boolean;
}

/** 出码 succeeded: the new code big enough to read out to the buyer, and the label as it prints. */
export function IssuedPanel({ issued, preview }: { issued: Issued; preview: string | null }) {
  const { t } = useTranslation();
  const colours = VERDICT_COLOURS.admit;
  return (
    <section className="issued" style={{ background: colours.background, color: colours.text }} data-testid="split-result" data-code={issued.code} aria-live="assertive">
      <div className="issued-word">{t('counter.issued')}</div>
      <div className="issued-code" data-testid="child-code">
        <CodeText code={groupedCode(issued.code)} />
      </div>
      <div className="issued-remaining" data-testid="issued-remaining">
        {issued.exhausted ? t('counter.exhausted') : t('counter.remainingAfter', { quantity: amountText(issued.parentRemaining, issued.unit), unit: t(`unit.${issued.unit}`) })}
      </div>
      {preview && <img className="label-preview" src={preview} alt={t('counter.labelPreview')} data-testid="label-preview" />}
    </section>
  );
}
