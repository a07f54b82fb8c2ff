import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useStation } from '../../api';
import { FIRST_RUN_STEPS, stepsDone, type FirstRunStep } from './firstRunSteps';
import './firstRun.css';

/**
 * 首次使用 on the admin's first screen: the README's first-start steps, each ticked from what the
 * station has now and linking to its tab, until all are done ("稍后" hides it until the screen opens again).
 */
export function FirstRunChecklist({ onOpen }: { onOpen(tab: string): void }) {
  const { t } = useTranslation();
  const { client } = useStation();
  const [done, setDone] = useState<Record<FirstRunStep, boolean> | null>(null);
  const [closed, setClosed] = useState(false);

  useEffect(() => {
    let live = true;
    Promise.all([client.call('getStation', {}), client.call('listOperators', {}), client.call('listPrinters', {}), client.call('listScales', {})]).then(
      ([station, operators, printers, scales]) => live && setDone(stepsDone({ stationId: station.stationId, operators, printers, scales })),
      // A checklist that cannot load is no reason to block the screen under it.
      () => live && setDone(null),
    );
    return () => {
      live = false;
    };
  }, [client]);

  if (!done || closed || FIRST_RUN_STEPS.every((s) => done[s.id])) return null;
  return (
    <aside className="first-run" data-testid="first-run" aria-label={t('firstRun.title')}>
      <strong>{t('firstRun.title')}</strong>
      <ol>
        {FIRST_RUN_STEPS.map(({ id, tab }) => (
          <li key={id} className={done[id] ? 'first-run-done' : ''} data-testid={`first-run-${id}`} data-done={done[id]}>
            <span aria-hidden="true">{done[id] ? '✓' : '○'}</span>
            {!done[id] && tab ? (
              <button type="button" className="link-button" onClick={() => onOpen(tab)}>
                {t(`firstRun.${id}`)}
              </button>
            ) : (
              t(`firstRun.${id}`)
            )}
          </li>
        ))}
      </ol>
      <button type="button" className="link-button first-run-close" onClick={() => setClosed(true)} data-testid="first-run-close">
        {t('firstRun.later')}
      </button>
    </aside>
  );
}
