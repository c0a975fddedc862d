import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { slaCommands } from '../../db/schema/index.js';
import { ny, nyIso, officeHours, previewFixture, type PreviewFixture } from './support.js';

describe('previewing a holiday list change on the clocks of the calendars that include it', () => {
  let f: PreviewFixture;
  let listId: string;
  let clock: { caseId: string; instanceId: string };

  beforeAll(async () => {
    f = await previewFixture();
    clock = await f.caseAt('2025-06-12', '11:00'); // failure Fri 13 June 11:00 (540 business minutes)
    listId = (await f.call('POST', '/v1/holiday-lists', { name: 'US office', holidays: [] })).body.id;
    const put = await f.call('PUT', `/v1/calendars/${f.calendarId}`, { name: 'New York office', definition: officeHours(), holidayListIds: [listId] }, { 'if-match': 'W/"1"' });
    expect(put.body.version).toBe(2);
    f.setNow(ny('2025-06-12', '16:00'));
  });
  afterAll(async () => f?.close());

  it('previews the calendar versions a proposed list would write, then applies exactly them', async () => {
    const proposed = { name: 'US office', holidays: [{ date: '2025-06-13', name: 'Office move' }] };
    const res = await f.call('POST', `/v1/holiday-lists/${listId}/preview`, { proposed });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ kind: 'holiday_list', baseVersion: 1, target: { calendars: [{ id: f.calendarId, version: 3 }] } });
    expect(res.body.totals).toEqual({ instances: 1, movedEarlier: 0, movedLater: 1, unchanged: 0, ended: 0, newlyBreached: 0, noLongerBreached: 0 });
    expect(res.body.changes[0]).toMatchObject({ instanceId: clock.instanceId, old: { failureAt: nyIso('2025-06-13', '11:00') }, new: { failureAt: nyIso('2025-06-16', '11:00') } });
    expect((await f.call('GET', `/v1/holiday-lists/${listId}`)).body.version).toBe(1);
    expect((await f.call('GET', `/v1/calendars/${f.calendarId}`)).body.version).toBe(2);

    const applied = await f.call('POST', `/v1/previews/${res.body.id}/apply`);
    expect(applied.status).toBe(200);
    expect((await f.call('GET', `/v1/holiday-lists/${listId}`)).body.version).toBe(2);
    expect((await f.call('GET', `/v1/calendars/${f.calendarId}`)).body.version).toBe(3);
    const commands = await f.t.database.db.select().from(slaCommands).where(and(eq(slaCommands.instanceId, clock.instanceId), eq(slaCommands.kind, 'apply_calendar')));
    expect(commands.map((c) => (c.payload.calendar as { version: number }).version)).toEqual([3]);

    const none = await f.call('POST', `/v1/holiday-lists/${listId}/preview`, {});
    expect(none.body).toMatchObject({ proposed: false, baseVersion: 2, totals: { instances: 0 }, changes: [] });
  });

  it('answers 400 for an impossible holiday date and 404 for an unknown list', async () => {
    expect((await f.call('POST', '/v1/holiday-lists/00000000-0000-4000-8000-000000000000/preview', {})).status).toBe(404);
    const bad = await f.call('POST', `/v1/holiday-lists/${listId}/preview`, { proposed: { name: 'US office', holidays: [{ date: '2025-02-30' }] } });
    expect(bad.status).toBe(400);
  });
});
