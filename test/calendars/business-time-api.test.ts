import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.js';
import { api, officeHours, twentyFourSeven } from './support.js';

/** 2025-06-12 is a Thursday, 2025-06-10 a Tuesday; New York is on EDT (-04:00) in June. */
describe('business time (what-if) API', () => {
  let t: TestApp;
  let call: ReturnType<typeof api>;
  beforeAll(async () => {
    t = await createTestApp();
    call = api(t);
  });
  afterAll(async () => t.close());

  const deadline = (body: Record<string, unknown>, key?: string) => call('POST', '/v1/business-time/deadline', body, {}, key);
  const elapsed = (body: Record<string, unknown>) => call('POST', '/v1/business-time/elapsed', body);

  it('gives the spec’s reference deadline: 4 business hours from Thursday 15:00 on 08:00-17:00 is Friday 10:00, explained interval by interval', async () => {
    const agent = await t.keyFor('agent');
    const res = await deadline({ calendar: officeHours(), start: '2025-06-12T15:00:00-04:00', duration: { hours: 4 } }, agent);
    expect(res.status).toBe(200);
    expect(res.body.deadline).toEqual({ utc: '2025-06-13T14:00:00.000Z', local: '2025-06-13T10:00:00-04:00', label: 'Fri 13 Jun 10:00 America/New_York' });
    expect(res.body.businessMinutes).toBe(240);
    expect(res.body.calendar).toEqual({ timeZone: 'America/New_York', businessDayMinutes: 540 });
    const open = res.body.explanation.steps.filter((s: { kind: string }) => s.kind === 'open');
    expect(open.map((s: { date: string; from: { local: string }; to: { local: string }; minutes: number }) => [s.date, s.from.local, s.to.local, s.minutes])).toEqual([
      ['2025-06-12', '2025-06-12T15:00:00-04:00', '2025-06-12T17:00:00-04:00', 120],
      ['2025-06-13', '2025-06-13T08:00:00-04:00', '2025-06-13T10:00:00-04:00', 120],
    ]);
    expect(res.body.explanation).toMatchObject({ kind: 'deadline', boundary: 'fill', openMinutes: 240, pausedMinutes: 0, result: { local: '2025-06-13T10:00:00-04:00' } });
  });

  it('gives the 24x7 reference deadline: 4 hours from 15:00 is 19:00 the same day', async () => {
    const res = await deadline({ calendar: twentyFourSeven, start: '2025-06-12T15:00:00-04:00', duration: { hours: 4 } });
    expect(res.status).toBe(200);
    expect(res.body.deadline.local).toBe('2025-06-12T19:00:00-04:00');
    expect(res.body.calendar.businessDayMinutes).toBe(1440);
  });

  it('counts one business day from Tuesday 15:00 as Wednesday 15:00 on 08:00-17:00', async () => {
    const res = await deadline({ calendar: officeHours(), start: '2025-06-10T15:00:00-04:00', duration: { businessDays: 1 } });
    expect(res.status).toBe(200);
    expect(res.body.deadline.local).toBe('2025-06-11T15:00:00-04:00');
    expect(res.body.businessMinutes).toBe(540);
  });

  it('names holidays skipped and subtracts pauses, and fills or moves a budget that ends at closing time', async () => {
    const calendar = officeHours({ holidays: [{ date: '2025-06-13', name: 'Company day' }] });
    const res = await deadline({
      calendar,
      start: '2025-06-12T15:00:00-04:00',
      duration: { hours: 4 },
      pauses: [{ from: '2025-06-12T16:00:00-04:00', to: '2025-06-12T20:30:00Z' }],
    });
    expect(res.status).toBe(200);
    // Thu 15:00-16:00 and 16:30-17:00 count (1.5 h), Friday is a holiday, Monday 08:00-10:30 finishes it.
    expect(res.body.deadline.local).toBe('2025-06-16T10:30:00-04:00');
    expect(res.body.explanation.steps).toContainEqual({ kind: 'holiday', date: '2025-06-13', name: 'Company day' });
    expect(res.body.explanation.pauses).toEqual([expect.objectContaining({ businessMinutes: 30 })]);
    expect(res.body.explanation).toMatchObject({ openMinutes: 270, pausedMinutes: 30 });

    const fill = await deadline({ calendar: officeHours(), start: '2025-06-12T13:00:00-04:00', duration: { hours: 4 } });
    expect(fill.body.deadline.local).toBe('2025-06-12T17:00:00-04:00');
    const next = await deadline({ calendar: officeHours(), start: '2025-06-12T13:00:00-04:00', duration: { hours: 4 }, boundary: 'next-open' });
    expect(next.body.deadline.local).toBe('2025-06-13T08:00:00-04:00');
  });

  it('measures elapsed business time, negative when the instants are reversed', async () => {
    const forward = await elapsed({ calendar: officeHours(), from: '2025-06-12T15:00:00-04:00', to: '2025-06-13T10:00:00-04:00' });
    expect(forward.status).toBe(200);
    expect(forward.body.businessMinutes).toBe(240);
    expect(forward.body.explanation.steps.filter((s: { kind: string }) => s.kind === 'open')).toHaveLength(2);
    const reverse = await elapsed({ calendar: officeHours(), from: '2025-06-13T10:00:00-04:00', to: '2025-06-12T15:00:00-04:00' });
    expect(reverse.status).toBe(200);
    expect(reverse.body.businessMinutes).toBe(-240);
    expect(reverse.body.from.label).toBe('Fri 13 Jun 10:00 America/New_York');
  });

  it('subtracts a pause still running from elapsed time', async () => {
    const res = await elapsed({ calendar: officeHours(), from: '2025-06-12T09:00:00-04:00', to: '2025-06-12T17:00:00-04:00', pauses: [{ from: '2025-06-12T12:00:00-04:00', to: null }] });
    expect(res.body).toMatchObject({ businessMinutes: 180, explanation: { openMinutes: 480, pausedMinutes: 300 } });
  });

  it('rejects instants without an offset with 400 INSTANT_WITHOUT_OFFSET naming the field', async () => {
    const start = await deadline({ calendar: officeHours(), start: '2025-06-12T15:00:00', duration: { hours: 4 } });
    expect(start.status).toBe(400);
    expect(start.body).toMatchObject({ code: 'INSTANT_WITHOUT_OFFSET', field: 'body.start' });
    expect(start.body.detail).toContain('body.start');

    const pause = await deadline({ calendar: officeHours(), start: '2025-06-12T15:00:00Z', duration: { hours: 4 }, pauses: [{ from: '2025-06-12 16:00', to: '2025-06-12T17:00:00Z' }] });
    expect(pause.body).toMatchObject({ status: 400, code: 'INSTANT_WITHOUT_OFFSET', field: 'body.pauses[0].from' });

    const to = await elapsed({ calendar: officeHours(), from: '2025-06-12T15:00:00Z', to: '2025-06-13' });
    expect(to.body).toMatchObject({ status: 400, code: 'INSTANT_WITHOUT_OFFSET', field: 'body.to' });

    const garbage = await elapsed({ calendar: officeHours(), from: 'yesterday', to: '2025-06-13T00:00:00Z' });
    expect(garbage.body).toMatchObject({ status: 400, code: 'INSTANT_INVALID', field: 'body.from' });
  });

  it('answers 422 NO_BUSINESS_TIME for a calendar with no business time left', async () => {
    const onlyPast = { timeZone: 'Europe/Paris', specialHours: [{ date: '2020-01-06', intervals: [['08:00', '17:00']] }] };
    const res = await deadline({ calendar: onlyPast, start: '2025-06-12T15:00:00Z', duration: { hours: 1 } });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('NO_BUSINESS_TIME');
  });

  it('maps every other engine error to a 4xx with its stable code', async () => {
    const invalid = await deadline({ calendar: { timeZone: '+02:00', weekly: { mon: [['08:00', '17:00']] } }, start: '2025-06-12T15:00:00Z', duration: { hours: 1 } });
    expect(invalid.body).toMatchObject({ status: 400, code: 'CALENDAR_INVALID', field: 'body.calendar.timeZone' });

    const open = await deadline({ calendar: officeHours(), start: '2025-06-12T15:00:00Z', duration: { hours: 40 }, pauses: [{ from: '2025-06-13T12:00:00Z' }] });
    expect(open.body).toMatchObject({ status: 422, code: 'DEADLINE_UNDEFINED' });

    const tiny = await deadline({ calendar: officeHours(), start: '2025-06-12T15:00:00Z', duration: { minutes: 0.0000001 } });
    expect(tiny.body).toMatchObject({ status: 400, code: 'ARGUMENT_INVALID', field: 'body.duration' });

    const ancient = await deadline({ calendar: officeHours(), start: '1850-06-12T15:00:00Z', duration: { hours: 1 } });
    expect(ancient.body).toMatchObject({ status: 400, code: 'OUT_OF_RANGE', field: 'body.start' });

    const backwards = await elapsed({ calendar: officeHours(), from: '2025-06-12T15:00:00Z', to: '2025-06-13T15:00:00Z', pauses: [{ from: '2025-06-12T18:00:00Z', to: '2025-06-12T17:00:00Z' }] });
    expect(backwards.body).toMatchObject({ status: 400, field: 'body.pauses[0].to' });
  });

  it('uses a stored calendar’s current version or a named one, and says which', async () => {
    const { body: cal } = await call('POST', '/v1/calendars', { name: 'What-if', definition: officeHours() });
    await call('PUT', `/v1/calendars/${cal.id}`, { name: 'What-if', definition: { timeZone: 'America/New_York', is24x7: true } }, { 'if-match': 'W/"1"' });
    const body = { calendarId: cal.id, start: '2025-06-12T15:00:00-04:00', duration: { hours: 4 } };
    const current = await deadline(body);
    expect(current.body.calendar).toEqual({ id: cal.id, version: 2, timeZone: 'America/New_York', businessDayMinutes: 1440 });
    expect(current.body.deadline.local).toBe('2025-06-12T19:00:00-04:00');
    expect(current.body.explanation.calendar).toEqual({ id: cal.id, version: 2 });
    const pinned = await deadline({ ...body, version: 1 });
    expect(pinned.body.calendar).toMatchObject({ id: cal.id, version: 1 });
    expect(pinned.body.deadline.local).toBe('2025-06-13T10:00:00-04:00');

    expect((await deadline({ ...body, version: 9 })).body).toMatchObject({ status: 404, code: 'CALENDAR_VERSION_NOT_FOUND' });
    expect((await deadline({ ...body, calendarId: '00000000-0000-4000-8000-000000000000' })).body).toMatchObject({ status: 404, code: 'CALENDAR_NOT_FOUND' });
    expect((await deadline({ ...body, calendar: officeHours() })).body).toMatchObject({ status: 400, field: 'body.calendar' });
  });

  it('treats no calendar at all as 24x7 in UTC', async () => {
    const res = await deadline({ start: '2025-06-12T15:00:00-04:00', duration: { minutes: 90 } });
    expect(res.body.deadline).toMatchObject({ utc: '2025-06-12T20:30:00.000Z', local: '2025-06-12T20:30:00Z' });
    expect(res.body.calendar).toEqual({ timeZone: 'UTC', businessDayMinutes: 1440 });
  });
});
