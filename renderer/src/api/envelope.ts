import { ApiError, type ApiErrorShape } from '../../../shared/contract';

/** What both transports answer with (mirrors the dispatcher's Envelope, which the renderer may not import). */
export type Envelope = { ok: true; value: unknown } | { ok: false; error: ApiErrorShape };

export function unwrap<T>(envelope: Envelope): T {
  if (envelope.ok) return envelope.value as T;
  throw ApiError.from(envelope.error);
}
