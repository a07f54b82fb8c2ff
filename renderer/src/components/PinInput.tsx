import { MAX_PIN } from './pinShape';

interface PinInputProps {
  value: string;
  onChange(value: string): void;
  testId: string;
  autoFocus?: boolean;
}

/** A PIN typed into a form (setting or resetting one): hidden, numeric keyboard, no longer than a PIN. */
export function PinInput({ value, onChange, testId, autoFocus }: PinInputProps) {
  return <input autoFocus={autoFocus} type="password" inputMode="numeric" value={value} maxLength={MAX_PIN} onChange={(e) => onChange(e.target.value)} data-testid={testId} />;
}
