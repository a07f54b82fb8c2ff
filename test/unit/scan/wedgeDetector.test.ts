import { describe, expect, it } from 'vitest';
import { altCodeToChar, numpadDigit } from '../../../renderer/src/scan/altNumpad';
import { GS, WedgeDetector, type WedgeKeyRecord, type WedgeResult, type WedgeThresholds } from '../../../renderer/src/scan/wedgeDetector';

type Extra = Partial<Omit<WedgeKeyRecord, 'type' | 'key' | 'timeStamp'>>;

/** Plays keys into a detector on a synthetic clock and collects what comes out. */
class Keyboard {
  readonly det: WedgeDetector;
  t = 1000;
  results: WedgeResult[] = [];
  /** Keys whose default the page must not run. */
  consumed: string[] = [];
  /** Keydowns that opened a burst. */
  starts: string[] = [];

  constructor(thresholds: Partial<WedgeThresholds> = {}) {
    this.det = new WedgeDetector(thresholds);
  }

  private feed(type: 'keydown' | 'keyup', key: string, gap: number, extra: Extra): void {
    this.t += gap;
    const step = this.det.feed({
      type,
      key,
      code: '',
      altKey: false,
      ctrlKey: false,
      isComposing: false,
      keyCode: 0,
      timeStamp: this.t,
      ...extra,
    });
    this.results.push(...step.results);
    if (step.consume) this.consumed.push(key);
    if (step.burstStarted) this.starts.push(key);
  }

  down(key: string, gap: number, extra: Extra = {}): this {
    this.feed('keydown', key, gap, extra);
    return this;
  }

  up(key: string, gap: number, extra: Extra = {}): this {
    this.feed('keyup', key, gap, extra);
    return this;
  }

  type(text: string, gap: number): this {
    for (const ch of text) this.down(ch, gap);
    return this;
  }

  /** Holds Alt, types the decimal digits on the numpad, releases Alt (as a wedge does). */
  altCode(digits: string, gap: number): this {
    this.down('Alt', gap, { code: 'AltLeft', altKey: true });
    for (const d of digits) this.down(d, gap, { code: `Numpad${d}`, altKey: true });
    return this.up('Alt', gap, { code: 'AltLeft' });
  }

  wait(ms: number): this {
    this.t += ms;
    this.results.push(...this.det.tick(this.t));
    return this;
  }
}

const scan = (text: string, suffix = 'Enter'): WedgeResult => ({ kind: 'scan', text, suffix });

describe('WedgeDetector: what is a scan', () => {
  it('takes a scanner-speed burst ending in Enter as a scan and keeps Enter from the page', () => {
    const kb = new Keyboard().type('6901234567892', 5).down('Enter', 5).wait(1000);
    expect(kb.results).toEqual([scan('6901234567892')]);
    expect(kb.consumed).toEqual(['Enter']);
    expect(kb.starts).toEqual(['6']);
  });

  it('takes Tab as a terminator too, and scans with realistic jitter (1–20 ms)', () => {
    const kb = new Keyboard();
    const text = 'https://example.cn/01/06901234567892/10/A1?17=261231';
    [...text].forEach((ch, i) => kb.down(ch, [1, 20, 4, 12, 2][i % 5]!));
    kb.down('Tab', 3).wait(1000);
    expect(kb.results).toEqual([scan(text, 'Tab')]);
    expect(kb.consumed).toEqual(['Tab']);
  });

  it('uses only the configured suffixes', () => {
    const kb = new Keyboard({ suffixes: ['Enter'] }).type('ABCD1234', 5).down('Tab', 5).wait(1000);
    // Tab is then just a key that types nothing: the burst is not a clean scan.
    expect(kb.results).toEqual([{ kind: 'partial', text: 'ABCD1234' }]);
    expect(kb.consumed).toEqual([]);
  });

  it('never takes human typing for a scan, and leaves its keys and Enter to the page', () => {
    const kb = new Keyboard().type('12345678', 120).down('Enter', 120).wait(1000);
    expect(kb.results).toEqual([]);
    expect(kb.consumed).toEqual([]);
  });

  it('leaves a fast typist alone: two-key rollovers amid ordinary gaps', () => {
    const kb = new Keyboard();
    [90, 25, 140, 20, 100, 85, 30, 200].forEach((gap, i) => kb.down('hello wo'[i]!, gap));
    kb.down('Enter', 25).wait(1000);
    expect(kb.results).toEqual([]);
    expect(kb.consumed).toEqual([]);
  });

  it('finds a scan that arrives after human typing, without the typed characters', () => {
    const kb = new Keyboard().type('12', 150).wait(400).type('ABC-123/x', 8).down('Enter', 8).wait(1000);
    expect(kb.results).toEqual([scan('ABC-123/x')]);
    expect(kb.starts).toEqual(['1', '2', 'A']);
  });

  it('lets the person go on typing after a scan', () => {
    const kb = new Keyboard().type('6901234567892', 5).down('Enter', 5).type('3.5', 130).down('Enter', 150);
    expect(kb.results).toEqual([scan('6901234567892')]);
    expect(kb.consumed).toEqual(['Enter']);
  });

  it('requires minLength characters', () => {
    const short = new Keyboard().type('ABC', 5).down('Enter', 5).wait(1000);
    expect(short.results).toEqual([]);
    expect(short.consumed).toEqual([]);
    expect(new Keyboard().type('ABCD', 5).down('Enter', 5).results).toEqual([scan('ABCD')]);
    const long = new Keyboard({ minLength: 8 }).type('ABCDEFG', 5).down('Enter', 5).wait(1000);
    expect(long.results).toEqual([]);
  });

  it('judges the average gap as well as the largest', () => {
    const kb = new Keyboard();
    [...'ABCDEFGH'].forEach((ch, i) => kb.down(ch, i % 2 ? 70 : 5)); // all ≤ 80 ms, average 37.5 ms
    kb.down('Enter', 5).wait(1000);
    expect(kb.results).toEqual([]);
    const strict = new Keyboard({ maxAvgGapMs: 10 }).type('ABCDEFGH', 15).down('Enter', 15).wait(1000);
    expect(strict.results).toEqual([]);
    const lax = new Keyboard({ maxAvgGapMs: 60, maxGapMs: 100 }).type('ABCDEFGH', 50).down('Enter', 50);
    expect(lax.results).toEqual([scan('ABCDEFGH')]);
  });

  it('ignores modifier keydowns in the timing and takes shifted characters as their key value', () => {
    const kb = new Keyboard();
    for (const ch of 'Ab@C1') {
      if (ch !== ch.toLowerCase() || ch === '@') kb.down('Shift', 2, { code: 'ShiftLeft' });
      kb.down(ch, 3);
    }
    kb.down('Enter', 3);
    expect(kb.results).toEqual([scan('Ab@C1')]);
    expect(kb.starts).toEqual(['A']);
    // Shift keydowns are not keys of the burst: three letters stay below minLength.
    const short = new Keyboard();
    for (const ch of 'ABC') short.down('Shift', 2).down(ch, 2);
    short.down('Enter', 2).wait(1000);
    expect(short.results).toEqual([]);
  });

  it('takes AltGr (Ctrl+Alt) characters as text but Ctrl+letter as no text', () => {
    expect(new Keyboard().type('ab', 5).down('@', 5, { ctrlKey: true, altKey: true }).type('cd', 5).down('Enter', 5).results).toEqual([scan('ab@cd')]);
    const kb = new Keyboard().type('ab', 5).down('v', 5, { ctrlKey: true }).type('cd', 5).down('Enter', 5);
    expect(kb.results).toEqual([{ kind: 'partial', text: 'abcd' }]);
  });
});

describe('WedgeDetector: GS1 separators and Alt+numpad', () => {
  it('turns Alt+numpad decimal codes into characters (Alt+31508 = 笔)', () => {
    const kb = new Keyboard().type('LOT', 4);
    for (const ch of '笔记本') kb.altCode(ch === '笔' ? '31508' : String(ch.codePointAt(0)), 3);
    kb.type('A1', 4).down('Enter', 4).wait(1000);
    expect(kb.results).toEqual([scan('LOT笔记本A1')]);
    // The page never sees the Alt-coded digits, nor the Alt release that types their character.
    expect(kb.consumed.filter((k) => k === 'Alt')).toHaveLength(3);
    expect(kb.consumed.filter((k) => /^[0-9]$/.test(k))).toHaveLength(5 + 5 + 5);
  });

  it('reads GS sent as Alt+029 or Alt+29 inside a GS1 element string', () => {
    const kb = new Keyboard().type(']C1010690123456789210LOT7', 2).altCode('029', 2).type('17261231', 2).down('Enter', 2);
    expect(kb.results).toEqual([scan(`]C1010690123456789210LOT7${GS}17261231`)]);
    const short = new Keyboard().type('10LOT7', 2).altCode('29', 2).type('21S9', 2).down('Enter', 2);
    expect(short.results).toEqual([scan(`10LOT7${GS}21S9`)]);
  });

  it('reads GS sent as Ctrl+] and keeps the literal text 029 verbatim', () => {
    const kb = new Keyboard().type('10LOT7', 3).down(']', 3, { ctrlKey: true, code: 'BracketRight' }).type('21S9', 3).down('Enter', 3);
    expect(kb.results).toEqual([scan(`10LOT7${GS}21S9`)]);
    expect(kb.consumed).toEqual([']', 'Enter']);
    // Layouts where Ctrl+] reports another key still have the physical code.
    const other = new Keyboard().type('10LOT7', 3).down('\u001d', 3, { ctrlKey: true, code: 'BracketRight' }).type('21S9', 3).down('Enter', 3);
    expect(other.results).toEqual([scan(`10LOT7${GS}21S9`)]);
    expect(new Keyboard().type('10LOT7029' + '21S9', 3).down('Enter', 3).results).toEqual([scan('10LOT702921S9')]);
  });

  it('restarts an Alt code on each Alt press and drops it when another key comes under Alt', () => {
    const kb = new Keyboard().type('ABCD', 3);
    kb.down('Alt', 3, { altKey: true }).down('1', 3, { code: 'Numpad1', altKey: true });
    kb.down('Alt', 3, { altKey: true }).down('6', 3, { code: 'Numpad6', altKey: true }).down('5', 3, { code: 'Numpad5', altKey: true });
    kb.up('Alt', 3).type('E', 3).down('Enter', 3);
    expect(kb.results).toEqual([scan('ABCDAE')]);
  });

  it('maps numpad codes and Alt codes', () => {
    expect(numpadDigit('Numpad7')).toBe('7');
    expect(numpadDigit('Digit7')).toBeUndefined();
    expect(numpadDigit('NumpadEnter')).toBeUndefined();
    expect(altCodeToChar('31508')).toBe('笔');
    expect(altCodeToChar('029')).toBe(GS);
    expect(altCodeToChar('134071')).toBe('𠮷');
    expect(altCodeToChar('55296')).toBe('\uFFFD'); // a lone surrogate
    expect(altCodeToChar('9999999')).toBe('\uFFFD');
  });
});

describe('WedgeDetector: broken and swallowed scans', () => {
  it('warns instead of scanning when a Chinese IME swallows the keys (key Process / keyCode 229)', () => {
    const kb = new Keyboard();
    for (let i = 0; i < 12; i++) kb.down('Process', 5, { keyCode: 229, isComposing: i > 0 });
    kb.down('Process', 5, { keyCode: 229, isComposing: true }); // the Enter, eaten by the IME
    kb.wait(1000);
    expect(kb.results).toEqual([{ kind: 'ime' }]);
  });

  it('discards a burst the IME joined midway, even with a real Enter at the end', () => {
    const kb = new Keyboard().type('6901', 5);
    kb.det.compositionStart();
    kb.down('a', 5, { isComposing: true }).type('bc', 5).down('Enter', 5);
    expect(kb.results).toEqual([{ kind: 'ime' }]);
    expect(kb.consumed).toEqual(['Enter']);
  });

  it('stays quiet when a person types pinyin through the IME', () => {
    const kb = new Keyboard();
    for (const gap of [150, 20, 130, 160, 110, 140]) kb.down('Process', gap, { keyCode: 229, isComposing: true });
    kb.det.compositionStart();
    kb.down('Process', 25, { keyCode: 229, isComposing: true }).wait(1000);
    expect(kb.results).toEqual([]);
  });

  it('reports a fast burst without terminator as partial once it has been quiet for the timeout', () => {
    const kb = new Keyboard().type('69012345', 5);
    expect(kb.det.deadline()).toBe(kb.t + 150);
    kb.wait(149);
    expect(kb.results).toEqual([]);
    kb.wait(1);
    expect(kb.results).toEqual([{ kind: 'partial', text: '69012345' }]);
    expect(kb.det.deadline()).toBeUndefined();
  });

  it('reports the partial even if no tick came before the next burst', () => {
    const kb = new Keyboard().type('69012345', 5);
    kb.t += 400;
    kb.type('6901234567892', 5).down('Enter', 5);
    expect(kb.results).toEqual([{ kind: 'partial', text: '69012345' }, scan('6901234567892')]);
  });

  it('splits at a single gap over maxGapMs: a stalled scan is one partial, never a scan of its tail', () => {
    // One 100 ms stall in the middle of a scan.
    const stalled = new Keyboard().type('690123', 5).down('4', 100).type('567892', 5).down('Enter', 5).wait(1000);
    expect(stalled.results).toEqual([{ kind: 'partial', text: '6901234567892' }]);
    expect(stalled.consumed).toEqual(['Enter']); // the rest of the broken scan still stays off the page
    expect(stalled.starts).toEqual(['6']);

    const stallBeforeEnter = new Keyboard().type('6901234567892', 5).down('Enter', 120);
    expect(stallBeforeEnter.results).toEqual([{ kind: 'partial', text: '6901234567892' }]);
    expect(stallBeforeEnter.consumed).toEqual(['Enter']);

    const custom = new Keyboard({ maxGapMs: 120, partialTimeoutMs: 300 }).type('690123', 5).down('4', 100).type('567892', 5).down('Enter', 5);
    expect(custom.results).toEqual([scan('6901234567892')]);
  });

  it('refuses the tail of a scan that stalled past the timeout, yet takes a rescan after the warning', () => {
    // 400 ms stall: the head times out as partial; the tail arrives fast with Enter.
    const kb = new Keyboard().type('0106901234567892', 5).wait(400).type('10HOLD1', 5).down('Enter', 5);
    expect(kb.results).toEqual([
      { kind: 'partial', text: '0106901234567892' },
      { kind: 'partial', text: '10HOLD1' },
    ]);
    expect(kb.consumed).toEqual(['Enter']);
    // Staff rescan once the warning shows; an Enter-terminated partial leaves no tail to guard.
    kb.wait(300).type('0106901234567892', 5).down('Enter', 5);
    expect(kb.results.at(-1)).toEqual(scan('0106901234567892'));
    // A person typing soon after a broken scan is still left alone.
    const human = new Keyboard().type('ABCDEF', 5).wait(200).type('3.5', 130).down('Enter', 130).wait(1000);
    expect(human.results).toEqual([{ kind: 'partial', text: 'ABCDEF' }]);
    expect(human.consumed).toEqual([]);
  });

  it('splits cleanly after a short fast head (key rollover) so the scan that follows stands alone', () => {
    const kb = new Keyboard().type('th', 15).down('A', 100).type('BCD1234', 5).down('Enter', 5);
    expect(kb.results).toEqual([scan('ABCD1234')]);
    expect(kb.starts).toEqual(['t', 'A']);
  });

  it('reports a burst interrupted by a key that types nothing as partial', () => {
    const kb = new Keyboard().type('6901', 5).down('ArrowLeft', 5).type('234567892', 5).down('Enter', 5);
    expect(kb.results).toEqual([{ kind: 'partial', text: '6901234567892' }]);
  });
});

describe('WedgeDetector: a label QR over several lines', () => {
  const LABEL = ['一品一码 YP1', '码 3050102000000000017', '量 2.350 公斤', '日 2026-11-25', '发 鲤城市场 2号摊', '签 Zm9vYmFy'].join('\n');

  /** Types text as a wedge does: ASCII as keys, Chinese as Alt+numpad codes, line breaks as Enter. */
  function wedge(kb: Keyboard, text: string, gap = 4): Keyboard {
    for (const ch of text) {
      if (ch === '\n') kb.down('Enter', gap);
      else if (ch.charCodeAt(0) < 128) kb.down(ch, gap);
      else kb.altCode(String(ch.codePointAt(0)), gap);
    }
    return kb;
  }

  it('reads the whole payload with its line breaks as one scan, ended by the idle gap after the last Enter', () => {
    const kb = wedge(new Keyboard(), LABEL).down('Enter', 4);
    // Each line break was the scanner's, not the page's, and nothing is delivered before the gap.
    expect(kb.consumed.filter((k) => k === 'Enter')).toHaveLength(6);
    expect(kb.results).toEqual([]);
    kb.wait(149);
    expect(kb.results).toEqual([]);
    kb.wait(1);
    expect(kb.results).toEqual([scan(LABEL)]);
  });

  it('still ends a one-line code at its Enter, with no wait', () => {
    const kb = new Keyboard().type('3050102000000000017', 4).down('Enter', 4);
    expect(kb.results).toEqual([scan('3050102000000000017')]);
  });

  it('reports a payload that breaks off mid-line as partial, never a scan', () => {
    const cut = LABEL.slice(0, LABEL.indexOf('日') + 6);
    const kb = wedge(new Keyboard(), cut).wait(1000);
    expect(kb.results).toEqual([{ kind: 'partial', text: cut }]);
  });

  it('reports a payload that stalls between lines as partial', () => {
    const [first, ...rest] = LABEL.split('\n');
    const kb = wedge(new Keyboard(), `${first}\n`);
    kb.t += 100; // a gap over maxGapMs, under the idle timeout
    wedge(kb, `${rest.join('\n')}\n`).wait(1000);
    expect(kb.results).toEqual([{ kind: 'partial', text: LABEL }]);
  });

  it('joins lines only after the label header: other text ends at its Enter as before', () => {
    const kb = new Keyboard().type('YP1 3050102000000000017', 4).down('Enter', 4).type('3050102000000000025', 4).down('Enter', 4);
    expect(kb.results).toEqual([scan('YP1 3050102000000000017'), scan('3050102000000000025')]);
  });

  it('takes no header list when configured without one', () => {
    const kb = wedge(new Keyboard({ multiLineHeaders: [] }), LABEL)
      .down('Enter', 4)
      .wait(1000);
    expect(kb.results.map((r) => r.kind === 'scan' && r.text)).toEqual(LABEL.split('\n'));
  });
});
