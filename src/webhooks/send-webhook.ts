/**
 * One HTTP attempt of a delivery: POST the body with the signed headers, no redirects followed, a
 * bounded time, and at most a few KiB of the answer read. Never throws: the outcome is the result.
 */
import http from 'node:http';
import https from 'node:https';
import { checkLiteralAddress, guardedLookup, ReceiverRefused, type ReceiverPolicy } from './receiver-address.js';

export interface SendOutcome {
  ok: boolean;
  statusCode: number | null;
  latencyMs: number;
  error: string | null;
  /** The receiver refused by the SSRF policy: retrying cannot help until the configuration changes. */
  refused: boolean;
}

const MAX_ANSWER_BYTES = 4096;

export async function sendWebhook(
  target: string,
  headers: Record<string, string>,
  body: string,
  options: ReceiverPolicy & { timeoutMs: number },
): Promise<SendOutcome> {
  const started = performance.now();
  const done = (o: Omit<SendOutcome, 'latencyMs'>): SendOutcome => ({ ...o, latencyMs: Math.round(performance.now() - started) });
  let url: URL;
  try {
    url = new URL(target);
    checkLiteralAddress(url, options);
  } catch (err) {
    return done({ ok: false, statusCode: null, error: (err as Error).message, refused: err instanceof ReceiverRefused });
  }
  const client = url.protocol === 'https:' ? https : http;
  return new Promise<SendOutcome>((resolve) => {
    const req = client.request(
      url,
      {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'user-agent': 'sla-service-webhooks/1' },
        lookup: guardedLookup(options),
        timeout: options.timeoutMs,
        agent: false,
      },
      (res) => {
        let read = 0;
        res.on('data', (chunk: Buffer) => {
          read += chunk.length;
          if (read > MAX_ANSWER_BYTES) res.destroy();
        });
        const finish = () => {
          const statusCode = res.statusCode ?? null;
          const ok = statusCode !== null && statusCode >= 200 && statusCode < 300;
          resolve(done({ ok, statusCode, error: ok ? null : `receiver answered ${statusCode}`, refused: false }));
        };
        res.once('end', finish);
        res.once('close', finish);
      },
    );
    req.once('timeout', () => req.destroy(new Error(`no answer within ${options.timeoutMs} ms`)));
    req.once('error', (err) => resolve(done({ ok: false, statusCode: null, error: err.message, refused: err instanceof ReceiverRefused })));
    req.end(body);
  });
}
