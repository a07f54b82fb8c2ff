/**
 * What a public trace page (公众查询) shows for a scanned code, read from a market's EPCIS
 * repository alone — what a market's resolver page or the provincial platform would do
 * (docs/public-trace.md, "What the public page reads"). Only standard queries (`QueryFn`: the
 * in-test evaluator here, `GET /events?…` against a repository elsewhere) and the documents' own
 * fields: nothing of the station's tables.
 *
 * 1. Walk up from the code to the lot that came in (`walkUp`: one query pair per ancestor, then the
 *    root's ADD event).
 * 2. From that ADD (entry, `receiving`): 产地 and the product dates in its `ilmd`, the supplier as
 *    its `sourceList` owning party — named by the party's master data when the repository has it,
 *    else by the event's `yp:supplier` — and the certificates (`yp:certificates`, numbers also in
 *    `bizTransactionList`).
 * 3. The rapid tests (`inspecting`) of the code and of every ancestor: one query by class, one by
 *    instance, for the whole chain.
 */
import type { EpcisEvent, EpcisMasterData } from './epcisQuery';
import { byEventTime, walkUp, type QueryFn } from './epcisWalk';

export interface PublicTestResult {
  /** The identifier of the lot tested: the code itself or one of its ancestors. */
  lot: string;
  /** The test item's name as the station's item list calls it (its id in `itemId`). */
  item: string;
  itemId: string;
  /** The reading, with its UN/ECE unit code (`P1` = %) when the item has one, and the unit as the item writes it. */
  value: number | null;
  uom: string | null;
  unit: string | null;
  verdict: 'negative' | 'positive' | 'invalid';
  at: string;
}

export interface PublicFacts {
  /** The scanned lot, then its ancestors nearest first, up to the lot that came in. */
  chain: string[];
  /** When and where the goods came into the market (the entry's eventTime and bizLocation). */
  enteredAt: string;
  /** 产地: the issuer of the origin exit voucher, else of the quarantine certificate. */
  origin: string | null;
  producer: { id: string; name: string; uscc: string | null };
  productionDate: string | null;
  expiryDate: string | null;
  certificates: { type: string; number: string; issuer: string; issueDate: string }[];
  /** Oldest first. */
  tests: PublicTestResult[];
}

const PARTY_VTYPE = 'urn:epcglobal:epcis:vtype:Party';
const NAME = 'urn:epcglobal:cbv:mda#name';

type Attribute = { id: string; attribute: unknown };

/** A party's name and credit code from captured master data (the latest element with that id wins). */
function partyFromMasterData(masterData: readonly EpcisMasterData[], id: string): { name: string; uscc: string | null } | null {
  let found: { name: string; uscc: string | null } | null = null;
  for (const md of masterData)
    for (const vocabulary of md.vocabularyList)
      if (vocabulary.type === PARTY_VTYPE)
        for (const element of vocabulary.vocabularyElementList ?? []) {
          if (element.id !== id) continue;
          const attributes = (element.attributes ?? []) as Attribute[];
          const value = (key: string) => attributes.find((a) => a.id === key)?.attribute;
          found = { name: String(value(NAME) ?? ''), uscc: (value('yp:uscc') as string | undefined) ?? null };
        }
  return found;
}

/** The public page's facts for a code as the station writes it in standard fields (docs/upload.md, identifiers). */
export async function publicFacts(query: QueryFn, id: string, masterData: readonly EpcisMasterData[] = []): Promise<PublicFacts> {
  const up = await walkUp(query, id);
  if (up.sources.length !== 1) throw new Error(`${id}: expected one entry event at the root, found ${up.sources.length}`);
  const entry = up.sources[0]!;
  const ilmd = (entry.ilmd ?? {}) as Record<string, string | undefined>;
  const owner = ((entry.sourceList ?? []) as { type: string; source: string }[]).find((s) => s.type === 'owning_party');
  if (!owner) throw new Error(`${id}: the entry names no owning party`);
  const supplier = entry['yp:supplier'] as { 'yp:name': string; 'yp:uscc': string | null } | undefined;
  const named = partyFromMasterData(masterData, owner.source) ?? (supplier ? { name: supplier['yp:name'], uscc: supplier['yp:uscc'] } : null);
  if (!named) throw new Error(`${id}: nothing names the supplier ${owner.source}`);

  const chain = [id, ...up.ancestors];
  const inspections = new Map<string, EpcisEvent>();
  for (const param of ['MATCH_epcClass', 'MATCH_epc'])
    for (const e of await query({ eventType: 'ObjectEvent', EQ_bizStep: 'inspecting', [param]: chain.join('|') })) inspections.set(e.eventID ?? JSON.stringify(e), e);
  const tests = byEventTime([...inspections.values()]).flatMap((e) => {
    const lot = [...(e.epcList ?? []), ...(e.quantityList ?? []).map((q) => q.epcClass)].find((x) => chain.includes(x))!;
    const reports = ((e.sensorElementList ?? []) as { sensorReport: Record<string, unknown>[] }[]).flatMap((s) => s.sensorReport);
    return reports
      .filter((r) => r.type === 'yp:rapidTest')
      .map((r): PublicTestResult => ({
        lot,
        item: String(r['yp:itemName']),
        itemId: String(r['yp:item']),
        value: (r.value as number | undefined) ?? null,
        uom: (r.uom as string | undefined) ?? null,
        unit: (r['yp:unit'] as string | null) ?? null,
        verdict: r.stringValue as PublicTestResult['verdict'],
        at: e.eventTime,
      }));
  });

  const certificates = ((entry['yp:certificates'] ?? []) as Record<string, string>[]).map((c) => ({
    type: c['yp:type']!,
    number: c['yp:number']!,
    issuer: c['yp:issuer']!,
    issueDate: c['yp:issueDate']!,
  }));
  return {
    chain,
    enteredAt: entry.eventTime,
    origin: ilmd['yp:origin'] ?? null,
    producer: { id: owner.source, name: named.name, uscc: named.uscc },
    productionDate: ilmd['yp:productionDate'] ?? null,
    expiryDate: ilmd['cbvmda:itemExpirationDate'] ?? null,
    certificates,
    tests,
  };
}
