import { useState, type FormEvent } from 'react';
import { errorText } from '../../i18n';
import { useTranslation } from 'react-i18next';
import { ApiError, type Subject } from '../../../../shared/contract';
import { useStation } from '../../api';
import { typedUscc, usccProblem } from '../subjects/usccProblem';
import { FormFooter } from '../../components/FormFooter';
import { useApiAction } from '../../components/useApiAction';

/**
 * A new supplier at the gate without leaving the screen; the credit code is checked here first.
 * A code already on file offers that supplier instead (it may have been added at another desk).
 */
export function SupplierQuickAdd({ onAdded, onCancel }: { onAdded(subject: Subject): void; onCancel(): void }) {
  const { t } = useTranslation();
  const { client } = useStation();
  const [name, setName] = useState('');
  const [uscc, setUscc] = useState('');
  const { problem: message, run, fail } = useApiAction((error) => errorText(t, error));
  const [existing, setExisting] = useState<Subject | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    e.stopPropagation();
    const problem = usccProblem(uscc);
    setExisting(null);
    if (!name.trim()) return fail(t('subjects.nameRequired'));
    if (problem) return fail(t(`uscc.${problem}`));
    await run(
      async () => onAdded(await client.call('saveSubject', { kind: 'supplier', name: name.trim(), ...(typedUscc(uscc) && { uscc: typedUscc(uscc) }) })),
      async (error) => {
        const holder = error instanceof ApiError && error.params?.reason === 'usccTaken' ? error.params.id : undefined;
        const found = typeof holder === 'string' ? (await client.call('listSubjects', { kind: 'supplier' }).catch(() => [])).find((s) => s.id === holder) : undefined;
        // The code is on file already: that supplier is offered instead of a refusal.
        if (!found) return;
        setExisting(found);
        return '';
      },
    );
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
      {existing && (
        <button type="button" className="primary" onClick={() => onAdded(existing)} data-testid="quick-supplier-existing">
          {t('masterData.supplierExists', { name: existing.name })}
        </button>
      )}
      <FormFooter message={message} onCancel={onCancel} submitTestId="quick-supplier-save" />
    </form>
  );
}
