import type { LabelCheck, LotView } from '../../shared/contract';
import { codeLabel } from '../../shared/domain/codeLabel';
import { isoLocal, type Clock } from '../core/clock';
import type { LotViews } from './lotViews';
import { lotCode } from './scanKey';
import type { SettingsService } from './settings';
import type { StationIdentity } from './stationIdentity';
import type { Emit } from './receiving';

/**
 * 验码: what a scanned label or code says about its lot now. The state comes from this station's
 * database, so a genuine label of a lot destroyed since raises the same red alert as a scan at the
 * desk; a signed label's signature is one more fact of the answer. A plain code has no signature
 * and is only looked up. Another station's lot is not here: its state is unknown.
 */
export function createLabelCheck(identity: StationIdentity, views: LotViews, settings: SettingsService, emit: Emit, clock: Clock) {
  function lotNow(raw: string): { code: string; view: LotView | null } {
    const code = lotCode(raw, settings);
    const view = views.findByKey(code.key);
    if (view?.alert) emit('alert', { codeKey: view.lot.codeKey, status: view.lot.status, at: isoLocal(clock.now()) });
    return { code: codeLabel(code.key), view };
  }

  return function checkLabel(raw: string): LabelCheck {
    const signature = identity.verifyLabel(raw, settings.get().labelUrl.template);
    if (signature) {
      const view = signature.code ? lotNow(signature.code).view : null;
      // A URL label names its code only: the stall is what this station's records say.
      const stall = signature.stall ?? view?.stall?.name ?? null;
      return { source: 'label', ...signature, stall, stateKnown: view !== null, view };
    }
    // Unreadable text or no lot code at all is refused here with the desk's own words.
    const { code, view } = lotNow(raw);
    const none = { parentCode: null, quantity: null, unit: null, date: null, issuer: null, stationName: null, url: null };
    return { source: 'code', valid: false, problem: null, code, ...none, stall: view?.stall?.name ?? null, stateKnown: view !== null, view };
  };
}
