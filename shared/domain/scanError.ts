/**
 * Why a scan was refused. `code` doubles as an i18n key (`scan.<code>`); `params` name the
 * offending AI, digits or lengths so the translated message can show them.
 */
export const SCAN_ERROR_CODES = ['empty', 'tooLong', 'controlChars', 'replacementChar', 'badCheckDigit', 'badGs1', 'unknownAi', 'badDate', 'badLength'] as const;
export type ScanErrorCode = (typeof SCAN_ERROR_CODES)[number];

export interface ScanError {
  code: ScanErrorCode;
  params?: Record<string, string | number>;
}
