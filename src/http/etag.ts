import type { FastifyRequest } from 'fastify';
import { badRequest } from '../errors.js';

export const etagOf = (version: number) => `W/"${version}"`;

/** The version named by If-Match (`W/"3"`, `"3"` or `*`), or undefined when absent or `*`. */
export function ifMatchVersion(request: FastifyRequest): number | undefined {
  const raw = request.headers['if-match'];
  if (raw === undefined || raw.trim() === '*') return undefined;
  const m = /^\s*(?:W\/)?"(\d+)"\s*$/.exec(raw);
  if (!m) throw badRequest('INVALID_IF_MATCH', 'If-Match must be an ETag from a previous read, e.g. W/"3".', { field: 'headers.if-match' });
  return Number(m[1]);
}
