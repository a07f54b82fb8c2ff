import { validateEpcisDocument } from 'epcis2.js';
import { describe, expect, it } from 'vitest';
import { nodeSha256Hex } from '../../../electron/services/upload/hash';
import { batchKey, buildEpcisDocument, epcisDocumentText, eventHashId, eventsFor, lotClass } from '../../../shared/domain/upload/epcis';
import { entryRecord, type EntryPayload } from '../../../shared/domain/upload/records';
import { at, EVERY_KIND, gs1Lot } from '../../fixtures/epcisRecords';
import { gs1SchemaProblems } from '../../support/epcisSchema';

const ctx = { stationId: '3059901', creationDate: at };

describe('EPCIS 2.0 documents', () => {
  it('validates against the EPCIS 2.0 JSON schemas, one document per record kind and all together', () => {
    for (const r of EVERY_KIND) {
      const result = validateEpcisDocument(buildEpcisDocument([r], ctx), false);
      expect({ kind: r.kind, id: r.id, ...result }).toEqual({ kind: r.kind, id: r.id, success: true, errors: [] });
    }
    expect(validateEpcisDocument(buildEpcisDocument(EVERY_KIND, ctx), false)).toEqual({ success: true, errors: [] });
  });

  it("passes GS1's own schema file too (Ajv, formats on), one document per record kind", () => {
    for (const r of EVERY_KIND) expect({ id: r.id, problems: gs1SchemaProblems(buildEpcisDocument([r], ctx)) }).toEqual({ id: r.id, problems: [] });
    // The check can fail: a quantity without its class is not an EPCIS quantity element.
    const [entry] = eventsFor(EVERY_KIND[0], ctx);
    const broken = { ...buildEpcisDocument([EVERY_KIND[0]], ctx), epcisBody: { eventList: [{ ...entry, quantityList: [{ quantity: 1 }] }] } };
    expect(gs1SchemaProblems(broken)).toContain("/epcisBody/eventList/0/quantityList/0: must have required property 'epcClass'");
  });

  it('maps each kind to its event type, business step and disposition', () => {
    const shape = EVERY_KIND.flatMap((r) => eventsFor(r, ctx).map((e) => [r.id, e.type, e.action ?? null, e.bizStep ?? null, e.disposition ?? null]));
    expect(shape).toEqual([
      ['E1', 'ObjectEvent', 'ADD', 'receiving', 'sellable_accessible'],
      ['E2', 'ObjectEvent', 'OBSERVE', 'receiving', 'non_conformant'],
      ['O1', 'ObjectEvent', 'ADD', 'receiving', 'non_sellable_other'],
      ['T1', 'ObjectEvent', 'OBSERVE', 'inspecting', 'non_conformant'],
      ['T2', 'ObjectEvent', 'OBSERVE', 'inspecting', 'conformant'],
      ['T2', 'ObjectEvent', 'OBSERVE', null, 'sellable_accessible'],
      ['H1', 'ObjectEvent', 'OBSERVE', 'holding', 'non_sellable_other'],
      ['R1', 'ObjectEvent', 'OBSERVE', null, 'non_sellable_other'],
      ['R1', 'ObjectEvent', 'OBSERVE', null, 'retail_sold'],
      ['SP1', 'TransformationEvent', null, 'repackaging', 'sellable_accessible'],
      ['SP1', 'ObjectEvent', 'OBSERVE', 'retail_selling', 'retail_sold'],
      ['SP2', 'TransformationEvent', null, 'repackaging', 'sellable_accessible'],
      ['SP2', 'ObjectEvent', 'OBSERVE', 'retail_selling', 'retail_sold'],
      // A closing sale: nothing of the parent is left (exhausted).
      ['SP2', 'ObjectEvent', 'OBSERVE', null, 'retail_sold'],
      ['D1', 'ObjectEvent', 'DELETE', 'destroying', 'destroyed'],
      ['SA1', 'ObjectEvent', 'OBSERVE', 'stocking', null],
      ['RC1', 'ObjectEvent', 'OBSERVE', null, 'recalled'],
      ['RP1', 'ObjectEvent', 'OBSERVE', null, 'recalled'],
      // The close: the lots not destroyed stay recalled; the destroyed one is named as destroyed.
      ['RX1', 'ObjectEvent', 'OBSERVE', null, 'destroyed'],
      ['RX1', 'ObjectEvent', 'OBSERVE', null, 'recalled'],
      ['RL1', 'ObjectEvent', 'OBSERVE', null, 'sellable_accessible'],
      ['RL1', 'ObjectEvent', 'OBSERVE', null, 'destroyed'],
      ['RL1', 'ObjectEvent', 'OBSERVE', null, 'non_sellable_other'],
    ]);
  });

  it('names lots by Digital Link (GTIN + batch) or the station URN, with kilograms as KGM', () => {
    const [entry] = eventsFor(EVERY_KIND[0], ctx);
    expect(entry.quantityList).toEqual([{ epcClass: 'https://id.gs1.org/01/06901234567892/10/A23', quantity: 12.5, uom: 'KGM' }]);
    expect(entry.bizTransactionList).toEqual([
      { type: 'cert', bizTransaction: 'urn:yipin-yima:cert:commitment:CN-1' },
      { type: 'testres', bizTransaction: 'urn:yipin-yima:cert:testReport:TR%201%2F2' },
    ]);
    expect(entry.readPoint).toEqual({ id: 'urn:yipin-yima:station:3059901' });
    expect(entry.eventTimeZoneOffset).toBe('+08:00');
    // A portion of a GS1 lot carries the parent's GTIN and batch but is its own lot, named by its code.
    const [split] = eventsFor(
      EVERY_KIND.find((r) => r.id === 'SP1')!,
      ctx,
    );
    expect(split.inputQuantityList).toEqual([{ epcClass: 'https://id.gs1.org/01/06901234567892/10/A23', quantity: 2, uom: 'KGM' }]);
    expect(split.outputQuantityList).toEqual([{ epcClass: 'urn:yipin-yima:lot:3059901000000012345', quantity: 2, uom: 'KGM' }]);
    // Opaque codes keep their key, percent-encoded; a GS1 key that is not GTIN + batch alone is no Digital Link.
    expect(lotClass({ code: 'x:FJ0000000001', gtin: null, batch: null })).toBe('urn:yipin-yima:lot:x%3AFJ0000000001');
    expect(lotClass({ code: '010690123456789210A23\u001d21S1', gtin: '06901234567892', batch: 'A23' })).toBe('urn:yipin-yima:lot:010690123456789210A23%1D21S1');
  });

  it('carries the product dates as ILMD when the lot is added, beside the event when it is rejected', () => {
    const [admitted] = eventsFor(EVERY_KIND[0], ctx);
    expect(admitted.ilmd).toEqual({ 'cbvmda:itemExpirationDate': '2025-03-10', 'cbvmda:bestBeforeDate': '2025-03-08', 'yp:productionDate': '2025-02-20' });
    const expired = entryRecord({ ...(EVERY_KIND[0].payload as EntryPayload), outcome: 'reject', lot: { ...gs1Lot, codeKind: 'gs1', expiryDate: '2025-02-28', sellByDate: '2025-02-27' } }, at);
    const [rejected] = eventsFor(expired, ctx);
    expect(rejected).toMatchObject({ action: 'OBSERVE', 'yp:productDates': { 'cbvmda:itemExpirationDate': '2025-02-28', 'cbvmda:sellByDate': '2025-02-27' } });
    expect(rejected.ilmd).toBeUndefined();
    expect(validateEpcisDocument(buildEpcisDocument([expired], ctx), false)).toEqual({ success: true, errors: [] });
    // A lot without printed dates (E2), or a record made before they were kept, has neither.
    const [plain] = eventsFor(EVERY_KIND[1], ctx);
    expect(plain.ilmd).toBeUndefined();
    expect(plain['yp:productDates']).toBeUndefined();
  });

  it('gives content-hash event ids: stable across runs and key order, different for any change', () => {
    const a = eventsFor(EVERY_KIND[0], ctx)[0];
    expect(a.eventID).toMatch(/^ni:\/\/\/sha-256;[0-9a-f]{64}\?ver=CBV2\.0$/);
    expect(eventsFor(JSON.parse(JSON.stringify(EVERY_KIND[0])), ctx)[0].eventID).toBe(a.eventID);
    const { eventID: _id, ...rest } = a;
    const reversed = Object.fromEntries(Object.entries(rest).reverse());
    expect(eventHashId(reversed)).toBe(a.eventID);
    expect(eventHashId({ ...rest, eventTime: '2025-03-01T08:15:00.001+08:00' })).not.toBe(a.eventID);
    expect(eventsFor(EVERY_KIND[0], { stationId: '3059902' })[0].eventID).not.toBe(a.eventID);
    const all = EVERY_KIND.flatMap((r) => eventsFor(r, ctx).map((e) => e.eventID));
    expect(new Set(all).size).toBe(all.length);
  });

  it('puts master data in the header vocabulary, with the record id', () => {
    const doc = buildEpcisDocument(EVERY_KIND.slice(-3), ctx);
    expect(doc.epcisBody.eventList).toEqual([]);
    const list = (doc.epcisHeader!.epcisMasterData as { vocabularyList: { type: string; vocabularyElementList: { id: string; attributes: { id: string; attribute: unknown }[] }[] }[] }).vocabularyList;
    expect(list.map((v) => [v.type, v.vocabularyElementList[0].id])).toEqual([
      ['urn:epcglobal:epcis:vtype:Party', 'urn:yipin-yima:uscc:91350100M000100Y43'],
      ['urn:yipin-yima:epcis:vtype:Variety', 'urn:yipin-yima:variety:V1'],
      ['urn:epcglobal:epcis:vtype:BusinessLocation', 'https://id.gs1.org/414/6901234000016'],
      ['urn:epcglobal:epcis:vtype:ReadPoint', 'https://id.gs1.org/414/6901234000016'],
    ]);
    expect(list[0].vocabularyElementList[0].attributes).toContainEqual({ id: 'yp:recordId', attribute: 'SV1' });
  });

  it('batch keys depend on the records and their order only, whichever SHA-256 computes them', () => {
    expect(batchKey(['a', 'b'])).toBe(batchKey(['a', 'b']));
    expect(batchKey(['a', 'b'])).not.toBe(batchKey(['b', 'a']));
    expect(batchKey(['a', 'b'], nodeSha256Hex)).toBe(batchKey(['a', 'b']));
  });

  it('splices events serialised at write time into the same text as a document built now', () => {
    const ctx = { stationId: '3059901', creationDate: at, sha256Hex: nodeSha256Hex };
    const built = JSON.stringify(buildEpcisDocument(EVERY_KIND, ctx));
    // Every other event record carries its serialised events; master data and the rest are mapped now.
    const mixed = EVERY_KIND.map((r, i) => (i % 2 === 0 && eventsFor(r, ctx).length ? { ...r, events: JSON.stringify(eventsFor(r, ctx)) } : r));
    expect(mixed.filter((r) => 'events' in r).length).toBeGreaterThan(2);
    expect(epcisDocumentText(mixed, ctx)).toBe(built);
    expect(epcisDocumentText([], ctx)).toBe(JSON.stringify(buildEpcisDocument([], ctx)));
    // Serialised events are taken as they are, never rebuilt (a re-send is byte-identical).
    const stale = { ...EVERY_KIND[0], events: '[{"type":"ObjectEvent","yp:recordId":"E1"}]' };
    expect(JSON.parse(epcisDocumentText([stale], ctx)).epcisBody.eventList).toEqual([{ type: 'ObjectEvent', 'yp:recordId': 'E1' }]);
  });
});

describe('recall records', () => {
  const [start] = eventsFor(
    EVERY_KIND.find((r) => r.id === 'RC1')!,
    ctx,
  );
  const lift = eventsFor(
    EVERY_KIND.find((r) => r.id === 'RL1')!,
    ctx,
  );

  it('name every recalled lot once with its quantity, and the recall’s number and scope', () => {
    expect(start.quantityList).toEqual([
      { epcClass: 'https://id.gs1.org/01/06901234567892/10/A23', quantity: 12.5, uom: 'KGM' },
      { epcClass: 'urn:yipin-yima:lot:3059901000000012345', quantity: 2, uom: 'KGM' },
    ]);
    expect(start).toMatchObject({ 'yp:recallNumber': 'ZH20250301-01', 'yp:source': 'supplierNotice', 'yp:sourceRef': 'TZ-2025-9', 'yp:codes': ['010690123456789210A23', '3059901000000012345'] });
    expect(start['yp:scope']).toEqual({ 'yp:kind': 'supplier', 'yp:label': '南安合作社（91350100M000100Y43）', 'yp:range': { 'yp:from': '2025-02-20', 'yp:to': '2025-03-01' } });
  });

  it('close with every lot’s final progress: those not destroyed stay recalled with what is left of each, the destroyed one destroyed', () => {
    const close = eventsFor(
      EVERY_KIND.find((r) => r.id === 'RX1')!,
      ctx,
    );
    expect(close.map((e) => [e.disposition, e.quantityList, e['yp:finalProgress']])).toEqual([
      ['destroyed', [{ epcClass: 'https://id.gs1.org/01/06901234567892/10/A23' }], [{ 'yp:code': '010690123456789210A23', 'yp:progress': 'destroyed' }]],
      [
        'recalled',
        [
          { epcClass: 'urn:yipin-yima:lot:3059901000000012345', quantity: 2, uom: 'KGM' },
          { epcClass: 'urn:yipin-yima:lot:3059901000000045678', quantity: 1.5, uom: 'KGM' },
          // Nothing of it left: named without a quantity (GS1's schema takes it, as for a sold-out lot).
          { epcClass: 'urn:yipin-yima:lot:3059901000000056789' },
        ],
        [
          { 'yp:code': '3059901000000012345', 'yp:progress': 'retrieved' },
          { 'yp:code': '3059901000000045678', 'yp:progress': 'notRecoverable' },
          { 'yp:code': '3059901000000056789', 'yp:progress': 'nothingLeft' },
        ],
      ],
    ]);
    for (const e of close) expect(e).toMatchObject({ action: 'OBSERVE', 'yp:recallClosed': 'RC1', 'yp:recallNumber': 'ZH20250301-01', 'yp:operator': '张三' });
    expect(close.some((e) => 'persistentDisposition' in e || 'bizStep' in e)).toBe(false);
    expect(new Set(close.map((e) => e.eventID)).size).toBe(2);
  });

  it('lift each lot into the disposition it has again, one event per disposition', () => {
    expect(lift.map((e) => [e.disposition, e['yp:codes']])).toEqual([
      ['sellable_accessible', ['010690123456789210A23']],
      ['destroyed', ['3059901000000012345']],
      ['non_sellable_other', ['3059901000000034567']],
    ]);
    expect(new Set(lift.map((e) => e.eventID)).size).toBe(3);
  });
});
