import Database from 'better-sqlite3';
import { join } from 'node:path';
import { appendAudit } from '../../electron/services/audit/append';
import type { Orm } from '../../electron/store/open';
import { startTestCore, USCC, type TestCore } from './core';
import { seedStaff, type Staff } from './disposal';

/**
 * Sells `count` portions of a lot straight into the station's file, as the counter would record
 * them (child lot, split row with a buyer, audit entry), in one transaction on a connection of the
 * test's own. `codePrefix`: letters of Crockford base 32 (no I, L, O, U). splitLot issues and signs a code and queues a label per sale (~ms each): 10,000 sales
 * through the API would take minutes; the recall under test reads only these rows.
 */
export function sellPortions(dir: string, parentId: string, count: number, quantity: number, codePrefix: string): string[] {
  const db = new Database(join(dir, 'station.db'));
  try {
    db.pragma('busy_timeout = 5000');
    const orm = { $client: db } as unknown as Orm;
    const parent = db.prepare('select * from lots where id = ?').get(parentId) as Record<string, unknown>;
    const by = db.prepare('select id, name from operators order by created_at limit 1').get() as { id: string; name: string };
    const insertLot = db.prepare(`
      insert into lots (id, code_key, code_kind, raw_scan, gtin, batch, supplier_id, variety_id, quantity, unit, status, zone, parent_lot_id, root_lot_id, stall_id, created_at, created_by)
      values (@id, @code, 'opaque', @code, @gtin, @batch, @supplier_id, @variety_id, @quantity, @unit, 'admitted', @zone, @parent, @root, @stall_id, @at, @by)`);
    const insertSplit = db.prepare(`
      insert into splits (id, parent_lot_id, child_lot_id, buyer_name, buyer_uscc, buyer_phone, price_fen, closing, created_at, created_by)
      values (?, ?, ?, ?, null, ?, 100, 0, ?, ?)`);
    // Ids shaped like the station's ULIDs (Crockford base 32; the contract checks them).
    const ulid = (kind: 'C' | 'S', i: number) => `01${codePrefix}${kind}`.padEnd(26 - String(i).length, '0') + String(i);
    const ids: string[] = [];
    db.transaction(() => {
      for (let i = 0; i < count; i++) {
        const id = ulid('C', i);
        const code = `${codePrefix}${String(i).padStart(8, '0')}`;
        const at = String(parent.created_at);
        insertLot.run({ ...parent, id, code, quantity, parent: parentId, root: parent.root_lot_id ?? parentId, at, by: by.id });
        insertSplit.run(ulid('S', i), parentId, id, `买家${i}`, `139${String(i).padStart(8, '0')}`, at, by.id);
        appendAudit(orm, { at, by, action: 'split', subject: { kind: 'lot', id }, after: { code, parentLotId: parentId, quantity, unit: parent.unit, status: 'admitted', zone: parent.zone } });
        ids.push(id);
      }
    })();
    return ids;
  } finally {
    db.close();
  }
}

/** A station as the recall tests start it: its id set, the disposal staff, one supplier with a credit code. */
export async function startRecallStation(): Promise<{ t: TestCore; staff: Staff; supplier: string }> {
  const t = await startTestCore();
  await t.call('setStationId', { stationId: '3050102', name: '鲤城农贸市场' });
  const staff = await seedStaff(t);
  const supplier = (await t.call('saveSubject', { kind: 'supplier', name: '南安合作社', uscc: USCC.a })).id;
  return { t, staff, supplier };
}
