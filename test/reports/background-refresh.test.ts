/**
 * The worker's background report refresh: it drains the changed cases and builds the days queued for the
 * rollup (as after an upgrade) before any report is asked for; stopping it mid-build leaves the rest
 * queued, and a report read then still drains it and answers the same figures.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../db/client.js';
import { BackgroundReportRefresh } from '../../src/reports/background-refresh.js';
import { refreshReportFacts } from '../../src/reports/refresh-facts.js';
import { serviceKpiFigures } from '../../src/reports/service-kpis.js';
import { queryRows } from '../../src/reports/sql-rows.js';
import { createTestDatabase } from '../support/db.js';
import { loadFixture } from './fixture.js';

const fortnight = { from: new Date('2027-03-01T00:00:00Z'), to: new Date('2027-03-15T00:00:00Z') };

describe('background report refresh (worker)', () => {
  let database: DatabaseHandle;
  beforeAll(async () => {
    database = await createTestDatabase();
    await loadFixture(database.db);
  });
  afterAll(() => database.close());

  const queued = async () => {
    const [row] = await queryRows<{ cases: number; days: number }>(
      database.db,
      sql`select (select count(*)::int from report_dirty_cases) as cases, (select count(*)::int from report_dirty_days) as days`,
    );
    return row!;
  };
  const requeueEveryDay = () => database.db.execute(sql`insert into report_dirty_days (day) select distinct day from report_daily_cases on conflict do nothing`);

  it('brings facts and rollup up to date before any report reads them', async () => {
    expect((await queued()).cases).toBeGreaterThan(0);
    await new BackgroundReportRefresh(database.db, { everyMs: 60_000 }).refresh();
    expect(await queued()).toEqual({ cases: 0, days: 0 });
    const [rollup] = await queryRows<{ created: number }>(database.db, sql`select coalesce(sum(created), 0)::int as created from report_daily_cases where dim = 'all'`);
    const [facts] = await queryRows<{ created: number }>(database.db, sql`select count(*)::int as created from report_case_facts`);
    expect(rollup!.created).toBe(facts!.created);
    expect(facts!.created).toBeGreaterThan(0);
  });

  it('rebuilds the queued days of an upgrade, and a stop mid-build leaves the rest to the next reader', async () => {
    const expected = await serviceKpiFigures(database.db, { range: fortnight, groupBy: 'day' }, { withRetention: false });
    await requeueEveryDay();
    const days = (await queued()).days;
    expect(days).toBeGreaterThan(2);

    const stopped = new BackgroundReportRefresh(database.db, { everyMs: 60_000 });
    stopped.start();
    await stopped.stop(); // returns after the transaction in progress
    expect((await queued()).days).toBeGreaterThan(0);
    expect(await serviceKpiFigures(database.db, { range: fortnight, groupBy: 'day' }, { withRetention: false })).toEqual(expected);
    expect((await queued()).days).toBe(0);

    await requeueEveryDay();
    await new BackgroundReportRefresh(database.db, { everyMs: 60_000 }).refresh();
    expect((await queued()).days).toBe(0);
    expect(await serviceKpiFigures(database.db, { range: fortnight, groupBy: 'day' }, { withRetention: false })).toEqual(expected);
  });

  it('never overlaps two passes', async () => {
    await requeueEveryDay();
    const refresher = new BackgroundReportRefresh(database.db, { everyMs: 60_000 });
    const [a, b] = [refresher.refresh(), refresher.refresh()];
    expect(a).toBe(b);
    await a;
    expect(await refreshReportFacts(database.db)).toBe(0);
  });
});
