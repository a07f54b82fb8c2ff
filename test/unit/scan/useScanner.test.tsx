// @vitest-environment jsdom
import { act, useState } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useScanner } from '../../../renderer/src/scan/useScanner';
import type { ScanHandler } from '../../../renderer/src/scan/types';
import { SimulatedKeyboard } from './simulatedKeyboard';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

interface StationProps {
  now: () => number;
  onScan: ScanHandler<'wedge'>;
  enabled?: boolean;
  minLength?: number;
}

/** A weight field kept in React state, as the receiving screen has. */
function Station({ now, onScan, enabled, minLength }: StationProps) {
  const [weight, setWeight] = useState('');
  useScanner(onScan, { now, enabled, minLength });
  return (
    <>
      <input aria-label="weight" value={weight} onChange={(e) => setWeight(e.target.value)} />
      <output>{weight}</output>
    </>
  );
}

let root: Root;
let kb: SimulatedKeyboard;

function render(props: Omit<StationProps, 'now'>): void {
  act(() => root.render(<Station now={kb.now} {...props} />));
}

const input = (): HTMLInputElement => document.querySelector('input')!;
const output = (): string => document.querySelector('output')!.textContent!;
const typeIn = (text: string, gap: number): void => act(() => kb.type(text, gap));
const press = (key: string, gap: number): KeyboardEvent => {
  let e: KeyboardEvent | undefined;
  act(() => {
    e = kb.press({ key }, gap);
  });
  return e!;
};

beforeEach(() => {
  vi.useFakeTimers();
  document.body.innerHTML = '<div id="root"></div>';
  root = createRoot(document.getElementById('root')!);
  kb = new SimulatedKeyboard(document);
});

afterEach(() => {
  act(() => root.unmount());
  vi.useRealTimers();
});

describe('useScanner', () => {
  it('hands over a scan and puts the controlled input and its state back as they were', () => {
    const onScan = vi.fn();
    render({ onScan });
    input().focus();
    typeIn('3.5', 150);
    expect(output()).toBe('3.5');
    kb.t += 500;
    typeIn('6901234567892', 5);
    expect(output()).toBe('3.56901234567892'); // React saw the characters land…
    press('Enter', 5);
    expect(onScan).toHaveBeenCalledExactlyOnceWith('6901234567892', 'wedge');
    expect(input().value).toBe('3.5');
    expect(output()).toBe('3.5'); // …and saw them go again
  });

  it("keeps a scan under way when the station's thresholds arrive, and applies them from then on", () => {
    const onScan = vi.fn();
    render({ onScan });
    typeIn('690123', 5);
    render({ onScan, minLength: 8 }); // getSettings answered mid-scan
    typeIn('4567892', 5);
    press('Enter', 5);
    expect(onScan).toHaveBeenCalledExactlyOnceWith('6901234567892', 'wedge');
    kb.t += 500;
    typeIn('ABCDEF', 5); // 6 characters: a scan under the defaults, too short under the settings
    press('Enter', 5);
    expect(onScan).toHaveBeenCalledTimes(1);
  });

  it('calls the latest handler without re-attaching mid-burst, and listens only while enabled', () => {
    const first = vi.fn();
    const second = vi.fn();
    render({ onScan: first });
    typeIn('690123', 5);
    render({ onScan: second }); // a parent re-render with a new inline callback
    typeIn('4567892', 5);
    press('Enter', 5);
    expect(first).not.toHaveBeenCalled();
    expect(second).toHaveBeenCalledExactlyOnceWith('6901234567892', 'wedge');

    render({ onScan: second, enabled: false });
    kb.t += 1000;
    typeIn('6920000000008', 5);
    expect(press('Enter', 5).defaultPrevented).toBe(false);
    expect(second).toHaveBeenCalledOnce();
  });
});
