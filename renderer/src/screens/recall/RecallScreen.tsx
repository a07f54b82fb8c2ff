import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Recall } from '../../../../shared/contract';
import { useStation } from '../../api';
import { ScanInputs } from '../../components/ScanInputs';
import { errorText } from '../../i18n';
import type { ScreenLink } from '../nav/screenLink';
import { draftWithScan, emptyDraft, type RecallDraft } from './recallDraft';
import { listOrder } from './recallText';
import { RecallList } from './RecallList';
import { RecallPage } from './RecallPage';
import { StartRecallForm } from './StartRecallForm';
import './recall.css';

type View = { kind: 'list' } | { kind: 'start' } | { kind: 'recall'; id: string };

// The recall open when the manager left for 销毁 (去销毁) opens again when they come back.
const OPEN_KEY = 'station.recall.open';

function firstView(link: Extract<ScreenLink, { screen: 'recall' }> | undefined, mayStart: boolean): View {
  if (link && 'startLot' in link && mayStart) return { kind: 'start' };
  if (link && 'recallId' in link) return { kind: 'recall', id: link.recallId };
  const open = sessionStorage.getItem(OPEN_KEY);
  return open ? { kind: 'recall', id: open } : { kind: 'list' };
}

/**
 * 召回: the recalls, open ones first, live as they change; a manager's scan anywhere on the screen
 * starts a recall of that lot (or fills the certificate or GTIN being typed). Opened from 追溯 or
 * the lot page with a lot, it starts on that lot; with a recall, it shows that recall.
 */
export function RecallScreen({ link }: { link?: Extract<ScreenLink, { screen: 'recall' }> }) {
  const { t } = useTranslation();
  const { client, can } = useStation();
  const mayStart = can('startRecall');
  const [view, setView] = useState<View>(() => firstView(link, mayStart));
  const [draft, setDraft] = useState<RecallDraft>(() => emptyDraft(link && 'startLot' in link ? link.startLot : ''));
  // A lot brought from 追溯 or the lot page counts as the first scan.
  const [scans, setScans] = useState(link && 'startLot' in link ? 1 : 0);
  const [recalls, setRecalls] = useState<Recall[] | null>(null);
  const [problem, setProblem] = useState('');

  useEffect(() => {
    let live = true;
    client.call('listRecalls', { open: false, limit: 200 }).then(
      (list) => {
        if (!live) return;
        setProblem('');
        setRecalls(listOrder(list));
      },
      (error) => live && setProblem(errorText(t, error)),
    );
    return () => {
      live = false;
    };
  }, [client, t]);

  useEffect(() => client.on('recall', (recall) => setRecalls((list) => (list ? listOrder([recall, ...list.filter((r) => r.id !== recall.id)]) : list))), [client]);

  useEffect(() => {
    if (view.kind === 'recall') sessionStorage.setItem(OPEN_KEY, view.id);
    else sessionStorage.removeItem(OPEN_KEY);
  }, [view]);

  function onScan(raw: string) {
    if (!mayStart) return;
    setDraft((d) => draftWithScan(view.kind === 'start' ? d : emptyDraft(), raw));
    setScans((n) => n + 1);
    if (view.kind !== 'start') setView({ kind: 'start' });
  }

  return (
    <main className="screen recall" data-testid="recall-screen" data-view={view.kind}>
      <header className="panel-header">
        <h1>{t('recall.title')}</h1>
        {mayStart && (
          <div className="scan-bar">
            <ScanInputs onScan={onScan} />
            {view.kind !== 'start' && (
              <button
                type="button"
                className="danger"
                onClick={() => {
                  setDraft(emptyDraft());
                  setScans(0);
                  setView({ kind: 'start' });
                }}
                data-testid="recall-new"
              >
                {t('recall.start')}
              </button>
            )}
          </div>
        )}
      </header>
      {view.kind === 'start' && (
        <StartRecallForm
          draft={draft}
          scans={scans}
          onChange={setDraft}
          onCancel={() => setView({ kind: 'list' })}
          onStarted={(recall) => {
            setRecalls((list) => listOrder([recall, ...(list ?? []).filter((r) => r.id !== recall.id)]));
            setDraft(emptyDraft());
            setScans(0);
            setView({ kind: 'recall', id: recall.id });
          }}
        />
      )}
      {view.kind === 'recall' && <RecallPage key={view.id} id={view.id} onBack={() => setView({ kind: 'list' })} />}
      {view.kind === 'list' && (
        <>
          {problem && (
            <p className="form-message" role="alert" data-testid="recall-list-problem">
              {problem}
            </p>
          )}
          {recalls === null && !problem && <p className="muted">{t('recall.loading')}</p>}
          {recalls?.length === 0 && (
            <p className="muted" data-testid="recall-empty">
              {t('recall.empty')}
            </p>
          )}
          {recalls && recalls.length > 0 && <RecallList recalls={recalls} onOpen={(id) => setView({ kind: 'recall', id })} />}
        </>
      )}
    </main>
  );
}
