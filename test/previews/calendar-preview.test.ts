import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asc, eq, inArray } from 'drizzle-orm';
import { calendars, slaCommands, slaKpiInstances } from '../../db/schema/index.js';
import { ny, nyIso, officeHours, previewFixture, type PreviewFixture } from './support.js';

/**
 * The proposed calendar opens at 10:00 on Thursday 12 June and closes on Friday 13 June; the preview is
 * made on Thursday at 16:00 New York. Clocks (540 business minutes, warning at 240) on Mon-Fri 08:00-17:00:
 * - created Mon 09:00: failure Tue 09:00 either way (unchanged; breached before and after);
 * - created Wed 14:30: failure Thu 14:30 (passed) → Thu 16:30 (later, no longer breached);
 * - created Thu 11:00: failure Fri 11:00 → Mon 16 June 11:00 (later; its warning stays Thu 15:00).
 */
const proposedDefinition = officeHours({
  weekly: { mon: [['08:00', '17:00']], tue: [['08:00', '17:00']], wed: [['08:00', '17:00']], thu: [['10:00', '17:00']], fri: [['08:00', '17:00']] },
  holidays: [{ date: '2025-06-13', name: 'Closed for the move' }],
});

describe('previewing a calendar change before applying it', () => {
  let f: PreviewFixture;
  let unchanged: { caseId: string; instanceId: string };
  let later: { caseId: string; instanceId: string };
  let noLongerBreached: { caseId: string; instanceId: string };

  beforeAll(async () => {
    f = await previewFixture();
    unchanged = await f.caseAt('2025-06-09', '09:00');
    noLongerBreached = await f.caseAt('2025-06-11', '14:30');
    later = await f.caseAt('2025-06-12', '11:00');
    f.setNow(ny('2025-06-12', '16:00'));
  });
  afterAll(async () => f?.close());

  const proposal = () => ({ proposed: { name: 'New York office', definition: proposedDefinition } });
  const calendarVersion = async () => (await f.t.database.db.select().from(calendars).where(eq(calendars.id, f.calendarId)))[0].currentVersion;

  it('answers old and new instants of the instances that move, and totals, without changing anything', async () => {
    const res = await f.call('POST', `/v1/calendars/${f.calendarId}/preview`, proposal());
    expect(res.status).toBe(201);
    expect(res.headers.location).toBe(`/v1/previews/${res.body.id}`);
    expect(res.body).toMatchObject({ kind: 'calendar', subjectId: f.calendarId, baseVersion: 1, proposed: true, appliedAt: null, asOf: nyIso('2025-06-12', '16:00') });
    expect(res.body.target).toEqual({ calendars: [{ id: f.calendarId, version: 2 }] });
    expect(res.body.totals).toEqual({ instances: 3, movedEarlier: 0, movedLater: 2, unchanged: 1, ended: 0, newlyBreached: 0, noLongerBreached: 1 });
    const byInstance = Object.fromEntries(res.body.changes.map((c: { instanceId: string }) => [c.instanceId, c]));
    expect(Object.keys(byInstance).sort()).toEqual([later.instanceId, noLongerBreached.instanceId].sort());
    expect(byInstance[noLongerBreached.instanceId]).toMatchObject({
      caseId: noLongerBreached.caseId,
      kpi: 'resolve',
      movement: 'later',
      old: { warningAt: nyIso('2025-06-12', '09:30'), failureAt: nyIso('2025-06-12', '14:30'), breached: true },
      new: { warningAt: nyIso('2025-06-12', '11:30'), failureAt: nyIso('2025-06-12', '16:30'), breached: false },
      newlyBreached: false,
      noLongerBreached: true,
    });
    expect(byInstance[later.instanceId]).toMatchObject({
      movement: 'later',
      old: { warningAt: nyIso('2025-06-12', '15:00'), failureAt: nyIso('2025-06-13', '11:00'), breached: false },
      new: { warningAt: nyIso('2025-06-12', '15:00'), failureAt: nyIso('2025-06-16', '11:00'), breached: false },
    });
    expect(res.body.changesTotal).toBe(2);
    expect(res.body.nextOffset).toBeNull();

    // Nothing changed: no calendar version, no command, instances as they were.
    expect(await calendarVersion()).toBe(1);
    const ids = [unchanged.instanceId, later.instanceId, noLongerBreached.instanceId];
    expect(await f.t.database.db.select().from(slaCommands).where(inArray(slaCommands.instanceId, ids)).then((r) => r.filter((c) => c.kind !== 'start'))).toEqual([]);
    const read = await f.call('GET', `/v1/previews/${res.body.id}?limit=1`);
    expect(read.status).toBe(200);
    expect(read.body.changes).toHaveLength(1);
    expect(read.body.nextOffset).toBe(1);
  });

  it('applies exactly the previewed decisions: the proposal becomes version 2 and the previewed instances move to it', async () => {
    const preview = (await f.call('POST', `/v1/calendars/${f.calendarId}/preview`, proposal())).body;
    const applied = await f.call('POST', `/v1/previews/${preview.id}/apply`);
    expect(applied.status).toBe(200);
    expect(applied.body.appliedAt).toBe(nyIso('2025-06-12', '16:00'));
    expect(applied.body.totals).toEqual(preview.totals);
    expect(await calendarVersion()).toBe(2);
    const version2 = await f.call('GET', `/v1/calendars/${f.calendarId}/versions/2`);
    expect(version2.body.sourceDefinition.holidays).toEqual([{ date: '2025-06-13', name: 'Closed for the move' }]);

    const ids = [unchanged.instanceId, noLongerBreached.instanceId, later.instanceId];
    const commands = await f.t.database.db.select().from(slaCommands).where(eq(slaCommands.kind, 'apply_calendar')).orderBy(asc(slaCommands.id));
    expect(commands.map((c) => c.instanceId).sort()).toEqual([...ids].sort());
    for (const c of commands) expect(c.payload).toEqual({ calendar: { id: f.calendarId, version: 2, definition: version2.body.definition } });
    const rows = await f.t.database.db.select().from(slaKpiInstances).where(inArray(slaKpiInstances.id, ids));
    expect(rows.map((r) => r.calendarVersion)).toEqual([2, 2, 2]);

    const again = await f.call('POST', `/v1/previews/${preview.id}/apply`);
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('PREVIEW_ALREADY_APPLIED');
  });

  it('refuses a stale preview with 409 and changes nothing: the calendar got a new version meanwhile', async () => {
    const preview = (await f.call('POST', `/v1/calendars/${f.calendarId}/preview`, proposal())).body;
    expect(preview.baseVersion).toBe(2);
    const put = await f.call('PUT', `/v1/calendars/${f.calendarId}`, { name: 'New York office', definition: officeHours() }, { 'if-match': 'W/"2"' });
    expect(put.status).toBe(200);
    const res = await f.call('POST', `/v1/previews/${preview.id}/apply`);
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('PREVIEW_STALE');
    expect(res.body.detail).toMatch(/version 3, the preview was made on version 2/);
    expect(await calendarVersion()).toBe(3);
    expect((await f.call('GET', `/v1/previews/${preview.id}`)).body.appliedAt).toBeNull();
  });

  it('refuses a stale preview with 409 when a previewed instance changed state since (its workflow recorded a transition)', async () => {
    const preview = (await f.call('POST', `/v1/calendars/${f.calendarId}/preview`, {})).body;
    expect(preview).toMatchObject({ proposed: false, baseVersion: 3, target: { calendars: [{ id: f.calendarId, version: 3 }] } });
    expect(preview.totals.instances).toBe(3);
    const before = await f.t.database.db.select().from(slaCommands).where(eq(slaCommands.kind, 'apply_calendar'));
    await f.t.database.db
      .update(slaKpiInstances)
      .set({ mirrorSeq: 7, warnedAt: new Date(ny('2025-06-12', '15:00')), state: 'nearing_noncompliance', updatedAt: new Date(ny('2025-06-12', '15:00')) })
      .where(eq(slaKpiInstances.id, later.instanceId));
    const res = await f.call('POST', `/v1/previews/${preview.id}/apply`);
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('PREVIEW_STALE');
    expect(res.body.changedInstanceIds).toEqual([later.instanceId]);
    expect(await f.t.database.db.select().from(slaCommands).where(eq(slaCommands.kind, 'apply_calendar'))).toHaveLength(before.length);
    const fresh = await f.call('POST', `/v1/calendars/${f.calendarId}/preview`, {});
    expect((await f.call('POST', `/v1/previews/${fresh.body.id}/apply`)).status).toBe(200);
  });

  it('answers 4xx for bad input', async () => {
    const missing = '00000000-0000-4000-8000-000000000000';
    expect((await f.call('POST', `/v1/calendars/${missing}/preview`, {})).status).toBe(404);
    expect((await f.call('POST', '/v1/calendars/not-a-uuid/preview', {})).status).toBe(400);
    const invalid = await f.call('POST', `/v1/calendars/${f.calendarId}/preview`, { proposed: { name: 'x', definition: { timeZone: 'Mars/Base', weekly: {} } } });
    expect(invalid.status).toBe(400);
    expect(invalid.body.code).toBe('CALENDAR_INVALID');
    expect((await f.call('POST', `/v1/calendars/${f.calendarId}/preview`, { unknown: 1 })).status).toBe(400);
    expect((await f.call('GET', `/v1/previews/${missing}`)).status).toBe(404);
    expect((await f.call('POST', `/v1/previews/${missing}/apply`)).body.code).toBe('PREVIEW_NOT_FOUND');
    const agent = await f.t.keyFor('agent');
    expect((await f.call('POST', `/v1/calendars/${f.calendarId}/preview`, {}, {}, agent)).status).toBe(403);
    // The invalid proposal wrote nothing.
    expect(await calendarVersion()).toBe(3);
  });
});
