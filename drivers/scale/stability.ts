import type { ScaleEvent } from './types';

/**
 * For protocols without a stability flag: a value is stable after `n` readings in a row within
 * `toleranceKg` of the first of the run. Any change, overload, underload or error starts over.
 * Readings that carry their own flag pass through unchanged.
 */
export class StabilityTracker {
  private runKg: number | null = null;
  private count = 0;

  constructor(
    private readonly n = 5,
    private readonly toleranceKg = 0,
  ) {}

  apply(event: ScaleEvent): ScaleEvent {
    if (event.kind !== 'reading') {
      if (event.kind !== 'ack') this.reset();
      return event;
    }
    if (event.stable !== null) return event;
    if (this.runKg !== null && Math.abs(event.kg - this.runKg) <= this.toleranceKg) this.count++;
    else {
      this.runKg = event.kg;
      this.count = 1;
    }
    return { ...event, stable: this.count >= this.n };
  }

  reset(): void {
    this.runKg = null;
    this.count = 0;
  }
}
