import type { ReactNode } from 'react';

/** One row of big buttons: fewer taps and no tiny drop-down on a touch screen. */
export function Choice<T extends string>({ value, options, label, testId, onChange }: { value: T; options: readonly T[]; label(o: T): ReactNode; testId: string; onChange(o: T): void }) {
  return (
    <div className="segmented">
      {options.map((o) => (
        <button key={o} type="button" className={`segment ${value === o ? 'segment-on' : ''}`} aria-pressed={value === o} onClick={() => onChange(o)} data-testid={`${testId}-${o}`}>
          {label(o)}
        </button>
      ))}
    </div>
  );
}
