import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../shared/contract';
import { gs1CheckDigit } from '../../../shared/domain/gs1Check';
import { formatOwnCode } from '../../../shared/domain/ownCode';
import { signedText, withSignature } from '../../../shared/domain/labelPayload';
import { DEFAULT_SETTINGS } from '../../../shared/domain/settings';
import { lotCode } from '../../../electron/services/scanKey';
import type { SettingsService } from '../../../electron/services/settings';

const settings = { get: () => DEFAULT_SETTINGS } as unknown as SettingsService;
const GTIN = `0690123456789${gs1CheckDigit('0690123456789')}`;

/** The API error a scan was refused with: code and params. */
function refusal(raw: string, s: SettingsService = settings) {
  try {
    lotCode(raw, s);
  } catch (e) {
    expect(e).toBeInstanceOf(ApiError);
    return { code: (e as ApiError).code, params: (e as ApiError).params };
  }
  throw new Error(`expected ${raw} to be refused`);
}

describe('lotCode: the lot a scan names', () => {
  it('reads a GS1 lot code into its canonical key', () => {
    expect(lotCode(`]C101${GTIN}10A1`, settings)).toMatchObject({ kind: 'gs1', key: `01${GTIN}10A1`, batch: 'A1' });
  });

  it('reads the code printed on a station label from the label’s QR', () => {
    const code = formatOwnCode('3050102', 42);
    const text = signedText({ code, quantity: 2.35, unit: 'kg', date: '2026-11-25', issuer: '鲤城市场' });
    expect(lotCode(withSignature(text, 'c2ln'), settings)).toMatchObject({ kind: 'own', key: code });
    // The barcode on the same label names the same lot.
    expect(lotCode(code, settings).key).toBe(code);
  });

  it('refuses a label QR it cannot read, with the label’s problem', () => {
    const code = formatOwnCode('3050102', 42);
    const text = withSignature(signedText({ code, quantity: 1, unit: 'kg', date: '2026-11-25', issuer: '鲤城市场' }), 'c2ln');
    expect(refusal(text.replace('量 1.000 公斤', '量 lots'))).toEqual({ code: 'badScan', params: { reason: 'label.malformed' } });
  });

  it('refuses an unreadable scan with the parser’s reason', () => {
    const wrongCheck = `]C101${GTIN.slice(0, -1)}${(Number(GTIN.at(-1)) + 1) % 10}10A1`;
    expect(refusal(wrongCheck)).toEqual({ code: 'badScan', params: { reason: 'badCheckDigit', ai: '01', expected: GTIN.at(-1), got: String((Number(GTIN.at(-1)) + 1) % 10) } });
  });

  it('refuses an in-store weight code and an over-long opaque text as no lot code, with the limit', () => {
    expect(refusal('2001234012348')).toEqual({ code: 'notALotCode', params: { reason: 'weightCode', max: 64 } });
    expect(refusal('A'.repeat(65))).toEqual({ code: 'notALotCode', params: { reason: 'tooLongForLot', max: 64 } });
    expect(lotCode('A'.repeat(64), settings)).toMatchObject({ kind: 'opaque' });
  });

  it('reads weight codes with the station’s own layouts', () => {
    // Without the layout, a 13-digit code starting with 2 is a plain GTIN-13 (if its check digit holds).
    const noLayouts = { get: () => ({ ...DEFAULT_SETTINGS, weightLayouts: [] }) } as unknown as SettingsService;
    expect(refusal('2001234012348')).toMatchObject({ code: 'notALotCode', params: { reason: 'weightCode' } });
    expect(lotCode('2001234012348', noLayouts)).toMatchObject({ kind: 'gtin', key: '01' + '02001234012348' });
  });
});
