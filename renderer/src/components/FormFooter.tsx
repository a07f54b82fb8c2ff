import { useTranslation } from 'react-i18next';

interface Props {
  /** Translated problem to show above the buttons; nothing when empty. */
  message?: string;
  messageTestId?: string;
  onCancel(): void;
  submitLabel?: string;
  submitTestId: string;
  submitKind?: 'primary' | 'danger';
  disabled?: boolean;
}

/** The end of every form: its message, then Cancel and the one main action, always in that order. */
export function FormFooter({ message, messageTestId, onCancel, submitLabel, submitTestId, submitKind = 'primary', disabled }: Props) {
  const { t } = useTranslation();
  return (
    <>
      {message && (
        <p className="form-message" role="alert" data-testid={messageTestId}>
          {message}
        </p>
      )}
      <div className="form-actions">
        <button type="button" className="secondary" onClick={onCancel}>
          {t('common.cancel')}
        </button>
        <button type="submit" className={submitKind} disabled={disabled} data-testid={submitTestId}>
          {submitLabel ?? t('common.save')}
        </button>
      </div>
    </>
  );
}
