import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Settings } from '../../shared/contract';
import { DEFAULT_SETTINGS } from '../../shared/domain/settings';
import { gs1CheckDigit } from '../../shared/domain/gs1Check';
import { startTestCore, type TestCore } from '../support/core';

let t: TestCore;
beforeEach(async () => {
  t = await startTestCore();
});
afterEach(() => t.close());

const withCheck = (body: string) => `${body}${gs1CheckDigit(body)}`;

describe('station settings', () => {
  it('starts from the defaults and keeps what an admin saves across restarts of the service', async () => {
    expect(await t.call('getSettings', {})).toEqual(DEFAULT_SETTINGS);
    const next: Settings = { ...DEFAULT_SETTINGS, scanner: { minLength: 6, maxAvgGapMs: 25, maxGapMs: 60 } };
    expect((await t.call('saveSettings', next)).scanner).toEqual({ minLength: 6, maxAvgGapMs: 25, maxGapMs: 60 });
    expect((await t.call('getSettings', {})).scanner.minLength).toBe(6);
  });

  it('refuses layouts whose fields run past the check digit, changing nothing', async () => {
    const bad: Settings = {
      ...DEFAULT_SETTINGS,
      weightLayouts: [{ id: 'x', length: 13, prefix: '21', fields: { plu: [2, 5], weight: [8, 5, 3] } }],
    };
    const r = await t.core.dispatch('saveSettings', bad, { sessionId: t.session });
    expect(r.ok ? null : r.error.code).toBe('badRequest');
    expect(await t.call('getSettings', {})).toEqual(DEFAULT_SETTINGS);
  });

  it('applies saved weight-code layouts when scanning: a configured prefix is refused as a lot code', async () => {
    // 18-digit codes starting with 29 are not weight codes by default…
    const code = withCheck('29123450123401500');
    const before = await t.core.dispatch('lookupCode', { raw: code }, { sessionId: t.session });
    expect(before.ok).toBe(true);
    // …until a scale that prints them is configured.
    await t.call('saveSettings', {
      ...DEFAULT_SETTINGS,
      weightLayouts: [...DEFAULT_SETTINGS.weightLayouts, { id: 'scale-29', length: 18, prefix: '29', fields: { plu: [2, 5], amount: [7, 5, 2], weight: [12, 5, 3] } }],
    });
    const after = await t.core.dispatch('lookupCode', { raw: code }, { sessionId: t.session });
    expect(after.ok ? null : after.error).toMatchObject({ code: 'notALotCode', params: { reason: 'weightCode' } });
  });
});
