/**
 * Business process commands through the HTTP API (inject, no sockets): per case, create (which starts
 * the process), complete a checklist step, move next twice, read the run and its picture. Latency
 * percentiles per operation, on PGlite (or PostgreSQL with DATABASE_URL); the load average is printed
 * beside them because the machine may be shared.
 *
 *   npx tsx bench/process-moves.ts [cases=100]
 */
import os from 'node:os';
import { createTestApp } from '../test/support/app.js';
import { caseListeners } from '../src/main/case-listeners.js';
import { hardwareFault } from '../test/processes/support.js';

const cases = Number(process.argv[2] ?? 100);
const t = await createTestApp({ caseListeners: caseListeners(null) });
const call = async (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object, headers: Record<string, string> = {}) => {
  const res = await t.app.inject({ method, url, payload, headers: { ...t.auth(), ...headers } });
  if (res.statusCode >= 300) throw new Error(`${method} ${url} → ${res.statusCode}: ${res.body}`);
  return res;
};
await call('POST', '/v1/processes', hardwareFault());
const product = (await call('POST', '/v1/products', { name: 'Xbox' })).json();
const account = (await call('POST', '/v1/accounts', { name: 'Bench' })).json();

const timings: Record<string, number[]> = {};
const timed = async <T>(name: string, fn: () => Promise<T>): Promise<T> => {
  const start = performance.now();
  const out = await fn();
  (timings[name] ??= []).push(performance.now() - start);
  return out;
};
for (let i = 0; i < cases; i++) {
  const c = (await timed('create case (+ start process)', () => call('POST', '/v1/cases', { title: `c${i}`, origin: 'phone', accountId: account.id, productId: product.id }))).json();
  let etag = (await timed('GET process', () => call('GET', `/v1/cases/${c.id}/process`))).headers.etag as string;
  etag = (await timed('complete step', () => call('POST', `/v1/cases/${c.id}/process/steps/serial/complete`, {}, { 'if-match': etag }))).headers.etag as string;
  etag = (await timed('next', () => call('POST', `/v1/cases/${c.id}/process/next`, {}, { 'if-match': etag }))).headers.etag as string;
  etag = (await timed('complete step', () => call('POST', `/v1/cases/${c.id}/process/steps/repro/complete`, {}, { 'if-match': etag }))).headers.etag as string;
  await timed('next', () => call('POST', `/v1/cases/${c.id}/process/next`, {}, { 'if-match': etag }));
  await timed('GET process.svg', () => call('GET', `/v1/cases/${c.id}/process.svg`));
}
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];
console.log(`database: ${process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite'}; ${cases} cases; load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')} (shared machine)`);
for (const [name, xs] of Object.entries(timings)) console.log(`${name.padEnd(30)} n=${String(xs.length).padStart(4)}  p50 ${pct(xs, 50).toFixed(1)} ms  p95 ${pct(xs, 95).toFixed(1)} ms  p99 ${pct(xs, 99).toFixed(1)} ms`);
await t.close();
