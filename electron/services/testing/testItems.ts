import { asc, eq, sql } from 'drizzle-orm';
import { ApiError, refused, type Operator, type TestItemCoverage, type TestItemInfo, type TestItemInput, type ParsedInput } from '../../../shared/contract';
import type { RapidTestItem } from '../../../shared/domain/rapidTest';
import { categoryCoverage, DEFAULT_TEST_ITEMS } from '../../../shared/domain/testItems';
import { testItemRecord } from '../../../shared/domain/upload/records';
import { isoLocal } from '../../core/clock';
import { operators, testItems } from '../../store/schema';
import type { ServiceDeps } from '../deps';
import { changedFields } from '../../../shared/domain/auditChain';
import { appendAudit } from '../audit/append';
import { enqueueUpload } from '../upload/outbox';

type Row = typeof testItems.$inferSelect;
/** An item as judgeTest takes it, plus what the station keeps about it. */
export type StoredItem = RapidTestItem & { active: boolean; sortOrder: number; updatedAt: string; updatedBy: string | null };

function toItem(r: Row): StoredItem {
  const base = {
    id: r.id,
    name: { zh: r.nameZh, en: r.nameEn },
    method: { zh: r.methodZh, en: r.methodEn },
    ...(r.standard && { standard: r.standard }),
    categoryIds: JSON.parse(r.categoryIds) as string[],
    labConfirm: { allPositives: r.labAllPositives, varietyKeys: JSON.parse(r.labVarietyKeys) as string[] },
    active: r.active,
    sortOrder: r.sortOrder,
    updatedAt: r.updatedAt,
    updatedBy: r.updatedBy,
  };
  return r.kind === 'quantitative'
    ? { ...base, kind: 'quantitative', unit: r.unit ?? '', min: r.min ?? 0, max: r.max ?? 0, positiveAtOrAbove: r.positiveAtOrAbove ?? 0 }
    : { ...base, kind: 'qualitative' };
}

/** The row for an item (seed or admin's input); a qualitative item keeps no unit or numbers. */
function toRow(item: RapidTestItem, extra: { active: boolean; sortOrder: number; at: string; by: string | null }): Row {
  const q = item.kind === 'quantitative' ? item : null;
  return {
    id: item.id,
    nameZh: item.name.zh,
    nameEn: item.name.en,
    methodZh: item.method.zh,
    methodEn: item.method.en,
    standard: item.standard ?? null,
    kind: item.kind,
    unit: q?.unit ?? null,
    min: q?.min ?? null,
    max: q?.max ?? null,
    positiveAtOrAbove: q?.positiveAtOrAbove ?? null,
    categoryIds: JSON.stringify(item.categoryIds),
    labAllPositives: item.labConfirm.allPositives,
    labVarietyKeys: JSON.stringify(item.labConfirm.varietyKeys),
    active: extra.active,
    sortOrder: extra.sortOrder,
    updatedAt: extra.at,
    updatedBy: extra.by,
  };
}

function fromInput(id: string, i: TestItemInput): RapidTestItem {
  const base = {
    id,
    name: { zh: i.nameZh, en: i.nameEn },
    method: { zh: i.methodZh, en: i.methodEn },
    ...(i.standard && { standard: i.standard }),
    categoryIds: i.categoryIds,
    labConfirm: { allPositives: i.labAllPositives, varietyKeys: i.labVarietyKeys },
  };
  // The contract has checked that a quantitative item has its unit and numbers.
  return i.kind === 'quantitative' ? { ...base, kind: 'quantitative', unit: i.unit, min: i.min!, max: i.max!, positiveAtOrAbove: i.positiveAtOrAbove! } : { ...base, kind: 'qualitative' };
}

/** A field problem, as the contract's own validation reports them. */
const fieldProblem = (path: string, code: string, params?: Record<string, string | number>) => new ApiError('badRequest', `test item: ${code}`, { reason: code, ...params }, [{ path, code }]);

const sameName = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/**
 * Rapid-test items as data (docs/testing.md): seeded once, then edited by an admin. Items are never
 * deleted, only disabled, so every recorded test keeps its item. Read on every test and entry, so
 * cached and reloaded after each write.
 */
export function createTestItems(deps: Pick<ServiceDeps, 'orm' | 'clock' | 'catalog'>) {
  const { orm, clock, catalog } = deps;
  let cache: StoredItem[] | null = null;
  const all = () => (cache ??= orm.select().from(testItems).orderBy(asc(testItems.sortOrder), asc(testItems.id)).all().map(toItem));
  const testable = (categoryId: string) => all().some((i) => i.active && i.categoryIds.includes(categoryId));
  const names = () =>
    new Map(
      orm
        .select({ id: operators.id, name: operators.name })
        .from(operators)
        .all()
        .map((o) => [o.id, o.name]),
    );

  function info(item: StoredItem, operatorNames: Map<string, string>): TestItemInfo {
    const q = item.kind === 'quantitative' ? item : null;
    return {
      id: item.id,
      name: item.name,
      method: item.method,
      standard: item.standard ?? null,
      kind: item.kind,
      unit: q?.unit ?? null,
      threshold: q?.positiveAtOrAbove ?? null,
      min: q?.min ?? null,
      max: q?.max ?? null,
      categories: item.categoryIds,
      labConfirm: item.labConfirm,
      active: item.active,
      updatedAt: item.updatedAt,
      updatedByName: item.updatedBy ? (operatorNames.get(item.updatedBy) ?? null) : null,
    };
  }

  /** Bookkeeping columns the audit entry leaves out: who and when are the entry's own. */
  const AUDIT_SKIPS = new Set<string>(['updatedAt', 'updatedBy', 'sortOrder']);

  /** Writes the item, its audit entry and its upload record (master data) in one transaction. */
  function write(item: RapidTestItem, active: boolean, existing: StoredItem | undefined, by: Operator): TestItemInfo {
    const at = isoLocal(clock.now());
    // A new item goes last; an edited one keeps its place.
    const sortOrder = existing?.sortOrder ?? Math.max(-1, ...all().map((i) => i.sortOrder)) + 1;
    const row = toRow(item, { active, sortOrder, at, by: by.id });
    orm.transaction((tx) => {
      const prior = existing ? tx.select().from(testItems).where(eq(testItems.id, item.id)).get()! : null;
      if (existing) tx.update(testItems).set(row).where(eq(testItems.id, item.id)).run();
      else tx.insert(testItems).values(row).run();
      const keys = (Object.keys(row) as (keyof typeof row)[]).filter((k) => !AUDIT_SKIPS.has(k));
      appendAudit(orm, { at, by, action: existing ? 'testItem.update' : 'testItem.create', subject: { kind: 'testItem', id: row.id }, ...changedFields(prior, row, keys) });
      enqueueUpload(
        orm,
        testItemRecord(
          clock.id(),
          {
            testItemId: row.id,
            nameZh: row.nameZh,
            nameEn: row.nameEn,
            methodZh: row.methodZh,
            methodEn: row.methodEn,
            standard: row.standard,
            kind: row.kind,
            unit: row.unit,
            min: row.min,
            max: row.max,
            positiveAtOrAbove: row.positiveAtOrAbove,
            categoryIds: item.categoryIds,
            labAllPositives: row.labAllPositives,
            labVarietyKeys: item.labConfirm.varietyKeys,
            active,
            by: { id: by.id, name: by.name },
          },
          at,
        ),
      );
    });
    cache = null;
    return info(
      all().find((i) => i.id === item.id)!,
      names(),
    );
  }

  return {
    /** First start only (an empty table): the defaults. Later starts keep what the admin made of them. */
    seed() {
      if (
        orm
          .select({ n: sql<number>`count(*)` })
          .from(testItems)
          .get()!.n > 0
      )
        return;
      const at = isoLocal(clock.now());
      orm.transaction((tx) => {
        DEFAULT_TEST_ITEMS.forEach((item, sortOrder) =>
          tx
            .insert(testItems)
            .values(toRow(item, { active: true, sortOrder, at, by: null }))
            .run(),
        );
      });
      cache = null;
    },

    /** Any item by id, disabled ones included (old tests name them). */
    get: (id: string): StoredItem | undefined => all().find((i) => i.id === id),
    /** Whether any active item applies to the category: the sampler picks no lot that cannot be tested. */
    testable,

    /**
     * A lot of a category no active item covers cannot be tested or queued: refused naming the
     * category, whatever item was sent (the inspector cannot fix that, an admin can).
     */
    refuseUntestable(categoryId: string): void {
      if (testable(categoryId)) return;
      const category = catalog.category(categoryId);
      const params = { reason: 'noItemForCategory', categoryId, categoryZh: category?.nameZh ?? categoryId, categoryEn: category?.nameEn ?? categoryId };
      throw new ApiError('badRequest', 'no active test item for the category', params, [{ path: 'itemId', code: 'rapidTest.noItemForCategory' }]);
    },

    list(includeInactive: boolean, by: Operator): TestItemInfo[] {
      if (includeInactive && by.role !== 'admin') throw new ApiError('forbidden', 'only an admin sees disabled test items');
      const operatorNames = names();
      return all()
        .filter((i) => includeInactive || i.active)
        .map((i) => info(i, operatorNames));
    },

    coverage(): TestItemCoverage[] {
      const categories = catalog.listCategories();
      const byId = new Map(categories.map((c) => [c.id, c]));
      return categoryCoverage(categories, all()).map((c) => ({ ...c, nameZh: byId.get(c.categoryId)!.nameZh, nameEn: byId.get(c.categoryId)!.nameEn }));
    },

    save(input: TestItemInput, by: Operator): TestItemInfo {
      const existing = input.id === undefined ? undefined : all().find((i) => i.id === input.id);
      if (input.id !== undefined && !existing) throw refused('notFound', 'no such test item', 'unknownTestItem', { id: input.id });
      const unknown = input.categoryIds.find((id) => !catalog.category(id));
      if (unknown) throw fieldProblem('categoryIds', 'unknownCategory', { categoryId: unknown });
      const others = all().filter((i) => i !== existing);
      if (others.some((i) => sameName(i.name.zh, input.nameZh))) throw fieldProblem('nameZh', 'nameTaken', { name: input.nameZh });
      if (input.nameEn && others.some((i) => i.name.en && sameName(i.name.en, input.nameEn))) throw fieldProblem('nameEn', 'nameTaken', { name: input.nameEn });
      return write(fromInput(existing?.id ?? clock.id(), input), existing?.active ?? true, existing, by);
    },

    setActive(input: ParsedInput<'setTestItemActive'>, by: Operator): TestItemInfo {
      const existing = all().find((i) => i.id === input.id);
      if (!existing) throw refused('notFound', 'no such test item', 'unknownTestItem', { id: input.id });
      if (existing.active === input.active) return info(existing, names());
      return write(existing, input.active, existing, by);
    },
  };
}
export type TestItems = ReturnType<typeof createTestItems>;
