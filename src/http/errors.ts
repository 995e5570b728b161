/**
 * The one place coded errors become HTTP: AppError codes map to statuses, Fastify's own errors
 * (schema validation, body parsing, size) to our codes, anything else to a logged 500.
 * /api answers JSON {error:{code,message,details}}; pages answer an HTML error page.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, ERROR_CODES, type ErrorCode } from '../errors.ts';

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
  return new AppError('internal', 'Something went wrong on our side. Please try again.');
}

export function statusOf(error: AppError): number {
  return ERROR_CODES[error.code as ErrorCode];
}

export function sendJsonError(request: FastifyRequest, reply: FastifyReply, err: unknown) {
  const error = toAppError(err);
  const status = statusOf(error);
  if (status >= 500) request.log.error({ err }, 'request failed');
  const retry = error.details?.retryAfterSeconds;
  if (typeof retry === 'number') reply.header('retry-after', String(retry));
  return reply
    .code(status)
    .type('application/json; charset=utf-8')
    .send({ error: { code: error.code, message: error.message, ...(error.details ? { details: error.details } : {}) } });
}
