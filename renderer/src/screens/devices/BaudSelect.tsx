/** Scales and shredder boxes talk slowly; scanners usually at 9600 and up. */
export const SLOW_BAUDS = [1200, 2400, 4800, 9600, 19200, 38400];
export const FAST_BAUDS = [9600, 19200, 38400, 57600, 115200];

/** A baud-rate choice; with `defaultLabel`, also "the protocol's default" (null). */
export function BaudSelect(props: { value: number | null; onChange: (baud: number | null) => void; rates: readonly number[]; defaultLabel?: string; testId: string }) {
  const { value, onChange, rates, defaultLabel, testId } = props;
  return (
    <select value={value ?? ''} onChange={(e) => onChange(e.target.value ? Number(e.target.value) : null)} data-testid={testId}>
      {defaultLabel !== undefined && <option value="">{defaultLabel}</option>}
      {rates.map((b) => (
        <option key={b} value={b}>
          {b}
        </option>
      ))}
    </select>
  );
}
