/**
 * A well-behaved client creating cases at a steady rate: each case has its own Idempotency-Key and is
 * retried with that key on 503 (after Retry-After, capped), 409 IDEMPOTENCY_KEY_IN_PROGRESS and network
 * errors, until it gets an answer that is not one of those. Every attempt is recorded.
 */

export interface Attempt {
  /** ms since the load started. */
  at: number;
  ms: number;
  /** HTTP status, or 0 for a network error (no answer). */
  status: number;
  code?: string;
  contentType?: string;
  /** Why there was no answer (status 0): the fetch error and its cause. */
  error?: string;
}

export interface CaseRequest {
  key: string;
  body: Record<string, unknown>;
  attempts: Attempt[];
  /** The case id of the 201. */
  caseId?: string;
  /** The last answer's status (0: gave up without an answer). */
  final?: number;
}

export interface CaseLoadOptions {
  baseUrl: string;
  authorization: string;
  body: (i: number) => Record<string, unknown>;
  perSecond: number;
  /** Give up retrying a case after this long. */
  retryForMs?: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function postCase(o: Pick<CaseLoadOptions, 'baseUrl' | 'authorization'>, key: string, body: object, t0: number): Promise<Attempt & { id?: string; replayed?: boolean; retryAfter?: number }> {
  const started = performance.now();
  try {
    const res = await fetch(`${o.baseUrl}/v1/cases`, {
      method: 'POST',
      headers: { authorization: o.authorization, 'content-type': 'application/json', 'idempotency-key': key },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(15_000),
    });
    const text = await res.text();
    const ms = performance.now() - started;
    let json: { id?: string; code?: string } = {};
    try {
      json = JSON.parse(text) as typeof json;
    } catch {
      /* not JSON */
    }
    return {
      at: started - t0,
      ms,
      status: res.status,
      code: json.code,
      id: json.id,
      contentType: res.headers.get('content-type') ?? undefined,
      replayed: res.headers.get('idempotent-replayed') === 'true',
      retryAfter: Number(res.headers.get('retry-after') ?? NaN),
    };
  } catch (e) {
    return { at: started - t0, ms: performance.now() - started, status: 0, error: describeFetchError(e) };
  }
}

function describeFetchError(e: unknown): string {
  const err = e as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  const cause = err.cause ? ` (${[err.cause.code, err.cause.message].filter(Boolean).join(': ')})` : '';
  return `${err.name ?? 'Error'}: ${err.message ?? String(e)}${cause}`;
}

export class CaseLoad {
  readonly requests: CaseRequest[] = [];
  private running = false;
  private inFlight = new Set<Promise<void>>();
  private loop: Promise<void> | undefined;
  t0 = 0;

  constructor(private readonly o: CaseLoadOptions) {}

  start(keyPrefix: string) {
    this.running = true;
    this.t0 = performance.now();
    this.loop = (async () => {
      for (let i = 0; this.running; i++) {
        const due = this.t0 + (i * 1000) / this.o.perSecond;
        const wait = due - performance.now();
        if (wait > 0) await sleep(wait);
        if (!this.running) break;
        const request: CaseRequest = { key: `${keyPrefix}-${i}`, body: this.o.body(i), attempts: [] };
        this.requests.push(request);
        const p = this.send(request).finally(() => this.inFlight.delete(p));
        this.inFlight.add(p);
      }
    })();
  }

  /** Stops creating new cases and waits for the ones still retrying. */
  async stop() {
    this.running = false;
    await this.loop;
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
  }

  private async send(request: CaseRequest) {
    const a = await postCaseRetrying(this.o, request.key, request.body, this.t0, {
      forMs: this.o.retryForMs ?? 120_000,
      retryInProgress: true,
      onAttempt: (a) => {
        request.attempts.push({ at: a.at, ms: a.ms, status: a.status, code: a.code, contentType: a.contentType, error: a.error });
        request.final = a.status;
      },
    });
    if (a.status === 201) request.caseId = a.id;
  }
}

/**
 * `postCase` again while the answer is a 503 (after Retry-After, capped at 2 s), a dropped connection or,
 * with `retryInProgress`, 409 IDEMPOTENCY_KEY_IN_PROGRESS, for at most `forMs`; returns the last answer.
 */
export async function postCaseRetrying(
  o: Pick<CaseLoadOptions, 'baseUrl' | 'authorization'>,
  key: string,
  body: object,
  t0: number,
  { forMs, retryInProgress, onAttempt }: { forMs: number; retryInProgress: boolean; onAttempt?: (a: Awaited<ReturnType<typeof postCase>>) => void },
): Promise<Awaited<ReturnType<typeof postCase>>> {
  const until = performance.now() + forMs;
  for (;;) {
    const a = await postCase(o, key, body, t0);
    onAttempt?.(a);
    const retryable = a.status === 0 || a.status === 503 || (retryInProgress && a.status === 409 && a.code === 'IDEMPOTENCY_KEY_IN_PROGRESS');
    if (!retryable || performance.now() > until) return a;
    await sleep(a.status === 503 && a.retryAfter && a.retryAfter > 0 ? Math.min(a.retryAfter * 1000, 2_000) : 500);
  }
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}
