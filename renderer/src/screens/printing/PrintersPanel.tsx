import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PRINTER_PURPOSES, type LabelTemplateInfo, type Printer } from '../../../../shared/contract';
import { useStation } from '../../api';
import { errorText } from '../../i18n';
import { PrinterForm } from './PrinterForm';

/** The printers everyone prints to; only an admin adds or changes one. */
export function PrintersPanel() {
  const { t } = useTranslation();
  const { client, can } = useStation();
  const [printers, setPrinters] = useState<Printer[] | null>(null);
  const [templates, setTemplates] = useState<LabelTemplateInfo[]>([]);
  const [editing, setEditing] = useState<Printer | 'new' | null>(null);
  const [problem, setProblem] = useState('');
  const [saved, setSaved] = useState('');
  const admin = can('savePrinter');

  useEffect(() => {
    Promise.all([client.call('listPrinters', {}), client.call('listLabelTemplates', {})]).then(
      ([list, kinds]) => {
        setPrinters(list);
        setTemplates(kinds);
      },
      (error) => setProblem(errorText(t, error)),
    );
  }, [client, t]);

  function onSaved(printer: Printer) {
    // Marking one default unmarks the others of its use on the station: read the list again.
    client.call('listPrinters', {}).then(setPrinters, (error) => setProblem(errorText(t, error)));
    setEditing(null);
    setSaved(t('printing.form.saved', { name: printer.name }));
  }

  // The printer each use's jobs go to: the one marked default, else the first configured for it.
  const defaults = new Set(PRINTER_PURPOSES.map((purpose) => (printers ?? []).filter((p) => p.purpose === purpose)).map((mine) => (mine.find((p) => p.isDefault) ?? mine[0])?.id));

  const where = (p: Printer) => {
    const { kind, ...params } = p.transport;
    return `${t(`printing.transport.${kind}`)} ${t(`printing.where.${kind}`, params)}`;
  };

  return (
    <section className="card printing-printers" data-testid="printers">
      <div className="panel-header">
        <h2>{t('printing.printers')}</h2>
        {admin && !editing && (
          <button
            type="button"
            className="primary"
            onClick={() => {
              setSaved('');
              setEditing('new');
            }}
            data-testid="printer-add"
          >
            {t('printing.add')}
          </button>
        )}
      </div>
      {problem && (
        <p className="form-message" role="alert">
          {problem}
        </p>
      )}
      {saved && (
        <p role="status" data-testid="printer-saved">
          {saved}
        </p>
      )}
      {editing && templates.length > 0 && <PrinterForm printer={editing === 'new' ? undefined : editing} templates={templates} onSaved={onSaved} onCancel={() => setEditing(null)} />}
      {printers?.length === 0 && !editing && <p className="muted">{t('printing.noPrinters')}</p>}
      {printers && printers.length > 0 && (
        <ul className="printer-list">
          {printers.map((p) => (
            <li key={p.id} className="printer-item" data-testid="printer-row" data-id={p.id} data-purpose={p.purpose} data-default={defaults.has(p.id)}>
              <div>
                <strong>{p.name}</strong>
                <span className="purpose-chip">{t(`printing.purpose.${p.purpose}`)}</span>
                {defaults.has(p.id) && (
                  <span className="default-chip" title={t('printing.defaultHint')}>
                    {t('printing.default')}
                  </span>
                )}
                <div className="muted">
                  {t(`printing.language.${p.language}`)} · {t(`printing.mode.${p.mode}`)} · {templates.find((x) => x.id === p.templateId)?.name ?? p.templateId}
                  {p.language === 'escpos' && ` · ${t(`printing.encoding.${p.encoding}`)}`}
                </div>
                <div className="muted code-cell" data-testid="printer-where">
                  {where(p)}
                </div>
              </div>
              {admin && !editing && (
                <button
                  type="button"
                  className="secondary"
                  onClick={() => {
                    setSaved('');
                    setEditing(p);
                  }}
                  data-testid="printer-edit"
                >
                  {t('printing.edit')}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
