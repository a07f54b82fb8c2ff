import type { KeyboardEvent, Ref } from 'react';
import { useTranslation } from 'react-i18next';
import type { Unit } from '../../../../shared/contract';
import { Choice } from '../../components/Choice';
import { typedUscc, usccProblem } from '../subjects/usccProblem';
import { kgToJin, parseQuantity, type PortionDraft } from './portion';

interface PortionFormProps {
  unit: Unit;
  draft: PortionDraft;
  onChange(draft: PortionDraft): void;
  onIssue(): void;
  busy: boolean;
  /** The lot may not be sold: the form stays visible but 出码 is off. */
  disabled: boolean;
  quantityRef: Ref<HTMLInputElement>;
  /** The scale's live weight the field follows (read-only); null: typed. */
  followed?: string | null;
  /** Following the scale and it shows no stable weight: 出码 is off. */
  issueBlocked?: boolean;
  /** A lot sold by weight is weighed in 斤 (typed, shown and printed so) rather than 公斤. */
  jin: boolean;
  onJinChange(jin: boolean): void;
}

const WEIGH_IN = ['kg', 'jin'] as const;

/** The portion: its weight big and first with 出码 beside it, then the optional price, 清场 and buyer. */
export function PortionForm({ unit, draft, onChange, onIssue, busy, disabled, quantityRef, followed = null, issueBlocked = false, jin, onJinChange }: PortionFormProps) {
  const { t } = useTranslation();
  const set = (patch: Partial<PortionDraft>) => onChange({ ...draft, ...patch });
  const following = followed !== null;
  const inJin = jin && unit === 'kg';
  const quantityBad = !following && draft.quantity.trim() !== '' && parseQuantity(draft.quantity, unit, inJin) === null;
  const uscc = usccProblem(draft.buyerUscc);

  // Enter in the weight field is 出码: type the weight, press Enter, hand over the goods.
  function onQuantityKey(e: KeyboardEvent<HTMLInputElement>) {
    if (e.key !== 'Enter') return;
    e.preventDefault();
    onIssue();
  }

  return (
    <section className="portion" data-testid="portion-form">
      <div className="portion-row">
        <label className="grow">
          {unit !== 'kg' ? t('counter.portionCount', { unit: t(`unit.${unit}`) }) : inJin ? t('counter.portionJin') : t('counter.portionKg')}
          <input
            ref={quantityRef}
            className="portion-quantity"
            inputMode={unit === 'kg' ? 'decimal' : 'numeric'}
            placeholder={unit !== 'kg' ? '0' : inJin ? '0.00' : '0.000'}
            autoComplete="off"
            value={following ? (inJin && followed ? kgToJin(followed) : followed) : draft.quantity}
            readOnly={following}
            data-following={following}
            aria-invalid={quantityBad}
            disabled={disabled}
            onChange={(e) => set({ quantity: e.target.value })}
            onKeyDown={onQuantityKey}
            data-testid="portion-quantity"
          />
        </label>
        <button type="button" className="primary issue-button" disabled={disabled || busy || issueBlocked} onClick={onIssue} data-testid="issue-code">
          {busy ? t('counter.issuing') : t('counter.issue')}
        </button>
      </div>
      {unit === 'kg' && (
        <div className="portion-row weigh-in" role="group" aria-label={t('counter.weighIn')}>
          <Choice value={inJin ? 'jin' : 'kg'} options={WEIGH_IN} label={(o) => (o === 'jin' ? t('counter.jin') : t('unit.kg'))} testId="weigh-in" onChange={(o) => onJinChange(o === 'jin')} />
        </div>
      )}
      <div className="portion-row">
        <label>
          {t('counter.price')}
          <input className="portion-price" inputMode="decimal" value={draft.price} placeholder="0.00" onChange={(e) => set({ price: e.target.value })} data-testid="price-yuan" />
        </label>
        <button
          type="button"
          className={`closing-toggle grow ${draft.closing ? 'closing-on' : ''}`}
          aria-pressed={draft.closing}
          disabled={disabled}
          onClick={() => set({ closing: !draft.closing })}
          data-testid="closing-toggle"
        >
          {t('counter.closing')}
          <span className="closing-hint">{t('counter.closingHint')}</span>
        </button>
      </div>
      <fieldset className="portion-buyer">
        <legend>{t('counter.buyer')}</legend>
        <label>
          {t('counter.buyerName')}
          <input value={draft.buyerName} maxLength={100} onChange={(e) => set({ buyerName: e.target.value })} data-testid="buyer-name" />
        </label>
        <label>
          {t('counter.buyerUscc')}
          <input
            value={draft.buyerUscc}
            maxLength={24}
            autoCapitalize="characters"
            aria-invalid={uscc !== null && typedUscc(draft.buyerUscc).length >= 18}
            onChange={(e) => set({ buyerUscc: e.target.value })}
            data-testid="buyer-uscc"
          />
        </label>
        <label>
          {t('counter.buyerPhone')}
          <input type="tel" value={draft.buyerPhone} maxLength={20} onChange={(e) => set({ buyerPhone: e.target.value })} data-testid="buyer-phone" />
        </label>
      </fieldset>
    </section>
  );
}
