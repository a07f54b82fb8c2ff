import { sql } from 'drizzle-orm';
import { blob, index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

// Every id is a client-generated ULID: it is also the record's upload idempotency key.
// Every record names the operator who made it (created_by); seeded rows have none.

export const operators = sqliteTable('operators', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  role: text('role').notNull(),
  pinHash: text('pin_hash').notNull(),
  active: integer('active', { mode: 'boolean' }).notNull().default(true),
  createdAt: text('created_at').notNull(),
  createdBy: text('created_by'),
});

export const subjects = sqliteTable(
  'subjects',
  {
    id: text('id').primaryKey(),
    kind: text('kind').notNull(),
    name: text('name').notNull(),
    uscc: text('uscc'),
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
  (t) => [uniqueIndex('subjects_kind_uscc').on(t.kind, t.uscc).where(sql`uscc is not null`)],
);

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
  (t) => [uniqueIndex('certificates_type_number').on(t.type, t.number)],
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
    expiryDate: text('expiry_date'),
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
    createdAt: text('created_at').notNull(),
    createdBy: text('created_by')
      .notNull()
      .references(() => operators.id),
  },
  (t) => [index('lots_supplier').on(t.supplierId)],
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
  (t) => [index('entry_checks_created_at').on(t.createdAt)],
);

/** Every change of a verdict, with who and why: the entry row keeps only the latest state. */
export const entryOverrides = sqliteTable('entry_overrides', {
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
});

/** Station settings as JSON values by key (weight-code layouts, scanner timing…). */
export const settings = sqliteTable('settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
  updatedAt: text('updated_at').notNull(),
  updatedBy: text('updated_by')
    .notNull()
    .references(() => operators.id),
});
