import { describe, expect, it } from 'vitest';
import { rankCandidates, Tally } from '../../../drivers/scale/autodetect';
import { DETECTABLE_PROTOCOLS, protocolById } from '../../../drivers/scale/protocols';
import type { SimState } from '../../../drivers/scale/types';
import { concat, prng, state } from './helpers';

/** What detection hears at one baud rate when `sender` sends these states, fed to every protocol in 1–3-byte chunks. */
function hear(senderId: string, states: SimState[], seed = 1) {
  const sender = protocolById(senderId)!;
  const data = concat(...states.map((s) => sender.encode(s)));
  const tallies = DETECTABLE_PROTOCOLS.filter((p) => !p.poll).map((p) => new Tally(p, 9600));
  const rand = prng(seed);
  for (let i = 0; i < data.length;) {
    const n = 1 + Math.floor(rand() * 3);
    for (const t of tallies) t.push(data.subarray(i, i + n));
    i += n;
  }
  return tallies.map((t) => t.heard());
}
const ids = (c: ReturnType<typeof rankCandidates>) => c.map((x) => x.protocol.id);
const many = (kg: number, n = 8) => Array.from({ length: n }, () => state({ kg }));

describe('auto-detection ranking', () => {
  it('Toledo with checksum: the variant that verifies every checksum comes first, no tie', () => {
    const ranked = rankCandidates(hear('toledo-continuous-chk', many(1.234)));
    expect(ids(ranked).slice(0, 2)).toEqual(['toledo-continuous-chk', 'toledo-continuous']);
    expect(ranked.some((c) => c.ambiguous)).toBe(false);
  });

  it('Toledo with checksum still wins when the listening window cut off its last checksum byte', () => {
    const heard = hear('toledo-continuous-chk', many(1.234));
    const chk = heard.find((c) => c.protocol.id === 'toledo-continuous-chk')!;
    const cut = heard.map((c) => (c === chk ? { ...c, frames: c.frames - 1, readings: c.readings.slice(1) } : c));
    expect(ids(rankCandidates(cut))[0]).toBe('toledo-continuous-chk');
  });

  it('Toledo without checksum: the checksum variant fails and is dropped', () => {
    const ranked = rankCandidates(
      hear(
        'toledo-continuous',
        [1.234, 2.5, 0.75, 10].map((kg) => state({ kg })),
      ),
    );
    expect(ids(ranked)).toEqual(['toledo-continuous']);
  });

  it('耀华 "=" at a weight both orders read (10 kg): both orders proposed, marked ambiguous, with what each reads', () => {
    const ranked = rankCandidates(hear('yaohua-equals-reversed', many(10)));
    expect(ranked.map((c) => [c.protocol.id, c.ambiguous, c.readings.at(-1)])).toEqual([
      ['yaohua-equals-reversed', true, 10],
      ['yaohua-equals-normal', true, 0.01],
    ]);
  });

  it('耀华 "=" on an empty plate cannot be told either: ambiguous', () => {
    expect(rankCandidates(hear('yaohua-equals-normal', many(0))).every((c) => c.ambiguous)).toBe(true);
  });

  it('a known weight keeps only the order that reads it', () => {
    const heard = hear('yaohua-equals-reversed', many(10));
    expect(rankCandidates(heard, 10).map((c) => [c.protocol.id, c.ambiguous])).toEqual([['yaohua-equals-reversed', false]]);
    expect(rankCandidates(hear('yaohua-equals-normal', many(120)), 120).map((c) => c.protocol.id)).toEqual(['yaohua-equals-normal']);
    expect(rankCandidates(heard, 3)).toEqual([]);
  });

  it('耀华 "=" with a weight only one order reads: that order alone, not ambiguous', () => {
    for (const id of ['yaohua-equals-reversed', 'yaohua-equals-normal']) {
      const ranked = rankCandidates(hear(id, many(1.234)));
      expect(ranked.map((c) => [c.protocol.id, c.ambiguous])).toEqual([[id, false]]);
    }
  });

  it('a tie that reads the same weights is no ambiguity: the protocol listed first stays ahead', () => {
    const ranked = rankCandidates(hear('ascii-st-gs', many(1.5)));
    expect(ids(ranked)).toEqual(['ascii-st-gs', 'ascii-st-gs-utf8']);
    expect(ranked.some((c) => c.ambiguous)).toBe(false);
  });
});
