// epcis2.js ships no types for its node entry: just what the upload tests use.
declare module 'epcis2.js' {
  export function validateEpcisDocument(doc: unknown, throwError?: boolean): { success: boolean; errors: string[] };
}
