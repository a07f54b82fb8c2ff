import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ExitException } from '../../../../shared/contract';
import { codeLabel } from '../../../../shared/domain/codeLabel';
import { useStation } from '../../api';
import { StatusChip } from '../../components/StatusChip';
import { groupedCode } from '../../format/codeText';
import { errorText } from '../../i18n';
import './exit.css';
import { CodeText } from '../../components/CodeText';

/** 出口异常: what left the market unsold, stopped or without a code, one market day at a time (managers). */
export function ExitExceptionsScreen() {
  const { t } = useTranslation();
  const { client } = useStation();
  const [day, setDay] = useState('');
  const [list, setList] = useState<{ exceptions: ExitException[]; total: number } | null>(null);
  const [problem, setProblem] = useState('');

  useEffect(() => {
    let live = true;
    client.call('listExitExceptions', day ? { day } : {}).then(
      (l) => live && (setList(l), setProblem('')),
      (e) => live && setProblem(errorText(t, e)),
    );
    return () => {
      live = false;
    };
  }, [client, day, t]);

  return (
    <main className="screen exit-exceptions" data-testid="exit-exceptions-screen">
      <section className="card">
        <h2>{t('exit.exceptions.title')}</h2>
        <label>
          {t('exit.exceptions.day')} <input type="date" value={day} onChange={(e) => setDay(e.target.value)} data-testid="exit-exceptions-day" />
        </label>
        {problem && (
          <p className="form-message" role="alert">
            {problem}
          </p>
        )}
        {list && (
          <>
            <p data-testid="exit-exceptions-total">{t('exit.exceptions.total', { count: list.total })}</p>
            {list.exceptions.length === 0 ? (
              <p className="muted">{t('exit.exceptions.empty')}</p>
            ) : (
              <table>
                <thead>
                  <tr>
                    {(['at', 'kind', 'code', 'status', 'vehicle', 'buyer', 'note', 'by'] as const).map((c) => (
                      <th key={c}>{t(`exit.exceptions.columns.${c}`)}</th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {list.exceptions.map((x) => (
                    <tr key={x.id} data-testid="exit-exception-row" data-kind={x.kind} data-code={x.code ?? ''}>
                      <td>{x.at.slice(0, 16).replace('T', ' ')}</td>
                      <td>{t(`exit.exceptions.kind.${x.kind}`)}</td>
                      <td className="code-cell">{x.code ? <CodeText code={groupedCode(codeLabel(x.code))} /> : (x.scanned ?? t('exit.none'))}</td>
                      <td>{x.status ? <StatusChip status={x.status} /> : t('exit.none')}</td>
                      <td>{x.vehicle ?? t('exit.none')}</td>
                      <td>{x.buyer ?? t('exit.none')}</td>
                      <td>{x.note ?? t('exit.none')}</td>
                      <td>{x.by}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </>
        )}
      </section>
    </main>
  );
}
