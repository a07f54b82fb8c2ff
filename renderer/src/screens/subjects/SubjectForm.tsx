import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Subject } from '../../../../shared/contract';
import { useStation } from '../../api';
import { errorText } from '../../i18n';
import { typedUscc, usccProblem } from './usccProblem';
import { FormFooter } from '../../components/FormFooter';
import { useApiAction } from '../../components/useApiAction';

type Kind = Subject['kind'];

interface SubjectFormProps {
  /** Edit this subject, or add a new one of `kind` (the list's current tab). */
  subject?: Subject;
  kind: Kind;
  onSaved(subject: Subject): void;
  onCancel(): void;
}

export function SubjectForm({ subject, kind: newKind, onSaved, onCancel }: SubjectFormProps) {
  const { t } = useTranslation();
  const { client } = useStation();
  const kind = subject?.kind ?? newKind;
  const [name, setName] = useState(subject?.name ?? '');
  const [uscc, setUscc] = useState(subject?.uscc ?? '');
  const [gln, setGln] = useState(subject?.gln ?? '');
  const [contact, setContact] = useState(subject?.contact ?? '');
  const { problem: message, run, fail } = useApiAction((error) => errorText(t, error));
  const problem = usccProblem(uscc);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!name.trim()) return fail(t('subjects.nameRequired'));
    if (problem) return fail(t(`uscc.${problem}`));
    await run(async () =>
      onSaved(
        await client.call('saveSubject', {
          ...(subject && { id: subject.id }),
          kind,
          name: name.trim(),
          ...(typedUscc(uscc) && { uscc: typedUscc(uscc) }),
          // Sent when typed or when an old one is cleared ('' removes it).
          ...((gln.trim() || subject?.gln) && { gln: gln.trim() }),
          ...(contact.trim() && { contact: contact.trim() }),
        }),
      ),
    );
  }

  return (
    <form className="card form subject-form" onSubmit={submit} data-testid="subject-form">
      <h2>{t(`subjectKind.${kind}`)}</h2>
      <label>
        {t('subjects.name')}
        <input autoFocus value={name} maxLength={100} onChange={(e) => setName(e.target.value)} data-testid="subject-name" />
      </label>
      <label>
        {t('subjects.usccOptional')}
        <input
          value={uscc}
          maxLength={24}
          autoCapitalize="characters"
          aria-invalid={typedUscc(uscc).length >= 18 && problem !== null}
          onChange={(e) => setUscc(e.target.value)}
          data-testid="subject-uscc"
        />
        {/* Say it as soon as all 18 characters are in, not at every keystroke before. */}
        {typedUscc(uscc).length >= 18 && problem && <span className="field-error">{t(`uscc.${problem}`)}</span>}
      </label>
      <label>
        {t('subjects.glnOptional')}
        <input value={gln} maxLength={16} inputMode="numeric" onChange={(e) => setGln(e.target.value)} data-testid="subject-gln" />
      </label>
      <label>
        {t('subjects.contact')}
        <input value={contact} maxLength={100} onChange={(e) => setContact(e.target.value)} data-testid="subject-contact" />
      </label>
      <FormFooter message={message} messageTestId="subject-message" onCancel={onCancel} submitTestId="subject-save" />
    </form>
  );
}
