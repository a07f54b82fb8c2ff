/**
 * What leaves the station: one outbox record per business record, a JSON snapshot taken in the
 * record's own transaction. The upload formats (EPCIS 2.0 in `epcis.ts`, provincial JSON in
 * `provincial.ts`) are built from these snapshots only, so a later edit of a lot or a supplier
 * never changes what is (re-)sent, and a re-send after a lost ack is byte-identical.
 */
import type { DeparturePayload } from './departure';

/** One kind per record that leaves the station. */
export const OUTBOX_KINDS = [
  'entry',
  'override',
  'test',
  'hold',
  'holdRelease',
  'split',
  'disposal',
  'stallAssignment',
  'recall',
  'recallProgress',
  'recallClose',
  'recallLift',
  'departure',
  'subject',
  'variety',
  'testItem',
  'places',
] as const;
export type OutboxKind = (typeof OUTBOX_KINDS)[number];

export interface OutboxRecord<P extends Record<string, unknown> = Record<string, unknown>> {
  /** The record's own id (ULID): also the idempotency key the receiver dedupes on. */
  id: string;
  kind: OutboxKind;
  /** The lot the record belongs to, when it has one: records of one lot family upload in order. */
  lotId: string | null;
  /** The record as committed. */
  payload: P;
  /** When the record was made: ISO 8601 with the local offset (the EPCIS eventTime). */
  at: string;
}

export type UnitCode = 'kg' | 'piece' | 'head' | 'box';
export type Actor = { id: string; name: string };
/** `gln` is absent from records made before a party's GLN was kept. */
export type PartyRef = { id: string; name: string; uscc: string | null; gln?: string | null };

/** Enough of a lot to name it on the wire: its code and, for GS1 codes, GTIN and batch. */
export type LotRef = {
  id: string;
  /** The lot's code key (station 19-digit code, GS1 key, or opaque provincial code). */
  code: string;
  gtin: string | null;
  batch: string | null;
  quantity: number;
  unit: UnitCode;
  /**
   * What is left of the lot itself at that moment, wherever it is (on a stall, with its buyer):
   * its quantity less what was split off from it, nothing once sold out or destroyed
   * (`lotQuantities` in shared/domain/recall.ts). Hold and recall records carry it; absent from
   * records made before it was kept (their events report `quantity`, as they always did).
   */
  onHand?: number;
};

/**
 * A lot's state after a record that changes it (hold release): a lot's status, with `sold` for an
 * admitted portion sold at the counter (every split child is).
 */
export type LotAfter = 'admitted' | 'sold' | 'awaitingTest' | 'exhausted' | 'held' | 'recalled' | 'destroyed' | 'rejected';

/** A lot's state as a record names it: an admitted portion (split from a lot) is `sold`. */
export const lotAfter = (status: Exclude<LotAfter, 'sold'>, isPortion: boolean): LotAfter => (status === 'admitted' && isPortion ? 'sold' : status);

export type CertificateRef = { type: string; number: string; issuer: string; issueDate: string; validUntil: string | null };

/** GS1 dates printed on the goods (YYYY-MM-DD), null when not printed. */
export type ProductDates = { expiryDate: string | null; bestBeforeDate?: string | null; sellByDate?: string | null; productionDate?: string | null };

/** 入场查验: the verdict on a lot arriving, with its certificates. */
export type EntryPayload = {
  entryId: string;
  /** GS1 dates as scanned; best before, sell by and production are absent from records made before they were kept. */
  lot: LotRef & { codeKind: string; expiryDate: string | null; bestBeforeDate?: string | null; sellByDate?: string | null; productionDate?: string | null };
  /**
   * The variety as the entry named it. With `defaultUnit` (records made since it was kept) the
   * document also carries it as master data: seeded varieties are never saved as records.
   */
  variety: { id: string; name: string; categoryId: string; defaultUnit?: UnitCode };
  supplier: PartyRef;
  outcome: 'admit' | 'hold' | 'reject';
  reasons: string[];
  source: string;
  certificates: CertificateRef[];
  by: Actor;
};

/** A manager changed an entry verdict (kept as a new business event, see docs/upload.md). */
export type OverridePayload = {
  overrideId: string;
  entryId: string;
  lot: LotRef;
  fromOutcome: EntryPayload['outcome'];
  toOutcome: EntryPayload['outcome'];
  reason: string;
  by: Actor;
};

/** 快检: one rapid test of one lot. */
export type TestPayload = {
  testId: string;
  lot: LotRef;
  item: { id: string; name: string };
  /** Why the lot was tested: picked by the daily sampler (sampling) or every lot (inspecting). */
  selection: 'sampling' | 'inspecting';
  /** The selection's own reason (`noReport`, `keyed`, `floor`, `manual`); absent from older records. */
  selectionReason?: string;
  /** A negative that let a lot waiting for its entry test go on sale (待检 → admitted). */
  freed?: boolean;
  /**
   * A negative that freed nothing: the state the lot keeps (on sale, a sold portion, held, recalled,
   * sold out), restated after the test's `conformant`. Absent from positives (their hold follows),
   * invalid runs and older records.
   */
  after?: LotAfter;
  kitLot: string | null;
  value: number | null;
  reading: 'positive' | 'negative' | null;
  unit: string | null;
  threshold: number | null;
  verdict: 'negative' | 'positive' | 'invalid';
  by: Actor;
};

/** 扣留: a lot and every lot split from it are held. */
export type HoldPayload = {
  holdId: string;
  lots: LotRef[];
  reason: string;
  note: string | null;
  testId: string | null;
  by: Actor;
};

/**
 * 解除扣留. `after` is the state each lot has once the release is done: its state before the hold
 * (`sold` for a portion sold at the counter), or `held` while another hold still covers it.
 * Absent from records made before it was kept.
 */
export type HoldReleasePayload = {
  releaseId: string;
  holdId: string;
  lots: (LotRef & { after?: LotAfter })[];
  reason: string;
  by: Actor;
};

/** 分装销售: a portion of a parent lot under a child code, and the sale it was made for. */
export type SplitPayload = {
  splitId: string;
  parent: LotRef;
  child: LotRef;
  closing: boolean;
  /** What the counter recorded of the sale (buyer, price); null when it recorded neither. Every split is a sale. */
  sale: { buyer: { name: string; uscc: string | null; phone: string | null } | null; priceFen: number | null } | null;
  /** The parent's printed dates, which the portion carries too; absent from older records. */
  dates?: ProductDates;
  by: Actor;
};

/**
 * 销毁. `lots[0]` is the scanned lot with the quantity destroyed (as the certificate says): what the
 * market held of it. Its portions are with their buyers and keep their state, so a record names
 * that lot alone. Records made before this listed the portions after it too, as blocked for good
 * (their `onHand` when present; `recalled`: the portion was under a recall and stays recalled).
 */
export type DisposalPayload = {
  disposalId: string;
  certificateNumber: string;
  lots: (LotRef & { recalled?: boolean })[];
  reason: string;
  method: string;
  witness: Actor;
  by: Actor;
};

/** 召回: every lot the recall put in `recalled` (lots destroyed before it are left out: their disposal said so). */
export type RecallPayload = {
  recallId: string;
  /** 召回单号, e.g. ZH20261205-01. */
  number: string;
  reason: string;
  source: string;
  sourceRef: string | null;
  scope: { kind: string; label: string; range: { from: string; to: string } | null };
  lots: LotRef[];
  by: Actor;
};

/** Where one recalled lot's goods stand now, as a manager marked it (destroyed comes as a disposal record). */
export type RecallProgressPayload = {
  progressId: string;
  recallId: string;
  number: string;
  lot: LotRef;
  progress: 'open' | 'retrieved' | 'notRecoverable';
  note: string | null;
  by: Actor;
};

/**
 * A recall's lot as its close left it: still `recalled` (a closed recall keeps its lots recalled)
 * or `destroyed`, with its final progress (never open: a recall closes once none is) and `onHand`,
 * what is left of it (with a buyer, or retrieved at the market).
 */
export type ClosedLotRef = LotRef & { status: 'recalled' | 'destroyed'; progress: 'retrieved' | 'destroyed' | 'notRecoverable' | 'nothingLeft' };

/** 关闭召回: the recall's work is done (issue 17 item 6: its progress is uploaded). Every lot of it, in tree order. */
export type RecallClosePayload = {
  closeId: string;
  recallId: string;
  number: string;
  lots: ClosedLotRef[];
  by: Actor;
};

/**
 * A lot as a lift left it: the state it has again, `recalled` while another recall still covers
 * it, `destroyed` when it was destroyed meanwhile.
 */
export type LiftedLotRef = LotRef & { status: 'admitted' | 'awaitingTest' | 'held' | 'exhausted' | 'recalled' | 'destroyed' };

/** 解除召回: the recall called off, with every lot it covered and what each is now. */
export type RecallLiftPayload = {
  liftId: string;
  recallId: string;
  number: string;
  reason: string;
  lots: LiftedLotRef[];
  by: Actor;
};

/** 去向摊位: the gate sent a lot to the stall that sells it (priorStall: a correction). */
export type StallAssignmentPayload = {
  assignmentId: string;
  lot: LotRef;
  stall: PartyRef;
  priorStall: PartyRef | null;
  by: Actor;
};

/** Master data: a market, stall or supplier as saved (every save is a new version record). */
export type SubjectPayload = {
  subjectId: string;
  kind: string;
  name: string;
  uscc: string | null;
  /** Absent from records made before a party's GLN was kept. */
  gln?: string | null;
  contact: string | null;
  blocked: boolean;
  blockedReason: string | null;
  by: Actor;
};

/** Master data: a variety (品种) as saved. */
export type VarietyPayload = {
  varietyId: string;
  name: string;
  categoryId: string;
  defaultUnit: UnitCode;
  by: Actor;
};

/** Master data: a rapid-test item as saved or switched on/off (its id is the tests' itemId). */
export type TestItemPayload = {
  testItemId: string;
  nameZh: string;
  nameEn: string;
  methodZh: string;
  methodEn: string;
  standard: string | null;
  kind: 'quantitative' | 'qualitative';
  unit: string | null;
  min: number | null;
  max: number | null;
  positiveAtOrAbove: number | null;
  categoryIds: string[];
  labAllPositives: boolean;
  labVarietyKeys: string[];
  active: boolean;
  by: Actor;
};

/**
 * Master data: the market's places (shared/domain/upload/locations.ts) as they stand after a market
 * or stall is saved — every stall, so the hierarchy a hub keeps is whole after any one record.
 */
export type PlacesPayload = {
  placesId: string;
  marketGln: string;
  marketName: string;
  stationId: string;
  deskName: string;
  stalls: { id: string; name: string }[];
  by: Actor;
};

export interface PayloadByKind {
  entry: EntryPayload;
  override: OverridePayload;
  test: TestPayload;
  hold: HoldPayload;
  holdRelease: HoldReleasePayload;
  split: SplitPayload;
  disposal: DisposalPayload;
  stallAssignment: StallAssignmentPayload;
  recall: RecallPayload;
  recallProgress: RecallProgressPayload;
  recallClose: RecallClosePayload;
  recallLift: RecallLiftPayload;
  departure: DeparturePayload;
  subject: SubjectPayload;
  variety: VarietyPayload;
  testItem: TestItemPayload;
  places: PlacesPayload;
}

// One small helper per kind, so a service writes `enqueueUpload(tx, holdRecord(payload, at))`.
// The record id is the business record's own id; lotId orders the record within its lot family.
export const entryRecord = (p: EntryPayload, at: string): OutboxRecord<EntryPayload> => ({ id: p.entryId, kind: 'entry', lotId: p.lot.id, payload: p, at });
export const overrideRecord = (p: OverridePayload, at: string): OutboxRecord<OverridePayload> => ({ id: p.overrideId, kind: 'override', lotId: p.lot.id, payload: p, at });
export const testRecord = (p: TestPayload, at: string): OutboxRecord<TestPayload> => ({ id: p.testId, kind: 'test', lotId: p.lot.id, payload: p, at });
export const holdRecord = (p: HoldPayload, at: string): OutboxRecord<HoldPayload> => ({ id: p.holdId, kind: 'hold', lotId: p.lots[0]?.id ?? null, payload: p, at });
export const holdReleaseRecord = (p: HoldReleasePayload, at: string): OutboxRecord<HoldReleasePayload> => ({ id: p.releaseId, kind: 'holdRelease', lotId: p.lots[0]?.id ?? null, payload: p, at });
/** Ordered with the parent's family: never reaches the platform before the parent's entry. */
export const splitRecord = (p: SplitPayload, at: string): OutboxRecord<SplitPayload> => ({ id: p.splitId, kind: 'split', lotId: p.parent.id, payload: p, at });
export const disposalRecord = (p: DisposalPayload, at: string): OutboxRecord<DisposalPayload> => ({ id: p.disposalId, kind: 'disposal', lotId: p.lots[0]?.id ?? null, payload: p, at });
export const stallAssignmentRecord = (p: StallAssignmentPayload, at: string): OutboxRecord<StallAssignmentPayload> => ({
  id: p.assignmentId,
  kind: 'stallAssignment',
  lotId: p.lot.id,
  payload: p,
  at,
});
export const recallRecord = (p: RecallPayload, at: string): OutboxRecord<RecallPayload> => ({ id: p.recallId, kind: 'recall', lotId: p.lots[0]?.id ?? null, payload: p, at });
export const recallProgressRecord = (p: RecallProgressPayload, at: string): OutboxRecord<RecallProgressPayload> => ({
  id: p.progressId,
  kind: 'recallProgress',
  lotId: p.lot.id,
  payload: p,
  at,
});
/** The close's own id is its upload id (a close is stored on the recall row); the recall's id stays in the payload. */
export const recallCloseRecord = (p: RecallClosePayload, at: string): OutboxRecord<RecallClosePayload> => ({ id: p.closeId, kind: 'recallClose', lotId: p.lots[0]?.id ?? null, payload: p, at });
/** The lift's own id is its upload id; the recall's id stays in the payload (like a hold release). */
export const recallLiftRecord = (p: RecallLiftPayload, at: string): OutboxRecord<RecallLiftPayload> => ({ id: p.liftId, kind: 'recallLift', lotId: p.lots[0]?.id ?? null, payload: p, at });
/** `versionId`: a fresh id per save (the subject's id stays in the payload). */
export const subjectRecord = (versionId: string, p: SubjectPayload, at: string): OutboxRecord<SubjectPayload> => ({ id: versionId, kind: 'subject', lotId: null, payload: p, at });
export const varietyRecord = (versionId: string, p: VarietyPayload, at: string): OutboxRecord<VarietyPayload> => ({ id: versionId, kind: 'variety', lotId: null, payload: p, at });
export const testItemRecord = (versionId: string, p: TestItemPayload, at: string): OutboxRecord<TestItemPayload> => ({ id: versionId, kind: 'testItem', lotId: null, payload: p, at });
export const placesRecord = (p: PlacesPayload, at: string): OutboxRecord<PlacesPayload> => ({ id: p.placesId, kind: 'places', lotId: null, payload: p, at });
