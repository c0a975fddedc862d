/**
 * Preview before apply on 10,000 running KPI instances (issue #16 target: ≤ 2 s).
 *
 *   npm run bench:preview                         (embedded PGlite, in memory)
 *   npm run bench:preview -- --n 20000 --runs 5
 *   DATABASE_URL=postgres://... npm run bench:preview      (or: bash scripts/with-postgres.sh npm run bench:preview)
 *
 * Seeds N cases on a Mon-Fri 08:00-17:00 calendar, each with one open Resolve clock (10% of them
 * paused, with an earlier closed pause), rows written in bulk with the deadlines the API would record.
 * Then times, end to end as the route runs them (dry-run write of the proposal in a rolled-back
 * transaction, one scope query, deadlines on the pure calendar engine with each version compiled once,
 * the preview stored): a calendar proposal (a holiday and shorter Thursdays) and an SLA proposal (other
 * durations). Prints each run, the median, and the load average (the machine may be shared).
 */
// First: the schema modules cases → products → entitlements import each other in a cycle that only
// evaluates when entitlements is entered first (a plain import of db/client.js fails under tsx today).
import '../db/schema/entitlements.js';
import os from 'node:os';
import { randomUUID } from 'node:crypto';
import { openDatabase } from '../db/client.js';
import { cases, slaKpiInstances } from '../db/schema/index.js';
import { SYSTEM } from '../src/audit/actor.js';
import { createCalendar } from '../src/calendars/calendars.js';
import { previewCalendar, previewSla } from '../src/previews/make-preview.js';
import { businessDayMinutesOf } from '../src/sla/business-day-length.js';
import { createSla } from '../src/sla/sla-definitions.js';
import { computeKpiDeadlines } from '../src/sla/kpi-deadlines.js';
import { flags } from './support/stack.js';

const opts = flags({ n: 10_000, runs: 3 });
const N = Number(opts.n);
const day = [['08:00', '17:00']];
const weekly = { mon: day, tue: day, wed: day, thu: day, fri: day };
const definition = { timeZone: 'America/New_York', weekly };

const handle = await openDatabase({ url: process.env.DATABASE_URL });
await handle.migrate();
const db = handle.db;
const now = new Date('2025-06-12T20:00:00Z');
const cal = await createCalendar(db, { name: 'Bench office', definition }, now, SYSTEM);
const slaInput = (failure: number) => ({
  name: 'Bench SLA',
  calendarId: cal.id,
  items: [{ name: 'Resolve', kpi: 'resolve', warning: { minutes: 240 }, failure: { minutes: failure } }],
});
const sla = await createSla(db, slaInput(2_700), businessDayMinutesOf, now, SYSTEM);
const [item] = sla.items;
const pinned = { id: cal.id, version: 1, definition: cal.definition };

const seedStart = performance.now();
const weekStart = Date.parse('2025-06-02T12:00:00Z');
for (let base = 0; base < N; base += 1000) {
  const chunk = Array.from({ length: Math.min(1000, N - base) }, (_, k) => base + k);
  const caseRows = chunk.map((i) => ({
    id: randomUUID(),
    number: `BENCH-${i}`,
    title: `Bench case ${i}`,
    origin: 'phone' as const,
    slaId: sla.id,
    slaVersion: 1,
    createdAt: new Date(weekStart + ((i * 7_919) % (10 * 24 * 60)) * 60_000),
  }));
  await db.insert(cases).values(caseRows);
  await db.insert(slaKpiInstances).values(
    caseRows.map((c, k) => {
      const applicableFrom = c.createdAt.toISOString();
      const paused = chunk[k] % 10 === 0;
      const pauseFrom = new Date(c.createdAt.getTime() + 3_600_000).toISOString();
      const pauses = paused
        ? [
            { from: pauseFrom, to: new Date(c.createdAt.getTime() + 7_200_000).toISOString() },
            { from: new Date(c.createdAt.getTime() + 10_800_000).toISOString(), to: null },
          ]
        : [];
      const closed = pauses.filter((p) => p.to !== null) as Array<{ from: string; to: string }>;
      const d = computeKpiDeadlines({ calendar: pinned, applicableFrom, warningMinutes: 240, failureMinutes: 2_700, pauses: closed });
      return {
        caseId: c.id,
        slaId: sla.id,
        slaItemId: item.id,
        kpi: 'resolve',
        generation: 1,
        workflowId: `sla:${c.id}:resolve:1`,
        itemSnapshot: { warningMinutes: 240, failureMinutes: 2_700 },
        calendarId: cal.id,
        calendarVersion: 1,
        state: paused ? ('paused' as const) : ('in_progress' as const),
        applicableFrom: c.createdAt,
        warningAt: d.warningAt ? new Date(d.warningAt) : null,
        failureAt: new Date(d.failureAt),
        pausedSince: paused ? new Date(pauses[1].from) : null,
        pauses,
        mirrorSeq: 1,
      };
    }),
  );
}
console.log(`seeded ${N} cases with one open KPI clock each in ${Math.round(performance.now() - seedStart)} ms (${handle.driver})`);

const proposedCalendar = {
  name: 'Bench office',
  definition: { ...definition, weekly: { ...weekly, thu: [['10:00', '17:00']] }, holidays: [{ date: '2025-06-13', name: 'Office move' }] },
};

async function time(label: string, run: () => Promise<{ totals: unknown }>) {
  const ms: number[] = [];
  const cpu: number[] = [];
  let totals: unknown;
  for (let r = 0; r < Number(opts.runs); r++) {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    totals = (await run()).totals;
    ms.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const load = os.loadavg().map((l) => l.toFixed(2)).join(' ');
  // With PGlite the database runs in this process, so its CPU time is the whole preview's work: what the
  // wall time would be on an idle core (on a shared machine the wall time also counts waiting for one).
  const where = handle.driver === 'pglite' ? ' (PGlite: all of the work)' : ' (API side only; PostgreSQL works in its own processes)';
  console.log(
    `${label}: wall ${ms.map((m) => Math.round(m)).join(', ')} ms, median ${Math.round(median(ms))} ms (target ≤ 2000); CPU median ${Math.round(median(cpu))} ms${where} | load average ${load} on ${os.cpus().length} cores`,
  );
  console.log(`  totals ${JSON.stringify(totals)}`);
}

await time(`calendar preview, ${N} instances`, () => previewCalendar(db, cal.id, { proposed: proposedCalendar }, now, SYSTEM));
await time(`SLA preview, ${N} instances`, () => previewSla(db, sla.id, { proposed: slaInput(2_160) }, businessDayMinutesOf, now, SYSTEM));
console.log('note: the machine is shared (up to 8 sessions at once); figures vary with the load above.');
await handle.close();
