import type { LabelCheck, LotStatus } from '../../../../shared/contract';
import { ALERT_COLOURS, VERDICT_COLOURS, type Cue } from '../../feedback';

/** What 验码 leads with: the lot's state here, a label that cannot be trusted, or that the state is unknown here. */
export type Headline = { kind: 'status'; status: LotStatus } | { kind: 'badLabel' } | { kind: 'unknown' };
export type Tone = 'alert' | 'reject' | 'admit' | 'hold' | 'neutral';

export const TONE_COLOURS: Record<Tone, { background: string; text: string }> = {
  alert: ALERT_COLOURS,
  reject: VERDICT_COLOURS.reject,
  admit: VERDICT_COLOURS.admit,
  hold: VERDICT_COLOURS.hold,
  neutral: VERDICT_COLOURS.error,
};

/**
 * The headline, colour and sound of an answer. A stopped lot is the news whatever its label says
 * (the red alarm of a scan at the desk); then a label whose signature or content fails; then the
 * lot's state. A signature that cannot be checked here (unknown station) does not hide a state
 * this station knows.
 */
export function answerOf(check: LabelCheck): { headline: Headline; tone: Tone; cue: Cue } {
  const { view } = check;
  if (view?.alert) return { headline: { kind: 'status', status: view.lot.status }, tone: 'alert', cue: 'alert' };
  if (check.source === 'label' && check.problem && check.problem !== 'unknownStation') return { headline: { kind: 'badLabel' }, tone: 'reject', cue: 'reject' };
  // Another station's genuine label is normal here, only its state is not: look closer, no error.
  if (!view) return { headline: { kind: 'unknown' }, tone: 'neutral', cue: check.valid ? 'hold' : 'error' };
  const headline = { kind: 'status', status: view.lot.status } as const;
  if (view.lot.status === 'admitted') return { headline, tone: 'admit', cue: 'admit' };
  if (view.lot.status === 'awaitingTest') return { headline, tone: 'hold', cue: 'hold' };
  return { headline, tone: 'neutral', cue: 'hold' };
}
