import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asc, eq, inArray } from 'drizzle-orm';
import { cases, slaCommands, slaItems, slaKpiInstances, slas } from '../../db/schema/index.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { api, officeHours } from './support.js';

describe('applying a new calendar version to running KPI instances (spec §1.8)', () => {
  let t: TestApp;
  let call: ReturnType<typeof api>;
  let seq = 0;
  beforeAll(async () => {
    t = await createTestApp();
    call = api(t);
  });
  afterAll(async () => t.close());

  /** A case, an SLA and its item, written directly (no workflow runs in these tests). */
  async function seedSla(calendarId: string | null) {
    const db = t.database.db;
    const [c] = await db.insert(cases).values({ number: `CAS-T${++seq}`, title: 'Clock test', origin: 'phone' }).returning();
    const [sla] = await db.insert(slas).values({ name: `SLA ${seq}`, calendarId }).returning();
    const [item] = await db.insert(slaItems).values({ slaId: sla.id, position: 1, name: 'Resolve', kpi: 'resolve', failureMinutes: 540 }).returning();
    return { caseId: c.id, slaId: sla.id, slaItemId: item.id };
  }

  /** A KPI instance row pinned to a calendar version, open unless `ended`. */
  async function seedInstance(base: Awaited<ReturnType<typeof seedSla>>, calendarId: string | null, calendarVersion: number | null, ended = false) {
    const generation = ++seq;
    const [row] = await t.database.db
      .insert(slaKpiInstances)
      .values({
        ...base,
        kpi: 'resolve',
        generation,
        workflowId: `test-${base.caseId}-${generation}`,
        itemSnapshot: {},
        calendarId,
        calendarVersion,
        applicableFrom: new Date('2025-06-12T19:00:00Z'),
        ...(ended ? { endedAt: new Date('2025-06-13T19:00:00Z'), endReason: 'case resolved', state: 'succeeded' as const } : {}),
      })
      .returning();
    return row.id;
  }

  const commandsFor = (ids: string[]) =>
    t.database.db.select().from(slaCommands).where(inArray(slaCommands.instanceId, ids)).orderBy(asc(slaCommands.id));
  const versionOf = async (id: string) => (await t.database.db.select().from(slaKpiInstances).where(eq(slaKpiInstances.id, id)))[0].calendarVersion;

  it('enqueues apply_calendar only for open instances on older versions, and moves them to the current version', async () => {
    const { body: cal } = await call('POST', '/v1/calendars', { name: 'Evolving', definition: officeHours() });
    const { body: other } = await call('POST', '/v1/calendars', { name: 'Unrelated', definition: officeHours() });
    const base = await seedSla(cal.id);
    const onV1 = await seedInstance(base, cal.id, 1);
    const endedOnV1 = await seedInstance(base, cal.id, 1, true);
    await call('PUT', `/v1/calendars/${cal.id}`, { name: 'Evolving', definition: officeHours({ holidays: [{ date: '2025-06-13', name: 'Closed' }] }) }, { 'if-match': 'W/"1"' });
    const onV2 = await seedInstance(base, cal.id, 2);
    const v3 = await call('PUT', `/v1/calendars/${cal.id}`, { name: 'Evolving', definition: officeHours({ weekly: { mon: [['09:00', '18:00']] } }) }, { 'if-match': 'W/"2"' });
    expect(v3.body.version).toBe(3);
    const onV3 = await seedInstance(base, cal.id, 3);
    const otherCalendar = await seedInstance(base, other.id, 1);
    const noCalendar = await seedInstance(base, null, null);
    const all = [onV1, endedOnV1, onV2, onV3, otherCalendar, noCalendar];

    // Until an operator applies it, running instances keep their version.
    expect(await commandsFor(all)).toEqual([]);
    expect(await versionOf(onV1)).toBe(1);

    const res = await call('POST', `/v1/calendars/${cal.id}/apply-to-running`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ calendarId: cal.id, version: 3, count: 2, instanceIds: [onV1, onV2] });

    const commands = await commandsFor(all);
    expect(commands.map((c) => [c.instanceId, c.kind, c.caseId])).toEqual([
      [onV1, 'apply_calendar', base.caseId],
      [onV2, 'apply_calendar', base.caseId],
    ]);
    for (const c of commands) {
      expect(c.deliveredAt).toBeNull();
      expect(c.payload).toEqual({ calendar: { id: cal.id, version: 3, definition: v3.body.definition } });
    }
    expect(await versionOf(onV1)).toBe(3);
    expect(await versionOf(onV2)).toBe(3);
    expect(await versionOf(endedOnV1)).toBe(1);
    expect(await versionOf(otherCalendar)).toBe(1);

    // A second call finds nothing left to do.
    const again = await call('POST', `/v1/calendars/${cal.id}/apply-to-running`);
    expect(again.body).toMatchObject({ count: 0, instanceIds: [] });
    expect(await commandsFor(all)).toHaveLength(2);
  });

  it('refuses with 412 when If-Match names a version that is no longer current, changing nothing', async () => {
    const { body: cal } = await call('POST', '/v1/calendars', { name: 'Guarded apply', definition: officeHours() });
    const base = await seedSla(cal.id);
    const onV1 = await seedInstance(base, cal.id, 1);
    await call('PUT', `/v1/calendars/${cal.id}`, { name: 'Guarded apply', definition: officeHours() }, { 'if-match': 'W/"1"' });
    await call('PUT', `/v1/calendars/${cal.id}`, { name: 'Guarded apply', definition: officeHours() }, { 'if-match': 'W/"2"' });

    const stale = await call('POST', `/v1/calendars/${cal.id}/apply-to-running`, undefined, { 'if-match': 'W/"2"' });
    expect(stale.body).toMatchObject({ status: 412, code: 'PRECONDITION_FAILED', currentVersion: 3 });
    expect(await commandsFor([onV1])).toEqual([]);
    expect(await versionOf(onV1)).toBe(1);

    const ok = await call('POST', `/v1/calendars/${cal.id}/apply-to-running`, undefined, { 'if-match': 'W/"3"' });
    expect(ok.body).toMatchObject({ version: 3, count: 1, instanceIds: [onV1] });
  });

  it('answers 404 for an unknown calendar', async () => {
    const res = await call('POST', '/v1/calendars/00000000-0000-4000-8000-000000000000/apply-to-running');
    expect(res.body).toMatchObject({ status: 404, code: 'CALENDAR_NOT_FOUND' });
  });
});
