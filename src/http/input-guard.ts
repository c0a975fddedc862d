import { AppError } from '../errors.js';

/**
 * Checks every string (and object key) of a request before schema validation, so that no route can store
 * something PostgreSQL refuses or silently changes:
 * - NUL (U+0000): PostgreSQL text and jsonb cannot hold it (the query would fail with a 500);
 * - a lone UTF-16 surrogate (`"\ud800"` is valid JSON): UTF-8 cannot encode it, so it would be stored as U+FFFD;
 * - nesting deeper than MAX_JSON_DEPTH: recursive code further on (schema validation, condition checks,
 *   serialisation) must never be able to run out of stack.
 * Walks iteratively, so the check itself cannot overflow.
 */
export const MAX_JSON_DEPTH = 32;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function refused(code: string, field: string, message: string): AppError {
  return new AppError(code, 400, `${field} ${message}`, { field, errors: [{ field, message }] });
}

function checkString(s: string, field: string): void {
  const nul = s.indexOf('\u0000');
  if (nul >= 0) {
    throw refused('NUL_CHARACTER', field, `contains a NUL character (\\u0000) at position ${nul}, which cannot be stored; remove it`);
  }
  const lone = LONE_SURROGATE.exec(s);
  if (lone) {
    const unit = lone[0].charCodeAt(0).toString(16);
    throw refused(
      'INVALID_UNICODE',
      field,
      `contains a lone UTF-16 surrogate (\\u${unit}) at position ${lone.index}, which is not valid Unicode; send the complete surrogate pair or remove it`,
    );
  }
}

const keyText = (key: string) => (/^[\w-]*$/.test(key) ? key : JSON.stringify(key).slice(1, -1));

/** Throws 400 (NUL_CHARACTER, INVALID_UNICODE or JSON_TOO_DEEP, naming the field) for the first offending value. */
export function assertStorableInput(value: unknown, root: string): void {
  const stack: Array<{ value: unknown; field: string; depth: number }> = [{ value, field: root, depth: 0 }];
  while (stack.length > 0) {
    const { value: v, field, depth } = stack.pop()!;
    if (typeof v === 'string') {
      checkString(v, field);
      continue;
    }
    if (typeof v !== 'object' || v === null) continue;
    if (depth >= MAX_JSON_DEPTH) {
      throw refused('JSON_TOO_DEEP', field, `nests deeper than ${MAX_JSON_DEPTH} levels of objects and arrays; flatten the value`);
    }
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ value: v[i], field: `${field}.${i}`, depth: depth + 1 });
      continue;
    }
    const keys = Object.keys(v);
    for (let i = keys.length - 1; i >= 0; i--) {
      const key = keys[i];
      const child = `${field}.${keyText(key)}`;
      checkString(key, child);
      stack.push({ value: (v as Record<string, unknown>)[key], field: child, depth: depth + 1 });
    }
  }
}
