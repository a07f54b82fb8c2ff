import { useTranslation } from 'react-i18next';
import type { LotStatus } from '../../../shared/contract';
import { LOT_STATUS_COLOURS } from '../feedback';

/** A lot's current state in words and its colour, the same on every screen. */
export function StatusChip({ status, testId }: { status: LotStatus; testId?: string }) {
  const { t } = useTranslation();
  const colours = LOT_STATUS_COLOURS[status];
  return (
    <span className="status-chip" style={{ background: colours.background, color: colours.text }} data-status={status} data-testid={testId}>
      {t(`status.${status}`)}
    </span>
  );
}
