import type Database from 'better-sqlite3';
import type { LotStatus } from '../../../shared/contract';
import type { LabelContent } from '../../../shared/domain/label';
import { originOf, testResultWord, type CertificateIssuer, type TestVerdict } from '../../../shared/domain/labelFacts';

/**
 * 产地 and 检测 of a lot as its records stand now, for the label about to print: the certificates
 * and rapid tests of the lot and of every lot it was split from (a child's 产地 is its gate lot's,
 * and a test of the gate lot covers every portion of it). Two small reads up the lot's lineage.
 */
export function createLabelFacts(sqlite: Database.Database) {
  const lineage = `with recursive line(id, parent) as (
      select id, parent_lot_id from lots where id = ?
      union all select l.id, l.parent_lot_id from lots l join line on l.id = line.parent)`;
  const certificates = sqlite.prepare<[string], CertificateIssuer>(`${lineage}
    select c.type, c.issuer from line join lot_certificates lc on lc.lot_id = line.id join certificates c on c.id = lc.certificate_id
     where c.type in ('originExit', 'quarantine') order by c.type, c.number`);
  const tests = sqlite.prepare<[string], { itemId: string; verdict: TestVerdict['verdict'] }>(`${lineage}
    select t.item_id as itemId, t.verdict from line join rapid_tests t on t.lot_id = line.id order by t.created_at, t.id`);
  const status = sqlite.prepare<[string], { status: LotStatus }>('select status from lots where id = ?');

  /** The content with this lot's 产地 and 检测 as of now (an old job's stored words are replaced). */
  return function withFactsNow(content: LabelContent, lotId: string): LabelContent {
    const lot = status.get(lotId);
    if (!lot) return content;
    return { ...content, area: originOf(certificates.all(lotId)), test: testResultWord(lot.status, tests.all(lotId)) };
  };
}
export type LabelFactsNow = ReturnType<typeof createLabelFacts>;
