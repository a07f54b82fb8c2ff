import { useTranslation } from 'react-i18next';

interface PortPickerProps {
  path: string;
  /** Ports the station sees now, as big buttons; any other path can still be typed. */
  ports: { path: string; label: string }[];
  onChange(path: string): void;
  testId: string;
  label?: string;
}

/** Where the device is plugged in: a found port by one tap, or a typed path (COM3, /dev/serial/by-id/…). */
export function PortPicker({ path, ports, onChange, testId, label }: PortPickerProps) {
  const { t } = useTranslation();
  return (
    <>
      {ports.length > 0 && (
        <div className="device-candidates" data-testid={`${testId}-ports`}>
          {ports.map((p) => (
            <button
              key={p.path}
              type="button"
              className={`segment ${p.path === path ? 'segment-on' : ''}`}
              aria-pressed={p.path === path}
              onClick={() => onChange(p.path)}
              data-testid={`${testId}-port`}
            >
              {p.label} · <span className="code-cell">{p.path}</span>
            </button>
          ))}
        </div>
      )}
      <label>
        {label ?? t('devices.port')}
        <input value={path} maxLength={200} placeholder="/dev/serial/by-id/… · COM3" autoComplete="off" onChange={(e) => onChange(e.target.value)} data-testid={testId} />
      </label>
    </>
  );
}
