import { useState } from 'react';
import { useTranslation } from 'react-i18next';

/** 删除 asks once more (确认删除) before it acts: a wet thumb should not remove a device. */
export function RemoveButton({ onRemove, testId }: { onRemove(): void; testId: string }) {
  const { t } = useTranslation();
  const [armed, setArmed] = useState(false);
  if (!armed)
    return (
      <button type="button" className="secondary" onClick={() => setArmed(true)} data-testid={testId}>
        {t('common.remove')}
      </button>
    );
  return (
    <>
      <button type="button" className="secondary" onClick={() => setArmed(false)}>
        {t('common.cancel')}
      </button>
      <button type="button" className="danger" onClick={onRemove} data-testid={`${testId}-confirm`}>
        {t('devices.confirmRemove')}
      </button>
    </>
  );
}
