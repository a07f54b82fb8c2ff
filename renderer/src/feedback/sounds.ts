/**
 * Verdict sounds: each outcome has its own rhythm and pitch, so staff who are not looking at the
 * screen still tell admit from hold from reject.
 */
export type Cue = 'admit' | 'hold' | 'reject' | 'alert' | 'error';

let context: AudioContext | null = null;

function audio(): AudioContext | null {
  try {
    context ??= new AudioContext();
    // Chromium starts the context suspended until a user gesture; a scan keystroke counts as one.
    if (context.state === 'suspended') void context.resume();
    return context;
  } catch {
    return null;
  }
}

interface Tone {
  at: number;
  seconds: number;
  hz: number;
  /** Glide target: the siren sweeps. */
  toHz?: number;
  wave?: OscillatorType;
  volume?: number;
}

function play(ac: AudioContext, tones: Tone[]) {
  const t0 = ac.currentTime + 0.01;
  for (const { at, seconds, hz, toHz, wave = 'sine', volume = 0.3 } of tones) {
    const osc = ac.createOscillator();
    const gain = ac.createGain();
    osc.type = wave;
    osc.frequency.setValueAtTime(hz, t0 + at);
    if (toHz) osc.frequency.linearRampToValueAtTime(toHz, t0 + at + seconds);
    // Short ramps avoid clicks at the start and end of each beep.
    gain.gain.setValueAtTime(0, t0 + at);
    gain.gain.linearRampToValueAtTime(volume, t0 + at + 0.01);
    gain.gain.setValueAtTime(volume, t0 + at + seconds - 0.02);
    gain.gain.linearRampToValueAtTime(0, t0 + at + seconds);
    osc.connect(gain).connect(ac.destination);
    osc.start(t0 + at);
    osc.stop(t0 + at + seconds + 0.01);
  }
}

const siren: Tone[] = [0, 1, 2].flatMap((i) => [
  { at: i * 0.6, seconds: 0.3, hz: 650, toHz: 1300, wave: 'triangle' as const, volume: 0.35 },
  { at: i * 0.6 + 0.3, seconds: 0.3, hz: 1300, toHz: 650, wave: 'triangle' as const, volume: 0.35 },
]);

const CUES: Record<Cue, Tone[]> = {
  admit: [{ at: 0, seconds: 0.12, hz: 1760 }],
  hold: [
    { at: 0, seconds: 0.15, hz: 880 },
    { at: 0.25, seconds: 0.15, hz: 880 },
  ],
  reject: [{ at: 0, seconds: 0.8, hz: 160, wave: 'sawtooth', volume: 0.25 }],
  alert: siren,
  error: [{ at: 0, seconds: 0.3, hz: 520, toHz: 260, wave: 'square', volume: 0.15 }],
};

export function playCue(cue: Cue): void {
  const ac = audio();
  if (!ac) return;
  try {
    play(ac, CUES[cue]);
  } catch {
    // A missing audio device must never stop the counter.
  }
}
