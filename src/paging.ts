import { createHash } from 'node:crypto';
import { sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import { AppError } from './errors.js';

/**
 * Keyset (cursor) paging shared by the list endpoints. A list orders by a few keys that together are
 * unique (the last one is always an id), and the cursor carries the last row's key values exactly as
 * PostgreSQL printed them (timestamps keep their microseconds), so the next page starts strictly after
 * that row: no row is skipped or repeated while the set is unchanged, whatever its size.
 *
 * The cursor is opaque to clients: base64url of the key values plus a fingerprint of the sort order and
 * filters it was made for; presenting it with other filters is a 400 instead of a silently wrong page.
 */
export type Order = 'asc' | 'desc';

export interface SortKey {
  expr: SQLWrapper;
  /** PostgreSQL type the key's text form is cast back to. */
  type: 'timestamptz' | 'int' | 'bigint' | 'uuid' | 'text';
}

export const MAX_PAGE_SIZE = 100;

export function keysetOrderBy(keys: SortKey[], order: Order): SQL[] {
  return keys.map((k) => (order === 'asc' ? sql`${k.expr} asc` : sql`${k.expr} desc`));
}

/** The row's key values as text, selected with every row so the page's last row can become the cursor. */
export function keysetValues(keys: SortKey[]): SQL<string[]> {
  return sql<string[]>`json_build_array(${sql.join(
    keys.map((k) => sql`(${k.expr})::text`),
    sql`, `,
  )})`;
}

/** `(k1, k2, ...) > (v1, v2, ...)` (or `<` when descending): the rows after the cursor. */
export function keysetAfter(keys: SortKey[], after: string[] | undefined, order: Order): SQL | undefined {
  if (!after) return undefined;
  const left = sql.join(keys.map((k) => sql`${k.expr}`), sql`, `);
  const right = sql.join(keys.map((k, i) => sql`cast(${after[i]} as ${sql.raw(k.type)})`), sql`, `);
  return order === 'asc' ? sql`(${left}) > (${right})` : sql`(${left}) < (${right})`;
}

/** A short fingerprint of what a cursor was made for (sort, order, filters). */
export function cursorScope(what: unknown): string {
  return createHash('sha256').update(JSON.stringify(what ?? null)).digest('base64url').slice(0, 12);
}

export function encodeCursor(values: string[], scope: string): string {
  return Buffer.from(JSON.stringify({ k: values, s: scope })).toString('base64url');
}

const invalidCursor = (message: string) =>
  new AppError('INVALID_CURSOR', 400, `querystring.cursor ${message}`, {
    field: 'querystring.cursor',
    errors: [{ field: 'querystring.cursor', message }],
  });

/** The key values of a cursor, after checking it belongs to this list (same sort, order and filters). */
export function decodeCursor(cursor: string | undefined, scope: string, keyCount: number): string[] | undefined {
  if (cursor === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor('is not a cursor returned by this API (use nextCursor from the previous page)');
  }
  const p = parsed as { k?: unknown; s?: unknown };
  if (!p || !Array.isArray(p.k) || p.k.length !== keyCount || !p.k.every((v) => typeof v === 'string') || typeof p.s !== 'string') {
    throw invalidCursor('is not a cursor returned by this API (use nextCursor from the previous page)');
  }
  if (p.s !== scope) {
    throw invalidCursor('was issued for a different sort order or different filters; repeat the same query parameters with the cursor');
  }
  return p.k as string[];
}

/** Cuts the `limit + 1` fetched rows to a page and makes the next cursor from its last row. */
export function toPage<T extends { cursorKey: string[] }>(rows: T[], limit: number, scope: string): { rows: T[]; nextCursor: string | null } {
  if (rows.length <= limit) return { rows, nextCursor: null };
  const pageRows = rows.slice(0, limit);
  return { rows: pageRows, nextCursor: encodeCursor(pageRows[pageRows.length - 1].cursorKey, scope) };
}

export interface PageRequest {
  limit: number;
  cursor?: string;
}

export interface PageFetch {
  /** Condition for "after the cursor" (undefined on the first page); AND it with the filters. */
  after: SQL | undefined;
  orderBy: SQL[];
  /** Select it as `cursorKey`. */
  cursorKey: SQL<string[]>;
  /** One more than the page size, to know whether another page follows. */
  limit: number;
}

/**
 * One page of a keyset-ordered list. `scope` names the list and everything that shapes it (filters,
 * sort, order); `fetch` runs the query with the pieces it is given.
 */
export async function paginate<T extends { cursorKey: string[] }>(
  spec: { keys: SortKey[]; order: Order; scope: unknown },
  page: PageRequest,
  fetch: (p: PageFetch) => Promise<T[]>,
): Promise<{ rows: T[]; nextCursor: string | null }> {
  const scope = cursorScope([spec.scope, spec.order]);
  const after = decodeCursor(page.cursor, scope, spec.keys.length);
  const rows = await fetch({
    after: keysetAfter(spec.keys, after, spec.order),
    orderBy: keysetOrderBy(spec.keys, spec.order),
    cursorKey: keysetValues(spec.keys),
    limit: page.limit + 1,
  });
  return toPage(rows, page.limit, scope);
}
