// Issue 18: what the documents say must be true when a regulator reads them. The numbers are the
// issue's own: a 50 kg lot, portions of 5 kg and 3.5 kg sold at the counter, 41.5 kg left and
// destroyed (reported before as 50 kg destroyed, and as 58.5 kg held).
import { validateEpcisDocument } from 'epcis2.js';
import { describe, expect, it } from 'vitest';
import { buildEpcisDocument, eventsFor, lotClass, transformationId, type EpcisEvent } from '../../../shared/domain/upload/epcis';
import { holdReleaseRecord, testRecord, type TestPayload } from '../../../shared/domain/upload/records';
import { atMinute as at, by, FIFTY_KG, gate, portionA, portionB } from '../../fixtures/epcisRecords';
import { objectStates } from '../../support/epcisWalk';

const ctx = { stationId: '3059901', creationDate: at(5) };
const events = FIFTY_KG.flatMap((r) => eventsFor(r, ctx));
const ofRecord = (id: string) => events.filter((e) => e['yp:recordId'] === id);
type Q = { epcClass: string; quantity?: number };
const sum = (list: Q[]) => Math.round(list.reduce((s, q) => s + (q.quantity ?? 0), 0) * 1000) / 1000;
const quantitiesOf = (e: EpcisEvent) => (e.quantityList as Q[] | undefined) ?? [];

describe('the issue’s 50 kg lot, from the uploaded documents alone', () => {
  it('validates against the EPCIS 2.0 schemas', () => {
    expect(validateEpcisDocument(buildEpcisDocument(FIFTY_KG, ctx), false)).toEqual({ success: true, errors: [] });
  });

  it('holds what is left of each lot once: 50 kg, not 58.5 kg', () => {
    const [hold] = ofRecord('H50');
    expect(hold!.quantityList).toEqual([
      { epcClass: lotClass(gate), quantity: 41.5, uom: 'KGM' },
      { epcClass: 'urn:yipin-yima:lot:3059901000000012345', quantity: 5, uom: 'KGM' },
      { epcClass: 'urn:yipin-yima:lot:3059901000000023456', quantity: 3.5, uom: 'KGM' },
    ]);
    expect(sum(quantitiesOf(hold!))).toBe(50);
  });

  it('destroys 41.5 kg; the portions already sold are blocked, not counted as destroyed', () => {
    const [destroyed, blocked] = ofRecord('D50');
    expect(destroyed).toMatchObject({ action: 'DELETE', bizStep: 'destroying', disposition: 'destroyed', quantityList: [{ epcClass: lotClass(gate), quantity: 41.5, uom: 'KGM' }] });
    expect(blocked).toMatchObject({ action: 'OBSERVE', disposition: 'non_sellable_other', persistentDisposition: { set: ['non_sellable_other'] } });
    expect(blocked!.bizStep).toBeUndefined();
    expect(quantitiesOf(blocked!).map((q) => q.epcClass)).toEqual(['urn:yipin-yima:lot:3059901000000012345', 'urn:yipin-yima:lot:3059901000000023456']);
  });

  it('in = sold + destroyed: 50 = 8.5 + 41.5, each portion sold once', () => {
    const added = sum(events.filter((e) => e.action === 'ADD').flatMap(quantitiesOf));
    const sold = sum(events.filter((e) => e.disposition === 'retail_sold').flatMap(quantitiesOf));
    const destroyed = sum(events.filter((e) => e.action === 'DELETE').flatMap(quantitiesOf));
    expect([added, sold, destroyed]).toEqual([50, 8.5, 41.5]);
    expect(added).toBe(sold + destroyed);
  });

  it('a query by the code on a buyer’s label finds its parent, its source and its parent’s fate', () => {
    const label = 'urn:yipin-yima:lot:3059901000000023456';
    const mentions = (e: EpcisEvent, cls: string) => [e.quantityList, e.inputQuantityList, e.outputQuantityList].some((l) => ((l as Q[] | undefined) ?? []).some((q) => q.epcClass === cls));
    const split = events.find((e) => e.type === 'TransformationEvent' && mentions(e, label))!;
    expect(split.transformationID).toBe(transformationId(gate));
    const [parent] = (split.inputQuantityList as Q[]).map((q) => q.epcClass);
    expect(parent).toBe('https://id.gs1.org/01/06901234567892/10/A23');
    // The parent's entry names the supplier; its hold and disposal are found by its class too.
    const ofParent = events.filter((e) => e.type === 'ObjectEvent' && mentions(e, parent!));
    expect(ofParent.map((e) => e['yp:recordKind'])).toEqual(['entry', 'test', 'hold', 'disposal']);
    expect(ofParent[0]!.sourceList).toEqual([{ type: 'owning_party', source: 'urn:yipin-yima:uscc:91350100M000100Y43' }]);
    // Siblings share the transformation id; every split is also a sale.
    expect(events.filter((e) => e.transformationID === transformationId(gate)).map((e) => e['yp:recordId'])).toEqual(['SA', 'SB']);
    expect(ofRecord('SA').map((e) => e.bizStep)).toEqual(['repackaging', 'retail_selling']);
    expect(ofRecord('SA')[0]!.ilmd).toEqual({ 'cbvmda:itemExpirationDate': '2025-03-20' });
  });
});

describe('states and vocabulary', () => {
  it('a hold sets a persistent non-sellable disposition; a release unsets it and says what each lot is now', () => {
    const [hold] = ofRecord('H50');
    expect(hold).toMatchObject({ bizStep: 'holding', disposition: 'non_sellable_other', persistentDisposition: { set: ['non_sellable_other'] } });
    const release = eventsFor(
      holdReleaseRecord(
        {
          releaseId: 'R50',
          holdId: 'H50',
          lots: [
            { ...gate, onHand: 41.5, after: 'awaitingTest' },
            { ...portionA, onHand: 5, after: 'sold' },
            { ...portionB, onHand: 3.5, after: 'held' },
            { ...gate, id: 'G2', code: '3059901000000034567', onHand: 7, after: 'admitted' },
          ],
          reason: '复检阴性',
          by,
        },
        at(4),
      ),
      ctx,
    );
    expect(release.map((e) => [e.disposition, e.persistentDisposition ?? null, e['yp:codes']])).toEqual([
      // Waiting for its test: still not for sale, although this hold is lifted.
      ['non_sellable_other', { unset: ['non_sellable_other'] }, [gate.code]],
      ['retail_sold', { unset: ['non_sellable_other'] }, [portionA.code]],
      // Another hold still covers it: nothing is unset.
      ['non_sellable_other', null, [portionB.code]],
      ['sellable_accessible', { unset: ['non_sellable_other'] }, ['3059901000000034567']],
    ]);
    expect(validateEpcisDocument({ ...buildEpcisDocument([], ctx), epcisBody: { eventList: release } }, false)).toEqual({ success: true, errors: [] });
  });

  it('a test is inspecting with a unit; the reason it was picked is an extension; a negative that frees a waiting lot says sellable', () => {
    const [positive] = ofRecord('T50');
    expect(positive).toMatchObject({ bizStep: 'inspecting', disposition: 'non_conformant', 'yp:selection': 'sampling', 'yp:selectionReason': 'floor' });
    const report = (positive!.sensorElementList as { sensorReport: Record<string, unknown>[] }[])[0]!.sensorReport[0]!;
    expect(report).toMatchObject({ type: 'yp:rapidTest', value: 71, uom: 'P1', 'yp:unit': '%' });
    const negative = eventsFor(
      testRecord({ ...(FIFTY_KG[3]!.payload as unknown as TestPayload), testId: 'T51', verdict: 'negative', value: 12, selectionReason: 'noReport', selection: 'inspecting', freed: true }, at(5)),
      ctx,
    );
    expect(negative.map((e) => [e.bizStep ?? null, e.disposition, e['yp:freedBy'] ?? null])).toEqual([
      ['inspecting', 'conformant', null],
      [null, 'sellable_accessible', 'T51'],
    ]);
  });

  it('a negative that frees nothing restates what the lot stays, so a client folding the events never reads `conformant` as its state', () => {
    const base = FIFTY_KG[3]!.payload as unknown as TestPayload;
    const negativeOn = (lot: typeof portionA, after: TestPayload['after'], id: string) =>
      eventsFor(testRecord({ ...base, testId: id, lot, verdict: 'negative', value: 9, selectionReason: 'manual', selection: 'sampling', after }, at(6)), ctx);
    const cases = [
      [negativeOn(gate, 'admitted', 'T52'), 'sellable_accessible'],
      [negativeOn(portionA, 'sold', 'T53'), 'retail_sold'],
      [negativeOn(portionB, 'held', 'T54'), 'non_sellable_other'],
      [negativeOn(gate, 'recalled', 'T55'), 'recalled'],
      [negativeOn(gate, 'exhausted', 'T56'), 'retail_sold'],
    ] as const;
    for (const [list, disposition] of cases) {
      const [test, after] = list;
      expect(list).toHaveLength(2);
      expect(test).toMatchObject({ bizStep: 'inspecting', disposition: 'conformant' });
      expect(after).toMatchObject({ action: 'OBSERVE', disposition, 'yp:afterTest': test!['yp:recordId'], quantityList: test!.quantityList });
      expect(after!.bizStep).toBeUndefined();
      expect(after!.persistentDisposition).toBeUndefined();
      expect(after!['yp:freedBy']).toBeUndefined();
      // Folded, the lot's disposition is the state restated, not the test's verdict.
      expect([...objectStates(list).values()].map((s) => s.disposition)).toEqual([disposition]);
    }
    expect(validateEpcisDocument({ ...buildEpcisDocument([], ctx), epcisBody: { eventList: cases.flatMap(([list]) => list) } }, false)).toEqual({ success: true, errors: [] });
    // A positive is followed by its hold's own record, an invalid run changes nothing: one event each.
    expect(eventsFor(testRecord({ ...base, testId: 'T57', verdict: 'invalid' }, at(6)), ctx)).toHaveLength(1);
    expect(ofRecord('T50')).toHaveLength(1);
  });

  it('entry is receiving whatever the verdict, and carries its variety as master data', () => {
    const [entry] = ofRecord('E50');
    expect(entry).toMatchObject({ action: 'ADD', bizStep: 'receiving', disposition: 'sellable_accessible' });
    const doc = buildEpcisDocument(FIFTY_KG, ctx);
    expect(doc.epcisHeader!.epcisMasterData).toEqual({
      vocabularyList: [
        {
          type: 'urn:yipin-yima:epcis:vtype:Variety',
          vocabularyElementList: [
            {
              id: 'urn:yipin-yima:variety:V2',
              attributes: [
                { id: 'urn:epcglobal:cbv:mda#name', attribute: '西红柿' },
                { id: 'yp:categoryId', attribute: 'vegetable' },
                { id: 'yp:defaultUnit', attribute: 'kg' },
              ],
            },
          ],
        },
      ],
    });
  });
});
