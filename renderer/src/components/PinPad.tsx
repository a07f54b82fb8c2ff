import { useEffect, useLayoutEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { MAX_PIN } from './pinShape';

const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', 'clear', '0', 'backspace'] as const;

interface PinPadProps {
  value: string;
  onChange(value: string): void;
  onSubmit(): void;
  onCancel(): void;
  disabled?: boolean;
  /** What the main key says: 登录 at sign-in, 确认 where a PIN confirms an act. */
  submitLabel?: string;
}

/** Big touch keys for gloved hands; the keyboard's digits, Backspace, Enter and Escape work too. */
export function PinPad({ value, onChange, onSubmit, onCancel, disabled, submitLabel }: PinPadProps) {
  const { t } = useTranslation();
  // The key handler is registered once; it reads the latest props through a ref.
  const latest = useRef({ value, onChange, onSubmit, onCancel, disabled });
  useLayoutEffect(() => {
    latest.current = { value, onChange, onSubmit, onCancel, disabled };
  });

  useEffect(() => {
    function onKey(e: KeyboardEvent) {
      const { value, onChange, onSubmit, onCancel, disabled } = latest.current;
      if (disabled || e.altKey || e.ctrlKey || e.metaKey) return;
      if (/^[0-9]$/.test(e.key)) {
        if (value.length < MAX_PIN) onChange(value + e.key);
      } else if (e.key === 'Backspace') onChange(value.slice(0, -1));
      else if (e.key === 'Enter') onSubmit();
      else if (e.key === 'Escape') onCancel();
      else return;
      e.preventDefault();
    }
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  function press(key: (typeof KEYS)[number]) {
    if (key === 'clear') onChange('');
    else if (key === 'backspace') onChange(value.slice(0, -1));
    else if (value.length < MAX_PIN) onChange(value + key);
  }

  return (
    <div className="pin-pad">
      <div className="pin-display" data-testid="pin-display" aria-live="polite">
        {'●'.repeat(value.length) || '\u00a0'}
      </div>
      <div className="pin-keys">
        {KEYS.map((key) => (
          <button key={key} type="button" className={`pin-key ${key.length > 1 ? 'pin-key-fn' : ''}`} disabled={disabled} onClick={() => press(key)} data-testid={`pin-${key}`}>
            {key === 'clear' ? t('signin.clear') : key === 'backspace' ? t('signin.backspace') : key}
          </button>
        ))}
      </div>
      <div className="pin-actions">
        <button type="button" className="secondary" onClick={onCancel} disabled={disabled}>
          {t('common.back')}
        </button>
        <button type="button" className="primary" onClick={onSubmit} disabled={disabled || value.length < 4} data-testid="pin-submit">
          {submitLabel ?? t('signin.submit')}
        </button>
      </div>
    </div>
  );
}
