/**
 * Whether an error means "the database cannot be reached right now" (down, restarting, refusing
 * connections, connection lost mid-query), as opposed to a bad statement or a bug. The HTTP edge answers
 * those 503 with Retry-After; anything else stays what it is.
 */

/** Node socket errors and postgres.js connection error codes. */
const CONNECTION_ERROR_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ECONNABORTED', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN',
  'CONNECTION_CLOSED', 'CONNECTION_ENDED', 'CONNECTION_DESTROYED', 'CONNECT_TIMEOUT',
]);

/**
 * SQLSTATEs of an unavailable server: class 08 (connection exception), admin/crash shutdown and "cannot
 * connect now" (starting up, shutting down, recovering), too many connections.
 */
const UNAVAILABLE_SQLSTATE = /^(08...|57P0[123]|53300)$/;

/** node-postgres and PGlite say it in their messages only. */
const UNAVAILABLE_MESSAGE =
  /Connection terminated|not queryable|timeout exceeded when trying to connect|Cannot use a pool after calling end|PGlite is closed/i;

const wasmRuntimeError = (globalThis as { WebAssembly?: { RuntimeError: abstract new () => Error } }).WebAssembly?.RuntimeError;

export function isDatabaseUnavailable(error: unknown): boolean {
  const seen = new Set<unknown>();
  for (let e: unknown = error; e && typeof e === 'object' && !seen.has(e); e = (e as { cause?: unknown }).cause) {
    seen.add(e);
    const { code, message } = e as { code?: unknown; message?: unknown };
    if (typeof code === 'string' && (CONNECTION_ERROR_CODES.has(code) || UNAVAILABLE_SQLSTATE.test(code))) return true;
    // drizzle wraps the driver's error as its cause and prefixes the message with the query: look at
    // the driver's own error only (the query text could contain anything).
    if (typeof message === 'string' && !(e as { cause?: unknown }).cause && UNAVAILABLE_MESSAGE.test(message)) return true;
    // PGlite's WebAssembly runtime aborted: the embedded database is gone until the process restarts.
    if (wasmRuntimeError && e instanceof wasmRuntimeError) return true;
  }
  return false;
}
