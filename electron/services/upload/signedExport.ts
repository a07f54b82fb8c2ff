/**
 * The signature of an upload export file: the exporting station's Ed25519 signature in the
 * header member `yp:signature` = `{ alg: "Ed25519", station, value }` (value base64url).
 *
 * What is signed: the UTF-8 bytes of the document as the file holds them, without that one
 * member — `JSON.stringify` of the document (compact, members in the order written) before the
 * signature was added. The exporter writes the file as `JSON.stringify` of the signed document,
 * so the signed bytes are the file's bytes with `,"yp:signature":{…}` cut out. The importer
 * parses the file, takes the member out and serialises what it parsed the same way: any changed
 * value, added or dropped member changes those bytes. (A file only re-indented by an editor
 * still verifies: every value is the same.)
 */
export const SIGNATURE_KEY = 'yp:signature';

export interface ExportSignature {
  alg: 'Ed25519';
  /** The station whose key signed (its own key, or one imported on 本站 for another station). */
  station: string;
  value: string;
}

type Doc = { epcisHeader: Record<string, unknown> } & Record<string, unknown>;

/** The file text of `doc` signed by `sign` (which returns base64url over the UTF-8 of its text). */
export function signedFileText(doc: Doc, station: string, sign: (text: string) => string): string {
  const value = sign(JSON.stringify(doc));
  const signature: ExportSignature = { alg: 'Ed25519', station, value };
  return JSON.stringify({ ...doc, epcisHeader: { ...doc.epcisHeader, [SIGNATURE_KEY]: signature } });
}

/** The signature member of a parsed file, null when there is none or it is not one of ours. */
export function signatureOf(doc: Doc): ExportSignature | null {
  const s = doc.epcisHeader[SIGNATURE_KEY] as Partial<ExportSignature> | undefined;
  if (!s || typeof s !== 'object' || s.alg !== 'Ed25519' || typeof s.station !== 'string' || s.station.length > 32 || typeof s.value !== 'string' || !s.value) return null;
  return { alg: s.alg, station: s.station, value: s.value };
}

/** The bytes the signature of a parsed file covers (see above). */
export function signedBytes(doc: Doc): string {
  const { [SIGNATURE_KEY]: _signature, ...header } = doc.epcisHeader;
  return JSON.stringify({ ...doc, epcisHeader: header });
}
