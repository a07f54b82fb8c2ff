import { ApiError } from '../../shared/contract';
import { parseCode, type ParsedCode } from '../../shared/domain/codes';
import { parseLabelQr } from '../../shared/domain/labelUrl';
import { lotCodeRefusal, MAX_OPAQUE_LOT_CODE } from '../../shared/domain/lotCode';
import type { SettingsService } from './settings';

/**
 * The lot identity a scan names, or a translated refusal. A station label's QR (its URL, or the
 * YP1 text of older labels) names the code printed on it, so a child can be scanned by its QR or
 * its barcode alike. The signature is not checked here: 验码 does that.
 */
export function lotCode(raw: string, settings: SettingsService): ParsedCode {
  const { labelUrl, weightLayouts } = settings.get();
  const label = parseLabelQr(raw, labelUrl.template);
  if (!label.ok && label.problem !== 'notOurs') throw new ApiError('badScan', 'unreadable label', { reason: `label.${label.problem}` });
  const text = label.ok ? label.code : raw;
  const parsed = parseCode(text, { weightLayouts });
  if (!parsed.ok) throw new ApiError('badScan', `unreadable scan: ${parsed.error.code}`, { reason: parsed.error.code, ...parsed.error.params });
  const refusal = lotCodeRefusal(parsed.code);
  if (refusal) throw new ApiError('notALotCode', `not a lot code: ${refusal}`, { reason: refusal, max: MAX_OPAQUE_LOT_CODE });
  return parsed.code;
}
