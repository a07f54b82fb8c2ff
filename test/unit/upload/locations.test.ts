import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isValidGln } from '../../../shared/domain/gs1Check';
import { buildEpcisDocument, eventsFor, partyUri } from '../../../shared/domain/upload/epcis';
import { entryRecord, type EntryPayload } from '../../../shared/domain/upload/records';
import { at, EVERY_KIND } from '../../fixtures/epcisRecords';
import { eventsOf, masterDataOf, queryEvents } from '../../support/epcisQuery';
import { locationVocabulary, marketUri, stallUri, VTYPE_BUSINESS_LOCATION, zoneUri } from '../../../shared/domain/upload/locations';
import { gs1SchemaProblems } from '../../support/epcisSchema';

const ZONE_NAMES = { entry: '入场区', awaitingTest: '待检区', trading: '交易区', storage: '贮存区', dispatch: '出货区' };
const GLN = '6901234000016';
const STALLS = [
  { id: '01JH0000000000000000000001', name: '3号摊' },
  { id: '01JH000000ZZZZZZZZZZZZZZZZ', name: '5号摊' },
];

describe('market locations', () => {
  it('checks a GLN by length and its mod-10 check digit', () => {
    expect(isValidGln(GLN)).toBe(true);
    expect(isValidGln('6901234000017')).toBe(false);
    expect(isValidGln('690123400001')).toBe(false);
    expect(isValidGln('690123400001X')).toBe(false);
  });

  it('names places as SGLNs in Digital Link form with a GLN, under the station URN without', () => {
    const gln = { marketGln: GLN, stationId: '3059901' };
    expect(marketUri(gln)).toBe('https://id.gs1.org/414/6901234000016');
    expect(zoneUri(gln, 'trading')).toBe('https://id.gs1.org/414/6901234000016/254/TRADE');
    expect(zoneUri(gln, 'none')).toBe('https://id.gs1.org/414/6901234000016');
    expect(stallUri(gln, STALLS[1].id)).toBe('https://id.gs1.org/414/6901234000016/254/SZZZZZZZZZZZZZZZZ');
    const station = { marketGln: null, stationId: '3059901' };
    expect(marketUri(station)).toBe('urn:yipin-yima:station:3059901');
    expect(zoneUri(station, 'awaitingTest')).toBe('urn:yipin-yima:station:3059901:loc:TEST');
  });

  it('keeps AI 254 within 20 characters for every stall id', () => {
    const ext = stallUri({ marketGln: GLN, stationId: null }, STALLS[0].id).split('/254/')[1];
    expect(ext).toHaveLength(17);
  });

  it('gives the hierarchy market → zones → stalls as BusinessLocation master data that GS1 schema accepts', () => {
    const root = { marketGln: GLN, stationId: '3059901' };
    const elements = locationVocabulary(root, '东门农贸市场', ZONE_NAMES, STALLS);
    const byId = new Map(elements.map((e) => [e.id, e]));
    expect(byId.get(marketUri(root))?.children).toEqual(['ENTRY', 'TEST', 'TRADE', 'STORE', 'EXIT'].map((x) => `https://id.gs1.org/414/${GLN}/254/${x}`));
    expect(byId.get(zoneUri(root, 'trading'))?.children).toEqual(STALLS.map((s) => stallUri(root, s.id)));
    expect(byId.get(zoneUri(root, 'storage'))?.children).toBeUndefined();
    expect(byId.get(stallUri(root, STALLS[0].id))?.attributes).toEqual([{ id: 'urn:epcglobal:cbv:mda#name', attribute: '3号摊' }]);
    expect(elements).toHaveLength(1 + 5 + 2);
    const document = {
      '@context': ['https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld'],
      type: 'EPCISDocument',
      schemaVersion: '2.0',
      creationDate: '2026-12-05T08:00:00+08:00',
      epcisHeader: { epcisMasterData: { vocabularyList: [{ type: VTYPE_BUSINESS_LOCATION, vocabularyElementList: elements }] } },
      epcisBody: { eventList: [] },
    };
    expect(gs1SchemaProblems(document)).toEqual([]);
  });
});

describe('GS1 schema check', () => {
  it("accepts GS1's own example and names what is wrong in a broken document", () => {
    const example = JSON.parse(readFileSync(new URL('../../fixtures/epcisSchema/SensorDataExample11.jsonld', import.meta.url), 'utf8')) as Record<string, unknown>;
    expect(gs1SchemaProblems(example)).toEqual([]);
    const body = example.epcisBody as { eventList: Record<string, unknown>[] };
    const broken = { ...example, epcisBody: { eventList: [{ ...body.eventList[0], eventTime: 'yesterday' }] } };
    expect(gs1SchemaProblems(broken).some((p) => p.startsWith('/epcisBody/eventList/0/eventTime'))).toBe(true);
  });
});

describe('places in events and documents', () => {
  const ctx = { stationId: '3059901', creationDate: at };
  const record = (id: string) => EVERY_KIND.find((r) => r.id === id)!;
  const places = (events: ReturnType<typeof eventsFor>) => events.map((e) => [e.readPoint, e.bizLocation]);

  it('keeps the station URN as read point without a market GLN, and puts the goods where the record leaves them', () => {
    const station = { marketGln: null, stationId: '3059901' };
    expect(places(eventsFor(record('E1'), ctx))).toEqual([[{ id: 'urn:yipin-yima:station:3059901' }, { id: zoneUri(station, 'trading') }]]);
  });

  it('with a market GLN: the desk is an SGLN read point, an admitted lot is in 交易区, a held one in 待检区, a rejected one at the gate, an assigned one at its stall', () => {
    const gln = { ...ctx, marketGln: GLN };
    const root = { marketGln: GLN, stationId: '3059901' };
    const desk = { id: `https://id.gs1.org/414/${GLN}/254/3059901` };
    const where = (id: string) => eventsFor(record(id), gln)[0].bizLocation;
    expect(eventsFor(record('E1'), gln)[0].readPoint).toEqual(desk);
    expect(where('E1')).toEqual({ id: zoneUri(root, 'trading') });
    expect(where('E2')).toEqual({ id: zoneUri(root, 'entry') });
    expect(where('SA1')).toEqual({ id: stallUri(root, 'ST2') });
    expect(where('H1')).toEqual({ id: marketUri(root) });
    const held = entryRecord({ ...(record('E1').payload as EntryPayload), entryId: 'E9', outcome: 'hold' }, at);
    expect(eventsFor(held, gln)[0].bizLocation).toEqual({ id: zoneUri(root, 'awaitingTest') });
  });

  it('names a party by its GLN when it has one', () => {
    expect(partyUri({ id: 'S1', uscc: '91350100M000100Y43', gln: GLN })).toBe(`https://id.gs1.org/417/${GLN}`);
    expect(partyUri({ id: 'S1', uscc: '91350100M000100Y43', gln: null })).toBe('urn:yipin-yima:uscc:91350100M000100Y43');
    expect(partyUri({ id: 'S1', uscc: null })).toBe('urn:yipin-yima:party:S1');
  });

  it('sends the places record as BusinessLocation and ReadPoint master data, which a WD_bizLocation query on the market uses', () => {
    const document = buildEpcisDocument(EVERY_KIND, { ...ctx, marketGln: GLN });
    expect(gs1SchemaProblems(document)).toEqual([]);
    const root = { marketGln: GLN, stationId: '3059901' };
    const masterData = masterDataOf(document);
    const inMarket = queryEvents(eventsOf(document), { WD_bizLocation: marketUri(root) }, masterData);
    // Every event of the document is somewhere in the market: the hierarchy reaches the zones and stalls.
    expect(inMarket).toHaveLength(eventsOf(document).length);
    expect(queryEvents(eventsOf(document), { WD_bizLocation: zoneUri(root, 'trading') }, masterData).map((e) => e['yp:recordId'])).toEqual(['E1', 'SA1']);
    expect(queryEvents(eventsOf(document), { WD_readPoint: marketUri(root) }, masterData)).toHaveLength(eventsOf(document).length);
  });
});
