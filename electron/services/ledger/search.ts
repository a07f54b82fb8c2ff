import { ApiError } from '../../../shared/contract';
import type { SettingsService } from '../settings';
import { lotCode } from '../scanKey';

/** What a ledger search looks for: a lot's code key, a bare GTIN's lots, and always a certificate number. */
export interface LedgerSearch {
  key: string | null;
  gtin: string | null;
  number: string;
}

/**
 * Reads the search text as the scan pipeline reads a scan (scanKey.ts: own codes, GS1 element
 * strings and Digital Links, label QRs, opaque provincial codes); text that is no lot code can
 * still be a certificate number.
 */
export function ledgerSearch(text: string, settings: SettingsService): LedgerSearch {
  try {
    const code = lotCode(text, settings);
    return { key: code.key, gtin: code.kind === 'gtin' ? (code.gtin ?? null) : null, number: text };
  } catch (e) {
    if (e instanceof ApiError && (e.code === 'badScan' || e.code === 'notALotCode')) return { key: null, gtin: null, number: text };
    throw e;
  }
}
