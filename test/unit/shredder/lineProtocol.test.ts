import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LineDecoder, MAX_LINE_BYTES, checksum, encodeLine, type BoxMessage } from '../../../drivers/shredder/lineProtocol';

const bytes = (s: string) => Buffer.from(s, 'latin1');

/** Feeds `input` in random 1–3 byte chunks (seeded, so a failure replays). */
function feedChunked(decoder: LineDecoder, input: Uint8Array, seed: number): BoxMessage[] {
  const out: BoxMessage[] = [];
  let state = seed;
  for (let i = 0; i < input.length;) {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    const n = 1 + (state % 3);
    out.push(...decoder.push(input.subarray(i, i + n)));
    i += n;
  }
  return out;
}

const session =
  'HB,1000,0,0*' +
  checksum('HB,1000,0,0') +
  '\r\n' +
  'RUN,START,1,1500*' +
  checksum('RUN,START,1,1500') +
  '\r\n' +
  'HB,2000,1,1\n' + // no checksum, LF only: accepted by default
  'RUN,STOP,1,4500,3000*' +
  checksum('RUN,STOP,1,4500,3000') +
  '\r\n' +
  'ERR,E7,jam, reverse motor\r\n';

const expected: BoxMessage[] = [
  { type: 'heartbeat', uptimeMs: 1000, counter: 0, running: false, checksummed: true },
  { type: 'start', counter: 1, uptimeMs: 1500, checksummed: true },
  { type: 'heartbeat', uptimeMs: 2000, counter: 1, running: true, checksummed: false },
  { type: 'stop', counter: 1, uptimeMs: 4500, durationMs: 3000, checksummed: true },
  { type: 'error', code: 'E7', text: 'jam, reverse motor', checksummed: false },
];

describe('line protocol', () => {
  it('checksum is the XOR of the body, two upper-case hex digits', () => {
    // R^U^N = 0x52^0x55^0x4E = 0x49
    expect(checksum('RUN')).toBe('49');
    expect(encodeLine('RUN,START,1,1500')).toBe(`RUN,START,1,1500*${checksum('RUN,START,1,1500')}\r\n`);
    expect(encodeLine('HB,5,0,0', false)).toBe('HB,5,0,0\r\n');
  });

  it('the example in docs/shredder.md decodes', () => {
    expect(new LineDecoder(true).push(bytes('HB,1000,0,0*27\r\nRUN,START,1,1500*10\r\nRUN,STOP,1,4500,3000*62\r\n'))).toEqual([
      { type: 'heartbeat', uptimeMs: 1000, counter: 0, running: false, checksummed: true },
      { type: 'start', counter: 1, uptimeMs: 1500, checksummed: true },
      { type: 'stop', counter: 1, uptimeMs: 4500, durationMs: 3000, checksummed: true },
    ]);
  });

  it('decodes literal lines fed whole', () => {
    const decoder = new LineDecoder();
    expect(decoder.push(bytes(session))).toEqual(expected);
    expect(decoder.stats).toEqual({ lines: 5, badChecksum: 0, missingChecksum: 0, malformed: 0, overflow: 0 });
    expect(decoder.buffered).toBe(0);
  });

  it('decodes the same lines in random 1–3 byte chunks', () => {
    for (let seed = 1; seed <= 50; seed++) {
      expect(feedChunked(new LineDecoder(), bytes(session), seed)).toEqual(expected);
    }
  });

  it('drops and counts a line with a bad checksum; lower-case hex is fine', () => {
    const decoder = new LineDecoder();
    const good = checksum('RUN,START,2,10');
    const bad = good === '00' ? '01' : '00';
    expect(decoder.push(bytes(`RUN,START,2,10*${bad}\r\nRUN,START,2,10*${good.toLowerCase()}\r\n`))).toEqual([{ type: 'start', counter: 2, uptimeMs: 10, checksummed: true }]);
    expect(decoder.stats.badChecksum).toBe(1);
  });

  it('with requireChecksum, a line without one is dropped and counted', () => {
    const decoder = new LineDecoder(true);
    expect(decoder.push(bytes('RUN,START,1,10\r\n'))).toEqual([]);
    expect(decoder.stats.missingChecksum).toBe(1);
    expect(decoder.push(bytes(encodeLine('RUN,START,1,10')))).toHaveLength(1);
  });

  it('skips leading glitch bytes, drops malformed lines, ignores blank lines', () => {
    const decoder = new LineDecoder();
    const input = Buffer.concat([Buffer.from([0x00, 0xff, 0x00]), bytes(encodeLine('RUN,START,3,99')), bytes('RUN,START,x,1\r\nRUN,STOP,1,2\r\nHB,1,2,7\r\nRU\x01N,START,1,1\r\n\r\n\n')]);
    expect(decoder.push(input)).toEqual([{ type: 'start', counter: 3, uptimeMs: 99, checksummed: true }]);
    expect(decoder.stats).toMatchObject({ lines: 5, malformed: 4 });
  });

  it('discards an overlong line up to its end and resynchronises', () => {
    const decoder = new LineDecoder();
    const junk = 'A'.repeat(MAX_LINE_BYTES * 3);
    expect(decoder.push(bytes(junk))).toEqual([]);
    expect(decoder.buffered).toBeLessThanOrEqual(MAX_LINE_BYTES);
    expect(decoder.push(bytes(`RUN,START,1,1\r\n${encodeLine('RUN,START,1,1')}`))).toEqual([{ type: 'start', counter: 1, uptimeMs: 1, checksummed: true }]);
    expect(decoder.stats.overflow).toBe(1);
  });

  it('fuzz: never throws, stays bounded, random noise never yields a run, and a valid line after noise still decodes', () => {
    const line = encodeLine('RUN,STOP,7,5000,1200');
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 40 }), { maxLength: 12 }), (chunks) => {
        const decoder = new LineDecoder(true);
        for (const chunk of chunks) {
          const out = decoder.push(chunk);
          // Without a valid checksum nothing gets through; random bytes hitting one is ~never.
          expect(out.filter((m) => m.type === 'start' || m.type === 'stop')).toEqual([]);
          expect(decoder.buffered).toBeLessThanOrEqual(MAX_LINE_BYTES);
        }
        // A line end closes whatever the noise left, then the real line decodes.
        expect(decoder.push(bytes(`\n${line}`))).toEqual([{ type: 'stop', counter: 7, uptimeMs: 5000, durationMs: 1200, checksummed: true }]);
      }),
      { numRuns: 10_000 },
    );
  });
});
