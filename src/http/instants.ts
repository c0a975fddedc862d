import type { FastifyRequest } from 'fastify';
import { AppError, invalidField } from '../errors.js';
import { ifMatchVersion } from './etag.js';

/** RFC 3339 requires the offset; ajv's date-time format is checked too, this makes the rule explicit. */
const WITH_OFFSET = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:?\d{2})$/;

/** An instant from the request, or `fallback` when absent; an offset-less or impossible value is a 400 naming the field. */
export function parseInstant(value: string | undefined, field: string, fallback: Date): Date {
  if (value === undefined) return fallback;
  if (!WITH_OFFSET.test(value)) {
    throw invalidField(field, 'must be an RFC 3339 instant with an offset (Z or ±hh:mm), e.g. 2025-03-04T09:30:00Z');
  }
  const at = new Date(value);
  if (Number.isNaN(at.getTime())) throw invalidField(field, 'is not a valid instant');
  return at;
}

/**
 * The version an If-Match header names for an update that requires one: missing is 428
 * PRECONDITION_REQUIRED; `*` means "whatever the current version is" (undefined).
 */
export function requiredIfMatchVersion(request: FastifyRequest): number | undefined {
  if (request.headers['if-match'] === undefined) {
    throw new AppError(
      'PRECONDITION_REQUIRED',
      428,
      'This update needs an If-Match header with the ETag of your last read (e.g. W/"3"), so it cannot overwrite a change you have not seen; send If-Match: * to update unconditionally.',
      { field: 'headers.if-match' },
    );
  }
  return ifMatchVersion(request);
}
