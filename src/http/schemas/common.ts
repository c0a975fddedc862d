import { Type, type TSchema } from '@sinclair/typebox';
import { MAX_PAGE_SIZE } from '../../paging.js';
import { INT4_MAX } from '../../column-limits.js';

/** Schemas shared by the resource routes (ids, instants, paging, problem answers, precondition headers). */

export const Uuid = Type.String({ format: 'uuid' });
export const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });

/** A version number in a path or body: versions are int4 columns. */
export const VersionNumber = Type.Integer({ minimum: 1, maximum: INT4_MAX });
export const VersionParams = Type.Object({ id: Type.String({ format: 'uuid' }), version: VersionNumber });

export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

/** An instant in a response: ISO 8601 in UTC. */
export const InstantView = Type.String({ format: 'date-time' });

/**
 * An instant in a request: ISO 8601 with an offset (`Z` or `+02:00`). Checked by `parseInstant`
 * (src/http/instants.ts), not by a JSON Schema format, so every instant field of the API gives the
 * what-if routes' answer: 400 INSTANT_WITHOUT_OFFSET (or INSTANT_INVALID) naming the field, with an example.
 */
export const InstantInput = Type.String({
  maxLength: 64,
  description: 'ISO 8601 instant WITH an offset, e.g. 2025-03-04T09:30:00Z or 2025-03-04T10:30:00+01:00; without one: 400 INSTANT_WITHOUT_OFFSET',
});

export const PageQuery = {
  limit: Type.Integer({ minimum: 1, maximum: MAX_PAGE_SIZE, default: 50, description: `Page size, at most ${MAX_PAGE_SIZE}` }),
  cursor: Type.Optional(
    Type.String({ minLength: 1, maxLength: 2048, pattern: '^[A-Za-z0-9_-]+$', description: 'Opaque `nextCursor` of the previous page (same query parameters)' }),
  ),
};

export const Page = <T extends TSchema>(item: T) =>
  Type.Object({
    items: Type.Array(item),
    nextCursor: Type.Union([Type.String(), Type.Null()], { description: 'Cursor of the next page; null on the last page' }),
  });

/** Header properties; compose them with Type.Object({ ...ifMatchHeader, ...idempotencyKeyHeader }). */
export const ifMatchHeader = {
  'if-match': Type.Optional(Type.String({ description: 'ETag from the last read (e.g. W/"3"); the change is refused with 412 if the resource changed since' })),
};

export const requiredIfMatchHeader = {
  'if-match': Type.Optional(Type.String({ description: 'Required: ETag from the last read (e.g. W/"3") or *. Missing: 428; stale: 412.' })),
};

export const idempotencyKeyHeader = {
  'idempotency-key': Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 255,
      description: 'Makes the POST safe to retry: a retry with the same key and body replays the first answer (status and body)',
    }),
  ),
};

export const Problem = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    code: Type.String({ description: 'Stable machine-readable error code' }),
    detail: Type.String(),
    instance: Type.Optional(Type.String()),
    requestId: Type.Optional(Type.String()),
  },
  { additionalProperties: true, description: 'RFC 9457 problem details; extension members (field, errors, allowed, ...) depend on the code' },
);

const problemDescriptions: Record<number, string> = {
  400: 'Invalid request: VALIDATION_FAILED names the field',
  401: 'Missing, unknown or revoked API key',
  403: 'The API key’s role does not allow this operation',
  404: 'Not found',
  409: 'Conflict with the current state',
  412: 'If-Match does not match the current ETag',
  413: 'The body is larger than 1 MiB (BODY_TOO_LARGE)',
  415: 'The body is not application/json (UNSUPPORTED_MEDIA_TYPE)',
  422: 'A referenced resource does not exist or a business rule refuses the change',
  428: 'If-Match is required',
  431: 'The request line and headers exceed 16 KiB (HEADERS_TOO_LARGE)',
  429: 'Too many requests (RATE_LIMITED): for this API key, or failed authentications from this address; see Retry-After',
  503: 'A dependency is unavailable (SERVICE_UNAVAILABLE); retry after Retry-After seconds',
};

export const problemAnswer = (status: number) => ({
  description: problemDescriptions[status] ?? 'Error',
  content: { 'application/problem+json': { schema: Problem } },
});

/**
 * Problem answers a route gives itself (404, 409, 422, ...). The answers of the HTTP layer (400, 401, 403,
 * 413, 415, 429, 503, and 412/428 with If-Match) are added to every route by src/http/plugins/common-answers.ts.
 */
export function problems(...statuses: number[]) {
  const out: Record<number, ReturnType<typeof problemAnswer>> = {};
  for (const status of [400, 401, 403, ...statuses]) out[status] = problemAnswer(status);
  return out;
}

/** A string enum as plain JSON Schema `enum` (clear validation messages listing the allowed values). */
export const StringEnum = <const T extends readonly string[]>(values: T, options: { description?: string; default?: T[number] } = {}) =>
  Type.Unsafe<T[number]>({ type: 'string', enum: [...values], ...options });
