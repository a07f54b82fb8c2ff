import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Subject } from '../../../../shared/contract';
import { useStation } from '../../api';
import { errorText } from '../../i18n';
import { FormFooter } from '../../components/FormFooter';
import { useApiAction } from '../../components/useApiAction';

/** Manager only: stopping a supplier needs a reason; restarting does not. */
export function BlockControl({ subject, onChanged }: { subject: Subject; onChanged(subject: Subject): void }) {
  const { t } = useTranslation();
  const { client } = useStation();
  const [asking, setAsking] = useState(false);
  const [reason, setReason] = useState('');
  const { problem: message, run } = useApiAction((error) => errorText(t, error));

  async function change(blocked: boolean) {
    await run(async () => {
      onChanged(await client.call('setSubjectBlocked', { id: subject.id, blocked, ...(blocked && { reason: reason.trim() }) }));
      setAsking(false);
      setReason('');
    });
  }

  if (subject.blocked) {
    return (
      <button type="button" className="secondary" onClick={() => void change(false)} data-testid="subject-unblock">
        {t('subjects.unblock')}
      </button>
    );
  }
  if (!asking) {
    return (
      <button type="button" className="danger" onClick={() => setAsking(true)} data-testid="subject-block">
        {t('subjects.block')}
      </button>
    );
  }
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (reason.trim()) void change(true);
  };
  return (
    <form className="block-form" onSubmit={submit}>
      <label>
        {t('subjects.blockReason')}
        <input autoFocus value={reason} maxLength={200} onChange={(e) => setReason(e.target.value)} data-testid="block-reason" />
      </label>
      <FormFooter message={message} onCancel={() => setAsking(false)} submitLabel={t('subjects.block')} submitKind="danger" submitTestId="block-confirm" disabled={!reason.trim()} />
    </form>
  );
}
