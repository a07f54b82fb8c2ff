// Issue 18 (done means, second bullet) and issue 19 item 2, through the real station: a lot's whole
// journey — entry with certificates, rapid test, hold, release, a portion sold, that portion split
// again, more sales, a recall of the supplier's lots, the disposal of what is left — is uploaded to
// the test receiver, and everything below is read from the documents it received alone (parsed from
// the bodies it kept per Idempotency-Key), with standard queries (test/support/epcisQuery.ts) and the
// client's walks (test/support/epcisWalk.ts). The station's tables are read only to compare.
import { validateEpcisDocument } from 'epcis2.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SyncStatus } from '../../shared/contract';
import { localDay } from '../../electron/core/clock';
import { gs1CheckDigit } from '../../shared/domain/gs1Check';
import { lotClass } from '../../shared/domain/upload/epcis';
import { startCaptureServer, type CaptureServer } from '../fixtures/captureServer';
import { nextCoreEvent, startTestCore, USCC, type TestCore } from '../support/core';
import { eventsOf, masterDataOf, SUPPORTED, type EpcisEvent, type EpcisMasterData } from '../support/epcisQuery';
import { gs1SchemaProblems } from '../support/epcisSchema';
import { byEventTime, inputsOf, localHub, objectStates, outputsOf, walkDown, walkUp } from '../support/epcisWalk';
import { publicFacts } from '../support/publicFacts';
import { seedTestingStaff, STAFF_PINS, varietyId, type TestingStaff } from '../support/testing';
import { uploadSettings } from '../support/upload';

const MARKET_GLN = '6901234000016';
const SUPPLIER_GLN = '6901234000023';
const ORIGIN = '福建省南安市农业农村局';

let t: TestCore;
let server: CaptureServer;
let staff: TestingStaff;

/** What the journey made, as the station answered (codes, ids) and what was typed in. */
interface Journey {
  produced: string;
  today: string;
  supplier: { id: string; name: string };
  root: { raw: string; code: string; lotId: string };
  /** The portion sold to 刘记饭店 (one split down), its own portion (two splits down), and an anonymous sale. */
  child: { code: string; lotId: string };
  grandchild: { code: string; lotId: string };
  sold: { code: string; lotId: string };
  /** Another lot of the supplier, admitted and still at the market when the recall came. */
  second: { code: string; lotId: string };
  /** Another supplier's lot, sold out whole (a closing sale), and the portion it went in. */
  other: { code: string; lotId: string };
  otherPortion: { code: string; lotId: string };
  tests: { rootTestId: string; childTestId: string };
  recallId: string;
  disposal: { id: string; quantity: number };
}
let journey: Journey;

const gtin = (item: string) => {
  const body = `0690${item.padStart(9, '0')}`;
  return `${body}${gs1CheckDigit(body)}`;
};
/** A GS1-128 scan with (01) GTIN, (11) production date and (10) batch. */
const scanWithProductionDate = (item: string, produced: string, batch: string) => `]C101${gtin(item)}11${produced.slice(2).replaceAll('-', '')}10${batch}`;

/** Sync now, then the first status with nothing left to send (bounded). */
async function drained(): Promise<SyncStatus> {
  const settled = (s: SyncStatus) => s.backlog === 0 && s.state === 'idle';
  const next = nextCoreEvent(t, 'syncStatus', settled, 20_000);
  const now = await t.call('syncNow', {});
  if (!settled(now)) return next;
  next.catch(() => undefined);
  return now;
}

async function runJourney(): Promise<Journey> {
  await t.call('setStationId', { stationId: '3050102', name: '鲤城农贸市场 收货台' });
  await t.call('saveUploadSettings', uploadSettings('epcis', server.captureUrl, { batchSize: 4 }));
  staff = await seedTestingStaff(t);
  await t.call('saveSubject', { kind: 'market', name: '鲤城农贸市场', gln: MARKET_GLN });
  const today = localDay(new Date());
  const produced = localDay(new Date(Date.now() - 3 * 86_400_000));
  const supplier = await t.call('saveSubject', { kind: 'supplier', name: '南安蔬菜专业合作社', uscc: USCC.a, gln: SUPPLIER_GLN, contact: '0595-1234567' });
  const otherSupplier = await t.call('saveSubject', { kind: 'supplier', name: '晋江农户老陈' });
  const cabbage = await varietyId(t, '白菜');
  const entry = (raw: string, supplierId: string, quantity: number, certificates: { type: 'originExit' | 'commitment' | 'testReport'; number: string; issuer: string }[]) =>
    t.call('checkEntry', { raw, source: 'wedge', supplierId, varietyId: cabbage, quantity, unit: 'kg', certificates: certificates.map((c) => ({ ...c, issueDate: today })) }, staff.receiver);

  // No test report: held for its entry test (待检), freed by a negative.
  const rootRaw = scanWithProductionDate('7', produced, 'NA1');
  const root = await entry(rootRaw, supplier.id, 50, [
    { type: 'originExit', number: 'CD-0001', issuer: ORIGIN },
    { type: 'commitment', number: 'CN-0001', issuer: '南安蔬菜专业合作社' },
  ]);
  expect(root.view.lot.status).toBe('awaitingTest');
  const rootTest = await t.call('recordTest', { raw: rootRaw, itemId: 'opCarbamate', value: 12.5, kitLot: 'KIT-7' }, staff.inspector);
  expect(rootTest.view.lot.status).toBe('admitted');
  const hold = await t.call('placeHold', { raw: rootRaw, note: '群众投诉 复查' }, staff.manager);
  await t.call('releaseHold', { holdId: hold.id, reason: '复查无异常' }, staff.manager);

  const child = await t.call('splitLot', { parentRaw: rootRaw, quantity: 20, unit: 'kg', buyer: { name: '刘记饭店', uscc: USCC.b }, priceFen: 6000, closing: false });
  const childTest = await t.call('recordTest', { raw: child.code, itemId: 'opCarbamate', value: 8, kitLot: 'KIT-8' }, staff.inspector);
  const grandchild = await t.call('splitLot', { parentRaw: child.code, quantity: 5, unit: 'kg', buyer: { name: '王阿姨' }, closing: false });
  const sold = await t.call('splitLot', { parentRaw: rootRaw, quantity: 10, unit: 'kg', closing: false });

  const secondRaw = scanWithProductionDate('7', produced, 'NA2');
  const second = await entry(secondRaw, supplier.id, 10, [
    { type: 'commitment', number: 'CN-0002', issuer: '南安蔬菜专业合作社' },
    { type: 'testReport', number: 'TR-0002', issuer: '泉州市检测站' },
  ]);
  const otherRaw = scanWithProductionDate('8', produced, 'JJ1');
  const other = await entry(otherRaw, otherSupplier.id, 10, [
    { type: 'commitment', number: 'CN-0003', issuer: '晋江农户老陈' },
    { type: 'testReport', number: 'TR-0003', issuer: '泉州市检测站' },
  ]);
  const otherPortion = await t.call('splitLot', { parentRaw: otherRaw, quantity: 10, unit: 'kg', closing: true });

  const recall = await t.call(
    'startRecall',
    { scope: { kind: 'supplier', supplierId: supplier.id, range: { from: today, to: today } }, reason: '供货商通报农残超标', source: 'supplierNotice', sourceRef: 'GH-2026-01' },
    staff.manager,
  );
  await t.call('markRecallLot', { recallId: recall.id, lotId: sold.child.lot.id, progress: 'notRecoverable', note: '散客 无法联系' }, staff.manager);

  // What is left of the lot at its stall (50 − 20 − 10 kg) is destroyed; its portions are with their buyers.
  const manager = (await t.call('listOperators', {})).find((o) => o.name === '王经理')!;
  const disposal = await t.call(
    'disposeLot',
    { raw: rootRaw, quantity: 20, unit: 'kg', reason: 'recalled', method: 'shredding', operatorPin: STAFF_PINS.inspector, witnessId: manager.id, witnessPin: STAFF_PINS.manager },
    staff.inspector,
  );

  const lot = (r: { view: { lot: { id: string; codeKey: string } } } | { code: string; child: { lot: { id: string } } }) =>
    'view' in r ? { code: r.view.lot.codeKey, lotId: r.view.lot.id } : { code: r.code, lotId: r.child.lot.id };
  return {
    produced,
    today,
    supplier: { id: supplier.id, name: supplier.name },
    root: { raw: rootRaw, ...lot(root) },
    child: lot(child),
    grandchild: lot(grandchild),
    sold: lot(sold),
    second: lot(second),
    other: lot(other),
    otherPortion: lot(otherPortion),
    tests: { rootTestId: rootTest.test.id, childTestId: childTest.test.id },
    recallId: recall.id,
    disposal: { id: disposal.id, quantity: disposal.quantity },
  };
}

let documents: Record<string, unknown>[];
let events: EpcisEvent[];
let masterData: EpcisMasterData[];

beforeAll(async () => {
  server = await startCaptureServer();
  t = await startTestCore();
  journey = await runJourney();
  const status = await drained();
  expect(status).toMatchObject({ backlog: 0, dead: 0, lastError: null });
  // Every body the receiver kept; a retry repeats its key's bytes, so the first of each is the document.
  documents = [...server.bodiesByKey.values()].map((bodies) => JSON.parse(bodies[0]!) as Record<string, unknown>);
  events = documents.flatMap((d) => eventsOf(d));
  masterData = documents.map((d) => masterDataOf(d)).filter((m): m is EpcisMasterData => m !== undefined);
}, 60_000);

afterAll(async () => {
  await t?.core.close();
  t?.close();
  await server?.close();
});

/** A lot's identifier as docs/upload.md gives it: a station code is `urn:yipin-yima:lot:<code>`; a GS1 lot its Digital Link. */
const stationCodeId = (code: string) => `urn:yipin-yima:lot:${code}`;
const idOf = (lotId: string) => {
  const [l] = t.rows('select code_key, gtin, batch from lots where id = ?', lotId);
  return lotClass({ code: l!.code_key, gtin: l!.gtin, batch: l!.batch });
};

/** The quantity an event gives an object in any of its quantity lists (undefined: named without a quantity). */
const quantityIn = (event: EpcisEvent, id: string, lists: readonly string[] = ['quantityList', 'inputQuantityList', 'outputQuantityList']) =>
  lists.flatMap((l) => ((event[l] as { epcClass: string; quantity?: number }[] | undefined) ?? []).filter((q) => q.epcClass === id)).map((q) => q.quantity ?? 0)[0];
const sum = (xs: number[]) => Math.round(xs.reduce((a, b) => a + b, 0) * 1000) / 1000;

/**
 * A lot's quantities from the documents alone. In: its ADD (entry), or the output that made it (a
 * split). Sold: the outputs of the splits that consumed it, each of which has its own sale event
 * (`retail_selling`). Destroyed: its DELETE events (`destroying`). On hand: the latest OBSERVE that
 * reports it (a hold, a recall, its sale: what is left of it then, no
 * quantity = nothing left), less what was split off or destroyed after that.
 */
function quantitiesFromDocuments(id: string) {
  const timeline = byEventTime(events);
  const adds = timeline.filter((e) => e.type === 'ObjectEvent' && e.action === 'ADD' && quantityIn(e, id, ['quantityList']) !== undefined);
  const madeBy = timeline.filter((e) => e.type === 'TransformationEvent' && outputsOf(e).includes(id));
  const splits = timeline.filter((e) => e.type === 'TransformationEvent' && inputsOf(e).includes(id));
  const deletes = timeline.filter((e) => e.type === 'ObjectEvent' && e.action === 'DELETE' && quantityIn(e, id, ['quantityList']) !== undefined);
  for (const split of splits)
    for (const out of outputsOf(split)) {
      const sales = timeline.filter((e) => e.bizStep === 'retail_selling' && e.disposition === 'retail_sold' && quantityIn(e, out, ['quantityList']) !== undefined);
      expect(
        sales.map((s) => quantityIn(s, out, ['quantityList'])),
        `the sale of ${out}`,
      ).toEqual([quantityIn(split, out, ['outputQuantityList'])]);
    }
  const came = sum([...adds, ...madeBy].map((e) => quantityIn(e, id, ['quantityList', 'outputQuantityList'])!));
  const sold = sum(splits.map((e) => quantityIn(e, id, ['inputQuantityList'])!));
  const destroyed = sum(deletes.map((e) => quantityIn(e, id, ['quantityList'])!));
  const reports = timeline.filter((e) => e.type === 'ObjectEvent' && e.action === 'OBSERVE' && quantityIn(e, id, ['quantityList']) !== undefined);
  const last = reports.at(-1)!;
  const after = (e: EpcisEvent) => Date.parse(e.eventTime) > Date.parse(last.eventTime) || (e.eventTime === last.eventTime && timeline.indexOf(e) > timeline.indexOf(last));
  const onHand = sum([
    quantityIn(last, id, ['quantityList'])!,
    ...splits.filter(after).map((e) => -quantityIn(e, id, ['inputQuantityList'])!),
    ...deletes.filter(after).map((e) => -quantityIn(e, id, ['quantityList'])!),
  ]);
  return { came, sold, destroyed, onHand, lastReport: last };
}

describe('a lot through the station, read back from the uploaded EPCIS documents (issue 18)', () => {
  it('every document the receiver got passes GS1 EPCIS 2.0 JSON schema and epcis2.js, and every record arrived once', () => {
    expect(documents.length).toBeGreaterThan(3);
    for (const doc of documents) {
      expect(gs1SchemaProblems(doc)).toEqual([]);
      expect(validateEpcisDocument(doc, false)).toEqual({ success: true, errors: [] });
    }
    for (const r of t.rows('select id from outbox order by seq')) expect(server.records.has(r.id as string), r.id as string).toBe(true);
    // No event twice: each key's body was sent once (no retries here), every eventID is new.
    expect(server.duplicates.events).toBe(0);
    expect(new Set(events.map((e) => e.eventID)).size).toBe(events.length);
  });

  it('a query by the grandchild code finds its parent, its grandparent and the entry with the supplier', async () => {
    const hub = localHub(events, masterData);
    const grandchildId = stationCodeId(journey.grandchild.code);
    const up = await walkUp(hub, grandchildId);
    expect(up.ancestors).toEqual([stationCodeId(journey.child.code), idOf(journey.root.lotId)]);
    expect(idOf(journey.root.lotId)).toBe(`https://id.gs1.org/01/${gtin('7')}/10/NA1`);
    expect(up.roots).toEqual([idOf(journey.root.lotId)]);
    // Each step up is a split of one transformation per parent.
    expect(up.transformations.map((e) => [e.transformationID, inputsOf(e), outputsOf(e)])).toEqual([
      [`urn:yipin-yima:transformation:${journey.root.code}`, [idOf(journey.root.lotId)], [stationCodeId(journey.child.code)]],
      [`urn:yipin-yima:transformation:${journey.child.code}`, [stationCodeId(journey.child.code)], [grandchildId]],
    ]);
    expect(up.sources).toHaveLength(1);
    const [entry] = up.sources;
    expect(entry).toMatchObject({ action: 'ADD', bizStep: 'receiving', quantityList: [{ epcClass: idOf(journey.root.lotId), quantity: 50, uom: 'KGM' }] });
    // The supplier: its party GLN as the owning party, the same id its master data element has.
    const supplierId = `https://id.gs1.org/417/${SUPPLIER_GLN}`;
    expect(entry!.sourceList).toEqual([{ type: 'owning_party', source: supplierId }]);
    const parties = masterData.flatMap((m) => m.vocabularyList.filter((v) => v.type === 'urn:epcglobal:epcis:vtype:Party').flatMap((v) => v.vocabularyElementList ?? []));
    const supplier = parties.filter((p) => p.id === supplierId);
    expect(supplier.length).toBeGreaterThan(0);
    expect(supplier.at(-1)!.attributes).toEqual(
      expect.arrayContaining([
        { id: 'urn:epcglobal:cbv:mda#name', attribute: '南安蔬菜专业合作社' },
        { id: 'yp:uscc', attribute: USCC.a },
      ]),
    );
    // Only standard query parameters were asked.
    for (const q of hub.log) for (const p of Object.keys(q)) expect(SUPPORTED).toContain(p);
    // And down again: from the lot that came in, every code split from it.
    const down = await walkDown(hub, idOf(journey.root.lotId));
    expect(down.descendants.sort()).toEqual([journey.child.code, journey.sold.code, journey.grandchild.code].map(stationCodeId).sort());
  });

  it('what came in = on hand + sold + destroyed, from the events alone, lot by lot and for the market, and equal to the station’s own figures', async () => {
    const lots = [journey.root, journey.child, journey.grandchild, journey.sold, journey.second, journey.other, journey.otherPortion];
    const figures = new Map(lots.map((l) => [l.code, quantitiesFromDocuments(idOf(l.lotId))]));
    const of = (l: { code: string }) => figures.get(l.code)!;
    for (const l of lots) {
      const q = of(l);
      expect(q.came, l.code).toBe(sum([q.onHand, q.sold, q.destroyed]));
    }
    // The values typed at the counter.
    expect([of(journey.root).came, of(journey.root).sold, of(journey.root).destroyed, of(journey.root).onHand]).toEqual([50, 30, 20, 0]);
    expect([of(journey.child).came, of(journey.child).sold, of(journey.child).destroyed, of(journey.child).onHand]).toEqual([20, 5, 0, 15]);
    expect([of(journey.grandchild).came, of(journey.grandchild).onHand]).toEqual([5, 5]);
    expect([of(journey.second).came, of(journey.second).onHand]).toEqual([10, 10]);
    expect([of(journey.other).came, of(journey.other).sold, of(journey.other).onHand]).toEqual([10, 10, 0]);

    // The station's own figures now: recorded quantities, the recall's (onHand at the stall or with
    // the buyer, sold on; the 15 kg with 刘记饭店 still to find after the disposal), the disposal's quantity.
    const station = (l: { lotId: string }) => t.rows('select quantity from lots where id = ?', l.lotId)[0]!.quantity as number;
    for (const l of lots) expect(of(l).came, l.code).toBe(station(l));
    const recall = await t.call('getRecall', { id: journey.recallId }, staff.manager);
    const live = new Map(recall.lots.map((l) => [l.lotId, l]));
    const recalled = [journey.root, journey.child, journey.grandchild, journey.sold, journey.second];
    expect(recall.lots.map((l) => l.lotId).sort()).toEqual(recalled.map((l) => l.lotId).sort());
    for (const l of recalled) {
      expect([live.get(l.lotId)!.onHand, live.get(l.lotId)!.sold], l.code).toEqual([of(l).onHand, of(l).sold]);
    }
    expect(recalled.map((l) => [live.get(l.lotId)!.onHand, live.get(l.lotId)!.progress])).toEqual([
      [0, 'destroyed'],
      [15, 'open'],
      [5, 'open'],
      [10, 'notRecoverable'],
      [10, 'open'],
    ]);
    // The recall's 待追回 is what the documents say is still out there of its lots.
    expect(recall.recall.quantities).toEqual([{ unit: 'kg', onHand: sum(recalled.map((l) => of(l).onHand)), sold: 30 }]);
    expect(recall.recall.quantities[0]!.onHand).toBe(40);
    expect(of(journey.root).destroyed).toBe(journey.disposal.quantity);
    expect(t.rows('select sum(quantity) q from disposals')[0]!.q).toBe(of(journey.root).destroyed);

    // The market: what entered (ADD) = what is left of the lots that entered + what they sold on + what was destroyed.
    const entered = [journey.root, journey.second, journey.other].map(of);
    const cameIn = sum(events.filter((e) => e.action === 'ADD').flatMap((e) => (e.quantityList ?? []).map((q) => q.quantity ?? 0)));
    expect(cameIn).toBe(70);
    expect(cameIn).toBe(sum(entered.map((q) => sum([q.onHand, q.sold, q.destroyed]))));
    expect(entered.map((q) => [q.onHand, q.sold, q.destroyed])).toEqual([
      [0, 30, 20],
      [10, 0, 0],
      [0, 10, 0],
    ]);
    expect(cameIn).toBe(t.rows('select sum(quantity) q from lots where parent_lot_id is null')[0]!.q);
    expect(sum(entered.map((q) => q.sold))).toBe(t.rows('select sum(c.quantity) q from lots c join lots p on p.id = c.parent_lot_id where p.parent_lot_id is null')[0]!.q);
  });

  it('each lot’s state folded from the events is the station’s status', () => {
    const states = objectStates(events);
    const stateOf = (l: { lotId: string }) => {
      const s = states.get(idOf(l.lotId))!;
      return { disposition: s.disposition, persistent: s.persistent, deleted: s.deleted };
    };
    const status = (l: { lotId: string }) => t.rows('select status from lots where id = ?', l.lotId)[0]!.status as string;
    // Destroyed at the station: the lot at the stall, gone (DELETE).
    expect(status(journey.root)).toBe('destroyed');
    expect(stateOf(journey.root)).toEqual({ disposition: 'destroyed', persistent: [], deleted: true });
    // Its portions: with their buyers, still recalled (the recall is still after those goods), at
    // the station as in the documents.
    for (const l of [journey.child, journey.grandchild, journey.sold]) {
      expect(status(l), l.code).toBe('recalled');
      expect(stateOf(l), l.code).toEqual({ disposition: 'recalled', persistent: [], deleted: false });
    }
    // Recalled and still at the market.
    expect(status(journey.second)).toBe('recalled');
    expect(stateOf(journey.second)).toEqual({ disposition: 'recalled', persistent: [], deleted: false });
    // Sold out by a closing sale, and the portion it went in: sold.
    expect(status(journey.other)).toBe('exhausted');
    expect(stateOf(journey.other)).toEqual({ disposition: 'retail_sold', persistent: [], deleted: false });
    expect(status(journey.otherPortion)).toBe('admitted');
    expect(stateOf(journey.otherPortion)).toEqual({ disposition: 'retail_sold', persistent: [], deleted: false });
  });
});

describe('what a public trace page shows for a code two splits down, from the documents alone (issue 19 item 2)', () => {
  it('origin, producer with USCC, production date, certificates and the tests of the lot and its ancestors', async () => {
    const hub = localHub(events, masterData);
    const facts = await publicFacts(hub, stationCodeId(journey.grandchild.code), masterData);
    expect(facts).toEqual({
      chain: [journey.grandchild.code, journey.child.code].map(stationCodeId).concat(idOf(journey.root.lotId)),
      enteredAt: expect.stringMatching(new RegExp(`^${journey.today}T`)),
      origin: ORIGIN,
      producer: { id: `https://id.gs1.org/417/${SUPPLIER_GLN}`, name: '南安蔬菜专业合作社', uscc: USCC.a },
      productionDate: journey.produced,
      expiryDate: null,
      certificates: [
        { type: 'originExit', number: 'CD-0001', issuer: ORIGIN, issueDate: journey.today },
        { type: 'commitment', number: 'CN-0001', issuer: '南安蔬菜专业合作社', issueDate: journey.today },
      ],
      tests: [
        { lot: idOf(journey.root.lotId), item: '有机磷和氨基甲酸酯类农药', itemId: 'opCarbamate', value: 12.5, uom: 'P1', unit: '%', verdict: 'negative', at: expect.any(String) },
        { lot: stationCodeId(journey.child.code), item: '有机磷和氨基甲酸酯类农药', itemId: 'opCarbamate', value: 8, uom: 'P1', unit: '%', verdict: 'negative', at: expect.any(String) },
      ],
    });
    // The same facts without the repository's master data: the entry event names the supplier itself.
    expect((await publicFacts(hub, stationCodeId(journey.grandchild.code))).producer).toEqual(facts.producer);
    // The test times are the station's.
    const tested = t.rows('select id, created_at from rapid_tests order by created_at');
    expect(facts.tests.map((x) => x.at)).toEqual(tested.map((r) => r.created_at));
    // The sold-out lot of the other supplier: no 产地 certificate, so no origin; no tests.
    const otherFacts = await publicFacts(hub, stationCodeId(journey.otherPortion.code), masterData);
    expect(otherFacts).toMatchObject({ origin: null, producer: { name: '晋江农户老陈', uscc: null }, tests: [] });
  });
});
