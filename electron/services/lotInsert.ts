import { sql } from 'drizzle-orm';
import type { Orm } from '../store/open';
import { lots } from '../store/schema';

/** One prepared insert for every lot, whether admitted at the desk or split off at the counter. */
export function prepareLotInsert(orm: Orm) {
  const p = (name: keyof typeof lots.$inferInsert) => sql.placeholder(name);
  return orm
    .insert(lots)
    .values({
      id: p('id'),
      codeKey: p('codeKey'),
      codeKind: p('codeKind'),
      rawScan: p('rawScan'),
      gtin: p('gtin'),
      batch: p('batch'),
      expiryDate: p('expiryDate'),
      bestBeforeDate: p('bestBeforeDate'),
      sellByDate: p('sellByDate'),
      productionDate: p('productionDate'),
      supplierId: p('supplierId'),
      varietyId: p('varietyId'),
      quantity: p('quantity'),
      unit: p('unit'),
      status: p('status'),
      zone: p('zone'),
      parentLotId: p('parentLotId'),
      rootLotId: p('rootLotId'),
      stallId: p('stallId'),
      createdAt: p('createdAt'),
      createdBy: p('createdBy'),
    })
    .prepare();
}
