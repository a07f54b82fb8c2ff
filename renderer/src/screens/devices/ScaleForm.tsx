import { useEffect, useState, type FormEvent } from 'react';
import { errorText } from '../../i18n';
import { useTranslation } from 'react-i18next';
import type { Output, Scale } from '../../../../shared/contract';
import { useStation } from '../../api';
import { FormFooter } from '../../components/FormFooter';
import { useApiAction } from '../../components/useApiAction';
import { BaudSelect, SLOW_BAUDS } from './BaudSelect';
import { PortPicker } from './PortPicker';
import { ScaleDetect, type Candidate } from './ScaleDetect';

export type ProtocolInfo = Output<'listScaleProtocols'>[number];

/** The 耀华 "=" protocol that learns its digit order: no reading is stable until it has. */
const LEARNS_ORDER = 'yaohua-equals';

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
  const [detecting, setDetecting] = useState(false);
  const { busy, problem: message, run, fail } = useApiAction((error) => errorText(t, error));

  useEffect(() => {
    client.call('listScalePorts', {}).then(setPorts, (error) => fail(errorText(t, error)));
  }, [client, t]);

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
    if (problems.length) return fail(problems.join(t('common.listSeparator')));
    await run(async () => onSaved(await client.call('saveScale', { ...(scale && { id: scale.id }), name: name.trim(), path: path.trim(), protocolId, baudRate, stableReadings: readings })));
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
      <ScaleDetect path={path} chosen={{ protocolId, baudRate }} protocolName={protocolName} onChoose={choose} onRunning={setDetecting} onProblem={fail} />
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
      {protocolId === LEARNS_ORDER && (
        <p className="muted" data-testid="scale-learns-order">
          {t('devices.scale.learnsOrder')}
        </p>
      )}
      <FormFooter message={message} messageTestId="scale-message" onCancel={onCancel} submitTestId="scale-save" disabled={busy || detecting} />
    </form>
  );
}
