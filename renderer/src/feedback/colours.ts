import type { Outcome } from '../../../shared/contract';

/** Verdict colours: the same in the verdict panel, the entry list and the alert bar. */
export const VERDICT_COLOURS: Record<Outcome | 'error', { background: string; text: string }> = {
  admit: { background: '#1b7f3b', text: '#ffffff' },
  hold: { background: '#f2a900', text: '#1a1a1a' },
  reject: { background: '#c62828', text: '#ffffff' },
  error: { background: '#37474f', text: '#ffffff' },
};

export const ALERT_COLOURS = { background: '#b71c1c', text: '#ffffff' };
