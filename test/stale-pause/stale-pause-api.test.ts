/**
 * Stale-pause alerts through the API (issue 16): an SLA item's `stalePauseAlert` is validated, stored
 * with the SLA version, reaches the case's clock, fires once on hold (email + `sla.pause_stale` on the
 * case timeline), and `GET /v1/cases?pausedLongerThan=` finds the cases whose clocks are paused too long.
 * Time-skipping Temporal and the API on the test's clock; Paris Mon-Fri 08:00-17:00 calendar.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createClockApp, type ClockApp } from '../support/clock-app.js';
import { EMAILS, MON } from '../support/reference-kpi.js';

const alertEmail = { type: 'send_email', to: ['manager'], subject: '[{{case.number}}] {{kpi}} on hold too long', body: 'Case {{case.number}} waits.' };
const item = (stalePauseAlert: unknown) => ({
  name: 'Everyone',
  kpi: 'resolve',
  failure: { hours: 40 },
  ...(stalePauseAlert === undefined ? {} : { stalePauseAlert }),
});

describe('stale-pause alerts in the API', () => {
  let c: ClockApp;
  let slaId: string;
  const at = (day: number, hhmm: string) => c.week.at(day, hhmm);
  const post = (url: string, payload: object) => c.t.app.inject({ method: 'POST', url, payload, headers: c.t.auth() });
  const list = async (query: string) => {
    const res = await c.t.app.inject({ method: 'GET', url: `/v1/cases?${query}`, headers: c.t.auth() });
    expect(res.statusCode, res.body).toBe(200);
    return (res.json().items as Array<{ id: string }>).map((i) => i.id);
  };

  beforeAll(async () => {
    c = await createClockApp();
    slaId = await c.defaultSla({ name: 'On-hold watch', items: [item({ after: { hours: 4 }, actions: [alertEmail] })] });
  }, 180_000);
  afterAll(async () => {
    await c?.close();
  });

  it('stores the alert on the SLA item (business time by default) and keeps it in the SLA version', async () => {
    const sla = await c.api('GET', `/v1/slas/${slaId}`);
    expect(sla.items[0].stalePauseAlert).toEqual({ afterMinutes: 240, time: 'business', actions: [alertEmail] });
    const v1 = await c.api('GET', `/v1/slas/${slaId}/versions/1`);
    expect(v1.items[0].stalePauseAlert).toEqual({ afterMinutes: 240, time: 'business', actions: [alertEmail] });
    const other = await c.api('POST', '/v1/slas', { name: 'No watch', calendarId: c.calendarId, items: [item(undefined)] });
    expect(other.items[0].stalePauseAlert).toBeNull();
  });

  it('refuses an alert it cannot run: business days in calendar time, no actions, a zero threshold, an unknown placeholder', async () => {
    const refused = async (alert: unknown) => {
      const res = await post('/v1/slas', { name: 'Bad', calendarId: c.calendarId, items: [item(alert)] });
      expect(res.statusCode, res.body).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      return res.json();
    };
    expect(await refused({ after: { businessDays: 1 }, time: 'calendar', actions: [alertEmail] })).toMatchObject({
      code: 'INVALID_DURATION',
      detail: expect.stringContaining('body.items[0].stalePauseAlert.after'),
    });
    expect((await refused({ after: { hours: 4 }, actions: [] })).code).toBeDefined();
    expect(await refused({ after: { minutes: 0 }, actions: [alertEmail] })).toMatchObject({ code: 'INVALID_DURATION' });
    expect(await refused({ after: { hours: 4 }, actions: [{ ...alertEmail, subject: '{{case.numbr}}' }] })).toMatchObject({ code: 'UNKNOWN_PLACEHOLDER' });
    expect(await refused({ after: { hours: 4 }, time: 'weekly', actions: [alertEmail] })).toBeDefined();
  });

  it('alerts once when a case stays on hold longer than 4 business hours; the case list finds it with pausedLongerThan', async () => {
    await c.sleepTo(at(MON, '09:00'));
    const account = await c.api('POST', '/v1/accounts', { name: 'Waiting Co' });
    const k = await c.api('POST', '/v1/cases', { title: 'Waiting for the customer', origin: 'phone', accountId: account.id, ownerId: c.h.seed.ownerId });
    const running = await c.api('POST', '/v1/cases', { title: 'Being worked on', origin: 'phone', accountId: account.id });
    await c.waitForKpi(k.id, 'resolve', (i) => i.failureAt !== null);

    await c.sleepTo(at(MON, '10:00'));
    await c.setStatus(k.id, 'on_hold');
    await c.waitForKpi(k.id, 'resolve', (i) => i.state === 'paused');

    await c.sleepTo(at(MON, '13:00'));
    expect(await list('pausedLongerThan=PT2H')).toEqual([k.id]);
    expect(await list('pausedLongerThan=PT4H')).toEqual([]);
    expect(await list('pausedLongerThan=PT2H59M')).toEqual([k.id]);
    expect(await list('pausedLongerThan=PT3H')).toEqual([]); // paused exactly 3 h: not longer

    await c.sleepTo(at(MON, '14:30'));
    await vi.waitFor(
      async () => {
        const timeline = (await c.api('GET', `/v1/cases/${k.id}/timeline`)).items as Array<{ kind: string; occurredAt: string }>;
        expect(timeline.filter((e) => e.kind === 'sla.pause_stale')).toHaveLength(1);
      },
      { timeout: 30_000, interval: 50 },
    );
    await vi.waitFor(() => expect(c.h.smtp.messages.filter((m) => m.subject.includes(k.number)).map((m) => m.to)).toEqual([[EMAILS.manager]]), {
      timeout: 20_000,
    });
    expect(await list('pausedLongerThan=PT4H')).toEqual([k.id]);
    expect(await list('pausedLongerThan=P1D')).toEqual([]);
    const kpi = await c.waitForKpi(k.id, 'resolve', (i) => i.actions.length === 1);
    expect(kpi.actions[0]).toMatchObject({ phase: 'pause_stale', kind: 'send_email' });
    expect((await list('pausedLongerThan=PT0M')).sort()).toEqual([k.id]);
    expect(await list(`pausedLongerThan=PT1M&accountId=${account.id}`)).not.toContain(running.id);
  }, 120_000);

  it('refuses a pausedLongerThan that is not a PnDTnHnM duration', async () => {
    for (const bad of ['4h', 'PT4S', 'P', 'PT', 'P1W', '240', 'PT-4H']) {
      const res = await c.t.app.inject({ method: 'GET', url: `/v1/cases?pausedLongerThan=${encodeURIComponent(bad)}`, headers: c.t.auth() });
      expect(res.statusCode, bad).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
  });
});
