import { describe, expect, it } from 'vitest';
import { orderHint, yaohuaEquals } from '../../../drivers/scale/protocols/yaohuaEquals';
import { bytes, decodeAll, prng, pushChunked, readings, state } from './helpers';

const kgs = (events: ReturnType<typeof decodeAll>) => readings(events).map((e) => (e.kind === 'reading' ? e.kg : NaN));

describe('Yaohua "=" formats', () => {
  it('reversed: `=000.3000` is 3.000; normal: `=0003.000` is 3.000', () => {
    expect(kgs(decodeAll(yaohuaEquals('kg', 'reversed'), bytes('=000.3000=')))).toEqual([3]);
    expect(kgs(decodeAll(yaohuaEquals('kg', 'normal'), bytes('=0003.000=')))).toEqual([3]);
  });

  it('has no stability flag', () => {
    expect(decodeAll(yaohuaEquals('kg', 'reversed'), bytes('=000.3000='))).toEqual([{ kind: 'reading', kg: 3, value: 3, unit: 'kg', net: false, stable: null }]);
  });

  it('a trailing `-` is the sign: under zero', () => {
    expect(decodeAll(yaohuaEquals('kg', 'reversed'), bytes('=005.0000-='))).toEqual([{ kind: 'underload' }]);
    expect(decodeAll(yaohuaEquals('kg', 'normal'), bytes('=0000.500-='))).toEqual([{ kind: 'underload' }]);
  });

  it('orderHint reads the zero padding', () => {
    expect(orderHint('532.1000')).toBe('reversed');
    expect(orderHint('0001.235')).toBe('normal');
    expect(orderHint('000.3000')).toBeNull();
    expect(orderHint('0000.000')).toBeNull();
  });

  it('auto-detects reversed order from the data; ambiguous frames wait rather than guess', () => {
    // 3.000 alone cannot tell 3.000 (reversed) from 0.3 (normal): nothing until 1.235 settles it.
    const stream = bytes('=000.3000=000.3000=532.1000=532.1000=000.3000=');
    expect(kgs(decodeAll(yaohuaEquals(), stream))).toEqual([1.235, 3]);
  });

  it('auto-detects normal order from the data', () => {
    expect(kgs(decodeAll(yaohuaEquals(), bytes('=0003.000=0001.235=0001.235=0003.000=')))).toEqual([1.235, 3]);
  });

  it('zero reads the same either way, so it is reported before the order is known', () => {
    expect(kgs(decodeAll(yaohuaEquals(), bytes('=0000.000=0.000000=')))).toEqual([0, 0]);
  });

  it('auto-detection settles the same way whatever the chunking', () => {
    const p = yaohuaEquals();
    const data = new Uint8Array([...Array(20)].flatMap((_, i) => [...p.encode(state({ kg: 1 + i / 1000 }))]).concat([0x3d]));
    const whole = decodeAll(p, data);
    expect(kgs(whole).slice(-1)).toEqual([1.019]);
    expect(pushChunked(p.createDecoder(), data, prng(9))).toEqual(whole);
  });
});
