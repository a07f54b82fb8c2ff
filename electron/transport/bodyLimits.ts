import type { MethodName } from '../../shared/contract';

const MB = 1024 * 1024;

/** Most calls are a few hundred bytes of JSON. */
export const DEFAULT_BODY_LIMIT = 1 * MB;

/**
 * Calls that carry photos or files, with room for all their contract allows: checkEntry up to ten
 * certificates with a 2,000,000-character photo each, disposeLot two photos, importUpload an
 * export file of up to 200 million characters (JSON-escaped inside the request).
 */
const LIMITS: Partial<Record<MethodName, number>> = {
  checkEntry: 25 * MB,
  disposeLot: 6 * MB,
  importUpload: 256 * MB,
};

/** The largest request body the loopback server reads for this method, in bytes. */
export function bodyLimit(method: string): number {
  return Object.hasOwn(LIMITS, method) ? LIMITS[method as MethodName]! : DEFAULT_BODY_LIMIT;
}

export const limitMb = (bytes: number) => Math.round(bytes / MB);
