import fc from 'fast-check';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../db/client.js';
import { caseEvents, cases, slaKpiInstances } from '../../db/schema/index.js';
import { refreshReportFacts } from '../../src/reports/refresh-facts.js';
import { groupings, type Grouping } from '../../src/reports/report-range.js';
import { retention } from '../../src/reports/retention.js';
import { serviceKpiFigures } from '../../src/reports/service-kpis.js';
import { queryRows } from '../../src/reports/sql-rows.js';
import { createTestDatabase } from '../support/db.js';
import { loadFixture, type Fixture } from './fixture.js';

const t = (s: string) => new Date(`2027-03-${s}:00Z`);
const fortnight = { from: t('01T00:00'), to: t('15T00:00') };

describe('the per-day rollup answers what the facts answer', () => {
  let database: DatabaseHandle;
  let fixture: Fixture;
  beforeAll(async () => {
    database = await createTestDatabase();
    fixture = await loadFixture(database.db);
  });
  afterAll(() => database.close());

  const both = async (q: Parameters<typeof serviceKpiFigures>[1]) => {
    const db = database.db;
    const [fromRollup, fromFacts] = [await serviceKpiFigures(db, q, { withRetention: false }), await serviceKpiFigures(db, q, { withRetention: false, rollup: false })];
    return { fromRollup, fromFacts };
  };

  it('for any grouping, scope and range, whole days or not', async () => {
    const day = 86_400_000;
    const base = Date.parse('2027-03-01T00:00:00Z');
    const scopes = [undefined, 'owner', 'queue'] as const;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...groupings),
        fc.constantFrom(...scopes),
        fc.integer({ min: 0, max: 14 * 24 }),
        fc.integer({ min: 1, max: 16 * 24 }),
        fc.boolean(),
        async (groupBy: Grouping, scopeOf, startHour, hours, wholeDays) => {
          const align = (ms: number) => (wholeDays ? Math.floor(ms / day) * day : ms);
          const from = new Date(align(base - 3 * day + startHour * 3_600_000));
          const to = new Date(Math.max(from.getTime() + day, align(from.getTime() + hours * 3_600_000)));
          const scope = scopeOf === 'owner' ? { ownerIds: [fixture.agentId] } : scopeOf === 'queue' ? { queueIds: [fixture.queueIds.support] } : undefined;
          const { fromRollup, fromFacts } = await both({ range: { from, to }, groupBy, scope });
          expect(fromRollup).toEqual(fromFacts);
          expect(await retention(database.db, { from, to })).toEqual(await retention(database.db, { from, to }, { rollup: false }));
        },
      ),
      { numRuns: 40, seed: 1913 },
    );
  });

  it('stays exact after a case is resolved, reopened and moved to another queue', async () => {
    const db = database.db;
    const q = { range: fortnight, groupBy: 'queue' as const };
    const before = (await both(q)).fromRollup;
    expect(before.total.volume).toEqual({ created: 10, resolved: 5, reopened: 1, backlog: 5 });

    // C1 (Support, resolved Mon 8th) is reopened on Wed 10th and a new Resolve By clock starts.
    const c1 = fixture.caseIds[0]!;
    await db.update(cases).set({ status: 'in_progress', resolvedAt: null }).where(eq(cases.id, c1));
    await db.insert(caseEvents).values({ caseId: c1, kind: 'reopened', summary: 'Reopened', occurredAt: t('10T09:00') });
    const [resolve1] = await db.select().from(slaKpiInstances).where(sql`${slaKpiInstances.caseId} = ${c1} and ${slaKpiInstances.kpi} = 'resolve'`);
    const { id: _id, ...copy } = resolve1!;
    await db.insert(slaKpiInstances).values({ ...copy, generation: 2, workflowId: `sla:${c1}:resolve:2`, state: 'in_progress', applicableFrom: t('10T09:00'), succeededAt: null });
    // C6 (Billing, open) moves to Support.
    await db.update(cases).set({ queueId: fixture.queueIds.support }).where(eq(cases.id, fixture.caseIds[5]!));

    const { fromRollup, fromFacts } = await both(q);
    expect(fromRollup).toEqual(fromFacts);
    expect(fromRollup.total.volume).toEqual({ created: 10, resolved: 4, reopened: 2, backlog: 6 });
    expect(fromRollup.total.compliance.resolve).toMatchObject({ met: 5, open: 5 });
    const [billing, support] = fromRollup.groups;
    expect(support!.volume).toEqual({ created: 6, resolved: 2, reopened: 2, backlog: 4 });
    expect(billing!.volume).toEqual({ created: 4, resolved: 2, reopened: 0, backlog: 2 });

    // Resolved again on Thu 11th: counted on the 11th, the 8th no longer holds it.
    await db.update(cases).set({ status: 'resolved', resolvedAt: t('11T10:00') }).where(eq(cases.id, c1));
    const byDay = await both({ range: fortnight, groupBy: 'day' });
    expect(byDay.fromRollup).toEqual(byDay.fromFacts);
    const resolvedOn = (d: string) => byDay.fromRollup.groups.find((g) => g.key === d)!.volume.resolved;
    expect([resolvedOn('2027-03-08'), resolvedOn('2027-03-11')]).toEqual([2, 1]);
  });

  it('kept by difference, holds what rebuilding every day from the facts gives', async () => {
    const db = database.db;
    await refreshReportFacts(db);
    const snapshot = async () => ({
      cases: await queryRows(db, sql`select day::text, dim, key, created, closed, backlog_out, resolved, reopened,
          (select array_agg(v order by v) from unnest(first_response_business) v) as frb, (select array_agg(v order by v) from unnest(first_response_calendar) v) as frc,
          (select array_agg(v order by v) from unnest(resolution_business) v) as rb, (select array_agg(v order by v) from unnest(resolution_calendar) v) as rc
        from report_daily_cases order by day, dim, key nulls first`),
      compliance: await queryRows(db, sql`select day::text, dim, key, kpi, met, paused, breached, late, open from report_daily_compliance order by day, dim, key nulls first, kpi`),
      customers: await queryRows(db, sql`select day::text, customer_id, cases from report_daily_customers order by day, customer_id`),
    });
    const kept = await snapshot();
    await db.execute(sql`insert into report_dirty_days (day) select distinct day from report_daily_cases on conflict do nothing`);
    await refreshReportFacts(db, { dayBatch: 3 });
    expect(await snapshot()).toEqual(kept);
  });

  it('updates only the rollup rows of the days the changed case touches', async () => {
    const db = database.db;
    await refreshReportFacts(db);
    const rows = () => queryRows<{ day: string; ctid: string }>(db, sql`select to_char(day, 'YYYY-MM-DD') as day, ctid::text as ctid from report_daily_cases where dim = 'all' order by day`);
    const before = await rows();
    // C10 was created, answered and resolved on Fri 5th.
    await db.update(cases).set({ resolvedAt: t('05T16:00') }).where(eq(cases.id, fixture.caseIds[9]!));
    await refreshReportFacts(db);
    const after = await rows();
    const rebuilt = after.filter((r) => before.find((b) => b.day === r.day)?.ctid !== r.ctid).map((r) => r.day);
    expect(rebuilt).toEqual(['2027-03-05']);
  });
});
