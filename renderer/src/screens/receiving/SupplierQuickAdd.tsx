import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Subject } from '../../../../shared/contract';
import { useStation } from '../../api';
import { errorText } from '../../i18n';
import { typedUscc, usccProblem } from '../subjects/usccProblem';
import { FormFooter } from '../../components/FormFooter';

/** A new supplier at the gate without leaving the screen; the credit code is checked here first. */
export function SupplierQuickAdd({ onAdded, onCancel }: { onAdded(subject: Subject): void; onCancel(): void }) {
  const { t } = useTranslation();
  const { client } = useStation();
  const [name, setName] = useState('');
  const [uscc, setUscc] = useState('');
  const [message, setMessage] = useState('');

  async function submit(e: FormEvent) {
    e.preventDefault();
    e.stopPropagation();
    const problem = usccProblem(uscc);
    if (!name.trim()) return setMessage(t('subjects.nameRequired'));
    if (problem) return setMessage(t(`uscc.${problem}`));
    try {
      onAdded(await client.call('saveSubject', { kind: 'supplier', name: name.trim(), ...(typedUscc(uscc) && { uscc: typedUscc(uscc) }) }));
    } catch (error) {
      setMessage(errorText(t, error));
    }
  }

  return (
    <form className="quick-add" onSubmit={submit} data-testid="supplier-quick-add">
      <label>
        {t('receiving.supplierName')}
        <input autoFocus value={name} maxLength={100} onChange={(e) => setName(e.target.value)} data-testid="quick-supplier-name" />
      </label>
      <label>
        {t('subjects.usccOptional')}
        <input value={uscc} maxLength={24} autoCapitalize="characters" onChange={(e) => setUscc(e.target.value)} data-testid="quick-supplier-uscc" />
      </label>
      <FormFooter message={message} onCancel={onCancel} submitTestId="quick-supplier-save" />
    </form>
  );
}
