import { describe, expect, it } from 'vitest';
import { jobErrors } from '../../../electron/services/upload/captureJob';
import { classify, type PostResponse } from '../../../electron/services/upload/http';

const res = (status: number, body: unknown): PostResponse => ({ status, headers: {}, body: typeof body === 'string' ? body : JSON.stringify(body) });

describe('capture answers', () => {
  it('takes a 422 as "already received" only when the problem names the Idempotency-Key', () => {
    expect(classify(res(422, { type: 'https://example.com/idempotency-key-reused', title: 'Idempotency-Key is already used with a different payload' }), 0).kind).toBe('ok');
    expect(classify(res(422, { title: 'quantityList: unknown uom' }), 0)).toEqual({ kind: 'reject', status: 422, reason: 'HTTP 422 quantityList: unknown uom' });
  });

  it('retries a 409 that says the key is still being processed; any other 409 is "already captured"', () => {
    expect(classify(res(409, { title: 'A request with this Idempotency-Key is being processed' }), 0).kind).toBe('retry');
    expect(classify(res(409, { title: 'events already captured' }), 0).kind).toBe('ok');
  });

  it("words a failed capture job's errors from its problem objects", () => {
    expect(jobErrors([{ type: 'epcisException:ValidationException', title: 'bad uom', detail: 'event 2' }, { type: 'epcisException:CaptureLimitExceededException' }, 'plain'])).toBe(
      'bad uom: event 2; epcisException:CaptureLimitExceededException; plain',
    );
    expect(jobErrors(undefined)).toBe('no reason given');
  });
});
