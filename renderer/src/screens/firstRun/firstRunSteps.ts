/** The README's "First start", in order: each step, the tab where it is done, and whether it is. */
export const FIRST_RUN_STEPS = [
  { id: 'admin', tab: null },
  { id: 'stationId', tab: 'station' },
  { id: 'operators', tab: 'operators' },
  { id: 'printer', tab: 'printing' },
  { id: 'scale', tab: 'devices' },
] as const;

export type FirstRunStep = (typeof FIRST_RUN_STEPS)[number]['id'];

export interface FirstRunState {
  stationId: string | null;
  operators: { role: string }[];
  printers: unknown[];
  scales: unknown[];
}

/** Done from the real state: an admin is signed in; the rest as the station has it now. */
export function stepsDone(s: FirstRunState): Record<FirstRunStep, boolean> {
  return {
    admin: true,
    stationId: s.stationId !== null,
    operators: s.operators.some((o) => o.role !== 'admin'),
    printer: s.printers.length > 0,
    scale: s.scales.length > 0,
  };
}
