/**
 * Errors with stable codes. Domain code throws these; the HTTP edge (src/http/plugins/problem-details.ts)
 * maps them once to RFC 9457 problem+json. The `code` is part of the API contract: never rename one.
 */
export class AppError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const badRequest = (code: string, message: string, details?: Record<string, unknown>) =>
  new AppError(code, 400, message, details);
export const unauthorized = (message = 'A valid API key is required: send "Authorization: Bearer <key>".') =>
  new AppError('UNAUTHORIZED', 401, message);
export const forbidden = (message: string, details?: Record<string, unknown>) =>
  new AppError('FORBIDDEN', 403, message, details);
export const notFound = (resource: string, id: string) =>
  new AppError(`${resource.toUpperCase().replace(/[^A-Z0-9]+/g, '_')}_NOT_FOUND`, 404, `No ${resource} with id "${id}".`, { id });
export const conflict = (code: string, message: string, details?: Record<string, unknown>) =>
  new AppError(code, 409, message, details);
export const preconditionFailed = (message: string, details?: Record<string, unknown>) =>
  new AppError('PRECONDITION_FAILED', 412, message, details);
export const unprocessable = (code: string, message: string, details?: Record<string, unknown>) =>
  new AppError(code, 422, message, details);
export const serviceUnavailable = (code: string, message: string, details?: Record<string, unknown>) =>
  new AppError(code, 503, message, details);

/** 400 VALIDATION_FAILED for a rule a route schema cannot express, in the same shape as schema errors. */
export const invalidField = (field: string, message: string) =>
  new AppError('VALIDATION_FAILED', 400, `${field} ${message}`, { field, errors: [{ field, message }] });
