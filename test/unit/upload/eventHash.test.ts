import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nodeSha256Hex } from '../../../electron/services/upload/hash';
import { canonicalTime, canonicalValue, contextPrefixes, eventHash, preHashString } from '../../../shared/domain/upload/eventHash';
import { DOCUMENT_CONTEXT, eventsFor, nobleSha256Hex } from '../../../shared/domain/upload/epcis';
import { splitRecord, testRecord, type LotRef } from '../../../shared/domain/upload/records';

const DIR = join(__dirname, '../../fixtures/epcisHash');
/** Events that need the reference's non-standard `repository-x:ignoreFields` (see the fixtures' README). */
const OUT_OF_SCOPE = new Set(['epcisDocHavingEventWithIgnoreFields.jsonld#0', 'epcisQueryDocHavingEventWithIgnoreFields.jsonld#0']);

interface Doc {
  '@context': unknown;
  epcisBody: { eventList?: Record<string, unknown>[]; queryResults?: { resultsBody: { eventList: Record<string, unknown>[] } } };
}
const vectors = readdirSync(DIR)
  .filter((f) => f.endsWith('.jsonld'))
  .flatMap((file) => {
    const doc = JSON.parse(readFileSync(join(DIR, file), 'utf8')) as Doc;
    const events = doc.epcisBody.eventList ?? doc.epcisBody.queryResults!.resultsBody.eventList;
    const hashes = readFileSync(join(DIR, file.replace(/\.jsonld$/, '.hashes')), 'utf8')
      .split('\n')
      .filter(Boolean);
    expect(hashes).toHaveLength(events.length);
    return events.map((event, i) => ({ id: `${file}#${i}`, event, prefixes: contextPrefixes(doc['@context']), hash: hashes[i] }));
  });

describe('CBV 2.0 event hash', () => {
  it('has the published vectors at hand (every JSON-LD file of the reference, 43 events)', () => {
    expect(vectors).toHaveLength(43);
    expect(vectors.filter((v) => OUT_OF_SCOPE.has(v.id))).toHaveLength(OUT_OF_SCOPE.size);
  });

  it.each(vectors.filter((v) => !OUT_OF_SCOPE.has(v.id)).map((v) => [v.id, v] as const))('gives the published hash for %s', (_id, v) => {
    expect(eventHash(v.event, nodeSha256Hex, v.prefixes)).toBe(v.hash);
  });

  it('leaves the ignoreFields events out for a reason: with their extra fields hashed they differ', () => {
    for (const v of vectors.filter((x) => OUT_OF_SCOPE.has(x.id))) expect(eventHash(v.event, nodeSha256Hex, v.prefixes)).not.toBe(v.hash);
  });

  it('builds the pre-hash string of the reference example field by field', () => {
    const v = vectors.find((x) => x.id === 'ReferenceEventHashAlgorithm3.jsonld#0')!;
    expect(preHashString(v.event, v.prefixes)).toBe(
      'eventType=ObjectEventeventTime=2020-03-04T10:00:30.000ZeventTimeZoneOffset=+01:00' +
        'epcListepc=https://id.gs1.org/01/00614141111114/21/987action=OBSERVE' +
        'bizStep=https://ref.gs1.org/cbv/BizStep-departingdisposition=https://ref.gs1.org/cbv/Disp-in_transit' +
        'readPointid=https://id.gs1.org/414/4012345000115{https://ns.example.com/epcis/}myField1=AB-12' +
        'bizTransactionListtype=https://ref.gs1.org/cbv/BTT-pobizTransaction=https://id.gs1.org/253/4012345111118123' +
        'destinationListtype=https://ref.gs1.org/cbv/SDT-owning_partydestination=https://id.gs1.org/417/0614141000005' +
        'sourceListtype=https://ref.gs1.org/cbv/SDT-owning_partysource=https://id.gs1.org/417/4012345000009' +
        '{https://ns.example.com/epcis/}userExt=CD-34',
    );
  });

  it('does not depend on JSON key order, list order or the receiver-set fields', () => {
    const v = vectors.find((x) => x.id === 'ReferenceEventHashAlgorithm.jsonld#0')!;
    const reordered = Object.fromEntries(Object.entries(v.event).reverse()) as Record<string, unknown>;
    reordered.epcList = [...(v.event.epcList as string[])].reverse();
    reordered.eventID = 'urn:uuid:anything';
    reordered.recordTime = '2030-01-01T00:00:00Z';
    expect(eventHash(reordered, nodeSha256Hex, v.prefixes)).toBe(v.hash);
    expect(eventHash({ ...v.event, action: 'ADD' }, nodeSha256Hex, v.prefixes)).not.toBe(v.hash);
  });

  it('canonicalises times, numbers and identifiers as the standard says', () => {
    expect(canonicalTime('2023-02-02T11:04:03.1415Z')).toBe('2023-02-02T11:04:03.142Z');
    expect(canonicalTime('2023-02-02T11:04:03.1414+01:00')).toBe('2023-02-02T10:04:03.141Z');
    expect(canonicalTime('2023-12-31T23:59:59.9999Z')).toBe('2024-01-01T00:00:00.000Z');
    expect(canonicalTime('2025-03-01T08:15:00+08:00')).toBe('2025-03-01T00:15:00.000Z');
    expect(canonicalValue('1.50')).toBe('1.5');
    expect(canonicalValue('452.0')).toBe('452');
    expect(canonicalValue('0.00001')).toBe('1e-05');
    expect(canonicalValue('urn:epcglobal:cbv:bizstep:receiving')).toBe('https://ref.gs1.org/cbv/BizStep-receiving');
    expect(canonicalValue('https://example.com/gtin/9780345418913/cpv/2/lot/A1/ser/7?17=250101')).toBe('https://id.gs1.org/01/09780345418913/21/7');
    // A batch with percent-encoded characters is no constrained canonical form: kept as it is.
    expect(canonicalValue('https://id.gs1.org/01/06901234567892/10/A%28B%29')).toBe('https://id.gs1.org/01/06901234567892/10/A%28B%29');
    expect(canonicalValue('urn:yipin-yima:lot:3059901000000012345')).toBe('urn:yipin-yima:lot:3059901000000012345');
  });

  it('gives the station events ids any implementation of the standard recomputes from the document', () => {
    const ctx = { stationId: '3059901' };
    const prefixes = contextPrefixes(DOCUMENT_CONTEXT);
    const at = '2025-03-01T08:15:00.000+08:00';
    const by = { id: 'OP1', name: '张三' };
    const lot: LotRef = { id: 'LOT1', code: '010690123456789210A23', gtin: '06901234567892', batch: 'A23', quantity: 12.5, unit: 'kg' };
    const child: LotRef = { id: 'LOT2', code: '3059901000000012345', gtin: null, batch: null, quantity: 2, unit: 'kg' };
    const records = [
      testRecord({ testId: 'T1', lot, item: { id: 'op', name: '有机磷' }, selection: 'sampling', kitLot: 'K1', value: 62.5, reading: null, unit: '%', threshold: 50, verdict: 'positive', by }, at),
      splitRecord({ splitId: 'SP1', parent: lot, child, closing: true, sale: { buyer: null, priceFen: 1250 }, by }, at),
    ];
    for (const r of records)
      for (const e of eventsFor(r, ctx)) {
        const { eventID, ...rest } = e;
        expect(eventID).toBe(eventHash(rest, nobleSha256Hex, prefixes));
        // The id is part of nothing it hashes: hashing the event as sent gives the same id.
        expect(eventHash(e, nodeSha256Hex, prefixes)).toBe(eventID);
      }
    const [split, sale] = eventsFor(records[1], ctx);
    const pre = preHashString(split, prefixes);
    expect(pre.startsWith('eventType=TransformationEventeventTime=2025-03-01T00:15:00.000ZeventTimeZoneOffset=+08:00inputQuantityListquantityElement')).toBe(true);
    expect(pre).toContain('epcClass=https://id.gs1.org/01/06901234567892/10/A23quantity=2uom=KGM');
    expect(pre).toContain('bizStep=https://ref.gs1.org/cbv/BizStep-repackaging');
    // The transformation id is an identifier: hashed as written, in its canonical place.
    expect(pre).toContain(
      'outputQuantityListquantityElementepcClass=urn:yipin-yima:lot:3059901000000012345quantity=2uom=KGMtransformationID=urn:yipin-yima:transformation:010690123456789210A23bizStep=',
    );
    // Booleans in their XML form; a null field does not apply and is left out.
    expect(pre).toContain('{urn:yipin-yima:epcis:}closing=true');
    expect(pre).toContain('{urn:yipin-yima:epcis:}recordId=SP1');
    expect(preHashString(sale, prefixes)).not.toContain('buyerName');
    expect(pre).not.toContain('eventID');
  });
});
