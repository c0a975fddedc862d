/**
 * Resident memory of the worker and the API, run as production runs them (the `npm run build` bundle)
 * and, side by side in the same run, through tsx: idle after start, then with live KPI clocks.
 *
 *   npm run bench:memory     # -- --cases 1000 (2 clocks each) --clients 8 --variants dist,tsx --workerArgs '--max-old-space-size=192'
 *
 * PostgreSQL (`scripts/with-postgres.sh` unless DATABASE_URL is set) and the Temporal dev server are
 * shared; each variant gets its own task queue, worker and API. A clock is live once its start was
 * delivered and the worker went quiet (every clock asleep on its first timer).
 */
import { randomUUID } from 'node:crypto';
import { and, eq, isNull, sql } from 'drizzle-orm';
import { Client, Connection } from '@temporalio/client';
import { openDatabase } from '../db/client.js';
import { slaCommands } from '../db/schema/index.js';
import { ADMIN_KEY, flags, freePort, loadAverage, onExit, requirePostgres, RssSampler, rssMb, serviceEnv, settle, sleep, spawnService, startTemporal, waitForHttp, waitForPoller } from './support/stack.js';

requirePostgres();
const opts = flags({ cases: 1000, clients: 8, variants: 'dist,tsx', workerArgs: '' });
const workerArgs = opts.workerArgs.split(' ').filter(Boolean);
const databaseUrl = process.env.DATABASE_URL!;
const stops: Array<() => Promise<unknown>> = [];
const cleanup = onExit(stops);
const rows: Record<string, Record<string, string>> = {};

try {
  const loadBefore = loadAverage();
  const temporal = await startTemporal();
  stops.push(() => temporal.stop());
  const connection = await Connection.connect({ address: temporal.address });
  stops.push(() => connection.close());
  const client = new Client({ connection });
  const database = await openDatabase({ url: databaseUrl, maxConnections: 2 });
  stops.push(() => database.close());
  const undeliveredStarts = async () =>
    Number((await database.db.select({ n: sql<number>`count(*)` }).from(slaCommands).where(and(isNull(slaCommands.deliveredAt), eq(slaCommands.kind, 'start'))))[0].n);

  let slaCreated = false;
  for (const via of opts.variants.split(',') as Array<'dist' | 'tsx'>) {
    const taskQueue = `sla-memory-${via}-${randomUUID()}`;
    const port = await freePort();
    const worker = spawnService('worker', serviceEnv({ databaseUrl, temporalAddress: temporal.address, taskQueue }), workerArgs, via);
    const api = spawnService('api', serviceEnv({ databaseUrl, temporalAddress: temporal.address, taskQueue, port }), [], via);
    const base = `http://127.0.0.1:${port}`;
    await waitForHttp(`${base}/healthz`, api);
    await waitForPoller(client, taskQueue, worker);
    const call = async (method: string, url: string, body?: object) => {
      const res = await fetch(`${base}${url}`, { method, headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' }, body: body ? JSON.stringify(body) : undefined });
      if (res.status >= 300) throw new Error(`${method} ${url} → ${res.status}: ${await res.text()}`);
      return res.json() as Promise<{ id: string }>;
    };
    await settle([worker.pid, api.pid], { quietMs: 2000 });
    const idle = { worker: rssMb(worker.pid), api: rssMb(api.pid) };
    const peaks = new RssSampler({ worker: () => [worker.pid], api: () => [api.pid] });

    if (!slaCreated) {
      slaCreated = true;
      const calendar = await call('POST', '/v1/calendars', { name: 'Office', definition: { timeZone: 'Europe/Paris', weekly: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => [d, [['08:00', '17:00']]])) } });
      await call('POST', '/v1/slas', {
        name: 'Memory bench',
        calendarId: calendar.id,
        isDefault: true,
        items: [
          { name: 'Respond in 1h', kpi: 'first_response', warning: { minutes: 30 }, failure: { hours: 1 }, warningActions: [{ type: 'send_email', to: ['owner'], subject: '{{case.number}} at risk', body: 'Due {{failureAt}}' }] },
          { name: 'Resolve in 2 business days', kpi: 'resolve', warning: { businessDays: 1 }, failure: { businessDays: 2 } },
        ],
      });
    }
    const account = await call('POST', '/v1/accounts', { name: `Memory ${via}` });
    let next = 0;
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: opts.clients }, async () => {
        while (next < opts.cases) {
          const i = next++;
          await call('POST', '/v1/cases', { title: `Memory ${via} ${i}`, accountId: account.id, origin: 'web' });
        }
      }),
    );
    while ((await undeliveredStarts()) > 0) await sleep(200);
    await settle([worker.pid, api.pid, temporal.pid], { quietMs: 3000, maxMs: 300_000 });
    const seconds = (performance.now() - t0) / 1000;
    const live = { worker: rssMb(worker.pid), api: rssMb(api.pid) };
    peaks.stop();
    rows[`${via === 'dist' ? 'bundle (node dist/*.mjs)' : 'tsx src/main/*.ts'}${workerArgs.length ? ` worker ${workerArgs.join(' ')}` : ''}`] = {
      'worker idle MB': idle.worker.toFixed(0),
      [`worker, ${2 * opts.cases} live clocks MB`]: live.worker.toFixed(0),
      'worker peak MB': peaks.peaks.get('worker')!.toFixed(0),
      'API idle MB': idle.api.toFixed(0),
      [`API after ${opts.cases} creates MB`]: live.api.toFixed(0),
      'API peak MB': peaks.peaks.get('api')!.toFixed(0),
      'creates + settle s': seconds.toFixed(0),
    };
    await api.stop();
    await worker.stop();
  }
  console.log(`\nResident memory (RSS), ${opts.cases} cases with 2 KPI clocks each per variant, ${opts.clients} clients; PostgreSQL, Temporal dev server`);
  console.table(rows);
  console.log(`load average (1/5/15 min): before ${loadBefore}, after ${loadAverage()}`);
} catch (err) {
  console.error(err);
  process.exitCode = 1;
} finally {
  await cleanup();
  process.exit(process.exitCode ?? 0);
}
