/**
 * A day of SLA clocks, compressed honestly: `--clocks` (10,000) KPI clocks live at once, failures spread
 * as over a day, and measurement windows in which clocks fall due at a day's density (10,000 / 1,440 ≈ 7
 * per minute) and at denser ones; beside them, raw timer + activity workflows due at the same density.
 *
 *   npm run bench:day                                      (10,000 clocks; windows 7/min × 5 min, 70/min × 2 min)
 *   npm run bench:day -- --clocks 2000 --windows 7x2 --workerArgs ' '     (worker without the heap flags of production)
 *   npm run bench:day -- --workerEnv 'SLA_WORKER_MAX_CACHED_WORKFLOWS=100'
 *
 * Processes as in production: PostgreSQL, the Temporal dev server, the SLA worker (`dist/worker.mjs`), the
 * baseline worker; the API only sets up (calendar-less SLA with the 3 failure actions of bench:lateness,
 * agents, queue, one template case) and is stopped before the clocks start.
 * Shortcut, and why: creating 5,000 cases through the API takes longer than this machine allows, so the
 * cases are copies of the template case's row and each clock is recorded by the service's own
 * `createInstance` (src/sla/kpi-instances.ts: instance row, deadlines, 'started' event, start command)
 * with the template's real workflow input (its clock start and budget changed), then delivered by the
 * service's `SlaCommandDispatcher` through the Temporal gateway: the real slaKpiWorkflow, started as the
 * API starts it. The background clocks (two per case) are due uniformly from 30 minutes after the start
 * to 24 hours; the window clocks are created once those are live, due uniformly within each window.
 * Lateness = first failure action's `ran_at` − `failure_at`; raw: the activity's `Date.now()` − due.
 */
import { randomUUID } from 'node:crypto';
import { and, eq, inArray, isNotNull, isNull, sql } from 'drizzle-orm';
import { Client, Connection } from '@temporalio/client';
import { openDatabase } from '../db/client.js';
import { cases, slaActionRuns, slaCommands, slaKpiInstances } from '../db/schema/index.js';
import { createInstance } from '../src/sla/kpi-instances.js';
import { SlaCommandDispatcher } from '../src/sla/command-dispatcher.js';
import { createTemporalKpiGateway } from '../src/sla/temporal-kpi-gateway.js';
import type { KpiWorkflowInput } from '../workflows/contract.js';
import { SLA_WORKER_NODE_FLAGS } from '../src/worker/tuning.js';
import { ADMIN_KEY, cpuMs, flags, freePort, loadAverage, onExit, requirePostgres, RssSampler, rssMb, serviceEnv, settle, sleep, spawnNode, spawnService, startTemporal, stats, waitForHttp, waitForPoller } from './support/stack.js';

requirePostgres();
const opts = flags({ clocks: 10_000, windows: '7x5,70x2', grace: 60, raw: true, actions: 'email,escalate,field', workerArgs: SLA_WORKER_NODE_FLAGS, workerEnv: '' });
const databaseUrl = process.env.DATABASE_URL!;
const stops: Array<() => Promise<unknown>> = [];
const cleanup = onExit(stops);
const MIN = 60_000;
const windows = opts.windows.split(',').filter(Boolean).map((w) => {
  const [perMinute, minutes] = w.split('x').map(Number);
  return { perMinute, minutes, clocks: Math.round(perMinute * minutes) };
});
const windowClocks = windows.reduce((n, w) => n + w.clocks, 0);
const s = (ms: number) => (ms / 1000).toFixed(2);
const fmt = (st: ReturnType<typeof stats>) => ({ n: String(st.n), 'p50 s': s(st.p50), 'p99 s': s(st.p99), 'max s': s(st.max) });
const mb = (n: number | undefined) => `${(n ?? 0).toFixed(0)} MB`;

try {
  const loadBefore = loadAverage();
  const temporal = await startTemporal();
  stops.push(() => temporal.stop());
  const taskQueue = `sla-day-${randomUUID()}`;
  const rawQueue = `raw-day-${randomUUID()}`;
  const port = await freePort();
  const workerEnv = Object.fromEntries(opts.workerEnv.split(' ').filter(Boolean).map((kv) => kv.split('=') as [string, string]));
  const worker = spawnService('worker', { ...serviceEnv({ databaseUrl, temporalAddress: temporal.address, taskQueue }), ...workerEnv }, opts.workerArgs.split(' ').filter(Boolean));
  stops.push(() => worker.stop());
  const api = spawnService('api', serviceEnv({ databaseUrl, temporalAddress: temporal.address, taskQueue, port }));
  stops.push(() => api.stop());
  const rawWorker = opts.raw ? spawnNode('raw worker', 'bench/raw/worker.ts', { TEMPORAL_ADDRESS: temporal.address, TASK_QUEUE: rawQueue }) : null;
  if (rawWorker) stops.push(() => rawWorker.stop());
  const connection = await Connection.connect({ address: temporal.address });
  stops.push(() => connection.close());
  const client = new Client({ connection });
  const base = `http://127.0.0.1:${port}`;
  await waitForHttp(`${base}/healthz`, api);
  await waitForPoller(client, taskQueue, worker);
  if (rawWorker) await waitForPoller(client, rawQueue, rawWorker);
  const database = await openDatabase({ url: databaseUrl, maxConnections: 8 });
  stops.push(() => database.close());
  const db = database.db;
  const call = async (method: string, url: string, body?: object) => {
    const res = await fetch(`${base}${url}`, { method, headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' }, body: body ? JSON.stringify(body) : undefined });
    if (res.status >= 300) throw new Error(`${method} ${url} → ${res.status}: ${await res.text()}`);
    return res.json() as Promise<{ id: string }>;
  };

  // --- set-up through the API: the SLA, and one template case with its two clocks ------------------
  const allActions = {
    email: { type: 'send_email', to: ['owner', 'manager'], subject: '{{case.number}}: {{kpi}} breached', body: 'Was due {{failureAt}}' },
    escalate: { type: 'escalate_to_queue' },
    field: { type: 'set_case_field', field: 'slaMet', value: 'no' },
  };
  const failureActions = opts.actions.split(',').filter(Boolean).map((a) => allActions[a as keyof typeof allActions]);
  await call('POST', '/v1/slas', {
    name: 'Day',
    calendarId: null,
    isDefault: true,
    items: [
      { name: 'Respond', kpi: 'first_response', failure: { hours: 24 }, failureActions },
      { name: 'Resolve', kpi: 'resolve', failure: { hours: 24 }, failureActions },
    ],
  });
  await call('POST', '/v1/queues', { name: 'Escalations', isEscalation: true });
  const manager = await call('POST', '/v1/agents', { name: 'Max Manager', email: 'max@example.com' });
  const owner = await call('POST', '/v1/agents', { name: 'Olivia Owner', email: 'olivia@example.com', managerId: manager.id });
  const account = await call('POST', '/v1/accounts', { name: 'Day Co', serviceLevel: 'premium' });
  const template = await call('POST', '/v1/cases', { title: 'Day template', accountId: account.id, priority: 'high', origin: 'phone', ownerId: owner.id });
  let starts: Array<typeof slaCommands.$inferSelect> = [];
  for (let i = 0; i < 100 && starts.length < 2; i++) {
    starts = await db.select().from(slaCommands).where(and(eq(slaCommands.caseId, template.id), eq(slaCommands.kind, 'start')));
    if (starts.length < 2) await sleep(100);
  }
  const templates = await Promise.all(
    starts.map(async (c) => {
      const [instance] = await db.select().from(slaKpiInstances).where(eq(slaKpiInstances.id, c.instanceId!));
      const { instanceId: _i, generation: _g, recordedStart: _r, ...input } = (c.payload as { input: KpiWorkflowInput }).input;
      return { input, itemSnapshot: instance.itemSnapshot as Record<string, unknown> };
    }),
  );
  const [caseRow] = await db.select().from(cases).where(eq(cases.id, template.id));
  await api.stop(); // the clocks need the worker only; the API's CPU and memory stay out of the figures

  await settle([worker.pid, temporal.pid], { quietMs: 2000 });
  const idle = { worker: rssMb(worker.pid), temporal: rssMb(temporal.pid) };
  const rss = new RssSampler({ worker: () => [worker.pid], temporal: () => [temporal.pid] }, 500);
  const overall = new RssSampler({ worker: () => [worker.pid], temporal: () => [temporal.pid] }, 500);
  stops.push(async () => rss.stop(), async () => overall.stop());
  const dispatcher = new SlaCommandDispatcher(db, createTemporalKpiGateway(client, { taskQueue }), { concurrency: 32 });

  /** Cases copied from the template, each with its two clocks due at `dues[2k]`, `dues[2k + 1]` (ms). */
  let caseSeq = 0;
  const createClocks = async (dues: number[]) => {
    const ids: string[] = [];
    const startedAt = new Date();
    for (let b = 0; b < dues.length; b += 200) {
      await db.transaction(async (tx) => {
        const chunk = dues.slice(b, b + 200);
        const rows = Array.from({ length: Math.ceil(chunk.length / 2) }, () => ({ ...caseRow, id: randomUUID(), number: `DAY-${String(++caseSeq).padStart(6, '0')}`, title: `Day ${caseSeq}` }));
        await tx.insert(cases).values(rows);
        for (let i = 0; i < chunk.length; i++) {
          const c = rows[i >> 1];
          const t = templates[i % 2];
          // A whole number of minutes from a clock start backdated by up to a minute: due at second precision.
          const failureMinutes = Math.ceil((chunk[i] - startedAt.getTime()) / MIN);
          const applicableFrom = new Date(chunk[i] - failureMinutes * MIN).toISOString();
          const row = await createInstance(tx, { input: { ...t.input, caseId: c.id, caseNumber: c.number, caseTitle: c.title, applicableFrom, warningMinutes: null, failureMinutes }, itemSnapshot: t.itemSnapshot, startedAt });
          ids.push(row.id);
        }
      });
      dispatcher.wake();
    }
    await dispatcher.drain();
    return ids;
  };
  const live = async () => Number((await db.select({ n: sql<number>`count(*)` }).from(slaKpiInstances).where(and(isNotNull(slaKpiInstances.workflowStartedAt), isNull(slaKpiInstances.endedAt))))[0].n);

  // --- the day's clocks, due from 30 minutes on --------------------------------------------------------
  const background = opts.clocks - windowClocks;
  const t0 = Date.now();
  const cpu0 = { worker: cpuMs(worker.pid), temporal: cpuMs(temporal.pid) };
  console.log(`starting ${background} background clocks (due ${new Date(t0 + 30 * MIN).toISOString()} … +24 h), then ${windowClocks} window clocks: ${opts.windows}`);
  await createClocks(Array.from({ length: background }, () => t0 + 30 * MIN + Math.random() * (24 * 60 - 30) * MIN));
  const startSeconds = (Date.now() - t0) / 1000;
  // Until the worker has run every first workflow task (each arms its timer); Temporal with 10,000 timers is never quite idle.
  await settle([worker.pid], { quietMs: 5000, maxMs: 600_000 });
  const startCpu = { worker: (cpuMs(worker.pid) - cpu0.worker) / background, temporal: (cpuMs(temporal.pid) - cpu0.temporal) / background };
  const liveBackground = { worker: rssMb(worker.pid), temporal: rssMb(temporal.pid) };
  console.log(`${await live()} clocks live after ${startSeconds.toFixed(0)} s (+ settle ${((Date.now() - t0) / 1000 - startSeconds).toFixed(0)} s); worker ${mb(liveBackground.worker)}, Temporal ${mb(liveBackground.temporal)}; load ${loadAverage()}`);

  // --- the windows: clocks (and raw workflows) due at each density, back to back -----------------------
  const w0 = Math.ceil((Date.now() + 45_000) / 1000) * 1000;
  let at = w0;
  const plan = windows.map((w) => {
    const from = at;
    at += w.minutes * MIN;
    return { ...w, from, to: at, dues: Array.from({ length: w.clocks }, () => from + Math.random() * w.minutes * MIN) };
  });
  const windowIds = await Promise.all(plan.map(async (p) => ({ p, ids: [] as string[] })));
  for (const w of windowIds) w.ids = await createClocks(w.p.dues);
  const rawResults = plan.map((p) =>
    opts.raw
      ? p.dues.map((due) =>
          client.workflow
            .start('rawTimerActivity', { taskQueue: rawQueue, workflowId: `raw-day-${randomUUID()}`, args: [Math.round(due)] })
            .then((h) => Promise.race([h.result() as Promise<number>, sleep(p.to + opts.grace * 1000 - Date.now()).then(() => null)]))
            .then((r) => (r === null ? null : r - Math.round(due)))
            .catch(() => null),
        )
      : [],
  );
  const liveAll = await live();
  console.log(`${liveAll} clocks live; windows from ${new Date(w0).toISOString()} to ${new Date(at).toISOString()}`);
  if (Date.now() > w0) console.log(`(window clocks were live ${s(Date.now() - w0)} s after the first window opened)`);
  await sleep(Math.max(0, w0 - Date.now()));

  const rows: Record<string, Record<string, string | number>> = {};
  const notes: string[] = [];
  for (const [k, { p, ids }] of windowIds.entries()) {
    const c0 = { worker: cpuMs(worker.pid), temporal: cpuMs(temporal.pid), raw: rawWorker ? cpuMs(rawWorker.pid) : 0 };
    const l0 = loadAverage();
    rss.reset();
    await sleep(Math.max(0, p.to - Date.now()));
    const secs = (p.to - p.from) / 1000;
    const cpu = { worker: cpuMs(worker.pid) - c0.worker, temporal: cpuMs(temporal.pid) - c0.temporal, raw: rawWorker ? cpuMs(rawWorker.pid) - c0.raw : 0 };
    const peak = { worker: rss.peaks.get('worker'), temporal: rss.peaks.get('temporal') };
    const l1 = loadAverage();
    if (k === windowIds.length - 1) await sleep(opts.grace * 1000);
    else await sleep(Math.min(opts.grace * 1000, 5000)); // later stragglers are still counted below
    const label = `${p.perMinute}/min × ${p.minutes} min`;
    rows[`KPI ${label}`] = { ...fmt(stats([])), 'worker CPU %': (cpu.worker / secs / 10).toFixed(1), 'Temporal CPU %': (cpu.temporal / secs / 10).toFixed(1), 'worker peak': mb(peak.worker), 'Temporal peak': mb(peak.temporal), 'load 1 min (start → end)': `${l0.split(' ')[0]} → ${l1.split(' ')[0]}` };
    rows[`raw ${label}`] = { 'raw worker CPU %': (cpu.raw / secs / 10).toFixed(1) };
    notes.push(label);
  }
  const firsts = await db
    .select({ instanceId: slaActionRuns.instanceId, ranAt: sql<string>`min(${slaActionRuns.ranAt})`, failureAt: slaKpiInstances.failureAt })
    .from(slaActionRuns)
    .innerJoin(slaKpiInstances, eq(slaKpiInstances.id, slaActionRuns.instanceId))
    .where(and(eq(slaActionRuns.phase, 'failure'), inArray(slaActionRuns.instanceId, windowIds.flatMap((w) => w.ids))))
    .groupBy(slaActionRuns.instanceId, slaKpiInstances.failureAt);
  const byId = new Map(firsts.map((r) => [r.instanceId, new Date(r.ranAt).getTime() - new Date(r.failureAt!).getTime()]));
  const early = Number((await db.select({ n: sql<number>`count(distinct ${slaActionRuns.instanceId})` }).from(slaActionRuns).where(eq(slaActionRuns.phase, 'failure')))[0].n) - byId.size;
  for (const [k, { p, ids }] of windowIds.entries()) {
    const label = `${p.perMinute}/min × ${p.minutes} min`;
    const late = ids.map((id) => byId.get(id)).filter((v): v is number => v !== undefined);
    const raw = (await Promise.all(rawResults[k])).filter((v): v is number => v !== null);
    rows[`KPI ${label}`] = { ...rows[`KPI ${label}`], ...fmt(stats(late)), 'never fired': String(ids.length - late.length) };
    rows[`raw ${label}`] = opts.raw ? { ...fmt(stats(raw)), 'never fired': String(p.clocks - raw.length), ...rows[`raw ${label}`] } : rows[`raw ${label}`];
  }
  console.log(`\nA day of ${opts.clocks} live KPI clocks (2 per case, 24x7, failure only, actions: ${opts.actions || 'none'}); worker ${opts.workerArgs || '(no node flags)'} ${opts.workerEnv}`);
  console.log(`first failure action − failure instant, per window (raw: timer + 1 activity due at the same instants, on the baseline worker, no other live workflows)`);
  console.table(rows);
  console.log(`clocks started: ${background} in ${startSeconds.toFixed(0)} s; CPU per clock started: worker ${startCpu.worker.toFixed(1)} ms, Temporal ${startCpu.temporal.toFixed(1)} ms`);
  console.log(`RSS worker: idle ${mb(idle.worker)}, ${background} live ${mb(liveBackground.worker)}, peak ${mb(overall.peaks.get('worker'))}; Temporal: idle ${mb(idle.temporal)}, live ${mb(liveBackground.temporal)}, peak ${mb(overall.peaks.get('temporal'))}; at the end worker ${mb(rssMb(worker.pid))}, Temporal ${mb(rssMb(temporal.pid))}`);
  if (early) console.log(`failures outside the windows (should be 0): ${early}`);
  console.log(`load average (1/5/15 min): before ${loadBefore}, at the end ${loadAverage()}`);
} catch (err) {
  console.error(err);
  process.exitCode = 1;
} finally {
  await cleanup();
  process.exit(process.exitCode ?? 0);
}
