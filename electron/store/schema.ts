import { sql } from 'drizzle-orm';
import { blob, index, integer, primaryKey, real, sqliteTable, text, uniqueIndex, type AnySQLiteColumn } from 'drizzle-orm/sqlite-core';

// Every id is a client-generated ULID: it is also the record's upload idempotency key.
// Every record names the operator who made it (created_by); seeded rows have none.

export const operators = sqliteTable('operators', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  role: text('role').notNull(),
  pinHash: text('pin_hash').notNull(),
  active: integer('active', { mode: 'boolean' }).notNull().default(true),
  /** A vendor belongs to a stall (subjects.kind = 'stall'): they sell only that stall's lots. */
  stallId: text('stall_id').references((): AnySQLiteColumn => subjects.id),
  createdAt: text('created_at').notNull(),
  createdBy: text('created_by'),
  /** Wrong PINs in a row (sign-in, witness, confirmation); the right PIN or an unlock resets it. */
  pinFailures: integer('pin_failures').notNull().default(0),
  /** No PIN is tried before this time (epoch ms): the back-off after repeated wrong PINs. */
  pinRetryAt: integer('pin_retry_at'),
  /** Locked after too many wrong PINs, until a manager or admin unlocks (pin_unlocks). */
  pinLockedAt: text('pin_locked_at'),
});

/** Every wrong PIN: whose, when, and where it was typed (sign-in, disposal witness or confirmation). */
export const pinFailures = sqliteTable(
  'pin_failures',
  {
    id: text('id').primaryKey(),
    operatorId: text('operator_id')
      .notNull()
      .references(() => operators.id),
    kind: text('kind', { enum: ['signIn', 'witness', 'confirm'] }).notNull(),
    at: text('at').notNull(),
  },
  (t) => [index('pin_failures_operator').on(t.operatorId, t.at)],
);

/** A locked account opened again: by whom, when. */
export const pinUnlocks = sqliteTable('pin_unlocks', {
  id: text('id').primaryKey(),
  operatorId: text('operator_id')
    .notNull()
    .references(() => operators.id),
  at: text('at').notNull(),
  by: text('by')
    .notNull()
    .references(() => operators.id),
});

export const subjects = sqliteTable(
  'subjects',
  {
    id: text('id').primaryKey(),
    kind: text('kind').notNull(),
    name: text('name').notNull(),
    uscc: text('uscc'),
    /** GS1 Global Location Number, when the party has one (EPCIS names it by its PGLN). */
    gln: text('gln'),
    contact: text('contact'),
    blocked: integer('blocked', { mode: 'boolean' }).notNull().default(false),
    blockedReason: text('blocked_reason'),
    createdAt: text('created_at').notNull(),
    createdBy: text('created_by')
      .notNull()
      .references(() => operators.id),
    updatedAt: text('updated_at').notNull(),
    updatedBy: text('updated_by')
      .notNull()
      .references(() => operators.id),
  },
  (t) => [
    uniqueIndex('subjects_kind_uscc')
      .on(t.kind, t.uscc)
      .where(sql`uscc is not null`),
  ],
);

/**
 * 停止供货 by credit code: the block belongs to the USCC, not only to the subject row, so the
 * supplier cannot come back under a new row or with its code cleared. Lifted only by lifting the
 * holder's block (lifted_at set; blocking again reopens the row).
 */
export const blockedUsccs = sqliteTable('blocked_usccs', {
  uscc: text('uscc').primaryKey(),
  subjectId: text('subject_id')
    .notNull()
    .references(() => subjects.id),
  reason: text('reason').notNull(),
  blockedAt: text('blocked_at').notNull(),
  blockedBy: text('blocked_by')
    .notNull()
    .references(() => operators.id),
  liftedAt: text('lifted_at'),
  liftedBy: text('lifted_by').references(() => operators.id),
});

export const categories = sqliteTable('categories', {
  id: text('id').primaryKey(),
  nameZh: text('name_zh').notNull(),
  nameEn: text('name_en').notNull(),
  /** JSON: CertificateType[][] — every group needs one certificate of a listed type. */
  requirements: text('requirements').notNull(),
  testWithoutReport: integer('test_without_report', { mode: 'boolean' }).notNull(),
});

export const varieties = sqliteTable('varieties', {
  id: text('id').primaryKey(),
  name: text('name').notNull().unique(),
  categoryId: text('category_id')
    .notNull()
    .references(() => categories.id),
  defaultUnit: text('default_unit').notNull(),
  createdAt: text('created_at').notNull(),
  createdBy: text('created_by').references(() => operators.id),
});

export const certificates = sqliteTable(
  'certificates',
  {
    id: text('id').primaryKey(),
    type: text('type').notNull(),
    number: text('number').notNull(),
    issuer: text('issuer').notNull(),
    issueDate: text('issue_date').notNull(),
    validUntil: text('valid_until'),
    quantity: real('quantity'),
    unit: text('unit'),
    raw: text('raw'),
    photo: blob('photo', { mode: 'buffer' }),
    createdAt: text('created_at').notNull(),
    createdBy: text('created_by')
      .notNull()
      .references(() => operators.id),
  },
  // One paper certificate often covers several lots of one vehicle: it is stored once.
  (t) => [
    uniqueIndex('certificates_type_number').on(t.type, t.number),
    index('certificates_number').on(t.number),
    // 日报 (electron/services/report): a day's 100,000 certificate links read what the figures
    // need from this index alone, one lookup each instead of the id's index and then the row.
    index('certificates_report').on(t.id, t.type, t.unit, t.quantity, t.issuer, t.number),
  ],
);

export const lots = sqliteTable(
  'lots',
  {
    id: text('id').primaryKey(),
    codeKey: text('code_key').notNull().unique(),
    codeKind: text('code_kind').notNull(),
    rawScan: text('raw_scan').notNull(),
    gtin: text('gtin'),
    batch: text('batch'),
    /** GS1 (17) use-by / expiry. */
    expiryDate: text('expiry_date'),
    /** GS1 (15) best before. */
    bestBeforeDate: text('best_before_date'),
    /** GS1 (16) sell by. */
    sellByDate: text('sell_by_date'),
    /** GS1 (11) production date. */
    productionDate: text('production_date'),
    supplierId: text('supplier_id')
      .notNull()
      .references(() => subjects.id),
    varietyId: text('variety_id')
      .notNull()
      .references(() => varieties.id),
    quantity: real('quantity').notNull(),
    unit: text('unit').notNull(),
    status: text('status').notNull(),
    zone: text('zone').notNull(),
    /** Lineage lives in the data: the lot this one was split from, and the admitted lot at the root. */
    parentLotId: text('parent_lot_id').references((): AnySQLiteColumn => lots.id),
    rootLotId: text('root_lot_id').references((): AnySQLiteColumn => lots.id),
    /** 去向摊位: the stall that sells the lot (assigned at the gate; split children inherit it). */
    stallId: text('stall_id').references(() => subjects.id),
    createdAt: text('created_at').notNull(),
    createdBy: text('created_by')
      .notNull()
      .references(() => operators.id),
  },
  (t) => [
    index('lots_supplier').on(t.supplierId),
    index('lots_parent').on(t.parentLotId),
    index('lots_stall').on(t.stallId),
    // 台账 (electron/services/ledger): gate lots only (children cost nothing), each filter with the
    // day so a page walks its index in order and the exact total counts index entries alone. The
    // always-null parent_lot_id is a column too: SQLite re-checks a partial index's condition, and
    // from the index itself it need not read a single row.
    index('lots_gate_day')
      .on(t.createdAt, t.varietyId, t.parentLotId)
      .where(sql`parent_lot_id is null`),
    index('lots_gate_supplier')
      .on(t.supplierId, t.createdAt, t.parentLotId)
      .where(sql`parent_lot_id is null`),
    index('lots_gate_stall')
      .on(t.stallId, t.createdAt, t.parentLotId)
      .where(sql`parent_lot_id is null`),
    index('lots_gate_status')
      .on(t.status, t.createdAt, t.parentLotId)
      .where(sql`parent_lot_id is null`),
    index('lots_gate_operator')
      .on(t.createdBy, t.createdAt, t.parentLotId)
      .where(sql`parent_lot_id is null`),
    index('lots_gtin')
      .on(t.gtin)
      .where(sql`gtin is not null`),
  ],
);

export const lotCertificates = sqliteTable(
  'lot_certificates',
  {
    lotId: text('lot_id')
      .notNull()
      .references(() => lots.id),
    certificateId: text('certificate_id')
      .notNull()
      .references(() => certificates.id),
  },
  (t) => [primaryKey({ columns: [t.lotId, t.certificateId] }), index('lot_certificates_certificate').on(t.certificateId)],
);

export const entryChecks = sqliteTable(
  'entry_checks',
  {
    id: text('id').primaryKey(),
    lotId: text('lot_id')
      .notNull()
      .unique()
      .references(() => lots.id),
    outcome: text('outcome').notNull(),
    /** JSON: Reason[] */
    reasons: text('reasons').notNull(),
    source: text('source').notNull(),
    overriddenFrom: text('overridden_from'),
    overrideReason: text('override_reason'),
    createdAt: text('created_at').notNull(),
    createdBy: text('created_by')
      .notNull()
      .references(() => operators.id),
  },
  // Covers the sampler's per-entry day tally (created_at range, outcome, lot) without row reads.
  (t) => [index('entry_checks_day').on(t.createdAt, t.outcome, t.lotId)],
);

/** Every change of a verdict, with who and why: the entry row keeps only the latest state. */
export const entryOverrides = sqliteTable(
  'entry_overrides',
  {
    id: text('id').primaryKey(),
    entryId: text('entry_id')
      .notNull()
      .references(() => entryChecks.id),
    fromOutcome: text('from_outcome').notNull(),
    toOutcome: text('to_outcome').notNull(),
    reason: text('reason').notNull(),
    createdAt: text('created_at').notNull(),
    createdBy: text('created_by')
      .notNull()
      .references(() => operators.id),
  },
  (t) => [index('entry_overrides_entry').on(t.entryId)],
);

/**
 * 去向摊位: every assignment of a gate lot to a stall, with who and when (the lot row holds the
 * current stall; a reassignment keeps the one before).
 */
export const stallAssignments = sqliteTable(
  'stall_assignments',
  {
    id: text('id').primaryKey(),
    lotId: text('lot_id')
      .notNull()
      .references(() => lots.id),
    stallId: text('stall_id')
      .notNull()
      .references(() => subjects.id),
    priorStallId: text('prior_stall_id').references(() => subjects.id),
    createdAt: text('created_at').notNull(),
    createdBy: text('created_by')
      .notNull()
      .references(() => operators.id),
  },
  (t) => [index('stall_assignments_lot').on(t.lotId)],
);

/** Station settings as JSON values by key (weight-code layouts, scanner timing…). */
export const settings = sqliteTable('settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
  updatedAt: text('updated_at').notNull(),
  updatedBy: text('updated_by')
    .notNull()
    .references(() => operators.id),
});

/**
 * This station's identity: one row, made with its key pair on first start; the admin sets the
 * station id later, once. The private key lives in the secret store (electron/secrets), not in
 * this file: `private_key` is null, and holds a key only in a database from before 0017 until
 * the next start moves it out (electron/secrets/moveOut.ts).
 */
export const station = sqliteTable('station', {
  id: integer('id').primaryKey(),
  stationId: text('station_id').unique(),
  name: text('name'),
  publicKey: text('public_key').notNull(),
  privateKey: text('private_key'),
  createdAt: text('created_at').notNull(),
  stationIdSetAt: text('station_id_set_at'),
  stationIdSetBy: text('station_id_set_by').references(() => operators.id),
});

/**
 * The next sequence number per station id. Bumped in the same transaction that records the
 * issued code, committed with synchronous=FULL so a power cut cannot roll a printed code back.
 */
export const codeSequences = sqliteTable('code_sequences', {
  stationId: text('station_id').primaryKey(),
  next: integer('next').notNull(),
});

/** Public keys of other stations, for checking their labels offline. */
export const trustedKeys = sqliteTable('trusted_keys', {
  stationId: text('station_id').primaryKey(),
  name: text('name').notNull(),
  publicKey: text('public_key').notNull(),
  createdAt: text('created_at').notNull(),
  createdBy: text('created_by')
    .notNull()
    .references(() => operators.id),
});

/** A sale of part of a lot: who bought it, for how much, and whether it closed the parent. */
export const splits = sqliteTable(
  'splits',
  {
    id: text('id').primaryKey(),
    parentLotId: text('parent_lot_id')
      .notNull()
      .references(() => lots.id),
    childLotId: text('child_lot_id')
      .notNull()
      .unique()
      .references(() => lots.id),
    buyerName: text('buyer_name'),
    buyerUscc: text('buyer_uscc'),
    buyerPhone: text('buyer_phone'),
    /** Price in fen (分): money never goes through floating point. */
    priceFen: integer('price_fen'),
    closing: integer('closing', { mode: 'boolean' }).notNull(),
    createdAt: text('created_at').notNull(),
    createdBy: text('created_by')
      .notNull()
      .references(() => operators.id),
  },
  (t) => [index('splits_parent').on(t.parentLotId)],
);

export const printers = sqliteTable('printers', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  /** escpos | tspl | zpl */
  language: text('language').notNull(),
  /** native | raster: raster for printers without Chinese fonts. */
  mode: text('mode').notNull(),
  /** JSON: { kind: 'tcp', host, port } | { kind: 'serial', path, baudRate } | { kind: 'device', path } | { kind: 'queue', name } */
  transport: text('transport').notNull(),
  templateId: text('template_id').notNull(),
  /** labels | receipts | crate: which jobs it takes. */
  purpose: text('purpose').notNull().default('labels'),
  /** Takes its purpose's jobs (one per purpose); without one, the first configured of the purpose does. */
  isDefault: integer('is_default', { mode: 'boolean' }).notNull().default(false),
  /** gbk | gb18030: what its Chinese font indexes. */
  encoding: text('encoding').notNull().default('gbk'),
  createdAt: text('created_at').notNull(),
  createdBy: text('created_by')
    .notNull()
    .references(() => operators.id),
});

/** The persistent print queue: a job survives restarts; a retry reprints the same code. */
export const printJobs = sqliteTable(
  'print_jobs',
  {
    id: text('id').primaryKey(),
    lotId: text('lot_id')
      .notNull()
      .references(() => lots.id),
    printerId: text('printer_id').references(() => printers.id),
    /** labels | receipts | crate: the printer it goes to when it names none. */
    purpose: text('purpose').notNull().default('labels'),
    templateId: text('template_id').notNull(),
    /** JSON LabelContent: what was issued is exactly what is printed, now and on reprint. */
    content: text('content').notNull(),
    /** queued | printing | waiting | sent (not confirmed by the printer) | done | failed | cancelled */
    status: text('status').notNull(),
    attempts: integer('attempts').notNull().default(0),
    /** Counts the row's changes: a screen keeps the newest copy whichever way (event or answer) it arrived first. */
    revision: integer('revision').notNull().default(0),
    /**
     * Why a job waits (printer problems, noPrinter) or was not confirmed, a printed job's warnings
     * (paperNearEnd, rasterText, rasterFit), or, once cancelled, the lot status that stopped it.
     */
    lastError: text('last_error'),
    /** The operator who confirmed a sent job printed (the printer did not). */
    confirmedBy: text('confirmed_by').references(() => operators.id),
    reprintOf: text('reprint_of').references((): AnySQLiteColumn => printJobs.id),
    /** Why a label was printed again (reprints only). */
    reason: text('reason'),
    createdAt: text('created_at').notNull(),
    createdBy: text('created_by')
      .notNull()
      .references(() => operators.id),
    printedAt: text('printed_at'),
  },
  // print_jobs_lot: a lot page's labels.
  (t) => [index('print_jobs_status').on(t.status), index('print_jobs_lot').on(t.lotId)],
);

/** Scales on this station's serial ports; the connection settings persist, the live state does not. */
export const scales = sqliteTable('scales', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  /** /dev/serial/by-id/… or COMn: a name that survives re-plugging. */
  path: text('path').notNull(),
  protocolId: text('protocol_id').notNull(),
  baudRate: integer('baud_rate'),
  stableReadings: integer('stable_readings').notNull(),
  createdAt: text('created_at').notNull(),
  createdBy: text('created_by')
    .notNull()
    .references(() => operators.id),
});

export const scanners = sqliteTable('scanners', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  kind: text('kind', { enum: ['serial', 'hidpos'] }).notNull(),
  /** Serial port name, or vendorId:productId[:serial] of a HID POS scanner. */
  path: text('path').notNull(),
  baudRate: integer('baud_rate'),
  aimPrefix: integer('aim_prefix', { mode: 'boolean' }).notNull(),
  /** HID POS report layout: Honeywell-style AIM field first, or data first (Newland and others). */
  hidLayout: text('hid_layout', { enum: ['aimFirst', 'dataFirst'] })
    .notNull()
    .default('aimFirst'),
  createdAt: text('created_at').notNull(),
  createdBy: text('created_by')
    .notNull()
    .references(() => operators.id),
});

/**
 * Where the sampler's key was kept before 0017: emptied at start (electron/secrets/moveOut.ts),
 * the key now lives in the secret store.
 */
export const secrets = sqliteTable('secrets', {
  name: text('name').primaryKey(),
  value: blob('value', { mode: 'buffer' }).notNull(),
  createdAt: text('created_at').notNull(),
});

/**
 * Rapid-test items (快检项目) as data: seeded with the tests Chinese markets run per category,
 * managed by an admin. A disabled item stays for the records that name it.
 */
export const testItems = sqliteTable('test_items', {
  id: text('id').primaryKey(),
  nameZh: text('name_zh').notNull(),
  nameEn: text('name_en').notNull(),
  methodZh: text('method_zh').notNull(),
  methodEn: text('method_en').notNull(),
  standard: text('standard'),
  kind: text('kind', { enum: ['quantitative', 'qualitative'] }).notNull(),
  /** quantitative only: unit, accepted range and the positive threshold (value ≥ threshold). */
  unit: text('unit'),
  min: real('min'),
  max: real('max'),
  positiveAtOrAbove: real('positive_at_or_above'),
  /** JSON string[]: category ids the item applies to. */
  categoryIds: text('category_ids').notNull(),
  labAllPositives: integer('lab_all_positives', { mode: 'boolean' }).notNull().default(false),
  /** JSON string[]: variety name keys whose positives go to the lab first. */
  labVarietyKeys: text('lab_variety_keys').notNull().default('[]'),
  active: integer('active', { mode: 'boolean' }).notNull().default(true),
  sortOrder: integer('sort_order').notNull().default(0),
  updatedAt: text('updated_at').notNull(),
  updatedBy: text('updated_by').references(() => operators.id),
});

/** A lot chosen for testing, once, with why (the audit of the sampler). */
export const testSelections = sqliteTable(
  'test_selections',
  {
    id: text('id').primaryKey(),
    lotId: text('lot_id')
      .notNull()
      .unique()
      .references(() => lots.id),
    day: text('day').notNull(),
    reason: text('reason', { enum: ['noReport', 'keyed', 'floor', 'manual'] }).notNull(),
    hasReport: integer('has_report', { mode: 'boolean' }).notNull(),
    note: text('note'),
    score: real('score'),
    p: real('p'),
    createdAt: text('created_at').notNull(),
    createdBy: text('created_by')
      .notNull()
      .references(() => operators.id),
  },
  (t) => [index('test_selections_day').on(t.day)],
);

export const rapidTests = sqliteTable(
  'rapid_tests',
  {
    id: text('id').primaryKey(),
    lotId: text('lot_id')
      .notNull()
      .references(() => lots.id),
    itemId: text('item_id').notNull(),
    kitLot: text('kit_lot'),
    value: real('value'),
    reading: text('reading', { enum: ['positive', 'negative'] }),
    unit: text('unit'),
    threshold: real('threshold'),
    verdict: text('verdict', { enum: ['negative', 'positive', 'invalid'] }).notNull(),
    needsLabConfirmation: integer('needs_lab_confirmation', { mode: 'boolean' }).notNull(),
    createdAt: text('created_at').notNull(),
    createdBy: text('created_by')
      .notNull()
      .references(() => operators.id),
  },
  // rapid_tests_positive: a supplier's recent failures, found from the few positives, not its lots.
  (t) => [index('rapid_tests_lot').on(t.lotId), index('rapid_tests_positive').on(t.verdict, t.createdAt)],
);

/** A hold on a lot and its descendants; each held lot's prior status is kept so a release restores it. */
export const holds = sqliteTable(
  'holds',
  {
    id: text('id').primaryKey(),
    lotId: text('lot_id')
      .notNull()
      .references(() => lots.id),
    reason: text('reason', { enum: ['testPositive', 'manual'] }).notNull(),
    note: text('note'),
    testId: text('test_id').references(() => rapidTests.id),
    status: text('status', { enum: ['active', 'released', 'disposed'] }).notNull(),
    createdAt: text('created_at').notNull(),
    createdBy: text('created_by')
      .notNull()
      .references(() => operators.id),
    releasedAt: text('released_at'),
    releasedBy: text('released_by').references(() => operators.id),
    releaseReason: text('release_reason'),
  },
  (t) => [index('holds_lot').on(t.lotId)],
);

export const holdLots = sqliteTable(
  'hold_lots',
  {
    holdId: text('hold_id')
      .notNull()
      .references(() => holds.id),
    lotId: text('lot_id')
      .notNull()
      .references(() => lots.id),
    priorStatus: text('prior_status').notNull(),
    priorZone: text('prior_zone').notNull(),
  },
  (t) => [primaryKey({ columns: [t.holdId, t.lotId] }), index('hold_lots_lot').on(t.lotId)],
);

/** 无害化处理: who, witness, how much, how, the shredder's run, photos and the kept certificate. */
export const disposals = sqliteTable('disposals', {
  id: text('id').primaryKey(),
  certificateNumber: text('certificate_number').notNull().unique(),
  lotId: text('lot_id')
    .notNull()
    .references(() => lots.id),
  quantity: real('quantity').notNull(),
  unit: text('unit').notNull(),
  weighed: integer('weighed', { mode: 'boolean' }).notNull(),
  reason: text('reason', { enum: ['testFailed', 'expired', 'spoiled', 'recalled', 'other'] }).notNull(),
  reasonText: text('reason_text'),
  method: text('method', { enum: ['shredding', 'other'] }).notNull(),
  methodText: text('method_text'),
  operatorId: text('operator_id')
    .notNull()
    .references(() => operators.id),
  witnessId: text('witness_id')
    .notNull()
    .references(() => operators.id),
  operatorConfirmedAt: text('operator_confirmed_at').notNull(),
  witnessConfirmedAt: text('witness_confirmed_at').notNull(),
  shredderMode: text('shredder_mode'),
  runStartedAt: integer('run_started_at'),
  runEndedAt: integer('run_ended_at'),
  runDurationMs: integer('run_duration_ms'),
  runEvidence: text('run_evidence'),
  flag: text('flag', { enum: ['noRunDetected'] }),
  photoBefore: blob('photo_before', { mode: 'buffer' }),
  photoAfter: blob('photo_after', { mode: 'buffer' }),
  certificatePdf: blob('certificate_pdf', { mode: 'buffer' }).notNull(),
  createdAt: text('created_at').notNull(),
  createdBy: text('created_by')
    .notNull()
    .references(() => operators.id),
});

/** Every lot a disposal destroyed (the lot and its descendants), with what each was before. */
export const disposalLots = sqliteTable(
  'disposal_lots',
  {
    disposalId: text('disposal_id')
      .notNull()
      .references(() => disposals.id),
    lotId: text('lot_id')
      .notNull()
      .references(() => lots.id),
    priorStatus: text('prior_status').notNull(),
  },
  (t) => [primaryKey({ columns: [t.disposalId, t.lotId] }), index('disposal_lots_lot').on(t.lotId)],
);

/**
 * 召回: a lot and its descendants, or every gate lot of a supplier / certificate / GTIN + batch in a
 * date range with theirs, put in `recalled` at once. `scope_json` is the scope as asked (RecallScope),
 * `scope_label` its names resolved when it started.
 */
export const recalls = sqliteTable(
  'recalls',
  {
    id: text('id').primaryKey(),
    /** 召回单号 ZHyyyymmdd-nn, numbered per day. */
    number: text('number').notNull().unique(),
    reason: text('reason').notNull(),
    source: text('source', { enum: ['regulatorNotice', 'supplierNotice', 'ownTest', 'complaint', 'other'] }).notNull(),
    sourceRef: text('source_ref'),
    scopeKind: text('scope_kind', { enum: ['lot', 'supplier', 'certificate', 'gtinBatch'] }).notNull(),
    scopeLabel: text('scope_label').notNull(),
    scopeJson: text('scope_json').notNull(),
    rangeFrom: text('range_from'),
    rangeTo: text('range_to'),
    status: text('status', { enum: ['open', 'closed', 'lifted'] }).notNull(),
    createdAt: text('created_at').notNull(),
    createdBy: text('created_by')
      .notNull()
      .references(() => operators.id),
    closedAt: text('closed_at'),
    closedBy: text('closed_by').references(() => operators.id),
    liftedAt: text('lifted_at'),
    liftedBy: text('lifted_by').references(() => operators.id),
    liftReason: text('lift_reason'),
    /**
     * The counts and quantities of all its lots (RecallSummary JSON), kept by every write that
     * changes them in its own transaction, so a read never goes over all lots. Null before
     * migration 0025, or after a hold changed whether a lot's prior state had goods left: computed
     * and stored again on the next read.
     */
    summary: text('summary'),
  },
  (t) => [index('recalls_status').on(t.status, t.createdAt)],
);

/** Every lot a recall covers, with its state before the recall (what a lift restores) and where its goods stand. */
export const recallLots = sqliteTable(
  'recall_lots',
  {
    recallId: text('recall_id')
      .notNull()
      .references(() => recalls.id),
    lotId: text('lot_id')
      .notNull()
      .references(() => lots.id),
    priorStatus: text('prior_status').notNull(),
    priorZone: text('prior_zone').notNull(),
    progress: text('progress', { enum: ['open', 'retrieved', 'destroyed', 'notRecoverable', 'nothingLeft'] }).notNull(),
    progressAt: text('progress_at'),
    progressBy: text('progress_by').references(() => operators.id),
    progressNote: text('progress_note'),
    // Where the lot sits among the recall's lots, fixed at the start (recalled lots cannot be
    // split: the tree does not change while the recall counts): a page reads only its own rows.
    // Null for recalls started before migration 0025, filled on their first read.
    /** Position in tree order (shared/domain/recallTree.ts placeTree), from 0. */
    ord: integer('ord'),
    /** 0 for a lot the scope named, +1 per split below it. */
    depth: integer('depth'),
    /** What went on in the recall's lots split from it (their quantities summed). */
    sold: real('sold'),
    /** Position by code key (ties in tree order): the flat list's order within one progress. */
    codeOrd: integer('code_ord'),
  },
  (t) => [
    primaryKey({ columns: [t.recallId, t.lotId] }),
    index('recall_lots_lot').on(t.lotId),
    index('recall_lots_ord').on(t.recallId, t.ord),
    index('recall_lots_progress').on(t.recallId, t.progress, t.codeOrd),
    // The lots a recall started from (their origins), without reading its other lots.
    index('recall_lots_roots')
      .on(t.recallId, t.ord)
      .where(sql`depth = 0`),
  ],
);

/**
 * Upload outbox: one row per record to upload, written in the record's own transaction. `id` is
 * the record's client id, the idempotency key the receiver sees; `seq` keeps creation order so a
 * split never reaches the platform before its parent's entry.
 */
export const outbox = sqliteTable(
  'outbox',
  {
    seq: integer('seq').primaryKey({ autoIncrement: true }),
    /** The record's own id (a ULID made with it): its upload idempotency key. */
    id: text('id').notNull().unique(),
    kind: text('kind').notNull(),
    /** The lot the record belongs to, when it has one: records of one lot upload in order. */
    lotId: text('lot_id'),
    createdAt: text('created_at').notNull(),
    /** exported: handed over in an export file (never online stations); dead: refused by the server, see last_error. */
    state: text('state', { enum: ['pending', 'sent', 'dead', 'exported'] })
      .notNull()
      .default('pending'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    sentAt: text('sent_at'),
  },
  // state + sent_at: the last successful upload is read at every start without walking the sent rows.
  // outbox_lot: a lot page's upload state.
  (t) => [index('outbox_state_seq').on(t.state, t.seq), index('outbox_state_sent').on(t.state, t.sentAt), index('outbox_lot').on(t.lotId)],
);

/**
 * What an outbox row sends, kept apart from its state: marking 500 sent rows then rewrites a few
 * narrow rows, not 500 × 3 kB of text (measured: 6× faster drains of the marking step).
 */
export const outboxBodies = sqliteTable('outbox_bodies', {
  seq: integer('seq')
    .primaryKey()
    .references(() => outbox.seq),
  /** The record as it was committed (JSON), so later edits never change what is uploaded. */
  payload: text('payload').notNull(),
  /**
   * The record's EPCIS events (a JSON array), serialised once when the record is written, so a
   * drain of 100k records only splices text. Null when the station id was not yet set (the
   * events name the station) and for master data: then they are built at upload time.
   */
  events: text('events'),
});

/**
 * A batch's document fixed at its first send (issue 18): a retry under the same Idempotency-Key
 * (`key`, the hash of the batch's record ids) must carry the same bytes, so the `creationDate` it
 * went out with is kept until the batch is acknowledged. The events themselves are fixed already
 * (outbox_bodies.events).
 */
export const uploadBatches = sqliteTable('upload_batches', {
  key: text('key').primaryKey(),
  creationDate: text('creation_date').notNull(),
});

/**
 * A write that issues a code, by its client request id (one per user action): a retry with the
 * same id by the same operator gets `result` again and issues nothing. Written in the write's own
 * transaction; `fingerprint` (method and input) refuses the id reused for another write.
 */
export const clientRequests = sqliteTable(
  'client_requests',
  {
    operatorId: text('operator_id')
      .notNull()
      .references(() => operators.id),
    requestId: text('request_id').notNull(),
    method: text('method').notNull(),
    fingerprint: text('fingerprint').notNull(),
    /** The answer as first given (JSON). */
    result: text('result').notNull(),
    createdAt: text('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.operatorId, t.requestId] }), index('client_requests_created').on(t.createdAt)],
);

/**
 * The audit trail (docs/audit.md): one row per state change, written in the change's own
 * transaction, each hash-chained to the one before (shared/domain/auditChain.ts). `seq` is the
 * rowid: appending and reading the last entry cost one B-tree step each.
 */
export const audit = sqliteTable('audit', {
  seq: integer('seq').primaryKey(),
  at: text('at').notNull(),
  /** Who made the change; null for the station itself (the chain's start). */
  operatorId: text('operator_id'),
  operatorName: text('operator_name'),
  /** What happened, e.g. entry.admit, lot.hold, operator.pin (AuditAction). */
  action: text('action').notNull(),
  subjectKind: text('subject_kind').notNull(),
  subjectId: text('subject_id').notNull(),
  /** Compact JSON of the fields that changed, as they were and as they became (hashed as stored). */
  before: text('before'),
  after: text('after'),
  prevHash: text('prev_hash').notNull(),
  hash: text('hash').notNull(),
});

/** The chain's head, moved in every append's transaction: a cut-off tail no longer matches it. */
export const auditHead = sqliteTable('audit_head', {
  id: integer('id').primaryKey(),
  seq: integer('seq').notNull(),
  hash: text('hash').notNull(),
});

/**
 * 日结: a market day frozen once (unique day), by whom and when, with the day report as it was, the
 * audit chain head it covers, a SHA-256 over all of it and the station's Ed25519 signature of that
 * hash (docs/day-close.md). Never updated: reading checks the hash and the signature again.
 */
export const dayCloses = sqliteTable(
  'day_closes',
  {
    id: text('id').primaryKey(),
    day: text('day').notNull(),
    closedAt: text('closed_at').notNull(),
    closedBy: text('closed_by')
      .notNull()
      .references(() => operators.id),
    closedByName: text('closed_by_name').notNull(),
    /** JSON array of the work-plan rules not met at the close, acknowledged by the closer. */
    outstanding: text('outstanding').notNull(),
    chainSeq: integer('chain_seq').notNull(),
    chainHash: text('chain_hash').notNull(),
    /** The DayReport JSON exactly as hashed. */
    report: text('report').notNull(),
    contentHash: text('content_hash').notNull(),
    signature: text('signature').notNull(),
  },
  (t) => [uniqueIndex('day_closes_day').on(t.day)],
);

/**
 * 出口查验: a sold lot left through the exit gate (who, when, vehicle or buyer). One departure per
 * lot: the unique key refuses a second one even from two gates at once.
 */
export const departures = sqliteTable(
  'departures',
  {
    id: text('id').primaryKey(),
    lotId: text('lot_id')
      .notNull()
      .unique()
      .references(() => lots.id),
    vehicle: text('vehicle'),
    buyer: text('buyer'),
    /** The lot's zone before it left (the departure moves it out of the market's zones). */
    priorZone: text('prior_zone').notNull(),
    createdAt: text('created_at').notNull(),
    createdBy: text('created_by')
      .notNull()
      .references(() => operators.id),
  },
  (t) => [index('departures_created').on(t.createdAt)],
);

/** 出口异常: goods that left unsold, stopped or without a code, for the manager to follow up. */
export const exitExceptions = sqliteTable(
  'exit_exceptions',
  {
    id: text('id').primaryKey(),
    /** unsold | stopped | noCode (shared/contract/exit.ts). */
    kind: text('kind').notNull(),
    lotId: text('lot_id').references(() => lots.id),
    /** The lot's status when it left. */
    lotStatus: text('lot_status'),
    /** A scan that named no lot, verbatim. */
    scanned: text('scanned'),
    note: text('note'),
    vehicle: text('vehicle'),
    buyer: text('buyer'),
    createdAt: text('created_at').notNull(),
    createdBy: text('created_by')
      .notNull()
      .references(() => operators.id),
  },
  (t) => [index('exit_exceptions_created').on(t.createdAt)],
);
