/**
 * 出口查验: a sold lot leaves the market through the exit gate. Its upload record kind
 * (`departure`), the EPCIS 2.0 event and the provincial adapter's default mapping, kept apart from
 * records.ts / epcis.ts / provincial.ts, which only register the kind.
 */
import type { Actor, LotRef, OutboxRecord } from './records';

export type DeparturePayload = {
  departureId: string;
  /** The lot that left, named as the sale event names its child (quantityList by lot class). */
  lot: LotRef;
  /** The lot it was split from (the sale), null for a lot sold out whole. */
  parentCode: string | null;
  vehicle: string | null;
  buyer: string | null;
  by: Actor;
};

/** Ordered with the lot's own family (after its sale, which is ordered with the parent's). */
export const departureRecord = (p: DeparturePayload, at: string): OutboxRecord<DeparturePayload> => ({ id: p.departureId, kind: 'departure', lotId: p.lot.id, payload: p, at });

type Event = Record<string, unknown> & { type: string; eventTime: string; eventTimeZoneOffset: string };
/** epcis.ts's quantity element for a lot (its lot class, quantity, UN/ECE unit). */
type QuantityOf = (l: LotRef) => { epcClass: string; quantity?: number; uom?: string };

/**
 * One ObjectEvent OBSERVE, bizStep `departing` (CBV: leaving a location on the way to another),
 * disposition `in_transit`: the goods are on their way with the buyer or the vehicle, so the event
 * names where it was read (readPoint) and no bizLocation.
 */
export function departureEvents(p: DeparturePayload, base: (type: string) => Event, quantity: QuantityOf): Event[] {
  // Read at the gate; no bizLocation: past the gate the goods are at no place of this market.
  const { bizLocation: _left, ...event } = base('ObjectEvent');
  return [
    {
      ...event,
      action: 'OBSERVE',
      bizStep: 'departing',
      disposition: 'in_transit',
      quantityList: [quantity(p.lot)],
      'yp:code': p.lot.code,
      // A lot sold out whole has no parent to name (yp:parentCode is a code wherever it appears).
      ...(p.parentCode ? { 'yp:parentCode': p.parentCode } : {}),
      'yp:vehicle': p.vehicle,
      'yp:buyerName': p.buyer,
      'yp:operator': p.by.name,
    },
  ];
}

/** The provincial adapter's starting point for a departure (replace with the platform's fields). */
export const DEPARTURE_PROVINCIAL_MAPPING = {
  clientId: 'id',
  bizType: { const: 'EXIT' },
  stationId: 'stationId',
  traceCode: 'payload.lot.code',
  parentTraceCode: { path: 'payload.parentCode', default: null },
  weight: 'payload.lot.quantity',
  unit: 'payload.lot.unit',
  plateNo: { path: 'payload.vehicle', default: null },
  buyerName: { path: 'payload.buyer', default: null },
  operator: 'payload.by.name',
  operateTime: 'at',
} as const;
