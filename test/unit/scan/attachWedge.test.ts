// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { attachWedge, type AttachWedgeOptions } from '../../../renderer/src/scan/attachWedge';
import { SimulatedKeyboard } from './simulatedKeyboard';

let kb: SimulatedKeyboard;
let detach: (() => void) | undefined;
const onScan = vi.fn();
const onIme = vi.fn();
const onPartial = vi.fn();

function attach(options: AttachWedgeOptions = {}): void {
  detach = attachWedge(document, { now: kb.now, ...options }, { onScan, onIme, onPartial });
}

function field<T extends HTMLInputElement | HTMLTextAreaElement>(html: string): T {
  document.body.innerHTML = html;
  const el = document.querySelector<T>('input, textarea')!;
  el.focus();
  return el;
}

beforeEach(() => {
  vi.useFakeTimers();
  kb = new SimulatedKeyboard(document);
  onScan.mockReset();
  onIme.mockReset();
  onPartial.mockReset();
});

afterEach(() => {
  detach?.();
  detach = undefined;
  document.body.innerHTML = '';
  vi.useRealTimers();
});

describe('attachWedge', () => {
  it('takes a scan typed into a focused input back out and keeps its Enter from the page', () => {
    attach();
    const input = field<HTMLInputElement>('<form><input value="abc"></form>');
    input.setSelectionRange(1, 2);
    const submitted = vi.fn((e: Event) => e.preventDefault());
    input.form!.addEventListener('submit', submitted);
    const seen: string[] = [];
    input.addEventListener('keydown', (e) => seen.push(e.key));
    const inputEvents = vi.fn();
    input.addEventListener('input', inputEvents);

    kb.type('6901234567892', 5);
    expect(input.value).toBe('a6901234567892c'); // the characters did land while it was undecided
    const enter = kb.press({ key: 'Enter' }, 5);

    expect(onScan).toHaveBeenCalledExactlyOnceWith('6901234567892', 'wedge');
    expect(input.value).toBe('abc');
    expect([input.selectionStart, input.selectionEnd]).toEqual([1, 2]);
    expect(inputEvents).toHaveBeenCalledTimes(13 + 1); // one per character, then the restore
    expect(enter.defaultPrevented).toBe(true);
    expect(submitted).not.toHaveBeenCalled();
    expect(seen).not.toContain('Enter'); // nor does the input's own key handler see it
    expect(kb.defaults).not.toContain('Enter');
  });

  it('leaves human typing and its Enter alone', () => {
    attach();
    const input = field<HTMLInputElement>('<form><input></form>');
    const submitted = vi.fn((e: Event) => e.preventDefault());
    input.form!.addEventListener('submit', submitted);

    kb.type('12.5', 120);
    const enter = kb.press({ key: 'Enter' }, 120);
    vi.advanceTimersByTime(1000);

    expect(input.value).toBe('12.5');
    expect(enter.defaultPrevented).toBe(false);
    expect(submitted).toHaveBeenCalledOnce();
    expect(onScan).not.toHaveBeenCalled();
    expect(onPartial).not.toHaveBeenCalled();
  });

  it('keeps what the person typed when a scan follows in the same field', () => {
    attach();
    const input = field<HTMLInputElement>('<input>');
    kb.type('Zhang', 130);
    kb.t += 500;
    kb.type('ABCD-1234', 6);
    kb.press({ key: 'Enter' }, 6);
    expect(input.value).toBe('Zhang');
    expect(onScan).toHaveBeenCalledExactlyOnceWith('ABCD-1234', 'wedge');
  });

  it('works in a textarea and with Tab, which then does not move focus', () => {
    attach();
    const area = field<HTMLTextAreaElement>('<textarea>note\n</textarea><button>ok</button>');
    area.setSelectionRange(5, 5);
    kb.type('https://example.cn/01/06901234567892', 3);
    const tab = kb.press({ key: 'Tab' }, 3);
    expect(tab.defaultPrevented).toBe(true);
    expect(area.value).toBe('note\n');
    expect(onScan).toHaveBeenCalledExactlyOnceWith('https://example.cn/01/06901234567892', 'wedge');
  });

  it('hears scans whatever has focus: a button, or nothing', () => {
    attach();
    document.body.innerHTML = '<button>确认</button>';
    const button = document.querySelector('button')!;
    button.focus();
    const clicked = vi.fn();
    button.addEventListener('keydown', (e) => e.key === 'Enter' && clicked());
    kb.type('6901234567892', 4);
    expect(kb.press({ key: 'Enter' }, 4).defaultPrevented).toBe(true);
    expect(clicked).not.toHaveBeenCalled();

    button.blur();
    kb.t += 1000;
    kb.type('6920000000008', 4);
    kb.press({ key: 'Enter' }, 4);
    expect(onScan.mock.calls).toEqual([
      ['6901234567892', 'wedge'],
      ['6920000000008', 'wedge'],
    ]);
  });

  it('reports a burst that never gets its terminator as partial after the timeout and takes it out', () => {
    attach();
    const input = field<HTMLInputElement>('<input value="5">');
    input.setSelectionRange(1, 1);
    kb.type('690123456', 5);
    kb.t += 149;
    vi.advanceTimersByTime(149);
    expect(onPartial).not.toHaveBeenCalled();
    kb.t += 1;
    vi.advanceTimersByTime(1);
    expect(onPartial).toHaveBeenCalledOnce();
    expect(input.value).toBe('5');
    expect(onScan).not.toHaveBeenCalled();
  });

  it('keeps Alt+numpad and Ctrl+] from the page and reads them into the scan', () => {
    attach();
    const input = field<HTMLInputElement>('<input>');
    kb.type('10LOT', 3);
    kb.press({ key: 'Alt', code: 'AltLeft', altKey: true }, 3);
    const digits = [...'31508'].map((d) => kb.press({ key: d, code: `Numpad${d}`, altKey: true }, 3));
    kb.t += 3;
    const altUp = new KeyboardEvent('keyup', { key: 'Alt', code: 'AltLeft', bubbles: true, cancelable: true });
    input.dispatchEvent(altUp);
    const ctrl = kb.press({ key: ']', code: 'BracketRight', ctrlKey: true }, 3);
    kb.type('21S9', 3);
    kb.press({ key: 'Enter' }, 3);

    expect(digits.every((e) => e.defaultPrevented)).toBe(true);
    expect(altUp.defaultPrevented).toBe(true);
    expect(ctrl.defaultPrevented).toBe(true);
    expect(onScan).toHaveBeenCalledExactlyOnceWith('10LOT笔\u001d21S9', 'wedge');
    expect(input.value).toBe('');
  });

  it('warns about an IME and removes what it committed once composition ends', () => {
    attach();
    const input = field<HTMLInputElement>('<input value="备注">');
    input.setSelectionRange(2, 2);
    input.dispatchEvent(new CompositionEvent('compositionstart', { bubbles: true }));
    for (let i = 0; i < 8; i++) kb.press({ key: 'Process', keyCode: 229, isComposing: true }, 5);
    kb.t += 200;
    vi.advanceTimersByTime(200);
    expect(onIme).toHaveBeenCalledOnce();
    expect(onScan).not.toHaveBeenCalled();
    expect(onPartial).not.toHaveBeenCalled();

    // The IME commits its letters when composition ends; the restore waits for that.
    input.dispatchEvent(new CompositionEvent('compositionend', { bubbles: true, data: 'abcdefgh' }));
    kb.insert(input, 'abcdefgh');
    expect(input.value).toBe('备注abcdefgh');
    vi.advanceTimersByTime(0);
    expect(input.value).toBe('备注');
  });

  it('honours configured thresholds', () => {
    attach({ minLength: 14 });
    field<HTMLInputElement>('<input>');
    kb.type('6901234567892', 5);
    expect(kb.press({ key: 'Enter' }, 5).defaultPrevented).toBe(false);
    expect(onScan).not.toHaveBeenCalled();
  });

  it('stops listening when detached', () => {
    attach();
    const input = field<HTMLInputElement>('<input>');
    detach!();
    detach = undefined;
    kb.type('6901234567892', 5);
    expect(kb.press({ key: 'Enter' }, 5).defaultPrevented).toBe(false);
    expect(input.value).toBe('6901234567892');
    expect(onScan).not.toHaveBeenCalled();
  });
});

describe('attachWedge on its own clock (event.timeStamp)', () => {
  beforeEach(() => {
    vi.useRealTimers();
  });

  it('detects a scan dispatched at machine speed and times out a partial', async () => {
    detach = attachWedge(document, {}, { onScan, onIme, onPartial });
    const input = field<HTMLInputElement>('<input>');
    kb.type('6901234567892', 0);
    kb.press({ key: 'Enter' }, 0);
    expect(onScan).toHaveBeenCalledExactlyOnceWith('6901234567892', 'wedge');
    expect(input.value).toBe('');

    kb.type('690123', 0);
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect(onPartial).toHaveBeenCalledOnce();
    expect(input.value).toBe('');
  });
});
