import { useEffect, useState, type FormEvent } from 'react';
import { errorText } from '../../i18n';
import { useTranslation } from 'react-i18next';
import { SHREDDER_MODES, type Output, type ShredderSettings } from '../../../../shared/contract';
import { useStation } from '../../api';
import { Choice } from '../../components/Choice';
import { useApiAction } from '../../components/useApiAction';
import { shredderWord, useShredderState } from '../disposal/useShredderState';
import { BaudSelect, SLOW_BAUDS } from './BaudSelect';
import { PortPicker } from './PortPicker';

type Mode = ShredderSettings['mode'];
type Modbus = ShredderSettings['modbus'];
const TYPES = ['int16', 'uint16', 'uint32', 'float32'] as const;

/** Admin: the disposal room's shredder controller — how it is connected, its live state; saving restarts it. */
export function ShredderPanel() {
  const { t } = useTranslation();
  const { client } = useStation();
  const live = useShredderState();
  const [form, setForm] = useState<ShredderSettings | null>(null);
  const [numbers, setNumbers] = useState<Record<'unitId' | 'address' | 'scale' | 'startAmps' | 'stopAmps', string>>({ unitId: '', address: '', scale: '', startAmps: '', stopAmps: '' });
  const [ports, setPorts] = useState<Output<'listScalePorts'>>([]);
  const { busy, problem: message, run, fail } = useApiAction((error) => errorText(t, error));
  const [saved, setSaved] = useState('');

  useEffect(() => {
    client.call('getShredderSettings', {}).then(
      (s) => {
        setForm(s);
        setNumbers({ unitId: String(s.modbus.unitId), address: String(s.modbus.address), scale: String(s.modbus.scale), startAmps: String(s.modbus.startAmps), stopAmps: String(s.modbus.stopAmps) });
      },
      (e) => fail(errorText(t, e)),
    );
    client.call('listScalePorts', {}).then(setPorts, () => setPorts([]));
  }, [client, t]);

  if (!form) return null;
  const set = (patch: Partial<ShredderSettings>) => setForm({ ...form, ...patch });
  const setModbus = (patch: Partial<Modbus>) => setForm({ ...form, modbus: { ...form.modbus, ...patch } });
  const device = form.mode === 'serial' || form.mode === 'modbus';

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!form) return;
    setSaved('');
    const n = Object.fromEntries(Object.entries(numbers).map(([k, v]) => [k, Number(v)])) as Record<keyof typeof numbers, number>;
    const numbersOk =
      Number.isInteger(n.unitId) && n.unitId >= 1 && n.unitId <= 247 && Number.isInteger(n.address) && n.address >= 0 && n.address <= 65535 && n.scale > 0 && n.startAmps > 0 && n.stopAmps > 0;
    const problems = [
      device && !form.path.trim() && t('disposal.devices.problem.path'),
      form.mode === 'modbus' && !numbersOk && t('disposal.devices.problem.number'),
      form.mode === 'modbus' && numbersOk && n.stopAmps > n.startAmps && t('disposal.devices.problem.amps'),
    ].filter(Boolean);
    if (problems.length) return fail(problems.join(t('common.listSeparator')));
    const next: ShredderSettings = form.mode === 'modbus' ? { ...form, modbus: { ...form.modbus, ...n } } : form;
    await run(async () => {
      setForm(await client.call('saveShredderSettings', next));
      setSaved(t('disposal.devices.saved'));
    });
  }

  const word = shredderWord(live);
  const field = (key: keyof typeof numbers) => (
    <label>
      {t(`disposal.devices.${key}`)}
      <input inputMode="decimal" value={numbers[key]} maxLength={8} onChange={(e) => setNumbers({ ...numbers, [key]: e.target.value })} data-testid={`shredder-${key}`} />
    </label>
  );

  return (
    <section className="card" data-testid="shredder-panel">
      <div className="panel-header">
        <h2>{t('disposal.devices.title')}</h2>
        <span className={`device-state device-state-${live?.state ?? 'none'}`} data-testid="shredder-panel-state" data-state={live?.state ?? 'none'} data-running={word === 'running' ? 'yes' : 'no'}>
          {t(`disposal.devices.states.${live?.state ?? 'none'}`)}
          {live && live.mode !== 'none' && live.state === 'connected' ? ` · ${t(word === 'running' ? 'disposal.devices.running' : 'disposal.devices.idle')}` : ''}
        </span>
      </div>
      {live?.error && (
        <p className="form-message" data-testid="shredder-error">
          {t(`scale.reason.${live.error}`)}
          {live.message ? `：${live.message}` : ''}
        </p>
      )}
      {live?.lastRun && <p className="muted">{t('disposal.devices.lastRun', { at: new Date(live.lastRun.endedAt).toLocaleTimeString(), seconds: (live.lastRun.durationMs / 1000).toFixed(1) })}</p>}
      <form className="form" onSubmit={submit}>
        <h3>{t('disposal.devices.mode')}</h3>
        <Choice<Mode> value={form.mode} options={SHREDDER_MODES} label={(m) => t(`disposal.devices.modes.${m}`)} testId="shredder-mode" onChange={(mode) => set({ mode })} />
        {device && (
          <>
            <PortPicker path={form.path} ports={ports.map((p) => ({ path: p.path, label: p.manufacturer ?? p.device }))} onChange={(path) => set({ path })} testId="shredder-path" />
            <label>
              {t('disposal.devices.baud')}
              <BaudSelect value={form.baudRate ?? null} onChange={(baudRate) => set({ baudRate })} rates={SLOW_BAUDS} defaultLabel={t('disposal.devices.defaultBaud')} testId="shredder-baud" />
            </label>
          </>
        )}
        {form.mode === 'modbus' && (
          <>
            <p className="muted">{t('disposal.devices.modbusHint')}</p>
            <div className="field-row">
              {field('unitId')}
              {field('address')}
              {field('scale')}
              {field('startAmps')}
              {field('stopAmps')}
            </div>
            <Choice<Modbus['table']>
              value={form.modbus.table}
              options={['input', 'holding'] as const}
              label={(o) => t(`disposal.devices.tables.${o}`)}
              testId="shredder-table"
              onChange={(table) => setModbus({ table })}
            />
            <Choice<Modbus['type']> value={form.modbus.type} options={TYPES} label={(o) => o} testId="shredder-type" onChange={(type) => setModbus({ type })} />
            <Choice<Modbus['wordOrder']>
              value={form.modbus.wordOrder}
              options={['highFirst', 'lowFirst'] as const}
              label={(o) => t(`disposal.devices.wordOrders.${o}`)}
              testId="shredder-word-order"
              onChange={(wordOrder) => setModbus({ wordOrder })}
            />
          </>
        )}
        {message && (
          <p className="form-message" role="alert" data-testid="shredder-message">
            {message}
          </p>
        )}
        {saved && (
          <p role="status" data-testid="shredder-saved">
            {saved}
          </p>
        )}
        <div className="form-actions">
          <button type="submit" className="primary" disabled={busy} data-testid="shredder-save">
            {t('disposal.devices.save')}
          </button>
        </div>
      </form>
    </section>
  );
}
