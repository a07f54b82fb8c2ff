import { useTranslation } from 'react-i18next';
import { errorText } from '../../i18n';
import type { LotView, Subject } from '../../../../shared/contract';
import { ASSIGNABLE_STATUSES } from '../../../../shared/domain/stalls';
import { useStation } from '../../api';
import { useApiAction } from '../../components/useApiAction';
import './stallPicker.css';

/** Whether the desk may send this lot to a stall: a gate lot, admitted or waiting for its test. */
export const mayGoToStall = (view: LotView) => view.lot.parentLotId === null && ASSIGNABLE_STATUSES.includes(view.lot.status);

/** 去向摊位: one tap on a stall after the verdict, and that stall sells the lot. */
export function StallPicker({ view, stalls, onAssigned }: { view: LotView; stalls: Subject[]; onAssigned(view: LotView): void }) {
  const { t } = useTranslation();
  const { client } = useStation();
  const { busy, problem, run } = useApiAction((error) => errorText(t, error), { cue: true });

  async function assign(stall: Subject) {
    await run(async () => onAssigned(await client.call('assignLotStall', { lotId: view.lot.id, stallId: stall.id })));
  }

  return (
    <section className="stall-picker" data-testid="stall-picker" data-stall={view.stall?.id ?? ''}>
      <h3>{view.stall ? t('masterData.stall.assigned', { name: view.stall.name }) : t('masterData.stall.title')}</h3>
      <div className="stall-buttons" role="group" aria-label={t('masterData.stall.hint')}>
        {stalls.map((s) => (
          <button
            key={s.id}
            type="button"
            className={`segment ${view.stall?.id === s.id ? 'segment-on' : ''}`}
            aria-pressed={view.stall?.id === s.id}
            disabled={busy}
            onClick={() => void assign(s)}
            data-testid="stall-choice"
            data-name={s.name}
          >
            {s.name}
          </button>
        ))}
      </div>
      {problem && (
        <p className="form-message" role="alert" data-testid="stall-problem">
          {problem}
        </p>
      )}
    </section>
  );
}
