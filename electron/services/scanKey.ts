import { ApiError } from '../../shared/contract';
import { parseCode, type ParsedCode } from '../../shared/domain/codes';
import { parsePayload, PAYLOAD_HEADER } from '../../shared/domain/labelPayload';
import { lotCodeRefusal, MAX_OPAQUE_LOT_CODE } from '../../shared/domain/lotCode';
import type { SettingsService } from './settings';

/**
 * The lot identity a scan names, or a translated refusal. A station label's QR (signed payload)
 * names the code printed on it, so a child can be scanned by its QR or its barcode alike.
 */
export function lotCode(raw: string, settings: SettingsService): ParsedCode {
  const text = raw.startsWith(PAYLOAD_HEADER) ? labelCode(raw) : raw;
  const parsed = parseCode(text, { weightLayouts: settings.get().weightLayouts });
  if (!parsed.ok) throw new ApiError('badScan', `unreadable scan: ${parsed.error.code}`, { reason: parsed.error.code, ...parsed.error.params });
  const refusal = lotCodeRefusal(parsed.code);
  if (refusal) throw new ApiError('notALotCode', `not a lot code: ${refusal}`, { reason: refusal, max: MAX_OPAQUE_LOT_CODE });
  return parsed.code;
}

function labelCode(raw: string): string {
  const payload = parsePayload(raw);
  if (!payload.ok) throw new ApiError('badScan', 'unreadable label', { reason: `label.${payload.problem}` });
  return payload.facts.code;
}
