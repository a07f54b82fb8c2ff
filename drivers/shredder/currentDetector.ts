export interface CurrentDetectorOptions {
  /** A sample at or above this counts towards a start (A). */
  startAmps: number;
  /** A sample below this counts towards a stop (A); between the two nothing changes (hysteresis). */
  stopAmps: number;
  /** Consecutive samples at/above startAmps that make a run (debounce against inrush spikes). */
  startSamples: number;
  /** Consecutive samples below stopAmps that end it (a jam-clearing pause is not a new run). */
  stopSamples: number;
}

export interface CurrentRun {
  startedAt: number;
  endedAt: number;
  peakAmps: number;
  meanAmps: number;
  samples: number;
}

export type DetectorEvent = { type: 'start'; startedAt: number } | { type: 'run'; run: CurrentRun };

interface Tally {
  first: number;
  count: number;
  sum: number;
  peak: number;
}

const tally = (amps: number, at: number): Tally => ({ first: at, count: 1, sum: amps, peak: amps });
const add = (t: Tally, amps: number): void => {
  t.count += 1;
  t.sum += amps;
  t.peak = Math.max(t.peak, amps);
};

/**
 * Motor current samples → shredder runs. A run starts at the first of `startSamples` high samples
 * and ends at the first of `stopSamples` low ones; the samples in between are its evidence.
 */
export class CurrentRunDetector {
  private rising?: Tally;
  private run?: Tally;
  /** Low samples inside a run, not yet enough to end it. */
  private falling?: Tally;

  constructor(private readonly o: CurrentDetectorOptions) {
    if (!(o.stopAmps <= o.startAmps)) throw new RangeError('stopAmps must not exceed startAmps');
    if (o.startSamples < 1 || o.stopSamples < 1) throw new RangeError('startSamples and stopSamples must be ≥ 1');
  }

  get running(): boolean {
    return this.run !== undefined;
  }

  push(amps: number, at: number): DetectorEvent | null {
    if (!this.run) {
      if (amps < this.o.startAmps) {
        this.rising = undefined;
        return null;
      }
      if (this.rising) add(this.rising, amps);
      else this.rising = tally(amps, at);
      if (this.rising.count < this.o.startSamples) return null;
      this.run = this.rising;
      this.rising = undefined;
      return { type: 'start', startedAt: this.run.first };
    }
    if (amps >= this.o.stopAmps) {
      // The dip was a pause within the run: its samples belong to it.
      if (this.falling) this.merge(this.falling);
      this.falling = undefined;
      add(this.run, amps);
      return null;
    }
    if (this.falling) add(this.falling, amps);
    else this.falling = tally(amps, at);
    if (this.falling.count < this.o.stopSamples) return null;
    return { type: 'run', run: this.end(this.falling.first) };
  }

  /** The meter went away mid-run: close the run at the last time it was seen running. */
  abort(at: number): CurrentRun | null {
    return this.run ? this.end(this.falling?.first ?? at) : null;
  }

  private merge(t: Tally): void {
    this.run!.count += t.count;
    this.run!.sum += t.sum;
    this.run!.peak = Math.max(this.run!.peak, t.peak);
  }

  private end(endedAt: number): CurrentRun {
    const r = this.run!;
    this.run = undefined;
    this.falling = undefined;
    this.rising = undefined;
    return { startedAt: r.first, endedAt, peakAmps: r.peak, meanAmps: r.sum / r.count, samples: r.count };
  }
}
