import { Fragment, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, type MethodName } from '../../shared/contract';
import { useStation } from './api';
import { errorText } from './i18n';
import { LanguageSwitch } from './i18n/LanguageSwitch';
import { AuditScreen } from './screens/audit/AuditScreen';
import { CounterScreen } from './screens/counter/CounterScreen';
import { DevicesScreen } from './screens/devices/DevicesScreen';
import { DisposalScreen } from './screens/disposal/DisposalScreen';
import { EntriesScreen } from './screens/entries/EntriesScreen';
import { ExitExceptionsScreen } from './screens/exit/ExitExceptionsScreen';
import { ExitScreen } from './screens/exit/ExitScreen';
import { FirstRunChecklist } from './screens/firstRun/FirstRunChecklist';
import { LedgerScreen } from './screens/ledger/LedgerScreen';
import { StallSalesScreen } from './screens/ledger/StallSalesScreen';
import { LotPageProvider } from './screens/lot/LotPageContext';
import { ScreenLinkContext, type ScreenLink, type ScreenLinks } from './screens/nav/screenLink';
import { TopBar } from './screens/nav/TopBar';
import { OperatorsScreen } from './screens/operators/OperatorsScreen';
import { PrintingScreen } from './screens/printing/PrintingScreen';
import { RecallScreen } from './screens/recall/RecallScreen';
import { RecoveryScreen } from './screens/recovery/RecoveryScreen';
import { ReceivingScreen } from './screens/receiving/ReceivingScreen';
import { ReportScreen } from './screens/report/ReportScreen';
import { SetupScreen } from './screens/setup/SetupScreen';
import { SignInScreen } from './screens/signin/SignInScreen';
import { StationScreen } from './screens/station/StationScreen';
import { SubjectsScreen } from './screens/subjects/SubjectsScreen';
import { SyncScreen } from './screens/sync/SyncScreen';
import { TestingScreen } from './screens/testing/TestingScreen';
import { TestItemsScreen } from './screens/testing/TestItemsScreen';
import { TraceScreen } from './screens/trace/TraceScreen';
import { VarietiesScreen } from './screens/varieties/VarietiesScreen';
import { VerifyScreen } from './screens/verify/VerifyScreen';

/**
 * Each tab shows only when the role may call the method the screen is built on. The first one
 * shown is the role's main screen: receiving for receivers, the split-sale counter for vendors.
 * A screen opened through a link (screenLink.tsx) gets it; each new link mounts the screen afresh.
 */
const SCREENS: { id: string; needs: MethodName; render: (link?: ScreenLink) => ReactNode }[] = [
  { id: 'receiving', needs: 'checkEntry', render: () => <ReceivingScreen /> },
  { id: 'counter', needs: 'splitLot', render: () => <CounterScreen /> },
  // The gatekeeper's main screen (first of theirs); receivers and managers stand in at the exit.
  { id: 'exit', needs: 'exitLot', render: () => <ExitScreen /> },
  { id: 'testing', needs: 'recordTest', render: () => <TestingScreen /> },
  { id: 'disposal', needs: 'disposeLot', render: (link) => <DisposalScreen lot={link?.screen === 'disposal' ? link.lot : undefined} /> },
  { id: 'entries', needs: 'listEntries', render: () => <EntriesScreen /> },
  { id: 'report', needs: 'getDayReport', render: () => <ReportScreen /> },
  { id: 'exitExceptions', needs: 'listExitExceptions', render: () => <ExitExceptionsScreen /> },
  { id: 'ledger', needs: 'listLedger', render: () => <LedgerScreen /> },
  { id: 'stallSales', needs: 'listStallSales', render: () => <StallSalesScreen /> },
  { id: 'verify', needs: 'verifyLabel', render: () => <VerifyScreen /> },
  { id: 'trace', needs: 'getLineage', render: () => <TraceScreen /> },
  { id: 'recall', needs: 'listRecalls', render: (link) => <RecallScreen link={link?.screen === 'recall' ? link : undefined} /> },
  { id: 'printing', needs: 'listPrintJobs', render: () => <PrintingScreen /> },
  { id: 'subjects', needs: 'listSubjects', render: () => <SubjectsScreen /> },
  { id: 'testItems', needs: 'saveTestItem', render: () => <TestItemsScreen /> },
  { id: 'varieties', needs: 'saveVariety', render: () => <VarietiesScreen /> },
  { id: 'operators', needs: 'listOperatorAccounts', render: () => <OperatorsScreen /> },
  { id: 'sync', needs: 'getSyncStatus', render: () => <SyncScreen /> },
  { id: 'audit', needs: 'verifyAudit', render: () => <AuditScreen /> },
  { id: 'devices', needs: 'saveScale', render: () => <DevicesScreen /> },
  { id: 'station', needs: 'setStationId', render: () => <StationScreen /> },
];

export function App() {
  const { t } = useTranslation();
  const { client, operator, can } = useStation();
  const [needsAdmin, setNeedsAdmin] = useState<boolean | null>(null);
  const [problem, setProblem] = useState('');
  const [current, setCurrent] = useState('');
  // The database failed its check: the station answers nothing but recovery (docs/backup.md).
  const [damaged, setDamaged] = useState(false);
  const [opened, setOpened] = useState(0);
  // The last link followed (numbered, so the same link followed twice remounts its screen); a tab picked by hand drops it.
  const [link, setLink] = useState<{ to: ScreenLink; n: number } | null>(null);
  const links = useMemo<ScreenLinks>(
    () => ({
      open: (to) => {
        setCurrent(to.screen);
        setLink((l) => ({ to, n: (l?.n ?? 0) + 1 }));
      },
      has: (screen) => SCREENS.some((s) => s.id === screen && can(s.needs)),
    }),
    [can],
  );

  useEffect(() => {
    if (operator) return;
    client.call('setupStatus', {}).then(
      (status) => {
        setDamaged(false);
        setNeedsAdmin(status.needsAdmin);
      },
      (error) => (error instanceof ApiError && error.code === 'storeDamaged' ? setDamaged(true) : setProblem(errorText(t, error))),
    );
  }, [client, operator, t, opened]);

  if (!operator) {
    let body: ReactNode;
    if (damaged) body = <RecoveryScreen onRecovered={() => setOpened((n) => n + 1)} />;
    else if (problem) {
      body = (
        <main className="screen centered">
          <div className="card form">
            <p className="form-message" role="alert">
              {problem}
            </p>
            <button type="button" className="primary" onClick={() => window.location.reload()}>
              {t('common.retry')}
            </button>
          </div>
        </main>
      );
    } else if (needsAdmin === null) body = <p className="loading">{t('app.loading')}</p>;
    else body = needsAdmin ? <SetupScreen /> : <SignInScreen />;
    return (
      <div className="app">
        <header className="top-bar">
          <span className="app-title">{t('app.title')}</span>
          <div className="top-bar-right">
            <LanguageSwitch />
          </div>
        </header>
        {body}
      </div>
    );
  }

  const screens = SCREENS.filter((s) => can(s.needs));
  const shown = screens.find((s) => s.id === current) ?? screens[0];
  const shownLink = link && link.to.screen === shown?.id ? link : null;
  const select = (id: string) => {
    setLink(null);
    setCurrent(id);
  };
  // The lot page opens over whichever screen asked (useLotPage), which stays mounted underneath.
  return (
    <ScreenLinkContext.Provider value={links}>
      <LotPageProvider>
        <div className="app">
          <TopBar tabs={screens.map((s) => ({ id: s.id, label: t(`nav.${s.id}`) }))} current={shown?.id ?? ''} onSelect={select} />
          {operator.role === 'admin' && shown === screens[0] && <FirstRunChecklist onOpen={select} />}
          <Fragment key={shownLink?.n ?? 0}>{shown?.render(shownLink?.to)}</Fragment>
        </div>
      </LotPageProvider>
    </ScreenLinkContext.Provider>
  );
}
