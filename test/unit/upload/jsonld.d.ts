// jsonld ships no types: just what the upload tests use.
declare module 'jsonld' {
  type RemoteDocument = { contextUrl: string | null; documentUrl: string; document: unknown };
  const jsonld: { expand(input: unknown, options?: { documentLoader?: (url: string) => Promise<RemoteDocument> }): Promise<Record<string, unknown>[]> };
  export default jsonld;
}
