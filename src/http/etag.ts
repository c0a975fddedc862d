import type { FastifyRequest } from 'fastify';
import { AppError, badRequest } from '../errors.js';
import { INT4_MAX } from '../column-limits.js';

export const etagOf = (version: number) => `W/"${version}"`;

/** The version named by If-Match (`W/"3"`, `"3"` or `*`), or undefined when absent or `*`. */
export function ifMatchVersion(request: FastifyRequest): number | undefined {
  const raw = request.headers['if-match'];
  if (raw === undefined || raw.trim() === '*') return undefined;
  const m = /^\s*(?:W\/)?"(\d+)"\s*$/.exec(raw);
  if (!m || Number(m[1]) > INT4_MAX) throw badRequest('INVALID_IF_MATCH', 'If-Match must be an ETag from a previous read, e.g. W/"3".', { field: 'headers.if-match' });
  return Number(m[1]);
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
