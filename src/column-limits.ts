/**
 * Largest value of a PostgreSQL `integer` (int4) column. Every integer the API accepts (path, query, body,
 * If-Match) is bounded by it in its schema, so that no number reaches a query that the column would refuse.
 */
export const INT4_MAX = 2_147_483_647;
