import { invalidField } from '../errors.js';

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

/** Lives with the other If-Match helpers in etag.ts; re-exported for routes that import it from here. */
export { requiredIfMatchVersion } from './etag.js';
