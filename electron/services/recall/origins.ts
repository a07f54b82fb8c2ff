import type Database from 'better-sqlite3';
import type { CertificateType, Outcome, RecallOrigin, Unit } from '../../../shared/contract';

interface GateRow {
  id: string;
  created_at: string;
  supplier_id: string;
  supplier_name: string;
  uscc: string | null;
  contact: string | null;
  outcome: Outcome;
  overridden_from: string | null;
}
interface CertRow {
  lot_id: string;
  id: string;
  type: CertificateType;
  number: string;
  issuer: string | null;
  has_photo: number;
}
interface TestRow {
  lot_id: string;
  item_id: string;
  name_zh: string | null;
  name_en: string | null;
  verdict: RecallOrigin['tests'][number]['verdict'];
  created_at: string;
}

export interface OriginRoot {
  lotId: string;
  code: string;
  quantity: number;
  unit: Unit;
  variety: string;
  /** The gate lot it came in with (itself for a gate lot, its root for a split lot). */
  gateLotId: string;
}

/**
 * 源头可溯 for a recall's roots: supplier, the entry verdict, certificates and tests, each read
 * for all roots at once (three queries over a JSON list of ids, whatever the number of roots). A
 * split lot's origin is its gate lot's; tests count on either.
 */
export function createOrigins(sqlite: Database.Database) {
  const gates = sqlite.prepare<[string], GateRow>(`
    select g.id, g.created_at, s.id as supplier_id, s.name as supplier_name, s.uscc, s.contact, e.outcome, e.overridden_from
      from json_each(?) j join lots g on g.id = j.value join subjects s on s.id = g.supplier_id
      join entry_checks e on e.lot_id = g.id`);
  const certs = sqlite.prepare<[string], CertRow>(`
    select lc.lot_id, c.id, c.type, c.number, c.issuer, c.photo is not null as has_photo
      from json_each(?) j join lot_certificates lc on lc.lot_id = j.value join certificates c on c.id = lc.certificate_id
     order by c.type, c.number`);
  const tests = sqlite.prepare<[string], TestRow>(`
    select t.lot_id, t.item_id, i.name_zh, i.name_en, t.verdict, t.created_at
      from json_each(?) j join rapid_tests t on t.lot_id = j.value left join test_items i on i.id = t.item_id
     order by t.created_at, t.id`);

  const grouped = <R extends { lot_id: string }>(rows: R[]) => {
    const m = new Map<string, R[]>();
    for (const r of rows) {
      const list = m.get(r.lot_id);
      if (list) list.push(r);
      else m.set(r.lot_id, [r]);
    }
    return m;
  };

  return (roots: readonly OriginRoot[]): RecallOrigin[] => {
    if (!roots.length) return [];
    const gateIds = JSON.stringify([...new Set(roots.map((r) => r.gateLotId))]);
    const gateOf = new Map(gates.all(gateIds).map((g) => [g.id, g]));
    const certsOf = grouped(certs.all(gateIds));
    const testsOf = grouped(tests.all(JSON.stringify([...new Set(roots.flatMap((r) => [r.gateLotId, r.lotId]))])));
    return roots.map((root) => {
      const gate = gateOf.get(root.gateLotId)!;
      const lotCerts = certsOf.get(root.gateLotId) ?? [];
      // 产地: the issuer of the origin exit voucher, else of the quarantine certificate (as the 日报 reads it).
      const origin = lotCerts.find((c) => c.type === 'originExit')?.issuer ?? lotCerts.find((c) => c.type === 'quarantine')?.issuer ?? null;
      const lotTests = [...(testsOf.get(root.gateLotId) ?? []), ...(root.lotId === root.gateLotId ? [] : (testsOf.get(root.lotId) ?? []))].sort((a, b) =>
        a.created_at < b.created_at ? -1 : a.created_at > b.created_at ? 1 : 0,
      );
      return {
        lotId: root.lotId,
        code: root.code,
        enteredAt: gate.created_at,
        supplier: { id: gate.supplier_id, name: gate.supplier_name, uscc: gate.uscc, contact: gate.contact },
        origin,
        variety: root.variety,
        quantity: root.quantity,
        unit: root.unit,
        certificates: lotCerts.map((c) => ({ id: c.id, type: c.type, number: c.number, issuer: c.issuer, hasPhoto: !!c.has_photo })),
        verdict: gate.outcome,
        overridden: gate.overridden_from !== null,
        tests: lotTests.map((t) => ({ itemName: { zh: t.name_zh ?? t.item_id, en: t.name_en ?? t.item_id }, verdict: t.verdict, at: t.created_at })),
      };
    });
  };
}
