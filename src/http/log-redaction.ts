/**
 * The `err` serializer of the API's logger. A failed query's error carries the values it was sent with
 * (drizzle puts "params: ..." into the message, postgres.js and PGlite attach parameters, PostgreSQL's
 * `detail` quotes row values): case texts, e-mail addresses, API key hashes. Only a fixed list of
 * properties is logged, and the parameters are replaced by their count.
 */
const SAFE_KEYS = ['code', 'severity', 'routine', 'constraint_name', 'constraint', 'table_name', 'table', 'column_name', 'column', 'schema_name', 'statusCode'] as const;
const MAX_CAUSES = 5;

export function redactQueryParameters(text: string, count?: number): string {
  return text
    .replace(/\nparams: [\s\S]*?(?=\n {4}at |$)/, `\nparams: [${count ?? '?'} redacted]`)
    // PostgreSQL quotes the refused value: invalid input syntax for type integer: "..."
    .replace(/(invalid input (?:syntax|value) for (?:type|enum) [\w ]+: )"[^\n]*"/g, '$1"[redacted]"');
}

export interface RedactedError {
  type: string;
  message: string;
  stack: string;
  [key: string]: unknown;
}

export function redactedError(err: Error, depth = 0): RedactedError {
  if (!(err instanceof Error)) return { type: typeof err, message: redactQueryParameters(String(err)), stack: '' };
  const e = err as Error & Record<string, unknown>;
  const params = Array.isArray(e.params) ? e.params.length : Array.isArray(e.parameters) ? e.parameters.length : undefined;
  const out: RedactedError = {
    type: e.name,
    message: redactQueryParameters(String(e.message), params),
    stack: typeof e.stack === 'string' ? redactQueryParameters(e.stack, params) : '',
  };
  if (typeof e.query === 'string') out.query = e.query;
  for (const key of SAFE_KEYS) if (e[key] !== undefined && typeof e[key] !== 'object') out[key] = e[key];
  if (e.cause instanceof Error && depth < MAX_CAUSES) out.cause = redactedError(e.cause, depth + 1);
  else if (e.cause !== undefined && typeof e.cause !== 'object') out.cause = e.cause;
  return out;
}

/** Survey links carry their secret in the path: request logs show `/v1/surveys/[token]` instead. */
export function redactSurveyToken(url: string): string {
  return url.replace(/(\/v1\/surveys\/)[A-Za-z0-9_-]{43}(?=[/?#]|$)/, '$1[token]');
}

/** The `req` serializer: pino's usual fields, with survey tokens redacted from the URL. */
export function redactedRequest(req: { method?: string; url?: string; host?: string; ip?: string; socket?: { remotePort?: number } }) {
  return { method: req.method, url: req.url === undefined ? undefined : redactSurveyToken(req.url), host: req.host, remoteAddress: req.ip, remotePort: req.socket?.remotePort };
}
