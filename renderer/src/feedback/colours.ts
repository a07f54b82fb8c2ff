import type { LotStatus, Outcome } from '../../../shared/contract';

/** Verdict colours: the same in the verdict panel, the entry list and the alert bar. */
export const VERDICT_COLOURS: Record<Outcome | 'error', { background: string; text: string }> = {
  admit: { background: '#1b7f3b', text: '#ffffff' },
  hold: { background: '#f2a900', text: '#1a1a1a' },
  reject: { background: '#c62828', text: '#ffffff' },
  error: { background: '#37474f', text: '#ffffff' },
};

export const ALERT_COLOURS = { background: '#b71c1c', text: '#ffffff' };

/**
 * A lot's state now, the same colour on every screen: amber waits for its routine test, red is
 * stopped (扣留, 拒收, 召回), near-black is gone for good (已销毁), grey is sold out.
 */
export const LOT_STATUS_COLOURS: Record<LotStatus, { background: string; text: string }> = {
  admitted: VERDICT_COLOURS.admit,
  awaitingTest: VERDICT_COLOURS.hold,
  held: { background: '#c62828', text: '#ffffff' },
  rejected: { background: '#8e1b1b', text: '#ffffff' },
  recalled: { background: '#ad1457', text: '#ffffff' },
  destroyed: { background: '#212121', text: '#ffffff' },
  exhausted: { background: '#616161', text: '#ffffff' },
};
