import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { admitCabbageLot, startTestCore, USCC, type TestCore } from '../support/core';

let t: TestCore;
beforeEach(async () => {
  t = await startTestCore();
});
afterEach(() => t.close());

const GLN = '6901234000016';
const placesRecords = () =>
  t.rows("select b.payload from outbox o join outbox_bodies b on b.seq = o.seq where o.kind = 'places' order by o.seq").map((r) => JSON.parse(r.payload as string) as Record<string, unknown>);
const eventsOfKind = (kind: string) =>
  t.rows('select b.events from outbox o join outbox_bodies b on b.seq = o.seq where o.kind = ? order by o.seq', kind).flatMap((r) => JSON.parse(r.events as string) as Record<string, unknown>[]);

describe('market GLN and places (issue 18 item 12)', () => {
  it('sends the places once the market has a GLN, again with every stall saved; events written since name the desk and zones as SGLNs', async () => {
    await t.call('setStationId', { stationId: '3050103', name: '收货台' });
    const market = await t.call('saveSubject', { kind: 'market', name: '鲤城农贸市场' });
    const stall = await t.call('saveSubject', { kind: 'stall', name: '3号摊' });
    // No GLN yet: station URNs name no place a hub shares, so nothing is sent.
    expect(placesRecords()).toEqual([]);
    const supplier = await t.call('saveSubject', { kind: 'supplier', name: '南安合作社', uscc: USCC.a });
    const before = await admitCabbageLot(t, 'B1', supplier.id);
    expect(eventsOfKind('entry')[0]).toMatchObject({ readPoint: { id: 'urn:yipin-yima:station:3050103' } });

    await t.call('saveSubject', { id: market.id, kind: 'market', name: '鲤城农贸市场', gln: GLN });
    expect(placesRecords()).toEqual([expect.objectContaining({ marketGln: GLN, marketName: '鲤城农贸市场', stationId: '3050103', stalls: [{ id: stall.id, name: '3号摊' }] })]);
    const second = await t.call('saveSubject', { kind: 'stall', name: '5号摊' });
    expect(placesRecords()).toHaveLength(2);
    expect(placesRecords()[1].stalls).toEqual([
      { id: stall.id, name: '3号摊' },
      { id: second.id, name: '5号摊' },
    ]);
    // A supplier saved changes no place.
    await t.call('saveSubject', { kind: 'supplier', name: '晋江合作社' });
    expect(placesRecords()).toHaveLength(2);

    await admitCabbageLot(t, 'B2', supplier.id);
    const [first, latest] = eventsOfKind('entry');
    expect(first['yp:code']).toBe(before.view.lot.codeKey);
    expect(latest).toMatchObject({ readPoint: { id: `https://id.gs1.org/414/${GLN}/254/3050103` } });
    expect((latest.bizLocation as { id: string }).id).toMatch(new RegExp(`^https://id\\.gs1\\.org/414/${GLN}/254/(TRADE|TEST)$`));
  });
});
