import { createHash } from 'node:crypto';

/** node:crypto SHA-256 (hex) for event ids: the same digest as the pure default, much faster. */
export const nodeSha256Hex = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');
