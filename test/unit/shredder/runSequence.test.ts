import { describe, expect, it } from 'vitest';
import { LineDecoder, encodeLine } from '../../../drivers/shredder/lineProtocol';
import { RunSequence, type SequenceEvent } from '../../../drivers/shredder/runSequence';

/** Feeds box lines, each arriving at the given station time. */
function feed(lines: [at: number, body: string][]): SequenceEvent[] {
  const decoder = new LineDecoder();
  const sequence = new RunSequence();
  return lines.flatMap(([at, body]) => decoder.push(Buffer.from(encodeLine(body))).flatMap((m) => sequence.push(m, at)));
}

describe('run sequence', () => {
  it('START then STOP → one run timed by the box, anchored at the STOP', () => {
    const events = feed([
      [1000, 'HB,100,0,0'],
      [2000, 'RUN,START,1,1100'],
      [5010, 'RUN,STOP,1,4100,3000'],
    ]);
    expect(events).toEqual([
      { type: 'runStart', startedAt: 2000 },
      {
        type: 'run',
        run: {
          mode: 'serial',
          startedAt: 2010,
          endedAt: 5010,
          durationMs: 3000,
          evidence: { mode: 'serial', counter: 1, boxStopUptimeMs: 4100, boxDurationMs: 3000, startSeen: true, checksummed: true, startSeenAt: 2000, boxStartUptimeMs: 1100 },
        },
      },
    ]);
  });

  it('a counter gap is reported as missed runs', () => {
    const events = feed([
      [0, 'RUN,START,1,10'],
      [100, 'RUN,STOP,1,110,100'],
      [500, 'RUN,START,4,510'],
    ]);
    expect(events.filter((e) => e.type === 'missed')).toEqual([{ type: 'missed', missed: { fromCounter: 2, toCounter: 3, reason: 'counterGap', at: 500 } }]);
  });

  it('a lost STOP is reported when the next run starts; a lost START still gives the run', () => {
    const events = feed([
      [0, 'RUN,START,1,10'],
      [500, 'RUN,START,2,510'],
      [900, 'RUN,STOP,3,900,200'],
    ]);
    expect(events.map((e) => e.type)).toEqual(['runStart', 'missed', 'runStart', 'missed', 'run']);
    expect(events[1]).toMatchObject({ missed: { fromCounter: 1, toCounter: 1, reason: 'stopLost' } });
    expect(events[3]).toMatchObject({ missed: { fromCounter: 2, toCounter: 2, reason: 'stopLost' } });
    expect(events[4]).toMatchObject({ run: { startedAt: 700, endedAt: 900, evidence: { counter: 3, startSeen: false } } });
  });

  it('a heartbeat reveals a run that started and ended unheard; repeats are ignored', () => {
    const events = feed([
      [0, 'HB,10,5,0'],
      [1000, 'HB,1010,5,0'],
      [2000, 'HB,2010,6,0'],
      [2100, 'RUN,STOP,6,2100,50'],
    ]);
    expect(events).toEqual([{ type: 'missed', missed: { fromCounter: 6, toCounter: 6, reason: 'counterGap', at: 2000 } }]);
  });

  it('a heartbeat of a running box opens the run; its STOP closes it', () => {
    const events = feed([
      [0, 'HB,10,2,0'],
      [1000, 'HB,1010,3,1'],
      [1500, 'RUN,STOP,3,1500,900'],
    ]);
    expect(events.map((e) => e.type)).toEqual(['runStart', 'run']);
    expect(events[1]).toMatchObject({ run: { durationMs: 900, evidence: { counter: 3, startSeen: false } } });
  });

  it('uptime going backwards (box rebooted) restarts the counter without a false gap', () => {
    const events = feed([
      [0, 'RUN,START,7,90000'],
      [10, 'HB,50,0,0'],
      [20, 'RUN,START,1,60'],
    ]);
    expect(events.map((e) => e.type)).toEqual(['runStart', 'missed', 'runStart']);
    expect(events[1]).toMatchObject({ missed: { fromCounter: 7, toCounter: 7, reason: 'stopLost' } });
  });

  it('an ERR line becomes a device error', () => {
    expect(feed([[42, 'ERR,E7,jam']])).toEqual([{ type: 'deviceError', error: { code: 'E7', text: 'jam', at: 42 } }]);
  });
});
