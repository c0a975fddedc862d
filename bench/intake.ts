/**
 * Case intake against raw workflow starts, side by side on one Temporal dev server.
 *
 *   npm run bench:intake                                  (a throwaway PostgreSQL via scripts/with-postgres.sh)
 *   npm run bench:intake -- --clients 1,8,32 --duration 15
 *   DATABASE_URL=postgres://... npm run bench:intake
 *
 * Processes: PostgreSQL, the Temporal dev server (in memory), the API (src/main/api.ts) and the worker
 * (src/main/worker.ts), plus a baseline worker (bench/raw/worker.ts) for the raw workflows. A default
 * SLA with 2 KPIs on a business-hours calendar, so every case starts two KPI clocks.
 *
 * At each concurrency, for `--duration` seconds:
 * - cases: that many closed-loop clients `POST /v1/cases`; a case counts once both its clocks are
 *   started in Temporal (the start commands delivered), so cases/s runs from the first request until
 *   the last start was delivered;
 * - raw: that many closed-loop `client.workflow.start` of a one-timer workflow with the same options
 *   (business-key id, conflict/reuse policies, static summary and details, search attributes).
 * Prints cases/s and raw starts/s, request / start latency p50 and p99, the ratio (2 × cases/s) ÷ raw
 * starts/s (target ≥ 0.6 at 32 clients), CPU ms per case (per raw start) of each process, load average.
 *
 * Then an open loop at half the best cases/s of the closed loops (`--half true`, or `--rate R` cases/s):
 * requests sent on a fixed schedule whatever the answers, so a slow answer does not slow the load; prints
 * `POST` p50/p99 (target p99 ≤ 50 ms) beside raw starts sent at twice that rate (two clocks per case).
 * `--apiArgs '--cpu-prof --cpu-prof-dir=DIR'` passes node flags to the API process.
 */
import { randomUUID } from 'node:crypto';
import { isNull, and, eq, sql } from 'drizzle-orm';
import { Client, Connection } from '@temporalio/client';
import { openDatabase } from '../db/client.js';
import { slaCommands } from '../db/schema/index.js';
import { slaSearchAttributes as SA } from '../src/temporal/search-attributes.js';
import {
  ADMIN_KEY,
  cpuMs,
  cpuMsOf,
  flags,
  freePort,
  loadAverage,
  onExit,
  postgresPids,
  requirePostgres,
  serviceEnv,
  settle,
  sleep,
  spawnNode,
  spawnService,
  startTemporal,
  stats,
  waitForHttp,
  waitForPoller,
} from './support/stack.js';

requirePostgres();
const opts = flags({ clients: '1,8,32', duration: 15, 'drain-timeout': 180, half: true, rate: 0, apiArgs: '' });
const levels = String(opts.clients).split(',').map(Number);
const databaseUrl = process.env.DATABASE_URL!;
const stops: Array<() => Promise<unknown>> = [];
const cleanup = onExit(stops);

/** Closed loop: `clients` workers each run `once` back to back until the deadline; latencies in ms. */
async function closedLoop(clients: number, seconds: number, once: (i: number) => Promise<void>): Promise<number[]> {
  const latencies: number[] = [];
  const until = performance.now() + seconds * 1000;
  let next = 0;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (performance.now() < until) {
        const t0 = performance.now();
        await once(next++);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  return latencies;
}

/** Open loop: `once` started every 1/rate seconds for `seconds`, however long each takes; latencies in ms. */
async function openLoop(rate: number, seconds: number, once: (i: number) => Promise<void>): Promise<number[]> {
  const latencies: number[] = [];
  const runs: Promise<void>[] = [];
  const t0 = performance.now();
  const total = Math.round(rate * seconds);
  for (let i = 0; i < total; i++) {
    const due = t0 + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    runs.push(
      (async () => {
        const start = performance.now();
        await once(i);
        latencies.push(performance.now() - start);
      })(),
    );
  }
  await Promise.all(runs);
  return latencies;
}

try {
  const loadBefore = loadAverage();
  const temporal = await startTemporal();
  stops.push(() => temporal.stop());
  const taskQueue = `sla-bench-${randomUUID()}`;
  const rawQueue = `raw-bench-${randomUUID()}`;
  const port = await freePort();
  const worker = spawnService('worker', serviceEnv({ databaseUrl, temporalAddress: temporal.address, taskQueue }));
  stops.push(() => worker.stop());
  const api = spawnService('api', serviceEnv({ databaseUrl, temporalAddress: temporal.address, taskQueue, port }), opts.apiArgs.split(' ').filter(Boolean));
  stops.push(() => api.stop());
  const rawWorker = spawnNode('raw worker', 'bench/raw/worker.ts', { TEMPORAL_ADDRESS: temporal.address, TASK_QUEUE: rawQueue });
  stops.push(() => rawWorker.stop());

  const connection = await Connection.connect({ address: temporal.address });
  stops.push(() => connection.close());
  const client = new Client({ connection });
  const base = `http://127.0.0.1:${port}`;
  await waitForHttp(`${base}/healthz`, api);
  await waitForPoller(client, taskQueue, worker);
  await waitForPoller(client, rawQueue, rawWorker);
  const database = await openDatabase({ url: databaseUrl, maxConnections: 2 });
  stops.push(() => database.close());

  const call = async (method: string, url: string, body?: object) => {
    const res = await fetch(`${base}${url}`, {
      method,
      headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
      body: body ? JSON.stringify(body) : undefined,
    });
    if (res.status >= 300) throw new Error(`${method} ${url} → ${res.status}: ${await res.text()}`);
    return res.json() as Promise<{ id: string }>;
  };
  const hours = [['08:00', '17:00']];
  const calendar = await call('POST', '/v1/calendars', {
    name: 'Paris office',
    definition: { timeZone: 'Europe/Paris', weekly: { mon: hours, tue: hours, wed: hours, thu: hours, fri: hours } },
  });
  await call('POST', '/v1/slas', {
    name: 'Bench default',
    calendarId: calendar.id,
    isDefault: true,
    items: [
      {
        name: 'Respond in 1h',
        kpi: 'first_response',
        warning: { minutes: 30 },
        failure: { hours: 1 },
        warningActions: [{ type: 'send_email', to: ['owner'], subject: '{{case.number}}: {{kpi}} at risk', body: 'Due {{failureAt}}' }],
        failureActions: [{ type: 'escalate_to_queue' }],
      },
      { name: 'Resolve in 2 business days', kpi: 'resolve', warning: { businessDays: 1 }, failure: { businessDays: 2 } },
    ],
  });
  await call('POST', '/v1/queues', { name: 'Escalations', isEscalation: true });
  const account = await call('POST', '/v1/accounts', { name: 'Bench Co', serviceLevel: 'premium' });

  const pgPids = () => postgresPids(databaseUrl);
  const undeliveredStarts = async () =>
    Number((await database.db.select({ n: sql<number>`count(*)` }).from(slaCommands).where(and(isNull(slaCommands.deliveredAt), eq(slaCommands.kind, 'start'))))[0].n);
  const snapshot = () => ({ api: cpuMs(api.pid), worker: cpuMs(worker.pid), temporal: cpuMs(temporal.pid), postgres: cpuMsOf(pgPids()), rawWorker: cpuMs(rawWorker.pid), bench: process.cpuUsage() });
  const benchMs = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1000;
  const quiet = () => settle([api.pid, worker.pid, temporal.pid, rawWorker.pid], { quietMs: 1500 });

  /** A raw start of a one-timer workflow with the options a KPI clock is started with. */
  const rawStart = async (i: number) => {
    const caseId = randomUUID();
    await client.workflow.start('rawTimer', {
      taskQueue: rawQueue,
      workflowId: `sla:${caseId}:first_response:1`,
      args: [7 * 86_400_000],
      workflowIdConflictPolicy: 'USE_EXISTING',
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
      staticSummary: `First Response By · RAW-${i} · Respond in 1h: 1h`,
      staticDetails: `### First Response By for case RAW-${i}\n\n- Case: RAW-${i} (\`${caseId}\`)`,
      typedSearchAttributes: [
        { key: SA.caseId, value: caseId },
        { key: SA.caseNumber, value: `RAW-${i}` },
        { key: SA.kpi, value: 'first_response' },
        { key: SA.state, value: 'in_progress' },
        { key: SA.breached, value: false },
        { key: SA.warningAt, value: new Date(Date.now() + 1_800_000) },
        { key: SA.failureAt, value: new Date(Date.now() + 3_600_000) },
      ],
    });
  };
  const createCase = (label: string) => call('POST', '/v1/cases', { title: `Bench case ${label}`, accountId: account.id, priority: 'high', origin: 'phone' });
  const drainStarts = async () => {
    const drainUntil = Date.now() + opts['drain-timeout'] * 1000;
    let pending = await undeliveredStarts();
    while (pending > 0 && Date.now() < drainUntil) {
      await sleep(50);
      pending = await undeliveredStarts();
    }
    return pending;
  };

  // Warm-up: bundles, JIT, connection pools, first SLA lookups.
  await closedLoop(4, 3, async (i) => void (await call('POST', '/v1/cases', { title: `Warm-up ${i}`, accountId: account.id, priority: 'high', origin: 'phone' })));
  await closedLoop(4, 2, async () => void (await client.workflow.start('rawTimer', { taskQueue: rawQueue, workflowId: `warm-${randomUUID()}`, args: [86_400_000] })));
  while ((await undeliveredStarts()) > 0) await sleep(100);
  await quiet();

  const rows: Record<string, Record<string, string | number>> = {};
  for (const clients of levels) {
    // --- cases through the API ---------------------------------------------------------------
    const before = snapshot();
    const t0 = performance.now();
    let created = 0;
    const latencies = await closedLoop(clients, opts.duration, async (i) => {
      await createCase(`${clients}/${i}`);
      created++;
    });
    const pending = await drainStarts();
    const seconds = (performance.now() - t0) / 1000;
    await quiet();
    const after = snapshot();
    const casesPerSecond = created / seconds;
    const l = stats(latencies);

    // --- raw starts, same options, same concurrency --------------------------------------------
    const rawBefore = snapshot();
    const r0 = performance.now();
    let started = 0;
    const rawLatencies = await closedLoop(clients, opts.duration, async (i) => {
      await rawStart(i);
      started++;
    });
    const rawSeconds = (performance.now() - r0) / 1000;
    await quiet();
    const rawAfter = snapshot();
    const rawPerSecond = started / rawSeconds;
    const rl = stats(rawLatencies);

    const per = (a: number, b: number, n: number) => ((b - a) / n).toFixed(1);
    rows[`${clients} client${clients === 1 ? '' : 's'}`] = {
      'cases/s': casesPerSecond.toFixed(1),
      'POST p50 ms': l.p50.toFixed(1),
      'POST p99 ms': l.p99.toFixed(1),
      'raw starts/s': rawPerSecond.toFixed(1),
      'raw p50 ms': rl.p50.toFixed(1),
      'raw p99 ms': rl.p99.toFixed(1),
      ratio: ((2 * casesPerSecond) / rawPerSecond).toFixed(2),
      'API ms/case': per(before.api, after.api, created),
      'worker ms/case': per(before.worker, after.worker, created),
      'Temporal ms/case': per(before.temporal, after.temporal, created),
      'PG ms/case': per(before.postgres, after.postgres, created),
      'raw: Temporal ms/start': per(rawBefore.temporal, rawAfter.temporal, started),
      'raw: worker ms/start': per(rawBefore.rawWorker, rawAfter.rawWorker, started),
      'raw: client ms/start': per(benchMs(rawBefore.bench), benchMs(rawAfter.bench), started),
      load: loadAverage().split(' ')[0],
    };
    console.log(`${clients} clients: ${created} cases in ${seconds.toFixed(1)} s (${pending} starts undelivered), ${started} raw starts in ${rawSeconds.toFixed(1)} s`);
  }
  console.log('\nCase intake (each case = 2 KPI clocks) vs raw client.workflow.start of a one-timer workflow');
  console.table(rows);
  console.log('ratio = (2 × cases/s) ÷ raw starts/s (target ≥ 0.6 at 32 clients); CPU per case includes both clocks.');

  const best = Math.max(...Object.values(rows).map((r) => Number(r['cases/s'])));
  const rate = opts.rate || (opts.half ? best / 2 : 0);
  if (rate > 0) {
    const before = snapshot();
    const latencies = await openLoop(rate, opts.duration, async (i) => void (await createCase(`open/${i}`)));
    const pending = await drainStarts();
    await quiet();
    const after = snapshot();
    const rawLatencies = await openLoop(2 * rate, opts.duration, rawStart);
    await quiet();
    const l = stats(latencies);
    const rl = stats(rawLatencies);
    console.log(`\nOpen loop at ${rate.toFixed(1)} cases/s${opts.rate ? '' : ` (half of the best ${best.toFixed(1)} cases/s)`}, ${opts.duration} s; raw starts at ${(2 * rate).toFixed(1)}/s:`);
    console.table({
      cases: { n: l.n, 'p50 ms': l.p50.toFixed(1), 'p99 ms': l.p99.toFixed(1), 'max ms': l.max.toFixed(1), 'API ms/case': ((after.api - before.api) / l.n).toFixed(1), 'starts undelivered': pending },
      'raw starts': { n: rl.n, 'p50 ms': rl.p50.toFixed(1), 'p99 ms': rl.p99.toFixed(1), 'max ms': rl.max.toFixed(1) },
    });
    console.log('target: POST p99 ≤ 50 ms at half the max throughput');
  }
  console.log(`load average (1/5/15 min): before ${loadBefore}, after ${loadAverage()}`);
} catch (err) {
  console.error(err);
  process.exitCode = 1;
} finally {
  await cleanup();
  process.exit(process.exitCode ?? 0);
}
