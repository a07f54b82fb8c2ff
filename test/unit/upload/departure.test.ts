import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import { validateEpcisDocument } from 'epcis2.js';
import { describe, expect, it } from 'vitest';
import { departureRecord } from '../../../shared/domain/upload/departure';
import { buildEpcisDocument, eventsFor } from '../../../shared/domain/upload/epcis';
import { DEFAULT_PROVINCIAL_MAPPING, mapRecord } from '../../../shared/domain/upload/provincial';
import { OUTBOX_KINDS, splitRecord } from '../../../shared/domain/upload/records';

const at = '2025-03-01T16:40:00.000+08:00';
const by = { id: 'OP9', name: '陈门卫' };
const child = { id: 'LOT2', code: '3059901000000012345', gtin: '06901234567892', batch: 'B-7', quantity: 12.5, unit: 'kg' as const };
const ownCoded = { ...child, id: 'LOT3', code: '3059901000000023456', gtin: null, batch: null };
const departure = departureRecord({ departureId: 'DP1', lot: child, parentCode: '010690123456789210B-7', vehicle: '闽A12345', buyer: '刘记饭店', by }, at);
const ctx = { stationId: '3059901', creationDate: at };

describe('departure upload record (出口查验)', () => {
  it('is a registered kind, ordered with the lot that left', () => {
    expect(OUTBOX_KINDS).toContain('departure');
    expect(departure).toMatchObject({ id: 'DP1', kind: 'departure', lotId: 'LOT2', at });
  });

  it('maps to one ObjectEvent OBSERVE, bizStep departing, in transit, valid EPCIS 2.0', () => {
    const [event, ...more] = eventsFor(departure, ctx);
    expect(more).toEqual([]);
    expect(event).toMatchObject({
      type: 'ObjectEvent',
      action: 'OBSERVE',
      bizStep: 'departing',
      disposition: 'in_transit',
      eventTime: at,
      eventTimeZoneOffset: '+08:00',
      'yp:recordKind': 'departure',
      'yp:code': child.code,
      'yp:parentCode': '010690123456789210B-7',
      'yp:vehicle': '闽A12345',
      'yp:buyerName': '刘记饭店',
      'yp:operator': '陈门卫',
    });
    expect(event!.eventID).toMatch(/^ni:\/\/\/sha-256;/);
    expect('bizLocation' in event!).toBe(false);
    expect(event!.readPoint).toBeDefined();
    expect(
      validateEpcisDocument(
        buildEpcisDocument([departure, departureRecord({ ...departure.payload, departureId: 'DP2', lot: ownCoded, parentCode: null, vehicle: null, buyer: null }, at)], ctx),
        false,
      ),
    ).toEqual({
      success: true,
      errors: [],
    });
  });

  it('names the lot exactly as the sale event of the same portion does', () => {
    const sale = eventsFor(splitRecord({ splitId: 'SP1', parent: { ...child, id: 'LOT1', quantity: 100 }, child, closing: false, sale: { buyer: null, priceFen: 500 }, by }, at), ctx).find(
      (e) => e.bizStep === 'retail_selling',
    )!;
    expect(eventsFor(departure, ctx)[0]!.quantityList).toEqual(sale.quantityList);
    const own = departureRecord({ ...departure.payload, lot: ownCoded }, at);
    expect(eventsFor(own, ctx)[0]!.quantityList).toEqual([{ epcClass: 'urn:yipin-yima:lot:3059901000000023456', quantity: 12.5, uom: 'KGM' }]);
  });

  it('has a provincial mapping of its own', () => {
    expect(mapRecord(departure, DEFAULT_PROVINCIAL_MAPPING, '3059901')).toEqual({
      clientId: 'DP1',
      bizType: 'EXIT',
      stationId: '3059901',
      traceCode: child.code,
      parentTraceCode: '010690123456789210B-7',
      weight: 12.5,
      unit: 'kg',
      plateNo: '闽A12345',
      buyerName: '刘记饭店',
      operator: '陈门卫',
      operateTime: at,
    });
  });

  it('has every yp: key described by the yp: JSON Schema, a lot sold whole (no parent, no vehicle) too', () => {
    const ajv = new Ajv({ allErrors: true, strict: false });
    ajv.addSchema(JSON.parse(readFileSync(join(__dirname, '../../../resources/epcis/yp.schema.json'), 'utf8')) as Record<string, unknown>);
    const validate = ajv.getSchema('urn:yipin-yima:epcis:schema#/definitions/event')!;
    const whole = departureRecord({ ...departure.payload, departureId: 'DP3', lot: ownCoded, parentCode: null, vehicle: null, buyer: null }, at);
    for (const record of [departure, whole]) {
      const [event] = eventsFor(record, ctx);
      const yp = Object.fromEntries(Object.entries(event!).filter(([k]) => k.startsWith('yp:')));
      expect({ id: record.id, ok: validate(yp), errors: validate.errors ?? null }).toEqual({ id: record.id, ok: true, errors: null });
    }
    expect('yp:parentCode' in eventsFor(whole, ctx)[0]!).toBe(false);
  });
});
