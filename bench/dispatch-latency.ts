/**
 * Commit → Temporal latency of SLA commands (target: p99 ≤ 100 ms with Temporal up).
 *
 *   npm run bench:dispatch                 (PGlite in a temporary folder, its own Temporal dev server)
 *   bash scripts/with-postgres.sh npm run bench:dispatch
 *   BENCH_CASES=200 BENCH_RATE=20 TEMPORAL_ADDRESS=localhost:7233 npm run bench:dispatch
 *
 * The API (buildApp, requests through inject), the background dispatcher and the worker (as
 * `npm start` composes it) share one database and one process. Each case is created (2 starts), put on
 * hold (2 pause updates) and resumed (2 resume updates), at BENCH_RATE requests per second (open loop,
 * default 10). A command's latency runs from its case's commit until Temporal accepted it: a start when
 * the server answered, an update when the workflow had applied it (worker round trip and mirror
 * included); "commit → call sent" is the dispatcher's own share. Prints the request times, a bare
 * workflow start on the same server for comparison, and the load average (the machine may be shared).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { createEntitlementListener } from '../src/entitlements/entitlement-listener.js';
import { connectClient, openConfiguredDatabase, startWorker } from '../src/main/runtime.js';
import { SlaCommandDispatcher, type KpiWorkflowGateway } from '../src/sla/command-dispatcher.js';
import { createSlaClockListener } from '../src/sla/sla-clock-listener.js';
import { createTemporalKpiGateway } from '../src/sla/temporal-kpi-gateway.js';
import { resolveCliExecutable } from '../src/temporal/binaries.js';
import { startDevServer } from '../src/temporal/dev-server.js';

const CASES = Number(process.env.BENCH_CASES ?? 100);
/** Requests per second (each changes one case with two clocks, so twice as many commands). */
const RATE = Number(process.env.BENCH_RATE ?? 10);
const ADMIN_KEY = 'bench-admin-key-0123456789';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
function summary(values: number[]) {
  const s = [...values].sort((a, b) => a - b);
  const f = (v: number) => `${v.toFixed(1)} ms`;
  return { n: s.length, p50: f(percentile(s, 50)), p99: f(percentile(s, 99)), max: f(s[s.length - 1]) };
}
const load = () => os.loadavg().map((l) => l.toFixed(2)).join(' ');

const stops: Array<() => Promise<unknown>> = [];
const loadBefore = load();
try {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sla-bench-'));
  stops.push(async () => fs.rmSync(dataDir, { recursive: true, force: true }));
  let address = process.env.TEMPORAL_ADDRESS;
  if (!address) {
    const server = await startDevServer({ executable: resolveCliExecutable(process.env.TEMPORAL_CLI_PATH), port: await freePort(), ui: false, output: 'ignore' });
    stops.push(() => server.stop());
    address = server.address;
  }
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATA_DIR: dataDir,
    BOOTSTRAP_ADMIN_KEY: ADMIN_KEY,
    TEMPORAL_ADDRESS: address,
    TEMPORAL_TASK_QUEUE: `bench-${randomUUID()}`,
    ...(process.env.DATABASE_URL ? { DATABASE_URL: process.env.DATABASE_URL } : {}),
  });
  // Without DATABASE_URL: a PGlite under the temporary DATA_DIR, as `npm start` opens one.
  const database = await openConfiguredDatabase(config);
  stops.push(() => database.close());
  const client = await connectClient(config, address);
  stops.push(() => client.connection.close());
  const worker = await startWorker(config, database, client, address);
  stops.push(() => worker.stop());

  // Commit instants per case, and the latency of every command once Temporal accepted it.
  const committedAt = new Map<string, number>();
  const latencies: Record<string, number[]> = { start: [], pause: [], resume: [] };
  const inner = createTemporalKpiGateway(client, { taskQueue: config.temporal.taskQueue });
  /** The dispatcher's share: from the commit until the call to Temporal is sent (wake, claim). */
  const untilSent: number[] = [];
  const caseOf = (workflowId: string) => workflowId.split(':')[1];
  const measured = async (kind: string, caseId: string, call: () => Promise<void>) => {
    const committed = committedAt.get(caseId)!;
    untilSent.push(performance.now() - committed);
    await call();
    latencies[kind].push(performance.now() - committed);
  };
  const gateway: KpiWorkflowGateway = {
    ...inner,
    start: (input) => measured('start', input.caseId, () => inner.start(input)),
    pause: (id, p, u) => measured('pause', caseOf(id), () => inner.pause(id, p, u)),
    resume: (id, p, u) => measured('resume', caseOf(id), () => inner.resume(id, p, u)),
  };
  const problems = new Map<string, number>();
  const note = (obj: object, msg: string) => {
    const key = `${msg}: ${String((obj as { err?: unknown; reason?: unknown }).err ?? (obj as { reason?: unknown }).reason ?? '').slice(0, 120)}`;
    problems.set(key, (problems.get(key) ?? 0) + 1);
  };
  const dispatcher = new SlaCommandDispatcher(database.db, gateway, { log: { warn: note, error: note } }).start();
  // The commit instant of each case change: the cases a transaction touched (heard by the listener
  // below) are stamped when its work is done, just before COMMIT is sent, so a latency is never
  // understated. Stamping after the commit resolves, or in the after-commit wake, can be late: a
  // dispatcher already running may claim the new commands in between.
  const touched = new AsyncLocalStorage<Set<string>>();
  const transaction = database.db.transaction.bind(database.db);
  database.db.transaction = (async (fn: Parameters<typeof transaction>[0], txConfig?: Parameters<typeof transaction>[1]) => {
    if (touched.getStore()) return transaction(fn, txConfig);
    const ids = new Set<string>();
    return touched.run(ids, () =>
      transaction(async (tx) => {
        const result = await fn(tx);
        const at = performance.now();
        for (const id of ids) committedAt.set(id, at);
        return result;
      }, txConfig),
    );
  }) as typeof database.db.transaction;
  const clocks = createSlaClockListener(dispatcher);
  const stamping = new Proxy(clocks, {
    get(target, key, receiver) {
      const value = Reflect.get(target, key, receiver);
      if (typeof value !== 'function' || typeof key !== 'string' || !key.startsWith('on')) return value;
      return (...args: unknown[]) => {
        const id = (args[1] as { id?: unknown } | undefined)?.id;
        if (typeof id === 'string') touched.getStore()?.add(id);
        return value.apply(target, args);
      };
    },
  });
  const app = await buildApp({ config, database, temporal: client, logger: false, caseListeners: [createEntitlementListener(), stamping] });
  stops.push(() => app.close());
  stops.push(() => dispatcher.stop());

  const request = async (method: 'POST', url: string, payload: object) => {
    const res = await app.inject({ method, url, payload, headers: { authorization: `Bearer ${ADMIN_KEY}` } });
    if (res.statusCode >= 300) throw new Error(`${method} ${url} → ${res.statusCode}: ${res.body}`);
    return res.json();
  };
  await request('POST', '/v1/slas', {
    name: 'Bench',
    isDefault: true,
    items: [
      { name: 'Respond in 1h', kpi: 'first_response', failure: { hours: 1 } },
      { name: 'Resolve in 9h', kpi: 'resolve', failure: { hours: 9 } },
    ],
  });
  const account = await request('POST', '/v1/accounts', { name: 'Bench Co' });

  const requestTimes: Record<string, number[]> = { create: [], on_hold: [], in_progress: [] };
  const waitFor = async (kind: string, count: number) => {
    const until = Date.now() + 120_000;
    while (latencies[kind].length < count) {
      if (Date.now() > until) throw new Error(`only ${latencies[kind].length} of ${count} ${kind} commands reached Temporal`);
      await new Promise((r) => setTimeout(r, 10));
    }
  };
  const timed = async (what: string, fn: () => Promise<unknown>) => {
    const t0 = performance.now();
    const out = await fn();
    requestTimes[what].push(performance.now() - t0);
    return out;
  };

  /** Open loop: request i is sent at i / RATE seconds, whatever the previous ones are doing. */
  const paced = async (what: string, kind: string, send: (i: number) => Promise<unknown>) => {
    const t0 = performance.now();
    const inFlight: Array<Promise<unknown>> = [];
    for (let i = 0; i < CASES; i++) {
      const wait = t0 + (i * 1000) / RATE - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      inFlight.push(timed(what, () => send(i)));
    }
    await Promise.all(inFlight);
    await waitFor(kind, 2 * CASES);
  };
  const caseIds: string[] = [];
  await paced('create', 'start', async (i) => {
    const c = (await request('POST', '/v1/cases', { title: `Bench ${i}`, accountId: account.id, origin: 'web' })) as { id: string };
    caseIds[i] = c.id;
  });
  await paced('on_hold', 'pause', (i) => request('POST', `/v1/cases/${caseIds[i]}/status`, { status: 'on_hold' }));
  await paced('in_progress', 'resume', (i) => request('POST', `/v1/cases/${caseIds[i]}/status`, { status: 'in_progress' }));

  // Baseline on the same server and load: a bare workflow start (no database, no worker), one at a time.
  const raw: number[] = [];
  const rawQueue = `bench-raw-${randomUUID()}`;
  for (let i = 0; i < 50; i++) {
    const t0 = performance.now();
    const handle = await client.workflow.start('benchNoop', { taskQueue: rawQueue, workflowId: `bench-raw-${randomUUID()}`, args: [] });
    raw.push(performance.now() - t0);
    await handle.terminate('benchmark baseline');
  }

  const all = [...latencies.start, ...latencies.pause, ...latencies.resume];
  console.log(`\nSLA command delivery, commit → Temporal (${CASES} cases at ${RATE} requests/s, ${database.driver}, ${os.cpus().length} CPUs)`);
  console.table({
    'start (workflow started)': summary(latencies.start),
    'pause (update applied)': summary(latencies.pause),
    'resume (update applied)': summary(latencies.resume),
    'all commands': summary(all),
    'of which commit → call sent': summary(untilSent),
    'baseline: bare client.workflow.start': summary(raw),
  });
  console.log('Request times (the request never waits for Temporal)');
  console.table({
    'POST /v1/cases': summary(requestTimes.create),
    'POST /status on_hold (2 clocks)': summary(requestTimes.on_hold),
    'POST /status in_progress (2 clocks)': summary(requestTimes.in_progress),
  });
  const p99 = percentile([...all].sort((a, b) => a - b), 99);
  console.log(`p99 commit → Temporal: ${p99.toFixed(1)} ms (target ≤ 100 ms): ${p99 <= 100 ? 'met' : 'NOT met'}`);
  console.log(`load average (1/5/15 min): before ${loadBefore}, after ${load()}`);
  const totals = dispatcher.totals();
  if (totals.failed || totals.rejected) console.log(`dispatcher: ${totals.failed} transient failures, ${totals.rejected} rejections`);
  for (const [what, n] of problems) console.log(`  ${n} × ${what}`);
} catch (err) {
  console.error(err);
  process.exitCode = 1;
} finally {
  for (const stop of stops.reverse()) await stop().catch((e) => console.error(e));
  process.exit(process.exitCode ?? 0);
}
