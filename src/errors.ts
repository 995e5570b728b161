/**
 * The closed set of coded errors. Commands and queries throw AppError with one of these
 * codes; src/http/errors.ts maps them to HTTP in one place. The codes are part of the API.
 */

export const ERROR_CODES = {
  validation_failed: 400,
  csrf_invalid: 403,
  not_authenticated: 401,
  forbidden: 403,
  invalid_credentials: 401,
  not_found: 404,
  gone: 410,
  email_taken: 409,
  already_reported: 409,
  already_appealed: 409,
  appeal_window_closed: 409,
  revision_changed: 409,
  edit_window_closed: 409,
  comment_deleted: 409,
  comments_closed: 409,
  sso_invalid: 401,
  sso_expired: 401,
  sso_replayed: 401,
  reset_link_invalid: 410,
  origin_not_allowed: 403,
  site_taken: 409,
  rate_limited: 429,
  payload_too_large: 413,
  unsupported_media_type: 415,
  unavailable: 503,
  internal: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const notFound = (what: string) => new AppError('not_found', `${what} not found`);
