import { describe, expect, it } from 'vitest';
import { buildProvincialBody, DEFAULT_PROVINCIAL, mappingProblems, mapRecord, provincialRejection, readPath, type ProvincialMapping } from '../../../shared/domain/upload/provincial';
import { OUTBOX_KINDS, type OutboxRecord } from '../../../shared/domain/upload/records';

const entry: OutboxRecord = {
  id: 'E1',
  kind: 'entry',
  lotId: 'L1',
  at: '2026-03-10T10:00:00.000+08:00',
  payload: {
    lot: { code: '010690123456789210A1', quantity: 50, unit: 'kg' },
    variety: { name: '白菜' },
    supplier: { name: '南安蔬菜合作社', uscc: '91350100M000100Y43' },
    outcome: 'hold',
    certificates: [{ number: 'CN-1' }, { number: 'TR-1' }],
  },
};
const split: OutboxRecord = {
  id: 'S1',
  kind: 'split',
  lotId: 'L1',
  at: '2026-03-10T11:00:00.000+08:00',
  payload: { parent: { code: 'P' }, child: { code: 'C', quantity: 2.35, unit: 'kg' }, sale: null },
};

describe('readPath', () => {
  it('reads dotted paths through objects and array indexes, undefined where the path leads nowhere', () => {
    const source = { a: { b: [{ c: 1 }, { c: 2 }] }, s: 'text', n: null };
    expect(readPath(source, 'a.b.1.c')).toBe(2);
    expect(readPath(source, 'a.b.0')).toEqual({ c: 1 });
    expect(readPath(source, 'a.b.x')).toBeUndefined();
    expect(readPath(source, 'a.b.5.c')).toBeUndefined();
    expect(readPath(source, 's.length')).toBeUndefined();
    expect(readPath(source, 'n.x')).toBeUndefined();
    expect(readPath(source, 'missing.x')).toBeUndefined();
  });
});

describe('mapRecord with the default mapping', () => {
  it('maps an entry field by field: paths, a constant, a value map and a joined list', () => {
    expect(mapRecord(entry, DEFAULT_PROVINCIAL.mapping, '3050102')).toEqual({
      clientId: 'E1',
      bizType: 'ENTRY',
      stationId: '3050102',
      traceCode: '010690123456789210A1',
      productName: '白菜',
      supplierName: '南安蔬菜合作社',
      supplierCreditCode: '91350100M000100Y43',
      weight: 50,
      unit: 'kg',
      checkResult: '2',
      certNos: 'CN-1,TR-1',
      operateTime: '2026-03-10T10:00:00.000+08:00',
    });
  });

  it('fills a missing buyer with the rule’s default, and a missing plain path with null', () => {
    const mapped = mapRecord(split, DEFAULT_PROVINCIAL.mapping, null);
    expect(mapped).toMatchObject({ clientId: 'S1', bizType: 'SALE', stationId: null, parentTraceCode: 'P', traceCode: 'C', weight: 2.35, buyerName: null, buyerCreditCode: null });
    const noChild = mapRecord({ ...split, payload: { parent: { code: 'P' } } }, DEFAULT_PROVINCIAL.mapping, null);
    expect([noChild.traceCode, noChild.weight]).toEqual([null, null]);
  });

  it('sends a kind without a mapping whole, under data', () => {
    const test: OutboxRecord = { id: 'T1', kind: 'test', lotId: 'L1', at: 'now', payload: { verdict: 'negative' } };
    expect(mapRecord(test, DEFAULT_PROVINCIAL.mapping, '3050102')).toEqual({ clientId: 'T1', kind: 'test', at: 'now', stationId: '3050102', data: { verdict: 'negative' } });
  });

  it('keeps a value the map does not name, and maps numbers and booleans by their text', () => {
    const mapping: ProvincialMapping = {
      entry: { r: { path: 'payload.outcome', map: { admit: 'A' } }, q: { path: 'payload.lot.quantity', map: { '50': 'fifty' } }, s: { path: 'payload.certificates', map: { x: 'y' } } },
    };
    expect(mapRecord(entry, mapping, null)).toEqual({ r: 'hold', q: 'fifty', s: [{ number: 'CN-1' }, { number: 'TR-1' }] });
  });

  it('plucks without joining, and joins only arrays', () => {
    const mapping: ProvincialMapping = { entry: { numbers: { path: 'payload.certificates', pluck: 'number' }, name: { path: 'payload.variety.name', join: ',' } } };
    expect(mapRecord(entry, mapping, null)).toEqual({ numbers: ['CN-1', 'TR-1'], name: '白菜' });
  });
});

describe('buildProvincialBody', () => {
  it('wraps the records in the configured field, or sends a bare array', () => {
    const records = [entry, split];
    const body = buildProvincialBody(records, DEFAULT_PROVINCIAL, '3050102') as { records: Record<string, unknown>[] };
    expect(Object.keys(body)).toEqual(['records']);
    expect(body.records.map((r) => r.clientId)).toEqual(['E1', 'S1']);
    const bare = buildProvincialBody(records, { ...DEFAULT_PROVINCIAL, recordsField: '' }, '3050102') as Record<string, unknown>[];
    expect(bare.map((r) => r.bizType)).toEqual(['ENTRY', 'SALE']);
  });
});

describe('mappingProblems', () => {
  it('accepts the default mapping and every kind of rule that reads a real field', () => {
    expect(mappingProblems(DEFAULT_PROVINCIAL.mapping)).toEqual([]);
    const rules = {
      clientId: 'id',
      b: { const: 1 },
      c: { path: 'payload.certificates', map: {}, pluck: 'number', join: ',', default: 0 },
      d: 'payload.certificates.0.issuer',
      e: { path: 'payload.reasons', join: ';' },
      f: 'payload.lot.bestBeforeDate',
      g: 'payload.supplier',
      h: { path: 'id' },
    };
    expect(mappingProblems({ entry: rules })).toEqual([]);
    expect(mappingProblems({ split: { clientId: 'id', buyer: 'payload.sale.buyer.phone' }, recallLift: { clientId: 'id', s: { path: 'payload.lots', pluck: 'status' } } })).toEqual([]);
  });

  it('refuses an empty mapping or one that is no object of kinds', () => {
    for (const m of [{}, null, 'entry', []]) expect(mappingProblems(m)).toEqual([{ reason: 'mappingEmpty' }]);
  });

  it('names a misspelt record kind and lists the kinds there are', () => {
    expect(mappingProblems({ entyr: { clientId: 'id' } })).toEqual([{ reason: 'mappingUnknownKind', kind: 'entyr', kinds: OUTBOX_KINDS.join(', ') }]);
  });

  it('names a kind without fields, and a kind that does not map the record id (no de-duplication)', () => {
    expect(mappingProblems({ entry: {}, split: [] })).toEqual([
      { reason: 'mappingKindEmpty', kind: 'entry' },
      { reason: 'mappingKindEmpty', kind: 'split' },
    ]);
    expect(mappingProblems({ entry: { traceCode: 'payload.lot.code' } })).toEqual([{ reason: 'mappingNoRecordId', kind: 'entry' }]);
    // The id changed on the way (a value map, a constant) does not de-duplicate either.
    expect(mappingProblems({ entry: { clientId: { path: 'id', default: 'x' }, other: { const: 'id' } } })).toEqual([{ reason: 'mappingNoRecordId', kind: 'entry' }]);
    expect(mappingProblems({ entry: { recordNo: 'id' } })).toEqual([]);
  });

  it('names paths the kind does not have (they were sent as null), and pluck/join on what is not a list', () => {
    expect(
      mappingProblems({
        entry: {
          clientId: 'id',
          a: 'payload.lot.cdoe',
          b: 'payload.certificates.first.number',
          c: { path: 'payload.certificates', pluck: 'numbr' },
          d: { path: 'payload.lot.code', join: ',' },
          e: 'payload.lot.code.length',
          f: 'payload.buyer',
          g: 'lot.code',
        },
        split: { clientId: 'id', h: 'payload.lot.code' },
      }),
    ).toEqual([
      { reason: 'mappingNoField', kind: 'entry', field: 'a', path: 'payload.lot.cdoe' },
      { reason: 'mappingNoField', kind: 'entry', field: 'b', path: 'payload.certificates.first.number' },
      { reason: 'mappingNoField', kind: 'entry', field: 'c', path: 'payload.certificates.*.numbr' },
      { reason: 'mappingNotList', kind: 'entry', field: 'd', path: 'payload.lot.code' },
      { reason: 'mappingNoField', kind: 'entry', field: 'e', path: 'payload.lot.code.length' },
      { reason: 'mappingNoField', kind: 'entry', field: 'f', path: 'payload.buyer' },
      { reason: 'mappingNoField', kind: 'entry', field: 'g', path: 'lot.code' },
      { reason: 'mappingNoField', kind: 'split', field: 'h', path: 'payload.lot.code' },
    ]);
  });

  it('names rules that are none: numbers, null, lists, an empty path, unknown options, a const with more', () => {
    const bad = { a: 1, b: { path: 2 }, c: null, d: [], e: '', f: { path: 'id', pluk: 'x' }, g: { const: 1, path: 'id' }, h: { path: 'payload.reasons', join: 1 } };
    expect(mappingProblems({ entry: { clientId: 'id', ...bad } })).toEqual(Object.keys(bad).map((field) => ({ reason: 'mappingBadRule', kind: 'entry', field })));
    expect(mappingProblems({ entry: { clientId: 'id', '': 'id' } })).toEqual([{ reason: 'mappingBadRule', kind: 'entry', field: '' }]);
  });
});

describe('provincialRejection', () => {
  const config = { okField: 'code', okValue: 0, messageField: 'msg' };

  it('says nothing without an ok field, or when the field holds the ok value (as text too)', () => {
    expect(provincialRejection('{"code":500}', { ...config, okField: '' })).toBeNull();
    expect(provincialRejection('{"code":0}', config)).toBeNull();
    expect(provincialRejection('{"code":"0"}', config)).toBeNull();
  });

  it('reports another value with the platform’s message, or without one', () => {
    expect(provincialRejection('{"code":500,"msg":"签名错误"}', config)).toBe('code=500: 签名错误');
    expect(provincialRejection('{"code":500}', config)).toBe('code=500');
    expect(provincialRejection('{"code":500,"msg":"x"}', { ...config, messageField: '' })).toBe('code=500');
    expect(provincialRejection('{"msg":"x"}', config)).toBe('code=undefined: x');
  });

  it('reports a body that is not JSON, cut to 200 characters', () => {
    expect(provincialRejection(`<html>${'x'.repeat(300)}`, config)).toBe(`unreadable response: <html>${'x'.repeat(194)}`);
  });
});

describe('recall records in the default mapping', () => {
  it('map the start, a progress mark, the close and the lift each as its own record kind', () => {
    const base = { lotId: 'L1', at: '2026-03-10T12:00:00.000+08:00' };
    const lots = [{ code: 'A' }, { code: 'B' }];
    const by = { id: 'OP1', name: '王经理' };
    const start: OutboxRecord = {
      ...base,
      id: 'RC1',
      kind: 'recall',
      payload: { number: 'ZH20260310-01', reason: '农残超标', source: 'regulatorNotice', sourceRef: 'JG-1', scope: { label: '南安合作社' }, lots, by },
    };
    const mark: OutboxRecord = { ...base, id: 'RP1', kind: 'recallProgress', payload: { number: 'ZH20260310-01', lot: { code: 'B' }, progress: 'notRecoverable', note: null, by } };
    const lift: OutboxRecord = { ...base, id: 'RL1', kind: 'recallLift', payload: { number: 'ZH20260310-01', reason: '撤回', lots, by } };
    const close: OutboxRecord = {
      ...base,
      id: 'RX1',
      kind: 'recallClose',
      payload: {
        number: 'ZH20260310-01',
        lots: [
          { code: 'A', progress: 'destroyed' },
          { code: 'B', progress: 'notRecoverable' },
        ],
        by,
      },
    };
    expect(mapRecord(start, DEFAULT_PROVINCIAL.mapping, '3050102')).toEqual({
      clientId: 'RC1',
      bizType: 'RECALL',
      stationId: '3050102',
      recallNo: 'ZH20260310-01',
      reason: '农残超标',
      source: 'regulatorNotice',
      noticeNo: 'JG-1',
      scope: '南安合作社',
      traceCodes: 'A,B',
      operator: '王经理',
      operateTime: base.at,
    });
    expect(mapRecord(mark, DEFAULT_PROVINCIAL.mapping, null)).toMatchObject({ bizType: 'RECALL_PROGRESS', traceCode: 'B', progress: '3', note: null });
    expect(mapRecord(lift, DEFAULT_PROVINCIAL.mapping, null)).toMatchObject({ bizType: 'RECALL_LIFT', reason: '撤回', traceCodes: 'A,B' });
    expect(mapRecord(close, DEFAULT_PROVINCIAL.mapping, '3050102')).toEqual({
      clientId: 'RX1',
      bizType: 'RECALL_CLOSE',
      stationId: '3050102',
      recallNo: 'ZH20260310-01',
      traceCodes: 'A,B',
      progresses: 'destroyed,notRecoverable',
      operator: '王经理',
      operateTime: base.at,
    });
  });
});
