import type { TFunction } from 'i18next';
import { useCallback, useEffect, useState } from 'react';
import type { Output, ScaleState, Weight } from '../../../../shared/contract';
import { useStation } from '../../api';
import { refusalMessage } from '../../i18n/refusal';

type ScaleCommand = 'zero' | 'tare' | 'clearTare';
type ScaleRow = Output<'listScales'>[number];

/** A reading older than this is no reading: the scale went quiet. */
export const STALE_MS = 2000;

/** What the counter shows from the scale now. */
export type LiveState =
  | { kind: 'stable'; kg: number }
  | { kind: 'unstable'; kg: number | null }
  /** Below zero after tare: shown as it is, never used, stable or not. */
  | { kind: 'negative'; kg: number }
  | { kind: 'overload' }
  | { kind: 'underload' }
  /** The scale sends weights the station cannot place yet (耀华 "=" digit order). */
  | { kind: 'uncertain' }
  | { kind: 'offline'; status: ScaleState | null };

export interface LiveWeight {
  /** The first configured scale; null when the station has none (or the list failed). */
  scale: { id: string; name: string } | null;
  /** The commands this scale's protocol has. */
  commands: ScaleCommand[];
  live: LiveState;
  weight: Weight | null;
  command(command: ScaleCommand): Promise<void>;
}

/** The fresh weight in words the screen can act on; anything older than STALE_MS is offline. */
export function liveState(weight: Weight | null, status: ScaleState | null, now: number): LiveState {
  if (!weight || now - weight.at > STALE_MS || (status && status.state !== 'connected')) return { kind: 'offline', status };
  if (weight.kind === 'overload') return { kind: 'overload' };
  if (weight.kind === 'underload') return { kind: 'underload' };
  if (weight.kind === 'uncertain') return { kind: 'uncertain' };
  if (weight.kind === 'reading' && weight.kg !== null && weight.kg < 0) return { kind: 'negative', kg: weight.kg };
  if (weight.kind === 'reading' && weight.stable && weight.kg !== null) return { kind: 'stable', kg: weight.kg };
  return { kind: 'unstable', kg: weight.kind === 'reading' ? weight.kg : null };
}

/** The first scale's live weight and status, from listScales then the `weight`/`scaleStatus` events. */
export function useLiveWeight(): LiveWeight {
  const { client, can } = useStation();
  const allowed = can('listScales');
  const [scale, setScale] = useState<ScaleRow | null>(null);
  const [commands, setCommands] = useState<ScaleCommand[]>([]);
  const [weight, setWeight] = useState<Weight | null>(null);
  const [status, setStatus] = useState<ScaleState | null>(null);
  const [now, setNow] = useState(() => Date.now());

  useEffect(() => {
    if (!allowed) return;
    let live = true;
    void (async () => {
      try {
        const [first] = await client.call('listScales', {});
        if (!live || !first) return;
        setScale(first);
        setStatus(first.status);
        setWeight((w) => w ?? first.weight);
        const protocols = await client.call('listScaleProtocols', {});
        if (live) setCommands(protocols.find((p) => p.id === first.protocolId)?.commands ?? []);
      } catch {
        // No scale list, no live weight: the counter works with typed weights.
      }
    })();
    return () => {
      live = false;
    };
  }, [client, allowed]);

  const scaleId = scale?.id;
  useEffect(() => {
    if (!scaleId) return;
    const offWeight = client.on('weight', (w) => {
      if (w.scaleId !== scaleId) return;
      setWeight(w);
      setNow(Date.now());
    });
    const offStatus = client.on('scaleStatus', (s) => {
      if (s.scaleId === scaleId) setStatus(s);
    });
    // Staleness needs a clock even when no frame arrives.
    const timer = setInterval(() => setNow(Date.now()), 500);
    return () => {
      offWeight();
      offStatus();
      clearInterval(timer);
    };
  }, [client, scaleId]);

  const command = useCallback(
    async (cmd: ScaleCommand) => {
      if (scaleId) await client.call('scaleCommand', { scaleId, command: cmd });
    },
    [client, scaleId],
  );

  return {
    scale: scale && { id: scale.id, name: scale.name },
    commands,
    live: liveState(weight, status, now),
    weight,
    command,
  };
}

export interface Weighing {
  /** The quantity field shows the scale's weight, read-only. */
  following: boolean;
  /** The live weight as the field shows it (3 decimals), or null when there is none. */
  shownKg: string | null;
  /** The stable reading a record may be sent with; null while following an unstable scale. */
  weighed: { scaleId: string; kg: number } | null;
  /** Below zero after tare: why nothing can be weighed now is the tare, not stability. */
  negativeKg: number | null;
}

/** Why a following scale gives no weight to record, in words. */
export const notWeighedText = (t: TFunction, w: Weighing) => (w.negativeKg !== null ? refusalMessage(t, 'weightNegative', { kg: w.negativeKg.toFixed(3) }) : refusalMessage(t, 'weightNotStable'));

/** With a scale and goods counted in kg, the quantity is the scale's unless the user chose to type it. */
export function weighing(scale: LiveWeight, manual: boolean, unit: string | null): Weighing {
  const following = !!scale.scale && !manual && (unit === null || unit === 'kg');
  const live = scale.live;
  const shownKg = following && (live.kind === 'stable' || live.kind === 'unstable' || live.kind === 'negative') && live.kg !== null ? live.kg.toFixed(3) : null;
  // Recorded as shown, to the gram: a 斤 or lb scale's reading has more decimals than a kg quantity keeps.
  const weighed = following && live.kind === 'stable' && scale.scale ? { scaleId: scale.scale.id, kg: Math.round(live.kg * 1000) / 1000 } : null;
  const negativeKg = following && live.kind === 'negative' ? live.kg : null;
  return { following, shownKg, weighed, negativeKg };
}
