/**
 * Error codes crossing the API. The renderer translates `code` (i18n key `error.<code>`) with
 * `params`; `message` is an English fallback for logs only.
 */
export const ERROR_CODES = [
  'badRequest',
  'unknownMethod',
  'badToken',
  'notSignedIn',
  'forbidden',
  'badPin',
  /** Too many wrong PINs in a row: the next try waits `seconds`. */
  'pinWait',
  /** Locked after too many wrong PINs, until a manager or admin unlocks the operator. */
  'pinLocked',
  'alreadySetUp',
  'notFound',
  'conflict',
  'badScan',
  'notALotCode',
  /** A request body over its method's limit (browser mode): nothing was done. */
  'tooLarge',
  /** The database file failed the start-up check: only recovery methods answer (recoveryStatus). */
  'storeDamaged',
  'internal',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ApiErrorShape {
  code: ErrorCode;
  message: string;
  params?: Record<string, string | number>;
  /** Field-level problems from validation: path → i18n key. */
  issues?: { path: string; code: string }[];
}

export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly params?: Record<string, string | number>;
  readonly issues?: { path: string; code: string }[];
  constructor(code: ErrorCode, message: string, params?: Record<string, string | number>, issues?: { path: string; code: string }[]) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.params = params;
    this.issues = issues;
  }
  toJSON(): ApiErrorShape {
    return { code: this.code, message: this.message, params: this.params, issues: this.issues };
  }
  static from(shape: ApiErrorShape): ApiError {
    return new ApiError(shape.code, shape.message, shape.params, shape.issues);
  }
}
