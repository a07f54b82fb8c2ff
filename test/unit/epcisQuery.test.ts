import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { eventsOf, paramsOfUrl, queryEvents, QueryParameterException, SUPPORTED, type EpcisEvent, type EpcisMasterData, type QueryParams } from '../support/epcisQuery';
import { localHub, objectStates, walkDown, walkUp } from '../support/epcisWalk';

const DIR = join(__dirname, '../fixtures/epcisExamples');
const doc = (file: string): unknown => JSON.parse(readFileSync(join(DIR, file), 'utf8'));

/** GS1's example events, each labelled `<short name>` so results read as a list of labels. */
const FILES: [string, string[]][] = [
  ['Example_9.6.1-ObjectEvent.jsonld', ['A1', 'A2']],
  ['Example_9.6.2-ObjectEvent.jsonld', ['B']],
  ['Example_9.6.3-AggregationEvent.jsonld', ['C']],
  ['Example_9.6.4-TransformationEvent.jsonld', ['D']],
  ['Example_9.6.4-TransformationEventWithDigitalLink.jsonld', ['DL']],
  ['ErrorDeclarationAndCorrectiveEvent.jsonld', ['E1', 'E2']],
  ['PersistentDisposition-example.jsonld', ['P1', 'P2']],
  ['aggregation_event_all_possible_fields.jsonld', ['FA']],
  ['association_event_all_possible_fields.jsonld', ['FS']],
  ['object_event_all_possible_fields.jsonld', ['FO']],
  ['transaction_event_all_possible_fields.jsonld', ['FT']],
  ['transformation_event_all_possible_fields.jsonld', ['FX']],
];
const LABEL = new Map<EpcisEvent, string>();
const ALL: EpcisEvent[] = FILES.flatMap(([file, labels]) => {
  const events = eventsOf(doc(file));
  expect(events).toHaveLength(labels.length);
  events.forEach((e, i) => LABEL.set(e, labels[i]));
  return events;
});

/** GS1's WD_bizLocation test master data (masterdata_all_possible_fields.xml), in its EPCIS 2.0 JSON form. */
const GS1_LOCATIONS: EpcisMasterData = {
  vocabularyList: [{ type: 'urn:epcglobal:epcis:vtype:BusinessLocation', vocabularyElementList: [{ id: 'urn:epc:id:sgln:0037000.00729.0', children: ['urn:epc:id:sgln:0037000.00729.8201'] }] }],
};

const q = (params: QueryParams, md?: EpcisMasterData): string[] => queryEvents(ALL, params, md).map((e) => LABEL.get(e)!);

describe('queryEvents over GS1 example events', () => {
  it('eventType lists event types', () => {
    expect(q({ eventType: 'TransformationEvent' })).toEqual(['D', 'DL', 'E1', 'E2', 'FX']);
    expect(q({ eventType: 'AggregationEvent|AssociationEvent' })).toEqual(['C', 'FA', 'FS']);
    expect(q({ eventType: ['ObjectEvent'] })).toEqual(['A1', 'A2', 'B', 'P1', 'P2', 'FO']);
  });

  it('GE_eventTime is inclusive, LT_eventTime exclusive, compared as instants across zones and beyond milliseconds', () => {
    // A1 is 2005-04-03T20:33:31.116000-06:00 and FT 2005-04-04T02:33:31.116Z: the same instant.
    expect(q({ GE_eventTime: '2005-04-04T02:33:31.116Z', LT_eventTime: '2005-04-05T02:33:31.116Z' })).toEqual(['A1', 'FT']);
    expect(q({ LT_eventTime: '2005-04-04T02:33:31.116Z' })).toEqual([]);
    expect(q({ LT_eventTime: '2005-04-04T02:33:31.1160001Z' })).toEqual(['A1', 'FT']);
    // A2 (-06:00) and FO (Z) are both 2005-04-05T02:33:31.116Z.
    expect(q({ GE_eventTime: '2005-04-05T04:33:31.116+02:00', LT_eventTime: '2006-01-01T00:00:00+08:00' })).toEqual(['A2', 'FO']);
    expect(q({ GE_eventTime: '2020-01-14T00:00:00+01:00' })).toEqual(['E1', 'E2', 'P1', 'P2']);
  });

  it('EQ_bizStep and EQ_disposition need the field and accept the bare, URN and Web URI spellings of a CBV term', () => {
    const receiving = ['A2', 'B', 'C', 'P1', 'FA', 'FO'];
    expect(q({ EQ_bizStep: 'receiving' })).toEqual(receiving);
    expect(q({ EQ_bizStep: 'urn:epcglobal:cbv:bizstep:receiving' })).toEqual(receiving);
    expect(q({ EQ_bizStep: 'https://ref.gs1.org/cbv/BizStep-receiving' })).toEqual(receiving);
    expect(q({ EQ_bizStep: 'shipping|commissioning' })).toEqual(['A1', 'D', 'DL', 'E1', 'E2', 'FT', 'FX']);
    expect(q({ EQ_disposition: 'in_transit' })).toEqual(['A1', 'FT']);
    // E1 and E2 have no disposition: never matched, whatever the value.
    expect(q({ EQ_disposition: 'in_progress' })).toEqual(['A2', 'B', 'C', 'D', 'DL', 'P1', 'P2', 'FA', 'FS', 'FO', 'FX']);
    expect(q({ EQ_persistentDisposition_set: 'completeness_verified' })).toEqual(['P2', 'FO', 'FX']);
    expect(q({ EQ_persistentDisposition_unset: 'completeness_inferred' })).toEqual(['P2', 'FO', 'FX']);
  });

  it('EQ_action', () => {
    expect(q({ EQ_action: 'ADD' })).toEqual(['FS', 'FO', 'FT']);
    expect(q({ EQ_action: 'OBSERVE', eventType: 'AggregationEvent' })).toEqual(['C', 'FA']);
  });

  it('EQ_bizLocation is exact; WD_bizLocation adds the master-data descendants, transitively', () => {
    expect(q({ EQ_bizLocation: 'urn:epc:id:sgln:0614141.00888.0' })).toEqual(['B', 'C', 'FS', 'FT', 'FX']);
    // GS1's own WD test data: 0037000.00729.0 has the child 8201; FA is at 8202.
    expect(q({ WD_bizLocation: 'urn:epc:id:sgln:0037000.00729.0' }, GS1_LOCATIONS)).toEqual([]);
    expect(q({ WD_bizLocation: 'urn:epc:id:sgln:0037000.00729.0|urn:epc:id:sgln:0037000.00729.8202' }, GS1_LOCATIONS)).toEqual(['FA']);
    const market: EpcisMasterData = {
      vocabularyList: [
        {
          type: 'urn:epcglobal:epcis:vtype:BusinessLocation',
          vocabularyElementList: [
            { id: 'urn:example:market', children: ['urn:epc:id:sgln:0614141.00888.0', 'urn:example:hall'] },
            { id: 'urn:example:hall', children: ['urn:epc:id:sgln:0012345.11111.0'] },
          ],
        },
        // A ReadPoint hierarchy does not widen WD_bizLocation.
        { type: 'urn:epcglobal:epcis:vtype:ReadPoint', vocabularyElementList: [{ id: 'urn:example:market', children: ['urn:epc:id:sgln:9529999.99999.0'] }] },
      ],
    };
    expect(q({ WD_bizLocation: 'urn:example:market' }, market)).toEqual(['A2', 'B', 'C', 'FS', 'FO', 'FT', 'FX']);
    expect(q({ WD_bizLocation: 'urn:example:hall' }, market)).toEqual(['A2', 'FO']);
    expect(q({ EQ_bizLocation: 'urn:example:market' }, market)).toEqual([]);
    expect(q({ WD_bizLocation: 'urn:example:market' })).toEqual([]);
    expect(q({ WD_readPoint: 'urn:example:market' }, market)).toEqual(['P1', 'P2']);
  });

  it('MATCH_epc looks at epcList and childEPCs only; MATCH_parentID at parentID; patterns with * per EPC pure identity pattern', () => {
    expect(q({ MATCH_epc: 'urn:epc:id:sgtin:0614141.107346.2017' })).toEqual(['A1', 'C', 'FA', 'FT']);
    expect(q({ MATCH_epc: 'urn:epc:idpat:sgtin:0614141.107346.*' })).toEqual(['A1', 'A2', 'C', 'FA', 'FO', 'FT']);
    expect(q({ MATCH_epc: 'urn:epc:idpat:sgtin:0614141.*.*' })).toEqual(['A1', 'A2', 'C', 'FA', 'FO', 'FT']);
    expect(q({ MATCH_epc: 'urn:epc:idpat:sgtin:0614141.107347.*' })).toEqual([]);
    // The same SGTIN as a GS1 Digital Link.
    expect(q({ MATCH_epc: 'https://id.gs1.org/01/10614141073464/21/2017' })).toEqual(['A1', 'C', 'FA', 'FT']);
    // Outputs of a TransformationEvent are not in epcList.
    expect(q({ MATCH_epc: 'urn:epc:id:sgtin:4012345.077889.26' })).toEqual([]);
    expect(q({ MATCH_parentID: 'urn:epc:id:sscc:0614141.1234567890' })).toEqual(['C', 'FA', 'FT']);
  });

  it('MATCH_inputEPC / MATCH_outputEPC look at the TransformationEvent lists; MATCH_anyEPC at every EPC field', () => {
    expect(q({ MATCH_inputEPC: 'urn:epc:id:sgtin:4012345.011111.987' })).toEqual(['E1', 'E2']);
    expect(q({ MATCH_outputEPC: 'urn:epc:id:sgtin:4012345.011111.987' })).toEqual([]);
    expect(q({ MATCH_outputEPC: 'urn:epc:id:sgtin:4012345.077889.26' })).toEqual(['D', 'DL', 'FX']);
    expect(q({ MATCH_outputEPC: 'urn:epc:idpat:sgtin:4012345.077889.*' })).toEqual(['D', 'DL', 'FX']);
    expect(q({ MATCH_anyEPC: 'urn:epc:id:sscc:0614141.1234567890|urn:epc:id:sgtin:4012345.011111.987' })).toEqual(['C', 'E1', 'E2', 'FA', 'FT']);
    expect(q({ MATCH_anyEPC: 'urn:epc:idpat:grai:4012345.55555.*' })).toEqual(['FS']);
    expect(q({ MATCH_anyEPC: 'urn:epc:id:sgtin:4012345.077889.26' })).toEqual(['D', 'DL', 'FX']);
  });

  it('MATCH_epcClass family: lists per parameter; a * in the event is matched only by a *; a GTIN matches its lots; URN and Digital Link agree', () => {
    expect(q({ MATCH_epcClass: 'urn:epc:class:lgtin:4012345.012345.998877' })).toEqual(['B', 'C', 'FA', 'FS', 'FO']);
    expect(q({ MATCH_epcClass: 'urn:epc:idpat:sgtin:4012345.098765.*' })).toEqual(['C', 'FA', 'FS']);
    expect(q({ MATCH_epcClass: 'urn:epc:class:lgtin:4012345.098765.400' })).toEqual([]);
    expect(q({ MATCH_epcClass: 'urn:epc:idpat:sgtin:4012345.*.*' })).toEqual(['B', 'C', 'FA', 'FS', 'FO', 'FT']);
    expect(q({ MATCH_epcClass: 'urn:epc:idpat:sgtin:4012345.012345.*' })).toEqual(['B', 'C', 'FA', 'FS', 'FO']);
    // Input classes are not in quantityList.
    expect(q({ MATCH_epcClass: 'urn:epc:idpat:sgtin:4012345.066666.*' })).toEqual([]);
    expect(q({ MATCH_inputEPCClass: 'urn:epc:idpat:sgtin:4012345.066666.*' })).toEqual(['D', 'DL', 'FX']);
    expect(q({ MATCH_inputEPCClass: 'https://id.gs1.org/01/00614141777778/10/987' })).toEqual(['D', 'DL', 'FX']);
    expect(q({ MATCH_inputEPCClass: 'https://id.gs1.org/01/00614141777778/10/988' })).toEqual([]);
    expect(q({ MATCH_outputEPCClass: 'urn:epc:idpat:sgtin:4012345.044444.*' })).toEqual(['E1', 'E2']);
    expect(q({ MATCH_outputEPCClass: 'urn:epc:class:lgtin:4012345.011111.4444' })).toEqual(['FX']);
    expect(q({ MATCH_anyEPCClass: 'urn:epc:class:lgtin:4012345.011111.4444' })).toEqual(['D', 'DL', 'FT', 'FX']);
    // An instance identifier is not a class.
    expect(q({ MATCH_anyEPCClass: 'urn:epc:id:sgtin:0614141.107346.2017' })).toEqual([]);
  });

  it('EQ_transformationID and EQ_eventID are exact and need the field', () => {
    expect(q({ EQ_transformationID: 'urn:epc:id:gdti:0614141.12345.400' })).toEqual(['FX']);
    expect(q({ EQ_transformationID: 'urn:epc:id:gdti:0614141.12345.401' })).toEqual([]);
    // GS1's examples reuse one uuid in two files.
    expect(q({ EQ_eventID: 'urn:uuid:374d95fc-9457-4a51-bd6a-0bba133845a8' })).toEqual(['E1', 'FO']);
    expect(q({ EQ_eventID: 'ni:///sha-256;df7bb3c352fef055578554f09f5e2aa41782150ced7bd0b8af24dd3ccb30ba69?ver=CBV2.0' })).toEqual(['A1']);
  });

  it('parameters combine as a conjunction', () => {
    expect(q({ eventType: 'ObjectEvent', EQ_bizStep: 'receiving', EQ_bizLocation: 'urn:epc:id:sgln:0012345.11111.0' })).toEqual(['A2', 'FO']);
    expect(q({ MATCH_epc: 'urn:epc:id:sgtin:0614141.107346.2018', LT_eventTime: '2005-04-05T00:00:00Z' })).toEqual(['A1', 'FT']);
  });

  it('reads REST query URLs, GS1 example included (pipe-delimited lists, percent-encoded times)', () => {
    const gs1 = paramsOfUrl('https://example.com/eventTypes/ObjectEvent/events?EQ_bizStep=shipping%7Cdecommissioning&GE_eventTime=2015-03-15T00%3A00%3A00.000-04%3A00');
    expect(gs1).toEqual({ EQ_bizStep: 'shipping|decommissioning', GE_eventTime: '2015-03-15T00:00:00.000-04:00' });
    expect(q(gs1)).toEqual([]);
    expect(q(paramsOfUrl('/events?EQ_bizStep=shipping%7Ccommissioning&GE_eventTime=2013-01-01T00%3A00%3A00Z'))).toEqual(['D', 'DL', 'E1', 'E2', 'FX']);
    expect(() => paramsOfUrl('/events?EQ_bizStep=shipping&EQ_bizStep=receiving')).toThrow(QueryParameterException);
  });

  it('refuses what a repository refuses', () => {
    const refused: QueryParams[] = [
      { EQ_foo: 'x' },
      { GE_eventTime: '2005-04-04T02:33:31' },
      { GE_eventTime: '2005-04-04T02:33:31Z|2006-01-01T00:00:00Z' },
      { EQ_action: 'SELL' },
      { MATCH_epc: '' },
      { MATCH_epc: [] },
    ];
    for (const params of refused) expect(() => queryEvents(ALL, params)).toThrow(QueryParameterException);
    expect(SUPPORTED).toContain('MATCH_anyEPCClass');
  });

  it('reads an EPCISQueryDocument', () => {
    const events = eventsOf(doc('EPCISQueryDocument.jsonld'));
    expect(events.map((e) => e.eventID)).toEqual(['A1', 'A2'].map((l) => ALL.find((e) => LABEL.get(e) === l)!.eventID));
  });
});

describe('walks over GS1 example events', () => {
  it('up from an output: producers level by level, stopping at a TransformationEvent that consumes and produces the same classes', async () => {
    const hub = localHub(ALL);
    const up = await walkUp(hub, 'urn:epc:id:sgtin:4012345.077889.26');
    expect(up.transformations.map((e) => LABEL.get(e))).toEqual(['D', 'DL', 'FX']);
    expect(up.ancestors).toEqual([
      'urn:epc:id:sgtin:4012345.011122.25',
      'urn:epc:id:sgtin:4000001.065432.99886655',
      'urn:epc:class:lgtin:4012345.011111.4444',
      'urn:epc:class:lgtin:0614141.077777.987',
      'urn:epc:idpat:sgtin:4012345.066666.*',
      'https://id.gs1.org/01/00614141777778/10/987',
      'https://id.gs1.org/01/04012345666663',
    ]);
    // FX lists the three classes as outputs too, so only the two input EPCs are roots; no ADD event names them.
    expect(up.roots).toEqual(['urn:epc:id:sgtin:4012345.011122.25', 'urn:epc:id:sgtin:4000001.065432.99886655']);
    expect(up.sources).toEqual([]);
  });

  it('down from an input', async () => {
    const down = await walkDown(localHub(ALL), 'urn:epc:id:sgtin:4012345.011111.987');
    expect(down.transformations.map((e) => LABEL.get(e))).toEqual(['E1', 'E2']);
    expect(down.descendants).toEqual(['urn:epc:id:sgtin:4012345.033333.AGHFG', 'urn:epc:idpat:sgtin:4012345.044444.*']);
  });
});

describe('walks over a market chain (entry → split → split → hold → recall)', () => {
  // Written for this test in plain EPCIS 2.0, independent of the station's mapping.
  const LOT = 'https://id.gs1.org/01/06901234567892/10/B1';
  const C1 = 'https://trace.example.cn/lot/1001';
  const C2 = 'https://trace.example.cn/lot/1002';
  const C11 = 'https://trace.example.cn/lot/1003';
  const at = (t: string) => ({ eventTime: `2026-03-02T${t}+08:00`, eventTimeZoneOffset: '+08:00', bizLocation: { id: 'urn:example:stall:7' } });
  const events: EpcisEvent[] = [
    {
      type: 'ObjectEvent',
      eventID: 'e-entry',
      action: 'ADD',
      bizStep: 'receiving',
      disposition: 'sellable_accessible',
      quantityList: [{ epcClass: LOT, quantity: 50, uom: 'KGM' }],
      ...at('08:00:00'),
      bizLocation: { id: 'urn:example:gate' },
    },
    {
      type: 'TransformationEvent',
      eventID: 'e-split1',
      transformationID: 'urn:example:split:1',
      bizStep: 'repackaging',
      disposition: 'sellable_accessible',
      inputQuantityList: [{ epcClass: LOT, quantity: 8, uom: 'KGM' }],
      outputQuantityList: [
        { epcClass: C1, quantity: 5, uom: 'KGM' },
        { epcClass: C2, quantity: 3, uom: 'KGM' },
      ],
      ...at('09:00:00'),
    },
    {
      type: 'TransformationEvent',
      eventID: 'e-split2',
      transformationID: 'urn:example:split:2',
      bizStep: 'repackaging',
      disposition: 'sellable_accessible',
      inputEPCList: [C1],
      outputEPCList: [C11],
      ...at('10:00:00'),
    },
    {
      type: 'ObjectEvent',
      eventID: 'e-hold',
      action: 'OBSERVE',
      bizStep: 'holding',
      disposition: 'non_sellable_other',
      persistentDisposition: { set: ['non_sellable_other'] },
      quantityList: [
        { epcClass: LOT, quantity: 42, uom: 'KGM' },
        { epcClass: C2, quantity: 3, uom: 'KGM' },
      ],
      ...at('11:00:00'),
    },
    {
      type: 'ObjectEvent',
      eventID: 'e-release',
      action: 'OBSERVE',
      disposition: 'sellable_accessible',
      persistentDisposition: { unset: ['non_sellable_other'] },
      quantityList: [{ epcClass: LOT, quantity: 42, uom: 'KGM' }],
      ...at('12:00:00'),
    },
    { type: 'ObjectEvent', eventID: 'e-recall', action: 'OBSERVE', disposition: 'recalled', epcList: [C11], ...at('13:00:00') },
    { type: 'ObjectEvent', eventID: 'e-destroy', action: 'DELETE', bizStep: 'destroying', disposition: 'destroyed', epcList: [C11], ...at('14:00:00') },
  ];

  it('a child code walks up to the lot and its entry, and the lot walks down to every child, by standard queries only', async () => {
    const hub = localHub(events);
    const up = await walkUp(hub, C11);
    expect(up.ancestors).toEqual([C1, LOT]);
    expect(up.roots).toEqual([LOT]);
    expect(up.transformations.map((e) => e.eventID)).toEqual(['e-split1', 'e-split2']);
    expect(up.sources.map((e) => e.eventID)).toEqual(['e-entry']);
    const down = await walkDown(hub, LOT);
    expect(down.descendants).toEqual([C1, C2, C11]);
    expect(down.transformations.map((e) => e.eventID)).toEqual(['e-split1', 'e-split2']);
    const names = new Set(hub.log.flatMap((p) => Object.keys(p)));
    expect([...names].sort()).toEqual(['EQ_action', 'MATCH_epc', 'MATCH_epcClass', 'MATCH_inputEPC', 'MATCH_inputEPCClass', 'MATCH_outputEPC', 'MATCH_outputEPCClass', 'eventType']);
    // The lot's own GS1 spelling as an EPC class URN finds the same split.
    expect(queryEvents(events, { MATCH_inputEPCClass: 'urn:epc:class:lgtin:6901234.056789.B1' }).map((e) => e.eventID)).toEqual(['e-split1']);
  });

  it('the client folds candidate events into each object state: held, released, recalled, destroyed', () => {
    const held = queryEvents(events, { EQ_persistentDisposition_set: 'non_sellable_other' });
    expect(held.map((e) => e.eventID)).toEqual(['e-hold']);
    const ids = [LOT, C2];
    const states = objectStates(queryEvents(events, { MATCH_anyEPCClass: ids.join('|') }), ids);
    expect(states.get(LOT)).toMatchObject({ disposition: 'sellable_accessible', persistent: [], deleted: false });
    expect(states.get(C2)).toMatchObject({ disposition: 'non_sellable_other', persistent: ['non_sellable_other'], deleted: false });
    const c11 = objectStates(queryEvents(events, { MATCH_anyEPC: C11 })).get(C11)!;
    expect(c11).toMatchObject({ disposition: 'destroyed', deleted: true });
    expect(c11.last.eventID).toBe('e-destroy');
  });
});
