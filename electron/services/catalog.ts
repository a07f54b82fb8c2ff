import { asc, eq, sql } from 'drizzle-orm';
import { ApiError, refused, type Category, type CertificateType, type Operator, type Unit, type Variety, type ParsedInput } from '../../shared/contract';
import { DEFAULT_CATEGORIES, DEFAULT_VARIETIES } from '../../shared/domain/categories';
import { isoLocal, type Clock } from '../core/clock';
import type { Orm } from '../store/open';
import { categories, varieties } from '../store/schema';
import { varietyRecord } from '../../shared/domain/upload/records';
import { changedFields } from '../../shared/domain/auditChain';
import { appendAudit } from './audit/append';
import { enqueueUpload } from './upload/outbox';

const toCategory = (r: typeof categories.$inferSelect): Category => ({
  id: r.id,
  nameZh: r.nameZh,
  nameEn: r.nameEn,
  requirements: JSON.parse(r.requirements) as CertificateType[][],
  testWithoutReport: r.testWithoutReport,
});
const toVariety = (r: typeof varieties.$inferSelect): Variety => ({
  id: r.id,
  name: r.name,
  categoryId: r.categoryId,
  defaultUnit: r.defaultUnit as Unit,
});

/** Categories (with their certificate rules) and varieties are data: seeded once, editable later. */
export function createCatalogService(orm: Orm, clock: Clock) {
  function seed() {
    if (
      orm
        .select({ n: sql<number>`count(*)` })
        .from(categories)
        .get()!.n > 0
    )
      return;
    orm.transaction((tx) => {
      for (const c of DEFAULT_CATEGORIES)
        tx.insert(categories)
          .values({ ...c, requirements: JSON.stringify(c.requirements) })
          .run();
      const at = isoLocal(clock.now());
      for (const v of DEFAULT_VARIETIES)
        tx.insert(varieties)
          .values({ id: clock.id(), ...v, createdAt: at, createdBy: null })
          .run();
    });
  }

  // Rules are read on every scan; they change rarely, so they are cached and reloaded on edit.
  let categoryCache: Map<string, Category> | null = null;
  let varietyCache: Map<string, Variety> | null = null;
  const categoryMap = () =>
    (categoryCache ??= new Map(
      orm
        .select()
        .from(categories)
        .orderBy(asc(categories.id))
        .all()
        .map((r) => [r.id, toCategory(r)]),
    ));
  const varietyMap = () =>
    (varietyCache ??= new Map(
      orm
        .select()
        .from(varieties)
        .orderBy(asc(varieties.name))
        .all()
        .map((r) => [r.id, toVariety(r)]),
    ));

  return {
    seed,
    listCategories: () => [...categoryMap().values()],
    listVarieties: () => [...varietyMap().values()],
    category: (id: string) => categoryMap().get(id),
    variety: (id: string) => varietyMap().get(id),

    saveVariety(input: ParsedInput<'saveVariety'>, by: Operator): Variety {
      if (!categoryMap().has(input.categoryId)) throw refused('notFound', 'no such category', 'unknownCategory', { categoryId: input.categoryId });
      const clash = orm.select().from(varieties).where(eq(varieties.name, input.name)).get();
      if (clash && clash.id !== input.id) throw refused('conflict', 'variety name exists', 'varietyNameTaken', { name: input.name });
      const at = isoLocal(clock.now());
      const existing = input.id;
      if (!existing) input = { ...input, id: clock.id() };
      const id = input.id!;
      orm.transaction((tx) => {
        const prior = existing ? tx.select().from(varieties).where(eq(varieties.id, existing)).get() : null;
        if (existing) {
          const r = tx.update(varieties).set({ name: input.name, categoryId: input.categoryId, defaultUnit: input.defaultUnit }).where(eq(varieties.id, existing)).run();
          if (r.changes === 0) throw new ApiError('notFound', 'no such variety', { id: existing });
        } else {
          tx.insert(varieties)
            .values({ ...input, id, createdAt: at, createdBy: by.id })
            .run();
        }
        const change = changedFields(prior ?? null, { name: input.name, categoryId: input.categoryId, defaultUnit: input.defaultUnit }, ['name', 'categoryId', 'defaultUnit']);
        appendAudit(orm, { at, by, action: existing ? 'variety.update' : 'variety.create', subject: { kind: 'variety', id }, ...change });
        // Master data for upload, in the save's transaction (docs/upload.md).
        enqueueUpload(orm, varietyRecord(clock.id(), { varietyId: id, name: input.name, categoryId: input.categoryId, defaultUnit: input.defaultUnit, by: { id: by.id, name: by.name } }, at));
      });
      varietyCache = null;
      return varietyMap().get(input.id!)!;
    },
  };
}
export type CatalogService = ReturnType<typeof createCatalogService>;
