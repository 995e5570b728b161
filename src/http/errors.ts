/**
 * The one place coded errors become HTTP: AppError codes map to statuses, Fastify's own errors
 * (schema validation, body parsing, size) to our codes, a database that cannot be reached to a 503
 * with Retry-After, anything else to a logged 500.
 * /api answers JSON {error:{code,message,details}}; pages answer an HTML error page.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, ERROR_CODES, type ErrorCode } from '../errors.ts';
import { isDatabaseUnavailable } from '../store/database.ts';

/** What a reader is told to wait when the database is away: a restart or failover takes seconds. */
const UNAVAILABLE_RETRY_SECONDS = 5;

export function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  const e = err as FastifyError;
  if (e?.validation) {
    return new AppError('validation_failed', 'The request is not valid.', {
      issues: e.validation.map((v) => ({ path: v.instancePath || (v.params as { missingProperty?: string })?.missingProperty || '', message: v.message })),
    });
  }
  if (e?.statusCode === 413 || e?.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return new AppError('payload_too_large', 'The request body is too large.');
  if (e?.statusCode === 415 || e?.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
    return new AppError('unsupported_media_type', 'Send JSON (application/json) or a form (application/x-www-form-urlencoded).');
  }
  if (e?.statusCode && e.statusCode >= 400 && e.statusCode < 500) return new AppError('validation_failed', 'The request could not be read.');
  if (isDatabaseUnavailable(err)) {
    return new AppError('unavailable', 'The site cannot reach its database just now. Please try again in a few seconds.', { retryAfterSeconds: UNAVAILABLE_RETRY_SECONDS });
  }
  return new AppError('internal', 'Something went wrong on our side. Please try again.');
}

/** A 500 is a bug: logged with its stack. A 503 is an outage: one warning line per request, no stack. */
export function logFailure(request: FastifyRequest, error: AppError, err: unknown) {
  if (error.code === 'unavailable') request.log.warn({ err: (err as Error)?.message }, 'request failed: unavailable');
  else if (statusOf(error) >= 500) request.log.error({ err }, 'request failed');
}

export function statusOf(error: AppError): number {
  return ERROR_CODES[error.code as ErrorCode];
}

export function sendJsonError(request: FastifyRequest, reply: FastifyReply, err: unknown) {
  const error = toAppError(err);
  const status = statusOf(error);
  logFailure(request, error, err);
  const retry = error.details?.retryAfterSeconds;
  if (typeof retry === 'number') reply.header('retry-after', String(retry));
  return reply
    .code(status)
    .type('application/json; charset=utf-8')
    .send({ error: { code: error.code, message: error.message, ...(error.details ? { details: error.details } : {}) } });
}
