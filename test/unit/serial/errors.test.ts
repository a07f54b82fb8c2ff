import { describe, expect, it } from 'vitest';
import { classifySerialError } from '../../../drivers/serial/errors';

describe('serial error mapping', () => {
  it.each([
    ['Opening COM3: Access denied', 'busy'],
    ['Error Resource temporarily unavailable Cannot lock port', 'busy'],
    ['Error: EBUSY: resource busy or locked', 'busy'],
    ['Error: Permission denied, cannot open /dev/ttyUSB0', 'permission'],
    ['EACCES', 'permission'],
    ['Error: No such file or directory, cannot open /dev/ttyUSB0', 'notFound'],
    ['Opening COM9: File not found', 'notFound'],
    ['something else', 'other'],
  ])('%s → %s', (message, kind) => {
    expect(classifySerialError(new Error(message)).error).toBe(kind);
  });

  it('says what to do, and keeps the system text', () => {
    expect(classifySerialError(new Error('EACCES: /dev/ttyUSB0'))).toEqual({ error: 'permission', message: 'Linux: add the user to the dialout group (EACCES: /dev/ttyUSB0)' });
    expect(classifySerialError('plain text')).toEqual({ error: 'other', message: 'plain text' });
  });
});
