// What a JSON-LD processor keeps of the station's documents, and the yp: namespace's JSON Schema
// (resources/epcis/yp.schema.json) checked against every event the mapping makes.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import jsonld from 'jsonld';
import { describe, expect, it } from 'vitest';
import { buildEpcisDocument, EPCIS_CONTEXT, eventsFor, YP_NS, type EpcisEvent } from '../../../shared/domain/upload/epcis';
import { EVERY_KIND, FIFTY_KG } from '../../fixtures/epcisRecords';

const ctx = { stationId: '3059901', creationDate: '2025-03-01T08:15:00.000+08:00' };
const root = join(__dirname, '../../..');
const GS1_CONTEXT = JSON.parse(readFileSync(join(root, 'test/fixtures/epcisContext/epcis-context.excerpt.jsonld'), 'utf8')) as unknown;
const ALL = [...EVERY_KIND, ...FIFTY_KG];
const events = ALL.flatMap((r) => eventsFor(r, ctx));

/** Offline: the GS1 context from the fixture, the CBV value lists it links to as empty contexts. */
async function documentLoader(url: string) {
  if (url === EPCIS_CONTEXT) return { contextUrl: null, documentUrl: url, document: GS1_CONTEXT };
  if (url.startsWith('https://gs1.github.io/EPCIS/')) return { contextUrl: null, documentUrl: url, document: { '@context': {} } };
  throw new Error(`no network in tests: ${url}`);
}

/** Every value under `key` anywhere in an expanded document. */
function valuesOf(node: unknown, key: string, out: unknown[] = []): unknown[] {
  if (Array.isArray(node)) for (const n of node) valuesOf(n, key, out);
  else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if (k === key) out.push(...(Array.isArray(v) ? v : [v]).map((x) => (x && typeof x === 'object' && '@value' in x ? x['@value'] : x)));
      valuesOf(v, key, out);
    }
  }
  return out;
}

describe('JSON-LD', () => {
  it('every key inside a yp: value carries the prefix (a JSON-LD processor drops the others)', () => {
    const unprefixed: string[] = [];
    const walk = (v: unknown, path: string) => {
      if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${path}[${i}]`));
      else if (v && typeof v === 'object')
        for (const [k, x] of Object.entries(v)) {
          if (k.startsWith('yp:')) walk(x, `${path}.${k}`);
          else unprefixed.push(`${path}.${k}`);
        }
    };
    for (const e of events) for (const [k, v] of Object.entries(e)) if (k.startsWith('yp:')) walk(v, `${String(e['yp:recordId'])}.${k}`);
    expect(unprefixed).toEqual([]);
  });

  it('expansion keeps certificate numbers, variety ids, supplier and stall USCCs, and the sensor report extension', async () => {
    const expanded = await jsonld.expand(buildEpcisDocument(ALL, ctx), { documentLoader });
    const yp = (local: string) => valuesOf(expanded, `${YP_NS}${local}`);
    expect(yp('number')).toEqual(['CN-1', 'TR 1/2']);
    expect(yp('type')).toEqual(['commitment', 'testReport']);
    expect(yp('categoryId')).toContain('vegetable');
    expect(yp('id')).toEqual(expect.arrayContaining(['V1', 'S1', 'ST1', 'ST2']));
    expect(yp('uscc')).toContain('91350100M000100Y43');
    expect(yp('item')).toEqual(expect.arrayContaining(['organophosphate', 'clenbuterol']));
    expect(yp('kind')).toContain('supplier');
    expect(yp('from')).toEqual(['2025-02-20']);
    // Standard fields come through with GS1's terms: the lot identifiers and the transformation.
    expect(valuesOf(expanded, 'https://ns.gs1.org/epcis/epcClass')).toEqual(expect.arrayContaining([{ '@id': 'urn:yipin-yima:lot:3059901000000012345' }]));
    expect(valuesOf(expanded, 'https://ns.gs1.org/epcis/transformationID')).toContainEqual({ '@id': 'urn:yipin-yima:transformation:010690123456789210A23' });
    // Nothing an event says under yp: is lost: each yp: key of the events is found expanded.
    const keys = new Set(events.flatMap((e) => Object.keys(e).filter((k) => k.startsWith('yp:') && e[k] !== null)));
    for (const k of keys) expect({ k, found: valuesOf(expanded, `${YP_NS}${k.slice(3)}`).length > 0 }).toEqual({ k, found: true });
  });
});

describe('yp: JSON Schema', () => {
  const schema = JSON.parse(readFileSync(join(root, 'resources/epcis/yp.schema.json'), 'utf8')) as Record<string, unknown>;
  const ajv = new Ajv({ allErrors: true, strict: false });
  ajv.addSchema(schema);
  const check = (def: string, value: unknown) => {
    const validate = ajv.getSchema(`urn:yipin-yima:epcis:schema#/definitions/${def}`)!;
    return validate(value) ? [] : validate.errors!.map((e) => `${e.instancePath} ${e.message}`);
  };
  const ypPart = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).filter(([k]) => k.startsWith('yp:')));

  it('describes the yp: parts of every event the mapping makes: top level, sensor reports, ILMD', () => {
    const problems: unknown[] = [];
    for (const e of events) {
      const id = e['yp:recordId'];
      const top = check('event', ypPart(e));
      if (top.length) problems.push({ id, top });
      if (e.ilmd) {
        const ilmd = check('dates', e.ilmd);
        if (ilmd.length) problems.push({ id, ilmd });
      }
      for (const el of (e.sensorElementList as { sensorReport: Record<string, unknown>[] }[] | undefined) ?? []) {
        for (const r of el.sensorReport) {
          const report = check('sensorReport', ypPart(r));
          if (report.length) problems.push({ id, report });
        }
      }
    }
    expect(problems).toEqual([]);
    expect(events.length).toBeGreaterThan(25);
  });

  it('refuses a misspelt field, an unprefixed nested key and a wrong value', () => {
    const [entry] = eventsFor(EVERY_KIND[0]!, ctx) as [EpcisEvent];
    expect(check('event', { ...ypPart(entry), 'yp:operater': '张三' })).not.toEqual([]);
    expect(check('event', { ...ypPart(entry), 'yp:supplier': { id: 'S1', 'yp:name': 'x', 'yp:uscc': null } })).not.toEqual([]);
    expect(check('event', { ...ypPart(entry), 'yp:outcome': 'maybe' })).not.toEqual([]);
    expect(check('event', ypPart(entry))).toEqual([]);
  });
});
