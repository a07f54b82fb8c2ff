import { useEffect, useState, type FormEvent } from 'react';
import { errorText } from '../../i18n';
import { useTranslation } from 'react-i18next';
import { SCANNER_KINDS, type Output, type Scanner } from '../../../../shared/contract';
import { useStation } from '../../api';
import { Choice } from '../../components/Choice';
import { FormFooter } from '../../components/FormFooter';
import { useApiAction } from '../../components/useApiAction';
import { BaudSelect, FAST_BAUDS } from './BaudSelect';
import { PortPicker } from './PortPicker';

interface ScannerFormProps {
  scanner?: Scanner;
  onSaved(scanner: Scanner): void;
  onCancel(): void;
}

/** Admin: a serial (USB-CDC) or HID POS scanner — where it is plugged in and how it frames its scans. */
export function ScannerForm({ scanner, onSaved, onCancel }: ScannerFormProps) {
  const { t } = useTranslation();
  const { client } = useStation();
  const [name, setName] = useState(scanner?.name ?? '');
  const [kind, setKind] = useState<Scanner['kind']>(scanner?.kind ?? 'serial');
  const [path, setPath] = useState(scanner?.path ?? '');
  const [baudRate, setBaudRate] = useState(scanner?.baudRate ?? 9600);
  const [aimPrefix, setAimPrefix] = useState(scanner?.aimPrefix ?? false);
  const [hidLayout, setHidLayout] = useState<Scanner['hidLayout']>(scanner?.hidLayout ?? 'aimFirst');
  const [devices, setDevices] = useState<Output<'listScannerDevices'>>({ serial: [], hidpos: [] });
  const { busy, problem: message, run, fail } = useApiAction((error) => errorText(t, error));

  useEffect(() => {
    client.call('listScannerDevices', {}).then(setDevices, (error) => fail(errorText(t, error)));
  }, [client, t]);

  const ports = kind === 'serial' ? devices.serial.map((p) => ({ path: p.path, label: p.manufacturer ?? p.device })) : devices.hidpos.map((d) => ({ path: d.path, label: d.name }));

  async function submit(e: FormEvent) {
    e.preventDefault();
    const problems = [!name.trim() && t('devices.problem.name'), !path.trim() && t('devices.problem.path')].filter(Boolean);
    if (problems.length) return fail(problems.join(t('common.listSeparator')));
    await run(async () =>
      onSaved(
        await client.call('saveScanner', { ...(scanner && { id: scanner.id }), name: name.trim(), kind, path: path.trim(), baudRate: kind === 'serial' ? baudRate : null, aimPrefix, hidLayout }),
      ),
    );
  }

  return (
    <form className="card form" onSubmit={submit} data-testid="scanner-form">
      <h2>{scanner ? t('devices.scanner.editTitle') : t('devices.scanner.addTitle')}</h2>
      <label>
        {t('devices.name')}
        <input autoFocus value={name} maxLength={40} placeholder={t('devices.scanner.namePlaceholder')} onChange={(e) => setName(e.target.value)} data-testid="scanner-name" />
      </label>
      <Choice
        value={kind}
        options={SCANNER_KINDS}
        label={(o) => t(`devices.scanner.kind.${o}`)}
        testId="scanner-kind"
        onChange={(k) => {
          setKind(k);
          setPath('');
        }}
      />
      <PortPicker path={path} ports={ports} onChange={setPath} testId="scanner-path" label={kind === 'serial' ? t('devices.port') : t('devices.scanner.usbId')} />
      {kind === 'serial' && (
        <label>
          {t('devices.baudRate')}
          <BaudSelect value={baudRate} onChange={(b) => b !== null && setBaudRate(b)} rates={FAST_BAUDS} testId="scanner-baud" />
        </label>
      )}
      {kind === 'hidpos' && (
        <fieldset className="printer-fieldset">
          <legend>{t('devices.scanner.hidLayout')}</legend>
          <Choice<Scanner['hidLayout']> value={hidLayout} options={['aimFirst', 'dataFirst']} label={(o) => t(`devices.scanner.layout.${o}`)} testId="scanner-layout" onChange={setHidLayout} />
        </fieldset>
      )}
      <label className="checkbox">
        <input type="checkbox" checked={aimPrefix} onChange={(e) => setAimPrefix(e.target.checked)} data-testid="scanner-aim" />
        {t('devices.scanner.aimPrefix')}
      </label>
      <FormFooter message={message} messageTestId="scanner-message" onCancel={onCancel} submitTestId="scanner-save" disabled={busy} />
    </form>
  );
}
