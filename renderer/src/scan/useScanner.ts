import { useEffect, useLayoutEffect, useRef } from 'react';
import { attachWedge, type AttachWedgeOptions, type WedgeBinding } from './attachWedge';
import type { ScanHandler } from './types';

export interface UseScannerOptions extends AttachWedgeOptions {
  onIme?: () => void;
  onPartial?: () => void;
  /** Listen only while true (default true), e.g. off while a dialog owns the keyboard. */
  enabled?: boolean;
}

/** Listens for keyboard-wedge scans on the whole document while the component is mounted. */
export function useScanner(onScan: ScanHandler<'wedge'>, options: UseScannerOptions = {}): void {
  const { onIme, onPartial, enabled = true, now, minLength, maxAvgGapMs, maxGapMs, partialTimeoutMs, suffixes } = options;
  // Handlers are read through a ref so a new callback each render doesn't re-attach the listener
  // (which would drop a burst in progress).
  const handlers = useRef({ onScan, onIme, onPartial });
  useLayoutEffect(() => {
    handlers.current = { onScan, onIme, onPartial };
  });
  // An inline suffixes array is new every render: key the effect on its contents.
  const suffixKey = suffixes && JSON.stringify(suffixes);
  const binding = useRef<WedgeBinding | null>(null);
  const thresholds = () => ({ minLength, maxAvgGapMs, maxGapMs, partialTimeoutMs, suffixes: suffixKey === undefined ? undefined : (JSON.parse(suffixKey) as string[]) });

  // Attached once per mount: re-attaching when the station's thresholds load would drop a scan
  // arriving at that moment, so thresholds are handed to the live detector instead.
  useEffect(() => {
    if (!enabled) return;
    binding.current = attachWedge(
      document,
      { now, ...thresholds() },
      {
        onScan: (text, source) => handlers.current.onScan(text, source),
        onIme: () => handlers.current.onIme?.(),
        onPartial: () => handlers.current.onPartial?.(),
      },
    );
    return () => {
      binding.current?.();
      binding.current = null;
    };
  }, [enabled, now]); // thresholds are handed over by the effect below

  useEffect(() => {
    binding.current?.configure(thresholds());
    // Keyed on the values thresholds() reads.
  }, [minLength, maxAvgGapMs, maxGapMs, partialTimeoutMs, suffixKey]);
}
