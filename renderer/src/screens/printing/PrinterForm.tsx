import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { PRINTER_ENCODINGS, PRINTER_LANGUAGES, PRINTER_PURPOSES, type LabelTemplateInfo, type Printer } from '../../../../shared/contract';
import { useStation } from '../../api';
import { Choice } from '../../components/Choice';
import { FormFooter } from '../../components/FormFooter';
import { useApiAction } from '../../components/useApiAction';
import { errorText } from '../../i18n';
import { BAUD_RATES, draftOf, newDraft, printerInput, TRANSPORT_KINDS, withLanguage, withTemplate, type PrinterDraft } from './printerDraft';

interface PrinterFormProps {
  /** Edit this printer, or add a new one. */
  printer?: Printer;
  templates: LabelTemplateInfo[];
  onSaved(printer: Printer): void;
  onCancel(): void;
}

/** Admin: a printer's type, what it is for, its stock, print mode, connection and Chinese encoding. */
export function PrinterForm({ printer, templates, onSaved, onCancel }: PrinterFormProps) {
  const { t } = useTranslation();
  const { client } = useStation();
  const [draft, setDraft] = useState<PrinterDraft>(() => (printer ? draftOf(printer) : newDraft(templates)));
  const { busy, problem: message, run, fail, clear } = useApiAction((error) => errorText(t, error));
  // A change answers the last complaint: it is not left standing under a field it no longer fits.
  const change = (next: (d: PrinterDraft) => PrinterDraft) => {
    setDraft(next);
    clear();
  };
  const set = (patch: Partial<PrinterDraft>) => change((d) => ({ ...d, ...patch }));
  const template = templates.find((x) => x.id === draft.templateId);
  // An edited printer may sit at a rate outside the usual list; it stays choosable.
  const bauds = BAUD_RATES.includes(draft.baudRate) ? BAUD_RATES : [draft.baudRate, ...BAUD_RATES];

  async function submit(e: FormEvent) {
    e.preventDefault();
    const built = printerInput(draft);
    if ('problems' in built) return fail(built.problems.map((key) => t(key)).join(t('common.listSeparator')));
    await run(async () => onSaved(await client.call('savePrinter', built.input)));
  }

  return (
    <form className="card form printer-form" onSubmit={submit} data-testid="printer-form">
      <h2>{printer ? t('printing.form.editTitle') : t('printing.form.addTitle')}</h2>
      <label>
        {t('printing.form.name')}
        <input autoFocus value={draft.name} maxLength={40} placeholder={t('printing.form.namePlaceholder')} onChange={(e) => set({ name: e.target.value })} data-testid="printer-name" />
      </label>
      <fieldset className="printer-fieldset">
        <legend>{t('printing.form.language')}</legend>
        <Choice
          value={draft.language}
          options={PRINTER_LANGUAGES}
          label={(o) => t(`printing.language.${o}`)}
          testId="printer-language"
          onChange={(o) => change((d) => withLanguage(d, o, templates))}
        />
      </fieldset>
      <fieldset className="printer-fieldset">
        <legend>{t('printing.form.purpose')}</legend>
        <Choice value={draft.purpose} options={PRINTER_PURPOSES} label={(o) => t(`printing.purpose.${o}`)} testId="printer-purpose" onChange={(purpose) => set({ purpose })} />
        <label className="checkbox">
          <input type="checkbox" checked={draft.isDefault} onChange={(e) => set({ isDefault: e.target.checked })} data-testid="printer-default" />
          {t('printing.form.isDefault')}
        </label>
      </fieldset>
      <fieldset className="printer-fieldset">
        <legend>{t('printing.form.template')}</legend>
        <Choice
          value={draft.templateId}
          options={templates.map((x) => x.id)}
          label={(id) => templates.find((x) => x.id === id)!.name}
          testId="printer-template"
          onChange={(id) =>
            change((d) =>
              withTemplate(
                d,
                templates.find((x) => x.id === id)!,
              ),
            )
          }
        />
      </fieldset>
      <fieldset className="printer-fieldset">
        <legend>{t('printing.form.mode')}</legend>
        <Choice value={draft.mode} options={['raster', 'native'] as const} label={(o) => t(`printing.mode.${o}`)} testId="printer-mode" onChange={(mode) => set({ mode })} />
        {template?.kind === 'label' && draft.mode === 'native' && (
          <p className="printer-warning" role="status" data-testid="printer-native-warning">
            {t('printing.form.nativeOnLabel')}
          </p>
        )}
      </fieldset>
      {draft.language === 'escpos' && (
        <fieldset className="printer-fieldset">
          <legend>{t('printing.form.encoding')}</legend>
          <Choice value={draft.encoding} options={PRINTER_ENCODINGS} label={(o) => t(`printing.encoding.${o}`)} testId="printer-encoding" onChange={(encoding) => set({ encoding })} />
          <p className="muted">{t('printing.form.encodingHint')}</p>
        </fieldset>
      )}
      <fieldset className="printer-fieldset">
        <legend>{t('printing.form.transport')}</legend>
        <Choice value={draft.kind} options={TRANSPORT_KINDS} label={(o) => t(`printing.transport.${o}`)} testId="printer-transport" onChange={(kind) => set({ kind })} />
        {draft.kind === 'tcp' && (
          <div className="field-row">
            <label className="grow">
              {t('printing.form.host')}
              <input value={draft.host} maxLength={253} placeholder="192.168.1.50" autoComplete="off" onChange={(e) => set({ host: e.target.value })} data-testid="printer-host" />
            </label>
            <label className="printer-port">
              {t('printing.form.port')}
              <input value={draft.port} inputMode="numeric" maxLength={5} onChange={(e) => set({ port: e.target.value })} data-testid="printer-port" />
            </label>
          </div>
        )}
        {draft.kind === 'serial' && (
          <div className="field-row">
            <label className="grow">
              {t('printing.form.serialPath')}
              <input value={draft.serialPath} maxLength={200} placeholder="/dev/ttyUSB0 · COM3" onChange={(e) => set({ serialPath: e.target.value })} data-testid="printer-serial-path" />
            </label>
            <label>
              {t('printing.form.baudRate')}
              <select value={draft.baudRate} onChange={(e) => set({ baudRate: e.target.value })} data-testid="printer-baud">
                {bauds.map((b) => (
                  <option key={b} value={b}>
                    {b}
                  </option>
                ))}
              </select>
            </label>
          </div>
        )}
        {draft.kind === 'device' && (
          <label>
            {t('printing.form.devicePath')}
            <input value={draft.devicePath} maxLength={200} placeholder="/dev/usb/lp0" onChange={(e) => set({ devicePath: e.target.value })} data-testid="printer-device-path" />
          </label>
        )}
        {draft.kind === 'queue' && (
          <label>
            {t('printing.form.queueName')}
            <input value={draft.queueName} maxLength={100} onChange={(e) => set({ queueName: e.target.value })} data-testid="printer-queue-name" />
          </label>
        )}
      </fieldset>
      <FormFooter message={message} messageTestId="printer-message" onCancel={onCancel} submitTestId="printer-save" disabled={busy} />
    </form>
  );
}
