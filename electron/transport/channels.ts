import type { EventName, MethodName } from '../../shared/contract';

/** IPC channel names, shared by the preload and the main-side adapter so they cannot drift. */
export const methodChannel = (name: MethodName): string => `api:${name}`;
export const eventChannel = (name: EventName): string => `event:${name}`;

// The names again, without zod: a sandboxed preload can require nothing but 'electron', and
// bundling zod plus the whole contract only to list names would add ~190 kB to every page load.
// The Record types make the compiler reject a missing or unknown name, and the tests compare both
// lists with METHOD_NAMES / EVENT_NAMES.
const methods: Record<MethodName, true> = {
  setupStatus: true,
  setupAdmin: true,
  listOperators: true,
  signIn: true,
  signOut: true,
  createOperator: true,
  listSubjects: true,
  saveSubject: true,
  setSubjectBlocked: true,
  listCategories: true,
  listVarieties: true,
  saveVariety: true,
  lookupCode: true,
  checkEntry: true,
  overrideEntry: true,
  listEntries: true,
  getStation: true,
  setStationId: true,
  importStationKey: true,
  verifyLabel: true,
  splitLot: true,
  getLineage: true,
  listLabelTemplates: true,
  listPrinters: true,
  savePrinter: true,
  listPrintJobs: true,
  reprint: true,
  previewLabel: true,
  listScaleProtocols: true,
  listScalePorts: true,
  detectScale: true,
  listScales: true,
  saveScale: true,
  scaleCommand: true,
  removeScale: true,
  listScanners: true,
  listScannerDevices: true,
  saveScanner: true,
  removeScanner: true,
  listTestItems: true,
  listTestQueue: true,
  samplingStatus: true,
  applySamplingFloor: true,
  selectForTest: true,
  recordTest: true,
  listTests: true,
  listHolds: true,
  placeHold: true,
  releaseHold: true,
  getShredderSettings: true,
  saveShredderSettings: true,
  shredderStatus: true,
  startShredding: true,
  stopShredding: true,
  disposeLot: true,
  listDisposals: true,
  getDisposalCertificate: true,
  getSyncStatus: true,
  syncNow: true,
  listDeadLetters: true,
  resendDeadLetters: true,
  getUploadSettings: true,
  saveUploadSettings: true,
  exportUpload: true,
  importUpload: true,
  getSettings: true,
  saveSettings: true,
};
const events: Record<EventName, true> = { alert: true, entryRecorded: true, printJob: true, weight: true, scaleStatus: true, scan: true, scannerStatus: true, shredderStatus: true, syncStatus: true };

export const BRIDGE_METHODS = Object.keys(methods) as MethodName[];
export const BRIDGE_EVENTS = Object.keys(events) as EventName[];
