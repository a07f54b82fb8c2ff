import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';

/** 无码货物出场: what the gatekeeper saw leave without a code, in a sentence. */
export function NoCodeForm({ busy, onSubmit, onCancel }: { busy: boolean; onSubmit(note: string): void; onCancel(): void }) {
  const { t } = useTranslation();
  const [note, setNote] = useState('');
  function submit(e: FormEvent) {
    e.preventDefault();
    if (note.trim()) onSubmit(note.trim());
  }
  return (
    <form className="card form exit-no-code-form" onSubmit={submit} data-testid="exit-no-code-form">
      <label>
        {t('exit.noCodeNote')}
        <textarea value={note} maxLength={200} rows={3} placeholder={t('exit.noCodeNotePlaceholder')} onChange={(e) => setNote(e.target.value)} data-testid="exit-no-code-note" autoFocus />
      </label>
      <div className="field-row">
        <button type="submit" className="primary" disabled={busy || !note.trim()} data-testid="exit-no-code-submit">
          {t('exit.noCodeSubmit')}
        </button>
        <button type="button" className="secondary" onClick={onCancel}>
          {t('exit.noCodeCancel')}
        </button>
      </div>
    </form>
  );
}
