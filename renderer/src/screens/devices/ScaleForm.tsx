import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Output, Scale } from '../../../../shared/contract';
import { useStation } from '../../api';
import { FormFooter } from '../../components/FormFooter';
import { refusalText } from '../../i18n/refusal';
import { BaudSelect, SLOW_BAUDS } from './BaudSelect';
import { PortPicker } from './PortPicker';

export type ProtocolInfo = Output<'listScaleProtocols'>[number];
type Candidate = Output<'detectScale'>[number];


interface ScaleFormProps {
  scale?: Scale;
  protocols: ProtocolInfo[];
  onSaved(scale: Scale): void;
  onCancel(): void;
}

/** Admin: a scale's port, protocol and baud rate — proposed by 自动识别 from the port's data, or picked by hand. */
export function ScaleForm({ scale, protocols, onSaved, onCancel }: ScaleFormProps) {
  const { t } = useTranslation();
  const { client } = useStation();
  const [name, setName] = useState(scale?.name ?? '');
  const [path, setPath] = useState(scale?.path ?? '');
  const [protocolId, setProtocolId] = useState(scale?.protocolId ?? protocols[0]!.id);
  const [baudRate, setBaudRate] = useState<number | null>(scale?.baudRate ?? null);
  const [stableReadings, setStableReadings] = useState(String(scale?.stableReadings ?? 3));
  const [ports, setPorts] = useState<Output<'listScalePorts'>>([]);
  const [detect, setDetect] = useState<{ kind: 'idle' } | { kind: 'running' } | { kind: 'done'; candidates: Candidate[] }>({ kind: 'idle' });
  const [message, setMessage] = useState('');
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    client.call('listScalePorts', {}).then(setPorts, (error) => setMessage(refusalText(t, error)));
  }, [client, t]);

  async function autodetect() {
    if (!path.trim()) return setMessage(t('devices.problem.path'));
    setMessage('');
    setDetect({ kind: 'running' });
    try {
      const candidates = await client.call('detectScale', { path: path.trim() });
      setDetect({ kind: 'done', candidates });
      // One clear answer is taken at once; several are offered as buttons.
      if (candidates.length === 1) choose(candidates[0]!);
    } catch (error) {
      setDetect({ kind: 'idle' });
      setMessage(refusalText(t, error));
    }
  }

  function choose(c: Candidate) {
    setProtocolId(c.protocolId);
    setBaudRate(c.baudRate);
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    const readings = Number(stableReadings);
    const problems = [
      !name.trim() && t('devices.problem.name'),
      !path.trim() && t('devices.problem.path'),
      !(Number.isInteger(readings) && readings >= 2 && readings <= 20) && t('devices.problem.stableReadings'),
    ].filter(Boolean);
    if (problems.length) return setMessage(problems.join(t('common.listSeparator')));
    setBusy(true);
    try {
      onSaved(await client.call('saveScale', { ...(scale && { id: scale.id }), name: name.trim(), path: path.trim(), protocolId, baudRate, stableReadings: readings }));
    } catch (error) {
      setMessage(refusalText(t, error));
      setBusy(false);
    }
  }

  const protocolName = (id: string) => protocols.find((p) => p.id === id)?.name ?? id;
  return (
    <form className="card form" onSubmit={submit} data-testid="scale-form">
      <h2>{scale ? t('devices.scale.editTitle') : t('devices.scale.addTitle')}</h2>
      <label>
        {t('devices.name')}
        <input autoFocus value={name} maxLength={40} placeholder={t('devices.scale.namePlaceholder')} onChange={(e) => setName(e.target.value)} data-testid="scale-name" />
      </label>
      <PortPicker path={path} ports={ports.map((p) => ({ path: p.path, label: p.manufacturer ?? p.device }))} onChange={setPath} testId="scale-path" />
      <div className="form-actions">
        <button type="button" className="secondary" onClick={() => void autodetect()} disabled={detect.kind === 'running'} data-testid="scale-detect">
          {detect.kind === 'running' ? t('devices.scale.detecting') : t('devices.scale.detect')}
        </button>
      </div>
      {detect.kind === 'done' && detect.candidates.length === 0 && (
        <p className="form-message" role="status" data-testid="scale-detect-none">
          {t('devices.scale.detectNone')}
        </p>
      )}
      {detect.kind === 'done' && detect.candidates.length > 0 && (
        <div className="device-candidates" role="status" data-testid="scale-candidates">
          {detect.candidates.map((c) => (
            <button
              key={`${c.protocolId}-${c.baudRate}`}
              type="button"
              className={`segment ${c.protocolId === protocolId && c.baudRate === baudRate ? 'segment-on' : ''}`}
              onClick={() => choose(c)}
              data-testid="scale-candidate"
              data-protocol={c.protocolId}
            >
              {t('devices.scale.candidate', { protocol: protocolName(c.protocolId), baud: c.baudRate, frames: c.frames })}
            </button>
          ))}
        </div>
      )}
      <div className="field-row">
        <label className="grow">
          {t('devices.scale.protocol')}
          <select value={protocolId} onChange={(e) => setProtocolId(e.target.value)} data-testid="scale-protocol">
            {protocols.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('devices.baudRate')}
          <BaudSelect value={baudRate} onChange={setBaudRate} rates={SLOW_BAUDS} defaultLabel={t('devices.scale.defaultBaud')} testId="scale-baud" />
        </label>
        <label>
          {t('devices.scale.stableReadings')}
          <input inputMode="numeric" value={stableReadings} maxLength={2} onChange={(e) => setStableReadings(e.target.value)} data-testid="scale-stable-readings" />
        </label>
      </div>
      <p className="muted">{t('devices.scale.stableReadingsHint')}</p>
      <FormFooter message={message} messageTestId="scale-message" onCancel={onCancel} submitTestId="scale-save" disabled={busy || detect.kind === 'running'} />
    </form>
  );
}
