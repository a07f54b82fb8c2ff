import { z } from 'zod';
import { ApiError, type ErrorCode } from './errors';

/**
 * Why the station refuses an action: the `reason` an ApiError carries in its params, one word per
 * cause, named once here. The renderer words each one from the `refusal.<reason>` texts
 * (renderer/src/i18n/sections/refusal.ts), so a reason and its text cannot drift apart. A reason
 * may belong to several groups (a disposal and a split both refuse an unknown lot); it has one text.
 */

/** The scanned or given code names no lot of this station. */
export const LotRefusal = z.enum(['unknownLot']);

/** A weight taken from the scale that cannot be recorded (electron/services/weighing.ts). */
export const WeighingRefusal = z.enum(['weightNotStable', 'weightNegative', 'weightChanged', 'weightAlreadyUsed']);

/** Scale ports and commands (electron/services/scales.ts). */
export const ScaleRefusal = z.enum(['portListFailed', 'commandUnsupported', 'scaleOffline']);

/** A vendor may sell only the lots of their own stall (shared/domain/stalls.ts). */
export const StallRefusal = z.enum(['vendorWithoutStall', 'lotWithoutStall', 'otherStall']);
export type StallRefusal = z.infer<typeof StallRefusal>;

/** Splitting a lot into portions sold on (splitLot). */
export const SplitRefusal = z.enum(['unknownLot', 'parentNotSellable', 'productExpired', 'unitMismatch', 'overSplit', ...StallRefusal.options]);

/** The station id every code begins with, and the key that signs its labels. */
export const StationRefusal = z.enum(['noStationId', 'stationIdSet', 'stationIdInUse', 'stationKeyMissing', 'stationKeyMismatch']);

/** Labels, receipts and print-job confirmation. */
export const PrintRefusal = z.enum(['lotNotSellable', 'notSent', 'unknownLot', 'noReceiptPrinter']);

/** Destroying a lot under a witness, and its certificate. */
export const DisposalRefusal = z.enum([
  'witnessSameAsOperator',
  'witnessNotAllowed',
  'operatorPin',
  'witnessPin',
  'alreadyDestroyed',
  'noCjkFont',
  'unknownShredding',
  'unknownDisposal',
  'unknownLot',
  'unitMismatch',
]);

/** Test queue, rapid tests and holds. */
export const TestingRefusal = z.enum(['lotDestroyed', 'lotNotHoldable', 'alreadySelected', 'holdNotActive', 'unknownHold', 'unknownTestItem', 'unknownLot']);

/** Operators, stalls, suppliers and varieties. */
export const MasterDataRefusal = z.enum([
  'operatorNameTaken',
  'lastAdmin',
  'selfDisable',
  'stallOnlyForVendor',
  'notAStall',
  'varietyNameTaken',
  'unknownCategory',
  'usccTaken',
  'usccBlocked',
  'blockedUsccKept',
  'blockedKindKept',
  'kindInUse',
  'onlySuppliersBlocked',
  'stallFollowsParent',
  'stallNotAssignable',
  'pinTooShortForRole',
  'notLocked',
]);

/** 台账 and the lot page: a receiver sees their own desk's lots, a vendor their stall's sales. */
export const LedgerRefusal = z.enum(['notYourDesk', 'unknownLot', 'noCertificatePhoto', 'vendorWithoutStall', 'otherStall']);

/** A write retried with its client request id (splitLot, checkEntry) but a different input. */
export const RequestRefusal = z.enum(['requestIdReused']);

/**
 * An upload file brought in by hand (importUpload). Empty, over the size limit and unreadable
 * are found by the renderer before the file is sent.
 */
export const ImportRefusal = z.enum([
  'importNotJson',
  'importNotExport',
  'importMalformed',
  'importMismatch',
  'importEmpty',
  'importTooBig',
  'importUnreadable',
  // A signed export (docs/upload.md): no signature, a format before signing, a station not
  // trusted here, a signature that does not verify, a record that is not whole, events of another version.
  'importUnsigned',
  'importOldFormat',
  'importUnknownStation',
  'importBadSignature',
  'importBadRecord',
  'importOtherVersion',
]);

/** An upload export is signed with the station key: it needs the station id and the key. */
export const UploadExportRefusal = z.enum(['exportNoStationId', 'exportNoKey']);

/** A provincial mapping that would send nonsense (shared/domain/upload/provincial.ts `mappingProblems`). */
export const MappingRefusal = z.enum(['mappingEmpty', 'mappingUnknownKind', 'mappingKindEmpty', 'mappingBadRule', 'mappingNoField', 'mappingNotList', 'mappingNoRecordId']);

/** Backups and restores (electron/services/backup). */
export const BackupRefusal = z.enum([
  'backupNoFolder',
  'backupFolderUnusable',
  'backupVerifyFailed',
  'backupFileMissing',
  'backupDamaged',
  'backupNotStation',
  'backupTooNew',
  'backupOtherStation',
  'backupNoAdmin',
  'storeNotDamaged',
]);

/** Exports (electron/services/exports): cancelled on request, an unknown file, no Chinese font for the PDF. */
export const ExportRefusal = z.enum(['exportCancelled', 'unknownExport', 'exportRunning', 'reportNoCjkFont', 'notYourExport']);
/** 日结 (electron/services/dayClose): a day is closed once, and not before it began or with rules open unacknowledged. */
export const DayCloseRefusal = z.enum(['dayAlreadyClosed', 'dayOutstanding', 'dayNotStarted', 'unknownDayClose']);

/** 召回 (electron/services/recall): starting, marking, closing and lifting a recall. */
export const RecallRefusal = z.enum([
  'unknownLot',
  'unknownSupplier',
  'unknownRecall',
  'recallScopeEmpty',
  'recallNotOpen',
  'recallLifted',
  'recallHasOpenLots',
  'lotNotInRecall',
  'recallProgressFinal',
]);

/**
 * 出口查验 (electron/services/exit): what may not leave, and why; and zone moves at a desk.
 * exitLotStopped: held, rejected, recalled or destroyed; exitNotSold: nothing of it was sold yet
 * (a gate lot on hand, or waiting for its test); exitAlreadyLeft: its departure names when and who;
 * exitExceptionNotNeeded: a sold lot leaves through exitLot, not as an exception.
 */
export const ExitRefusal = z.enum(['unknownLot', 'exitLotStopped', 'exitNotSold', 'exitAlreadyLeft', 'exitExceptionNotNeeded']);
/** zoneStopped: a held or recalled lot cannot go on sale; zoneNotMovable: its state has no place in the market; zoneLeft: it left. */
export const ZoneRefusal = z.enum(['unknownLot', 'zoneStopped', 'zoneNotMovable', 'zoneLeft']);

/** Every group, by what it refuses. */
export const REFUSALS = {
  lot: LotRefusal,
  weighing: WeighingRefusal,
  scale: ScaleRefusal,
  stall: StallRefusal,
  split: SplitRefusal,
  station: StationRefusal,
  print: PrintRefusal,
  disposal: DisposalRefusal,
  testing: TestingRefusal,
  masterData: MasterDataRefusal,
  import: ImportRefusal,
  uploadExport: UploadExportRefusal,
  mapping: MappingRefusal,
  request: RequestRefusal,
  backup: BackupRefusal,
  export: ExportRefusal,
  dayClose: DayCloseRefusal,
  ledger: LedgerRefusal,
  recall: RecallRefusal,
  exit: ExitRefusal,
  zone: ZoneRefusal,
} as const;

export type RefusalReason = (typeof REFUSALS)[keyof typeof REFUSALS]['options'][number];

const ALL = [...new Set(Object.values(REFUSALS).flatMap((group): readonly RefusalReason[] => group.options))];

/** Every refusal reason once. */
export const RefusalReason = z.enum(ALL as [RefusalReason, ...RefusalReason[]]);

/** The error a service throws to refuse: `reason` names why, `params` fill its text; `message` is for logs. */
export function refused(code: ErrorCode, message: string, reason: RefusalReason, params?: Record<string, string | number>, issues?: { path: string; code: string }[]): ApiError {
  return new ApiError(code, message, { reason, ...params }, issues);
}
