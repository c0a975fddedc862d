/**
 * Service-KPI report and goal benchmark: N cases (default 1,000,000) over two years with two KPI
 * instances each (first response, resolve), one activity each and some reopenings, generated in
 * PostgreSQL with generate_series; then the facts refresh (calendar engine, batches), the monthly report
 * grouped by queue from the facts vs the same figures computed raw from cases and instances, and a goal's
 * actual. Then the same on PGlite with a smaller dataset (BENCH_PGLITE_CASES, default 100,000).
 *
 *   npm run bench:reports         (a throwaway PostgreSQL 15 via scripts/with-postgres.sh)
 *   BENCH_CASES=200000 npm run bench:reports
 *   BENCH_KEEP_DB=bench_1m DATABASE_URL=postgres://… npx tsx bench/reports.ts
 *     keeps the PostgreSQL database under that name and, when it already holds the cases, skips the
 *     generation and the first refresh (for iterating on the report at 1M without regenerating).
 */
// Loaded first: under tsx, entering the schema at cases.ts meets the cycle cases → products → entitlements → cases
// before caseOrigins is initialised (vitest's loader does not); entering it at entitlements.ts does not.
import '../db/schema/entitlements.js';
import os from 'node:os';
import postgres from 'postgres';
import { sql } from 'drizzle-orm';
import { openDatabase, type DatabaseHandle, type Db } from '../db/client.js';
import { goals } from '../db/schema/index.js';
import { goalProgress } from '../src/goals/goal-progress.js';
import { refreshReportFacts } from '../src/reports/refresh-facts.js';
import { serviceKpiFigures } from '../src/reports/service-kpis.js';
import { queryRows } from '../src/reports/sql-rows.js';

const N = Number(process.env.BENCH_CASES ?? 1_000_000);
const N_PGLITE = Number(process.env.BENCH_PGLITE_CASES ?? 100_000);
const RUNS = 5;
const load = () => os.loadavg().map((l) => l.toFixed(2)).join(' ');
const START = '2025-01-01T00:00:00Z';
const MONTH = { from: new Date('2026-10-01T00:00:00Z'), to: new Date('2026-11-01T00:00:00Z') };
const QUARTER = { start: '2026-07-01', end: '2026-09-30' };

async function timed<T>(fn: () => Promise<T>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

async function medianOf(fn: () => Promise<unknown>): Promise<{ median: number; min: number; max: number }> {
  await fn(); // warm-up (plans, caches)
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) times.push(await timed(fn));
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(times.length / 2)]!, min: times[0]!, max: times[times.length - 1]! };
}

const ms = (t: { median: number; min: number; max: number }) => `${t.median.toFixed(0)} ms (min ${t.min.toFixed(0)}, max ${t.max.toFixed(0)})`;

/** Reference data and N cases with their instances, activities and reopenings, all in SQL. */
async function generate(db: Db, n: number): Promise<{ queueId: string; agentId: string }> {
  const exec = (q: ReturnType<typeof sql>) => db.execute(q);
  const [cal] = await queryRows<{ id: string }>(db, sql`insert into calendars (name) values ('Office 08-17') returning id`);
  await exec(sql`insert into calendar_versions (calendar_id, version, definition) values (${cal!.id}, 1,
    '{"timeZone":"UTC","weekly":{"mon":[["08:00","17:00"]],"tue":[["08:00","17:00"]],"wed":[["08:00","17:00"]],"thu":[["08:00","17:00"]],"fri":[["08:00","17:00"]]}}'::jsonb)`);
  const [sla] = await queryRows<{ id: string }>(db, sql`insert into slas (name, calendar_id) values ('Standard', ${cal!.id}) returning id`);
  const [fr] = await queryRows<{ id: string }>(db, sql`insert into sla_items (sla_id, position, name, kpi, failure_minutes) values (${sla!.id}, 0, 'First response', 'first_response', 120) returning id`);
  const [rs] = await queryRows<{ id: string }>(db, sql`insert into sla_items (sla_id, position, name, kpi, failure_minutes) values (${sla!.id}, 1, 'Resolve', 'resolve', 960) returning id`);
  await exec(sql`insert into queues (name) select 'Queue ' || g from generate_series(1, 20) g`);
  await exec(sql`insert into agents (name, email) select 'Agent ' || g, 'agent' || g || '@example.com' from generate_series(1, 200) g`);
  await exec(sql`insert into accounts (name) select 'Account ' || g from generate_series(1, 5000) g`);
  await exec(sql`alter table cases disable trigger user`);
  await exec(sql`alter table sla_kpi_instances disable trigger user`);
  const chunk = 200_000;
  for (let lo = 1; lo <= n; lo += chunk) {
    const hi = Math.min(n, lo + chunk - 1);
    // created uniformly over two years; 92% answered within 0-8 h, 85% resolved within 1 h-5 days, 2% cancelled.
    await exec(sql`
      with q as (select array_agg(id order by name) a from queues), ag as (select array_agg(id order by name) a from agents), ac as (select array_agg(id order by name) a from accounts),
      g as (select s, ${START}::timestamptz + (random() * interval '730 days') as created, random() r1, random() r2, random() r3 from generate_series(${lo}::int, ${hi}::int) s)
      insert into cases (number, title, origin, priority, service_level, queue_id, owner_id, account_id, sla_id, sla_version, status, created_at, updated_at, first_response_at, resolved_at, cancelled_at)
      select 'CAS-' || lpad(s::text, 7, '0'), 'Case ' || s, (array['phone','email','web'])[1 + s % 3], (array['low','normal','high'])[1 + s % 3], 'standard',
             (select a from q)[1 + s % 20], (select a from ag)[1 + s % 200], (select a from ac)[1 + s % 5000], ${sla!.id}::uuid, 1,
             case when r2 < 0.85 then 'resolved' when r2 < 0.87 then 'cancelled' else 'in_progress' end,
             created, created,
             case when r1 < 0.92 then created + (r1 * interval '8 hours') end,
             case when r2 < 0.85 then created + interval '1 hour' + (r3 * interval '5 days') end,
             case when r2 >= 0.85 and r2 < 0.87 then created + interval '2 hours' end
        from g`);
  }
  // Two instances per case; outcomes from the case's own instants (on time within the SLA's calendar-minute bound as a proxy).
  await exec(sql`
    insert into sla_kpi_instances (case_id, sla_id, sla_item_id, kpi, generation, workflow_id, item_snapshot, calendar_id, calendar_version, state, applicable_from, failure_at, failed_at, succeeded_at, late_succeeded_at, pauses, ended_at)
    select c.id, c.sla_id, ${fr!.id}::uuid, 'first_response', 1, 'sla:' || c.id || ':first_response:1', '{}'::jsonb, ${cal!.id}::uuid, 1,
           case when c.first_response_at is null then (case when c.cancelled_at is not null then 'canceled' else 'noncompliant' end)
                when c.first_response_at > c.created_at + interval '4 hours' then 'noncompliant' else 'succeeded' end,
           c.created_at, c.created_at + interval '4 hours',
           case when (c.first_response_at is null and c.cancelled_at is null) or c.first_response_at > c.created_at + interval '4 hours' then c.created_at + interval '4 hours' end,
           case when c.first_response_at <= c.created_at + interval '4 hours' then c.first_response_at end,
           case when c.first_response_at > c.created_at + interval '4 hours' then c.first_response_at end,
           '[]'::jsonb, c.first_response_at
      from cases c`);
  await exec(sql`
    insert into sla_kpi_instances (case_id, sla_id, sla_item_id, kpi, generation, workflow_id, item_snapshot, calendar_id, calendar_version, state, applicable_from, failure_at, failed_at, succeeded_at, late_succeeded_at, pauses, paused_since, ended_at)
    select c.id, c.sla_id, ${rs!.id}::uuid, 'resolve', 1, 'sla:' || c.id || ':resolve:1', '{}'::jsonb, ${cal!.id}::uuid, 1,
           case when c.cancelled_at is not null then 'canceled' when c.resolved_at is null then 'in_progress'
                when c.resolved_at > c.created_at + interval '3 days' then 'noncompliant' else 'succeeded' end,
           c.created_at, c.created_at + interval '3 days',
           case when c.resolved_at > c.created_at + interval '3 days' then c.created_at + interval '3 days' end,
           case when c.resolved_at <= c.created_at + interval '3 days' then c.resolved_at end,
           case when c.resolved_at > c.created_at + interval '3 days' then c.resolved_at end,
           -- one case in ten was on hold for its last hour and resolved from the hold
           case when c.resolved_at is not null and hashtext(c.id::text) % 10 = 0 then jsonb_build_array(jsonb_build_object('from', to_char((c.resolved_at - interval '1 hour') at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'), 'to', null)) else '[]'::jsonb end,
           case when c.resolved_at is not null and hashtext(c.id::text) % 10 = 0 then c.resolved_at - interval '1 hour' end,
           coalesce(c.resolved_at, c.cancelled_at)
      from cases c`);
  await exec(sql`insert into case_activities (case_id, kind, direction, subject, occurred_at, duration_minutes)
    select id, 'phone_call', 'outgoing', 'Call', coalesce(first_response_at, created_at), 10 from cases`);
  await exec(sql`insert into case_events (case_id, kind, summary, occurred_at)
    select id, 'reopened', 'Reopened', resolved_at - interval '30 minutes' from cases where resolved_at is not null and hashtext(id::text) % 50 = 0`);
  await exec(sql`alter table cases enable trigger user`);
  await exec(sql`alter table sla_kpi_instances enable trigger user`);
  await exec(sql`insert into report_dirty_cases (case_id) select id from cases on conflict do nothing`);
  await exec(sql`analyze`);
  const [q] = await queryRows<{ id: string }>(db, sql`select id from queues order by name limit 1`);
  const [a] = await queryRows<{ id: string }>(db, sql`select id from agents order by name limit 1`);
  return { queueId: q!.id, agentId: a!.id };
}

/** The monthly figures by queue straight from cases, instances and events (calendar minutes only: business minutes need the engine). */
async function rawMonthlyByQueue(db: Db) {
  const from = sql`${MONTH.from.toISOString()}::timestamptz`;
  const to = sql`${MONTH.to.toISOString()}::timestamptz`;
  const minutes = (a: string, b: string) => sql.raw(`extract(epoch from (${b} - ${a})) / 60`);
  const stats = (x: ReturnType<typeof sql.raw>) => sql`percentile_cont(0.5) within group (order by ${x}), percentile_cont(0.9) within group (order by ${x}), avg(${x})`;
  await Promise.all([
    db.execute(sql`select queue_id, count(*) from cases where created_at >= ${from} and created_at < ${to} group by grouping sets ((queue_id), ())`),
    db.execute(sql`select queue_id, count(*), ${stats(minutes('created_at', 'resolved_at'))} from cases where resolved_at >= ${from} and resolved_at < ${to} group by grouping sets ((queue_id), ())`),
    db.execute(sql`select queue_id, ${stats(minutes('created_at', 'first_response_at'))} from cases where first_response_at >= ${from} and first_response_at < ${to} group by grouping sets ((queue_id), ())`),
    db.execute(sql`select c.queue_id, count(*) from case_events e join cases c on c.id = e.case_id where e.kind = 'reopened' and e.occurred_at >= ${from} and e.occurred_at < ${to} group by grouping sets ((c.queue_id), ())`),
    db.execute(sql`select queue_id, count(*) from cases where created_at < ${to} and (coalesce(resolved_at, cancelled_at) is null or coalesce(resolved_at, cancelled_at) >= ${to}) group by grouping sets ((queue_id), ())`),
    db.execute(sql`select i.kpi, c.queue_id,
        count(*) filter (where i.failed_at is null and i.state = 'succeeded' and not (i.paused_since is not null or exists (select 1 from jsonb_array_elements(i.pauses) p where (p->>'from')::timestamptz < i.succeeded_at and (p->>'to' is null or (p->>'to')::timestamptz >= i.succeeded_at)))) as met,
        count(*) filter (where i.failed_at is null and i.state = 'succeeded' and (i.paused_since is not null or exists (select 1 from jsonb_array_elements(i.pauses) p where (p->>'from')::timestamptz < i.succeeded_at and (p->>'to' is null or (p->>'to')::timestamptz >= i.succeeded_at)))) as paused,
        count(*) filter (where (i.failed_at is not null or i.state = 'noncompliant') and i.late_succeeded_at is null) as breached,
        count(*) filter (where (i.failed_at is not null or i.state = 'noncompliant') and i.late_succeeded_at is not null) as late,
        count(*) filter (where i.failed_at is null and i.state in ('in_progress', 'nearing_noncompliance', 'paused')) as open
      from sla_kpi_instances i join cases c on c.id = i.case_id
     where i.applicable_from >= ${from} and i.applicable_from < ${to} and not (i.state = 'canceled' and i.failed_at is null)
     group by grouping sets ((i.kpi, c.queue_id), (i.kpi))`),
  ]);
}

async function insertGoal(db: Db, metric: string, ownerType: 'queue' | 'agent', ownerId: string) {
  const [g] = await db
    .insert(goals)
    .values({ name: metric, metric, ownerType, ownerId, periodType: 'quarter', periodLabel: '2026-Q3', periodStart: QUARTER.start, periodEnd: QUARTER.end, target: 1000 })
    .returning();
  return g!;
}

async function existing(db: Db): Promise<{ queueId: string; agentId: string } | null> {
  const [c] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from (select 1 from cases limit 1) s`);
  if (!c || c.n === 0) return null;
  await db.execute(sql`delete from goals`);
  const [q] = await queryRows<{ id: string }>(db, sql`select id from queues order by name limit 1`);
  const [a] = await queryRows<{ id: string }>(db, sql`select id from agents order by name limit 1`);
  return { queueId: q!.id, agentId: a!.id };
}

async function run(label: string, handle: DatabaseHandle, n: number, reuse = false) {
  const db = handle.db;
  console.log(`\n## ${label}: ${n.toLocaleString('en')} cases over two years (load average before: ${load()})`);
  const tGen = performance.now();
  const kept = reuse ? await existing(db) : null;
  if (kept) console.log('reusing the kept database (no generation)');
  const { queueId, agentId } = kept ?? (await generate(db, n));
  const [sizes] = await queryRows<{ cases: number; instances: number; activities: number; reopened: number }>(
    db,
    sql`select (select count(*) from cases)::int as cases, (select count(*) from sla_kpi_instances)::int as instances, (select count(*) from case_activities)::int as activities, (select count(*) from case_events where kind = 'reopened')::int as reopened`,
  );
  console.log(`${kept ? 'kept' : `generated in ${((performance.now() - tGen) / 1000).toFixed(1)} s`}: ${JSON.stringify(sizes)}`);
  const tRefresh = performance.now();
  const refreshed = await refreshReportFacts(db, { batchSize: 5000 });
  const refreshS = (performance.now() - tRefresh) / 1000;
  console.log(`facts refresh (calendar engine, all cases) and rollup build: ${refreshed.toLocaleString('en')} cases in ${refreshS.toFixed(1)} s (${Math.round(refreshed / refreshS).toLocaleString('en')} cases/s)`);
  await db.execute(sql`analyze report_case_facts`);
  await db.execute(sql`analyze report_kpi_facts`);

  const q = { range: MONTH, groupBy: 'queue' as const };
  const report = await serviceKpiFigures(db, q);
  console.log(`monthly report 2026-10 by queue: ${report.groups.length} groups, created ${report.total.volume.created}, resolved ${report.total.volume.resolved}, FR median ${report.total.firstResponse.businessMinutes.median} business min`);
  const rollup = await medianOf(() => serviceKpiFigures(db, q));
  const raw = await medianOf(() => rawMonthlyByQueue(db));
  console.log(`monthly report by queue, from the rollup (facts for partial days): ${ms(rollup)}`);
  console.log(`monthly report by queue, raw from cases + instances (no business minutes): ${ms(raw)}`);
  console.log(`rollup speed-up over raw: ${(raw.median / rollup.median).toFixed(2)}x`);
  // One case of the month resolved (or its resolution moved) before each read: the read refreshes its facts and moves its rollup contribution.
  const open = await queryRows<{ id: string; created_at: string }>(
    db,
    sql`select id, created_at::text from cases where created_at >= ${MONTH.from.toISOString()}::timestamptz and created_at < ${MONTH.to.toISOString()}::timestamptz order by id limit ${RUNS + 1}`,
  );
  let nth = 0;
  const afterChange = await medianOf(async () => {
    const c = open[nth++ % open.length]!;
    await db.execute(sql`update cases set status = 'resolved', cancelled_at = null, resolved_at = ${c.created_at}::timestamptz + interval '1 day' + ${nth} * interval '1 minute' where id = ${c.id}::uuid`);
    await serviceKpiFigures(db, q);
  });
  console.log(`monthly report by queue right after one case was resolved (its facts refreshed, its contribution to the rollup moved): ${ms(afterChange)}`);

  const resolvedGoal = await insertGoal(db, 'cases_resolved', 'queue', queueId);
  const medianGoal = await insertGoal(db, 'first_response_median_business_minutes', 'agent', agentId);
  const now = new Date('2027-01-15T00:00:00Z');
  const progress = await goalProgress(db, resolvedGoal, now);
  console.log(`goal (queue, cases_resolved, 2026-Q3): actual ${progress.actual}, ${progress.trend.length} trend days`);
  console.log(`goal actual + daily trend, cases_resolved for a queue, a quarter: ${ms(await medianOf(() => goalProgress(db, resolvedGoal, now)))}`);
  console.log(`goal actual + daily trend, first response median for an agent, a quarter: ${ms(await medianOf(() => goalProgress(db, medianGoal, now)))}`);
  console.log(`load average after: ${load()}`);
}

async function main() {
  const url = process.env.DATABASE_URL;
  console.log(`# bench:reports on ${os.cpus().length} cores, shared with other sessions (load average ${load()}); medians of ${RUNS} runs after one warm-up`);
  if (url && N > 0) {
    const admin = postgres(url, { max: 1, onnotice: () => {} });
    const keep = process.env.BENCH_KEEP_DB;
    if (keep !== undefined && !/^[a-z_][a-z0-9_]*$/.test(keep)) throw new Error('BENCH_KEEP_DB must be a plain lower-case database name');
    const name = keep ?? `sla_bench_reports_${Date.now().toString(36)}`;
    const [found] = await admin`select 1 from pg_database where datname = ${name}`;
    if (!found) await admin.unsafe(`create database ${name}`);
    const target = new URL(url);
    target.pathname = `/${name}`;
    const handle = await openDatabase({ url: target.toString(), maxConnections: 10 });
    try {
      await handle.migrate();
      await run('PostgreSQL', handle, N, keep !== undefined);
    } finally {
      await handle.close();
      if (keep === undefined) await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    }
  } else {
    console.log('DATABASE_URL unset: PostgreSQL part skipped (npm run bench:reports starts a throwaway one)');
  }
  if (N_PGLITE > 0) {
    const handle = await openDatabase({});
    try {
      await handle.migrate();
      await run('PGlite (in memory)', handle, N_PGLITE);
    } finally {
      await handle.close();
    }
  }
}

await main();
