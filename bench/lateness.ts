/**
 * The Monday 08:00 burst: N live KPI clocks whose failures all fall due at the same instant, and side by
 * side the same burst of a raw workflow (one timer, one activity) on the same server.
 *
 *   npm run bench:lateness                      (N = 1,000 clocks; a throwaway PostgreSQL)
 *   npm run bench:lateness -- --n 200 --lead 60
 *   DATABASE_URL=postgres://... npm run bench:lateness
 *
 * Processes as in production: PostgreSQL, the Temporal dev server (in memory), the API
 * (src/main/api.ts), the SLA worker (src/main/worker.ts), and the baseline worker (bench/raw/worker.ts,
 * same worker settings). The clocks are real cases (N/2 cases, 2 KPIs each) created through the API on
 * a calendar that opens at T0 (a whole minute at least `--lead` seconds ahead, like Monday 08:00 after
 * a weekend), with a failure budget of `--budget` business minutes: every failure is due at T0 + budget,
 * with three failure actions (email owner + manager, escalate, set a field), as in the reference SLA.
 *
 * Action lateness = when the action took effect (`sla_action_runs.ran_at`, the activity's clock) − the
 * failure instant (`sla_kpi_instances.failure_at`), for the first failure action of each clock and for
 * all of them; raw: the activity's `Date.now()` − the timer's due instant. Also: clocks that never fired
 * within `--timeout` seconds, peak RSS of the worker and the Temporal server, load average.
 * Targets (N = 1,000): p99 ≤ 10 s and within 2x of the raw burst; worker RSS ≤ 300 MB.
 */
import { randomUUID } from 'node:crypto';
import { and, eq, isNotNull, sql } from 'drizzle-orm';
import { Client, Connection } from '@temporalio/client';
import { openDatabase } from '../db/client.js';
import { caseEvents, slaActionRuns, slaKpiInstances } from '../db/schema/index.js';
import { SLA_WORKER_NODE_FLAGS } from '../src/worker/tuning.js';
import {
  ADMIN_KEY,
  flags,
  freePort,
  loadAverage,
  onExit,
  requirePostgres,
  RssSampler,
  rssMb,
  cpuMs,
  cpuMsOf,
  postgresPids,
  serviceEnv,
  sleep,
  spawnNode,
  spawnService,
  startTemporal,
  stats,
  waitForHttp,
  waitForPoller,
} from './support/stack.js';

requirePostgres();
const opts = flags({ n: 1000, budget: 1, lead: 0, timeout: 240, clients: 16, raw: true, profile: '', output: false, actions: 'email,escalate,field', workerArgs: SLA_WORKER_NODE_FLAGS });
const databaseUrl = process.env.DATABASE_URL!;
const stops: Array<() => Promise<unknown>> = [];
const cleanup = onExit(stops);
const fmt = (s: ReturnType<typeof stats>) => ({ n: s.n, 'p50 s': (s.p50 / 1000).toFixed(2), 'p99 s': (s.p99 / 1000).toFixed(2), 'max s': (s.max / 1000).toFixed(2) });
const hhmm = (ms: number) => new Date(ms).toISOString().slice(11, 16);

try {
  const loadBefore = loadAverage();
  const temporal = await startTemporal(); // eager activities on, as src/temporal/dev-server.ts starts it
  stops.push(() => temporal.stop());
  const taskQueue = `sla-bench-${randomUUID()}`;
  const rawQueue = `raw-bench-${randomUUID()}`;
  const port = await freePort();
  const worker = spawnService('worker', serviceEnv({ databaseUrl, temporalAddress: temporal.address, taskQueue }), [...opts.workerArgs.split(' ').filter(Boolean), ...(opts.profile ? ['--cpu-prof', `--cpu-prof-dir=${opts.profile}`] : [])]);
  stops.push(() => worker.stop());
  const api = spawnService('api', serviceEnv({ databaseUrl, temporalAddress: temporal.address, taskQueue, port }));
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
  const idleRss = { worker: rssMb(worker.pid), temporal: rssMb(temporal.pid) };
  const rss = new RssSampler({ worker: () => [worker.pid], temporal: () => [temporal.pid], 'raw worker': () => [rawWorker.pid] });
  stops.push(async () => rss.stop());

  const call = async (method: string, url: string, body?: object) => {
    const res = await fetch(`${base}${url}`, {
      method,
      headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
      body: body ? JSON.stringify(body) : undefined,
    });
    if (res.status >= 300) throw new Error(`${method} ${url} → ${res.status}: ${await res.text()}`);
    return res.json() as Promise<{ id: string }>;
  };

  // T0: the calendar opens then, every day; the clocks wait for it like tickets over a weekend.
  const cases = opts.n;
  const lead = opts.lead || Math.max(45, Math.ceil(cases / 8) + 30);
  const t0 = Math.ceil((Date.now() + lead * 1000) / 60_000) * 60_000;
  if (new Date(t0 + opts.budget * 60_000).getUTCDate() !== new Date(t0).getUTCDate()) throw new Error('T0 + budget crosses midnight UTC: run it again in a few minutes');
  const dueAt = t0 + opts.budget * 60_000;
  const open = [[hhmm(t0), '23:59']];
  const week = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, open]));
  const calendar = await call('POST', '/v1/calendars', { name: 'Opens at T0', definition: { timeZone: 'UTC', weekly: week } });
  const allActions = {
    email: { type: 'send_email', to: ['owner', 'manager'], subject: '{{case.number}}: {{kpi}} breached', body: 'Was due {{failureAt}}' },
    escalate: { type: 'escalate_to_queue' },
    field: { type: 'set_case_field', field: 'slaMet', value: 'no' },
  };
  const failureActions = String(opts.actions).split(',').filter(Boolean).map((a) => allActions[a as keyof typeof allActions]);
  const actionsPerClock = failureActions.length;
  await call('POST', '/v1/slas', {
    name: 'Burst',
    calendarId: calendar.id,
    isDefault: true,
    items: [
      { name: 'Respond', kpi: 'first_response', failure: { minutes: opts.budget }, failureActions },
      // Live too, but due days later: the burst is one failure per case, as on a Monday morning.
      { name: 'Resolve', kpi: 'resolve', failure: { businessDays: 2 }, failureActions },
    ],
  });
  await call('POST', '/v1/queues', { name: 'Escalations', isEscalation: true });
  const manager = await call('POST', '/v1/agents', { name: 'Max Manager', email: 'max@example.com' });
  const owner = await call('POST', '/v1/agents', { name: 'Olivia Owner', email: 'olivia@example.com', managerId: manager.id });
  const account = await call('POST', '/v1/accounts', { name: 'Burst Co', serviceLevel: 'premium' });

  console.log(`creating ${cases} cases (${2 * cases} live clocks, ${cases} due in the burst) before T0 = ${new Date(t0).toISOString()}; failures due ${new Date(dueAt).toISOString()}`);
  let next = 0;
  await Promise.all(
    Array.from({ length: opts.clients }, async () => {
      while (next < cases) {
        const i = next++;
        await call('POST', '/v1/cases', { title: `Burst ${i}`, accountId: account.id, priority: 'high', origin: 'phone', ownerId: owner.id });
      }
    }),
  );
  const createdBy = Date.now();
  if (createdBy >= t0) throw new Error(`the cases were not all created before T0 (${((createdBy - t0) / 1000).toFixed(0)} s late): use a larger --lead`);
  const live = async () => Number((await database.db.select({ n: sql<number>`count(*)` }).from(slaKpiInstances).where(isNotNull(slaKpiInstances.workflowStartedAt)))[0].n);
  while ((await live()) < 2 * cases && Date.now() < t0) await sleep(200);
  console.log(`${await live()} clocks live ${((t0 - Date.now()) / 1000).toFixed(0)} s before T0; waiting for the burst at ${new Date(dueAt).toISOString()}`);

  // --- the burst ----------------------------------------------------------------------------------
  await sleep(Math.max(0, dueAt - Date.now() - 5_000));
  rss.reset();
  const loadAtBurst = loadAverage();
  const cpuAtBurst = { worker: cpuMs(worker.pid), temporal: cpuMs(temporal.pid), api: cpuMs(api.pid), postgres: cpuMsOf(postgresPids(databaseUrl)) };
  const clocks = cases;
  const clocksOf = () => clocks;
  const firstActions = async () =>
    database.db
      .select({ instanceId: slaActionRuns.instanceId, ranAt: sql<Date>`min(${slaActionRuns.ranAt})`, failureAt: slaKpiInstances.failureAt })
      .from(slaActionRuns)
      .innerJoin(slaKpiInstances, eq(slaKpiInstances.id, slaActionRuns.instanceId))
      .where(eq(slaActionRuns.phase, 'failure'))
      .groupBy(slaActionRuns.instanceId, slaKpiInstances.failureAt);
  const until = dueAt + opts.timeout * 1000;
  let fired = 0;
  while (Date.now() < until) {
    const doneActions = Number((await database.db.select({ n: sql<number>`count(*)` }).from(slaActionRuns).where(eq(slaActionRuns.phase, 'failure')))[0].n);
    const failedEvents = Number((await database.db.select({ n: sql<number>`count(*)` }).from(caseEvents).where(eq(caseEvents.kind, 'sla.failed')))[0].n);
    fired = actionsPerClock ? (await firstActions()).length : failedEvents;
    if (actionsPerClock ? doneActions >= actionsPerClock * clocks : failedEvents >= clocks) break;
    await sleep(500);
  }
  const burstSeconds = (Date.now() - dueAt + 5_000) / 1000;
  const cpuBurst = Object.fromEntries(
    Object.entries({ worker: cpuMs(worker.pid), temporal: cpuMs(temporal.pid), api: cpuMs(api.pid), postgres: cpuMsOf(postgresPids(databaseUrl)) }).map(([k, v]) => [
      k,
      `${((v - cpuAtBurst[k as keyof typeof cpuAtBurst]) / 1000).toFixed(1)} s (${((v - cpuAtBurst[k as keyof typeof cpuAtBurst]) / clocksOf()).toFixed(1)} ms/clock)`,
    ]),
  );
  const kpiPeak = { worker: rss.peaks.get('worker') ?? 0, temporal: rss.peaks.get('temporal') ?? 0 };
  const loadAfterBurst = loadAverage();
  const first = await firstActions();
  const all = await database.db
    .select({ ranAt: slaActionRuns.ranAt, failureAt: slaKpiInstances.failureAt })
    .from(slaActionRuns)
    .innerJoin(slaKpiInstances, eq(slaKpiInstances.id, slaActionRuns.instanceId))
    .where(and(eq(slaActionRuns.phase, 'failure')));
  const late = (r: { ranAt: Date | string; failureAt: Date | null }) => new Date(r.ranAt).getTime() - new Date(r.failureAt!).getTime();
  // Where the time goes: the 'failed' transition carries the workflow's time when the timer's task ran.
  const failedEvents = await database.db
    .select({ instanceId: sql<string>`${caseEvents.data}->>'instanceId'`, at: caseEvents.occurredAt })
    .from(caseEvents)
    .where(eq(caseEvents.kind, 'sla.failed'));
  const taskStart = new Map(failedEvents.map((e) => [e.instanceId, e.at.getTime()]));
  const toTask = stats(first.filter((r) => taskStart.has(r.instanceId)).map((r) => taskStart.get(r.instanceId)! - new Date(r.failureAt!).getTime()));
  const toTaskStats = () => stats(failedEvents.map((e) => e.at.getTime() - dueAt));
  // Without actions, a clock's lateness is when its timer's task ran (the 'failed' transition's time).
  const firstLateness = actionsPerClock ? stats(first.map(late)) : toTaskStats();
  const allLateness = stats(all.map(late));
  const wrongDue = first.filter((r) => new Date(r.failureAt!).getTime() !== dueAt).length;
  const taskToAction = stats(first.filter((r) => taskStart.has(r.instanceId)).map((r) => new Date(r.ranAt).getTime() - taskStart.get(r.instanceId)!));

  // --- the same burst of raw workflows ------------------------------------------------------------
  let rawLateness: ReturnType<typeof stats> | null = null;
  let rawPeak = { worker: 0, temporal: 0 };
  let rawMissing = 0;
  let rawCpu = '';
  if (opts.raw) {
    const rawDue = Math.ceil((Date.now() + Math.max(30_000, clocks * 20)) / 1000) * 1000;
    const handles: Array<Awaited<ReturnType<typeof client.workflow.start>>> = [];
    let k = 0;
    await Promise.all(
      Array.from({ length: opts.clients }, async () => {
        while (k < clocks) {
          k++;
          handles.push(await client.workflow.start('rawTimerActivity', { taskQueue: rawQueue, workflowId: `raw-burst-${randomUUID()}`, args: [rawDue] }));
        }
      }),
    );
    await sleep(Math.max(0, rawDue - Date.now() - 5_000));
    rss.reset();
    const rawCpu0 = { worker: cpuMs(rawWorker.pid), temporal: cpuMs(temporal.pid) };
    const results = await Promise.all(
      handles.map((h) =>
        Promise.race([h.result() as Promise<number>, sleep(rawDue + opts.timeout * 1000 - Date.now()).then(() => null)]).catch(() => null),
      ),
    );
    rawPeak = { worker: rss.peaks.get('raw worker') ?? 0, temporal: rss.peaks.get('temporal') ?? 0 };
    rawCpu = `raw worker ${((cpuMs(rawWorker.pid) - rawCpu0.worker) / clocks).toFixed(1)} ms/workflow, temporal ${((cpuMs(temporal.pid) - rawCpu0.temporal) / clocks).toFixed(1)} ms/workflow`;
    const ran = results.filter((r): r is number => r !== null);
    rawMissing = clocks - ran.length;
    rawLateness = stats(ran.map((r) => r - rawDue));
  }

  console.log(`\nBurst of ${clocks} failures due at the same instant (${cases} cases, each with a second clock due days later; ${actionsPerClock} failure actions each: ${opts.actions || 'none'})`);
  console.table({
    [actionsPerClock ? 'KPI clocks: first failure action' : 'KPI clocks: failure fired (no actions)']: fmt(firstLateness),
    'KPI clocks: every failure action': fmt(allLateness),
    '  of which: due → timer task runs': fmt(toTask),
    '  of which: task runs → first action': fmt(taskToAction),
    ...(rawLateness ? { 'raw: timer + 1 activity': fmt(rawLateness) } : {}),
  });
  console.log(`clocks that never fired within ${opts.timeout} s: ${clocks - fired}${wrongDue ? ` (${wrongDue} clocks had another failure instant)` : ''}${opts.raw ? `; raw workflows that never ran: ${rawMissing}` : ''}`);
  console.log(`CPU during the KPI burst (${burstSeconds.toFixed(0)} s): ${Object.entries(cpuBurst).map(([k, v]) => `${k} ${v}`).join(', ')}`);
  if (rawCpu) console.log(`CPU during the raw burst: ${rawCpu}`);
  console.log(`RSS after start (no clock yet): worker ${idleRss.worker.toFixed(0)} MB, Temporal ${idleRss.temporal.toFixed(0)} MB`);
  console.log(`peak RSS during the burst: worker ${kpiPeak.worker.toFixed(0)} MB, Temporal ${kpiPeak.temporal.toFixed(0)} MB` + (opts.raw ? `; raw burst: raw worker ${rawPeak.worker.toFixed(0)} MB, Temporal ${rawPeak.temporal.toFixed(0)} MB` : ''));
  if (rawLateness) console.log(`p99 KPI first action ÷ p99 raw: ${(firstLateness.p99 / rawLateness.p99).toFixed(2)} (target ≤ 2); p99 target ≤ 10 s`);
  console.log(`load average (1/5/15 min): before ${loadBefore}, at the burst ${loadAtBurst}, after it ${loadAfterBurst}, at the end ${loadAverage()}`);
  if (opts.output) console.log(`--- worker output (last lines) ---\n${worker.output.join('').split('\n').slice(-40).join('\n')}`);
} catch (err) {
  console.error(err);
  process.exitCode = 1;
} finally {
  await cleanup();
  process.exit(process.exitCode ?? 0);
}
