import { useState } from 'react';
import { errorText } from '../../i18n';
import { useTranslation } from 'react-i18next';
import type { Output } from '../../../../shared/contract';
import { useStation } from '../../api';

export type Candidate = Output<'detectScale'>[number];

interface ScaleDetectProps {
  path: string;
  chosen: { protocolId: string; baudRate: number | null };
  protocolName(id: string): string;
  onChoose(candidate: Candidate): void;
  /** Detection holds the port: the form waits meanwhile. */
  onRunning(running: boolean): void;
  onProblem(message: string): void;
}

/**
 * 自动识别: listens on the port and offers the settings whose frames it decoded, each with what it
 * reads now. One clear answer is taken at once. When settings tie but read the same data as
 * different weights (耀华 "=" digit order), it says so and asks for a known weight on the plate,
 * then listens again keeping only the settings that read it.
 */
export function ScaleDetect({ path, chosen, protocolName, onChoose, onRunning, onProblem }: ScaleDetectProps) {
  const { t } = useTranslation();
  const { client } = useStation();
  const [state, setState] = useState<{ kind: 'idle' } | { kind: 'running' } | { kind: 'done'; candidates: Candidate[] }>({ kind: 'idle' });
  const [known, setKnown] = useState('');

  async function detect(knownKg?: number) {
    if (!path.trim()) return onProblem(t('devices.problem.path'));
    const before = state;
    onProblem('');
    setState({ kind: 'running' });
    onRunning(true);
    try {
      const candidates = await client.call('detectScale', { path: path.trim(), ...(knownKg !== undefined && { knownKg }) });
      const [best] = candidates;
      // Nothing reads the known weight: the tied settings stay on offer.
      if (knownKg !== undefined && !best) {
        setState(before);
        return onProblem(t('devices.scale.knownNone', { kg: knownKg }));
      }
      setState({ kind: 'done', candidates });
      // With a known weight the best clear answer is the confirmed one; without, only a lone one is.
      if (best && !best.ambiguous && (knownKg !== undefined || candidates.length === 1)) onChoose(best);
    } catch (error) {
      setState({ kind: 'idle' });
      onProblem(errorText(t, error));
    } finally {
      onRunning(false);
    }
  }

  function confirmKnown() {
    const kg = Number(known);
    if (!(known.trim() && kg > 0 && kg <= 100_000)) return onProblem(t('devices.scale.knownKgInvalid'));
    void detect(kg);
  }

  const candidates = state.kind === 'done' ? state.candidates : [];
  const ambiguous = candidates.some((c) => c.ambiguous);
  return (
    <>
      <div className="form-actions">
        <button type="button" className="secondary" onClick={() => void detect()} disabled={state.kind === 'running'} data-testid="scale-detect">
          {state.kind === 'running' ? t('devices.scale.detecting') : t('devices.scale.detect')}
        </button>
      </div>
      {state.kind === 'done' && candidates.length === 0 && (
        <p className="form-message" role="status" data-testid="scale-detect-none">
          {t('devices.scale.detectNone')}
        </p>
      )}
      {candidates.length > 0 && (
        <div className="device-candidates" role="status" data-testid="scale-candidates">
          {candidates.map((c) => (
            <button
              key={`${c.protocolId}-${c.baudRate}`}
              type="button"
              className={`segment ${c.protocolId === chosen.protocolId && c.baudRate === chosen.baudRate ? 'segment-on' : ''}`}
              onClick={() => onChoose(c)}
              data-testid="scale-candidate"
              data-protocol={c.protocolId}
              data-ambiguous={c.ambiguous}
            >
              {t('devices.scale.candidate', { protocol: protocolName(c.protocolId), baud: c.baudRate, frames: c.frames })}
              {c.kg !== null && ` · ${t('devices.scale.candidateReads', { kg: c.kg.toFixed(3) })}`}
            </button>
          ))}
        </div>
      )}
      {ambiguous && (
        <div className="field-row" role="alert" data-testid="scale-detect-ambiguous">
          <p className="form-message grow">{t('devices.scale.ambiguous')}</p>
          <label>
            {t('devices.scale.knownKg')}
            <input inputMode="decimal" value={known} maxLength={10} onChange={(e) => setKnown(e.target.value)} data-testid="scale-known-kg" />
          </label>
          <button type="button" className="secondary" onClick={confirmKnown} disabled={state.kind !== 'done'} data-testid="scale-known-confirm">
            {t('devices.scale.confirmKnown')}
          </button>
        </div>
      )}
    </>
  );
}
