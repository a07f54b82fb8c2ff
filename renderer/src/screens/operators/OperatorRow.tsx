import { useState } from 'react';
import { errorText } from '../../i18n';
import { useTranslation } from 'react-i18next';
import type { OperatorAccount, Subject } from '../../../../shared/contract';
import { useStation } from '../../api';
import { useApiAction } from '../../components/useApiAction';
import { PinReset } from './PinReset';

interface OperatorRowProps {
  operator: OperatorAccount;
  stalls: Subject[];
  onEdit(): void;
  onChanged(operator: OperatorAccount, note: string): void;
}

/**
 * One operator: role and stall, the admin's 编辑 / 重设 PIN / 停用 (asked twice) / 启用, and 解锁
 * for a manager or admin when wrong PINs locked the operator.
 */
export function OperatorRow({ operator: o, stalls, onEdit, onChanged }: OperatorRowProps) {
  const { t } = useTranslation();
  const { client, operator: me, can } = useStation();
  const [open, setOpen] = useState<'pin' | 'disable' | null>(null);
  const { problem, run } = useApiAction((error) => errorText(t, error));
  const stall = stalls.find((s) => s.id === o.stallId);

  async function setActive(active: boolean) {
    await run(async () => {
      const changed = await client.call('setOperatorActive', { id: o.id, active });
      setOpen(null);
      onChanged({ ...changed, pinLocked: o.pinLocked }, t(active ? 'masterData.operators.enabledDone' : 'masterData.operators.disabledDone', { name: changed.name }));
    });
  }

  async function unlock() {
    await run(async () => {
      const changed = await client.call('unlockOperator', { id: o.id });
      onChanged(changed, t('masterData.operators.unlocked', { name: changed.name }));
    });
  }

  return (
    <li className={`operator-row ${o.active ? '' : 'operator-disabled'}`} data-testid="operator-row" data-name={o.name} data-active={o.active}>
      <div className="operator-main">
        <div>
          <strong>{o.name}</strong>
          {o.id === me?.id && <span className="muted"> （{t('masterData.operators.self')}）</span>}
          {!o.active && <span className="blocked-chip">{t('masterData.operators.disabled')}</span>}
          {o.pinLocked && (
            <span className="blocked-chip" data-testid="operator-locked">
              {t('masterData.operators.locked')}
            </span>
          )}
        </div>
        <div className="muted" data-testid="operator-role">
          {t(`role.${o.role}`)}
          {o.role === 'vendor' && ` · ${stall?.name ?? t('masterData.operators.noStall')}`}
        </div>
      </div>
      <div className="subject-actions">
        {o.pinLocked && can('unlockOperator') && (
          <button type="button" className="primary" onClick={() => void unlock()} data-testid="operator-unlock">
            {t('masterData.operators.unlock')}
          </button>
        )}
        {can('updateOperator') && (
          <>
            <button type="button" className="secondary" onClick={onEdit} data-testid="operator-edit">
              {t('common.edit')}
            </button>
            <button type="button" className="secondary" onClick={() => setOpen(open === 'pin' ? null : 'pin')} data-testid="operator-pin-open">
              {t('masterData.operators.resetPin')}
            </button>
            {o.active ? (
              <button type="button" className="danger" onClick={() => setOpen(open === 'disable' ? null : 'disable')} data-testid="operator-disable">
                {t('masterData.operators.disable')}
              </button>
            ) : (
              <button type="button" className="secondary" onClick={() => void setActive(true)} data-testid="operator-enable">
                {t('masterData.operators.enable')}
              </button>
            )}
          </>
        )}
      </div>
      {open === 'pin' && (
        <PinReset
          operator={o}
          onCancel={() => setOpen(null)}
          onDone={(changed) => {
            setOpen(null);
            onChanged({ ...changed, pinLocked: o.pinLocked }, t('masterData.operators.pinReset', { name: changed.name }));
          }}
        />
      )}
      {open === 'disable' && (
        <div className="block-form operator-confirm">
          <strong>{t('masterData.operators.confirmDisable', { name: o.name })}</strong>
          <div className="form-actions">
            <button type="button" className="secondary" onClick={() => setOpen(null)}>
              {t('common.cancel')}
            </button>
            <button type="button" className="danger" onClick={() => void setActive(false)} data-testid="operator-disable-confirm">
              {t('masterData.operators.disable')}
            </button>
          </div>
        </div>
      )}
      {problem && (
        <p className="form-message operator-problem" role="alert" data-testid="operator-problem">
          {problem}
        </p>
      )}
    </li>
  );
}
