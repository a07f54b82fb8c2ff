import type { EventName, EventPayload } from '../../shared/contract';
import { DEFAULT_TEMPLATES } from '../../shared/domain/label';
import { startAuditChain } from '../services/audit/append';
import { verifyAudit } from '../services/audit/verify';
import { createReportService } from '../services/report/service';
import { createExportService } from '../services/exports';
import { createClosedDays } from '../services/dayClose/closedDays';
import { createDayCloseService } from '../services/dayClose/service';
import { createRecallService } from '../services/recall';
import { createExitService } from '../services/exit';
import { createCatalogService } from '../services/catalog';
import { pruneRequests } from '../services/clientRequests';
import { createCodeIssuer } from '../services/codeIssuer';
import { createDisposalService } from '../services/disposal';
import { createEntryService } from '../services/entries';
import { createLabelCheck } from '../services/labelCheck';
import { createLedgerService } from '../services/ledger';
import { createLineageService } from '../services/lineage';
import { createLotTree } from '../services/lotTree';
import { createPrinterService } from '../services/printing/printers';
import { createPrintQueue } from '../services/printing/queue';
import { createLotReader } from '../services/lotReader';
import { createLotViews } from '../services/lotViews';
import { createOperatorService } from '../services/operators';
import { createPinGuard } from '../services/pinGuard';
import { createReceivingService } from '../services/receiving';
import { createScaleService } from '../services/scales';
import { createScannerService } from '../services/scanners';
import { createSessions } from '../services/sessions';
import { createSettingsService } from '../services/settings';
import { createSplitService } from '../services/splits';
import { createStallService } from '../services/stalls';
import { createStationIdentity } from '../services/stationIdentity';
import { createSubjectService } from '../services/subjects';
import { createTestingService } from '../services/testing';
import { createUploadService } from '../services/upload';
import { moveSecretsOutOfDatabase } from '../secrets/moveOut';
import { openServeSecretStore, type SecretStore } from '../secrets/secretStore';
import { createBackupService } from '../services/backup';
import { createSupportBundle } from '../services/supportBundle';
import { deviceEventLogger } from '../logging/deviceEvents';
import { deferredFileLog } from '../logging/logger';
import { openStore } from '../store/open';
import { createClock, isoLocal } from './clock';
import { createDispatcher, type Handlers } from './dispatch';
import { createRestartableCore, type StationHooks } from './restartable';
import type { CoreOptions } from './startOptions';
import type { Core, EventListener } from './types';
import { APP_VERSION } from './version';

/** The station core both transports use; it can reopen itself after a restore (restartable.ts). */
export function createCore(options: CoreOptions): Promise<Core> {
  return createRestartableCore(options, openCore);
}

/** Opens the store and wires services behind the one dispatcher both transports use. */
async function openCore(options: CoreOptions, hooks: StationHooks): Promise<Core> {
  const deferred = options.logging ? null : deferredFileLog(options.dataDir);
  const logging = options.logging ?? deferred!;
  const log = logging.log;
  let store: ReturnType<typeof openStore> | undefined;
  let secrets: SecretStore;
  try {
    // Secrets first: a secret file that cannot be read stops the start before anything is opened.
    secrets = options.secrets ?? openServeSecretStore(options.dataDir);
    store = openStore(options.dataDir, options.migrationsDir);
    log.info({ event: 'started', app: APP_VERSION, node: process.versions.node, electron: process.versions.electron ?? null, dataDir: options.dataDir }, 'station started');
    const { moved, scrubbed } = moveSecretsOutOfDatabase(store.sqlite, secrets);
    if (moved.length) log.warn({ event: 'secretsMoved', moved, to: secrets.path }, `密钥已从数据库移至 ${secrets.path} / Secrets moved out of station.db into ${secrets.path}`);
    if (!scrubbed)
      log.error(
        { event: 'secretsNotScrubbed' },
        '数据库文件未能重写（磁盘空间不足？），旧密钥可能残留在空闲页中：请腾出空间后执行 VACUUM / station.db could not be rewritten (disk full?): old copies of the secrets may remain in its free pages; free space and VACUUM it',
      );
  } catch (e) {
    log.fatal({ event: 'startFailed', err: e }, 'the secrets or the database could not be opened');
    store?.close();
    await logging.close();
    throw e;
  }
  const clock = createClock(options.now, options.random);
  startAuditChain(store.orm, isoLocal(clock.now()));
  const settings = createSettingsService(store.orm, clock);
  const sessions = createSessions(
    () => clock.now().getTime(),
    () => settings.get().signIn.idleMinutes,
  );
  const listeners = new Set<EventListener>();
  const emit = <E extends EventName>(event: E, payload: EventPayload<E>) => {
    for (const l of listeners) l(event, payload);
  };

  const operators = createOperatorService(store.orm, clock, sessions, createPinGuard(store.orm, clock, settings, log));
  const catalog = createCatalogService(store.orm, clock);
  const subjects = createSubjectService(store.orm, clock);
  const views = createLotViews(store.orm, subjects, catalog);
  const codes = createCodeIssuer(store.orm, store.sqlite);
  const identity = createStationIdentity(store.orm, clock, options.machineRegistryPath, options.dataDir, secrets);
  const scaleSvc = createScaleService(store.orm, clock, emit, options.scales);
  const scannerSvc = createScannerService(store.orm, clock, emit, options.scanners);
  const lotTree = createLotTree(store.sqlite);
  const dayClosed = createClosedDays(store.sqlite);
  const deps = { orm: store.orm, sqlite: store.sqlite, clock, emit, dataDir: options.dataDir, views, lotTree, settings, catalog, subjects, operators, identity, scales: scaleSvc, secrets, dayClosed };
  const testing = createTestingService(deps, options.sampling);
  const disposal = createDisposalService(deps);
  const receiving = createReceivingService(store.orm, clock, subjects, catalog, views, settings, identity, codes, scaleSvc, emit, testing.onEntry);
  const entries = createEntryService(store.orm, clock, views, emit);
  const checkLabel = createLabelCheck(identity, views, settings, emit, clock);
  const lineage = createLineageService(store.sqlite, views, settings, lotTree);
  const getLot = createLotReader(views, settings);
  const printersSvc = createPrinterService(store.orm, clock);
  const printQueue = createPrintQueue(store.orm, clock, printersSvc, emit, { retryMs: options.printRetryMs, confirmTimeoutMs: options.printConfirmTimeoutMs, log });
  const splitting = createSplitService(store.orm, clock, identity, codes, views, settings, scaleSvc, lineage, printQueue);
  const stalls = createStallService(store.orm, clock, views, subjects);
  const upload = createUploadService({
    orm: store.orm,
    sqlite: store.sqlite,
    clock,
    dataDir: options.dataDir,
    emit,
    stationId: () => identity.info().stationId,
    identity,
    secrets,
    log,
    options: options.upload,
  });
  const backup = createBackupService({
    orm: store.orm,
    sqlite: store.sqlite,
    clock,
    dataDir: options.dataDir,
    migrationsDir: options.migrationsDir,
    emit,
    stationId: () => identity.info().stationId,
    operators,
    restart: hooks.restart,
    // The secrets no longer travel inside station.db: each backup carries the secret file beside it.
    options: { ...options.backup, extraFiles: options.backup?.extraFiles ?? [secrets.path] },
  });
  const report = createReportService({ dbPath: store.path, clock, sampling: testing.sampling, timeoutMs: options.reportTimeoutMs });
  const exportsSvc = createExportService({
    dataDir: options.dataDir,
    clock,
    emit,
    log,
    dayReport: (range) => report.day(range),
    heading: () => {
      const station = identity.info();
      return { marketName: subjects.list('market')[0]?.name ?? station.name ?? '', stationName: station.name ?? '' };
    },
    fontPath: process.env.STATION_CJK_FONT,
  });
  const ledger = createLedgerService(deps, () => testing.sampling().dayStart, exportsSvc.exportTable);
  const recalls = createRecallService(deps, () => testing.sampling().dayStart, exportsSvc.exportRecall);
  const exit = createExitService(deps, () => testing.sampling().dayStart);
  const supportBundle = createSupportBundle({
    sqlite: store.sqlite,
    dataDir: options.dataDir,
    dbPath: store.path,
    migrationsDir: options.migrationsDir,
    clock,
    logging,
    stationId: () => identity.info().stationId,
    settings: () => {
      const up = upload.settings();
      return { station: settings.get(), upload: { ...up, tokenSet: up.token !== '' }, shredder: disposal.shredder().settings };
    },
    devices: async () => ({ printers: printersSvc.list(), scales: scaleSvc.list(), scanners: scannerSvc.list(), shredder: disposal.shredder().state }),
  });

  // 日结 freezes what the report service answers for the day.
  const dayClose = createDayCloseService({ orm: store.orm, sqlite: store.sqlite, clock, identity, report: (range) => report.day(range), dayStart: () => testing.sampling().dayStart });

  catalog.seed();
  // A retry comes within minutes of its request: a week of kept answers is ample.
  pruneRequests(store.orm, isoLocal(new Date(clock.now().getTime() - 7 * 86_400_000)));
  testing.seed();
  identity.ensureKeys();
  const keyWarning = identity.keyWarning();
  if (keyWarning) log.error({ event: 'stationKey' }, keyWarning);
  printQueue.start();
  await scaleSvc.start();
  await scannerSvc.start();
  await disposal.start();
  if (options.adminPin) await operators.ensureAdmin(options.adminName ?? '管理员', options.adminPin);
  upload.start();
  backup.start();
  // The log file opens a moment after the station serves: its rotation library is ~60 ms of module
  // loading that the counter's start need not wait for (lines until then are kept in memory).
  if (deferred) setTimeout(() => void deferred.open(), 1_000).unref();

  // Each handler's input, operator and answer are typed from its contract entry (Handlers, dispatch.ts).
  const handlers: Handlers = {
    setupStatus: () => operators.setupStatus(),
    setupAdmin: (i) => operators.setupAdmin(i),
    listOperators: () => operators.listOperators(),
    signIn: (i) => operators.signIn(i),
    signOut: (_i, _o, ctx) => operators.signOut(ctx.sessionId),
    createOperator: (i, o) => operators.createOperator(i, o),
    listOperatorAccounts: () => operators.listAccounts(),
    updateOperator: (i, o) => operators.update(i, o),
    setOperatorActive: (i, o) => operators.setActive(i, o),
    resetOperatorPin: (i, o, ctx) => operators.resetPin(i, o, ctx.sessionId),
    unlockOperator: (i, o) => operators.unlock(i, o),
    verifyAudit: () => verifyAudit(store.sqlite),
    getDayReport: (i) => report.day(i),
    getIntakeTrend: (i) => report.trend(i),
    exportDayReport: (i) => exportsSvc.exportDayReport(i),
    cancelExport: (i, o) => exportsSvc.cancel(i.exportId, o),
    downloadExport: (i, o) => exportsSvc.download(i.fileName, o),
    getDayCloseCheck: (i) => dayClose.check(i.day),
    closeDay: (i, o) => dayClose.close(i, o),
    listDayCloses: (i) => dayClose.list(i.limit),
    getDayClose: (i) => dayClose.get(i.id),
    previewRecall: (i) => recalls.preview(i),
    startRecall: (i, o) => recalls.start(i, o),
    listRecalls: (i) => recalls.list(i),
    getRecall: (i, o) => recalls.get(i, o),
    markRecallLot: (i, o) => recalls.mark(i, o),
    closeRecall: (i, o) => recalls.close(i, o),
    liftRecall: (i, o) => recalls.lift(i, o),
    exportRecall: (i, o) => recalls.exportRecall(i, o),
    assignLotStall: (i, o) => stalls.assignLotStall(i, o),
    listSubjects: (i) => subjects.list(i.kind),
    saveSubject: (i, o) => subjects.save(i, o),
    setSubjectBlocked: (i, o) => subjects.setBlocked(i, o),
    listCategories: () => catalog.listCategories(),
    listVarieties: () => catalog.listVarieties(),
    saveVariety: (i, o) => catalog.saveVariety(i, o),
    lookupCode: (i) => receiving.lookupCode(i.raw),
    getLot: (i) => getLot(i),
    checkEntry: (i, o) => {
      const result = receiving.checkEntry(i, o);
      if (i.assignCode) printQueue.kick();
      return result;
    },
    overrideEntry: (i, o) => entries.overrideEntry(i, o),
    getStation: () => identity.info(),
    setStationId: (i, o) => identity.setStationId(i, o),
    importStationKey: (i, o) => identity.importKey(i, o),
    verifyLabel: (i) => checkLabel(i.raw),
    splitLot: (i, o) => {
      const result = splitting.splitLot(i, o);
      printQueue.kick();
      // The last portion (a closing sale, the only way to 0 left) sold the parent out: open lists show it 已售罄.
      if (result.parent.lot.status === 'exhausted') emit('lotStatus', { changes: [{ lotId: result.parent.lot.id, status: 'exhausted' }], at: result.child.lot.createdAt });
      return result;
    },
    getLineage: (i) => lineage.getLineage(i.raw),
    listLabelTemplates: () => DEFAULT_TEMPLATES.map(({ id, name, kind, widthMm, heightMm }) => ({ id, name, kind, widthMm, heightMm })),
    listPrinters: () => printersSvc.list(),
    savePrinter: (i, o) => {
      const printer = printersSvc.save(i, o);
      printQueue.kick();
      return printer;
    },
    listPrintJobs: (i) => printQueue.list(i),
    reprint: (i, o) => printQueue.reprint(i, o),
    confirmPrint: (i, o) => printQueue.confirm(i.jobId, o),
    printReceipt: (i, o) => printQueue.receipt(i.lotId, o),
    previewLabel: (i) => printQueue.preview(i.jobId),
    listScaleProtocols: () => scaleSvc.protocols(),
    listScalePorts: () => scaleSvc.ports(),
    detectScale: (i) => scaleSvc.detect(i.path, i.knownKg),
    listScales: () => scaleSvc.list(),
    saveScale: (i, o) => scaleSvc.save(i, o),
    scaleCommand: (i) => scaleSvc.command(i.scaleId, i.command),
    removeScale: (i) => scaleSvc.remove(i.id),
    listScanners: () => scannerSvc.list(),
    listScannerDevices: () => scannerSvc.devices(),
    saveScanner: (i, o) => scannerSvc.save(i, o),
    removeScanner: (i) => scannerSvc.remove(i.id),
    ...testing.handlers,
    ...ledger.handlers,
    ...disposal.handlers,
    ...upload.handlers,
    ...backup.handlers,
    ...exit.handlers,
    getSettings: () => settings.get(),
    saveSettings: (i, o) => settings.save(i, o),
    listEntries: (i) => entries.listEntries(i),
    exportSupportBundle: () => supportBundle.export(),
  };
  listeners.add(deviceEventLogger(log));
  // A hold, a positive test or a disposal cancels the lot's waiting labels now, not when a printer is next ready.
  listeners.add((event, payload) => {
    if (event === 'lotStatus') printQueue.lotsChanged((payload as EventPayload<'lotStatus'>).changes);
  });

  return {
    dispatch: createDispatcher(handlers, sessions, log),
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    // The store closes at once (callers may reopen the file right after); ports close after.
    close() {
      exportsSvc.close();
      const backupStopped = backup.close();
      printQueue.close();
      // Stops the upload loop before the store closes (it touches nothing after an await once closed).
      const uploadStopped = upload.close();
      report.close();
      store.close();
      return Promise.all([scaleSvc.close(), scannerSvc.close(), disposal.close(), uploadStopped, backupStopped]).then(() => logging.close());
    },
  };
}
