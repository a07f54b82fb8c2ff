import { createHmac } from 'node:crypto';
import type { HmacSha256 } from '../../../shared/domain/sampling';

/** node:crypto HMAC-SHA256 for the sampler's keyed score: the pure one cost more than the entry's writes. */
export const nodeHmacSha256: HmacSha256 = (key, message) => createHmac('sha256', key).update(message, 'utf8').digest();
