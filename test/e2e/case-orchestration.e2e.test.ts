/**
 * The orchestrator (src/sla/sla-clock-listener.ts) through the HTTP API, with its workflows on the
 * time-skipping server: how case events start, pause, resume, succeed and restart KPI clocks for SLAs
 * that go beyond the reference one. Each test takes its own SLA (the default when its cases are
 * created) and its own day of the test week, on a Paris Mon-Fri 08:00-17:00 calendar.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClockApp, type ClockApp } from '../support/clock-app.js';
import { FRI, MON, THU, TUE, WED } from '../support/reference-kpi.js';

describe('case clocks follow the SLA as configured (orchestrator, end to end)', () => {
  let c: ClockApp;
  let accountId: string;
  const at = (day: number, hhmm: string) => c.week.at(day, hhmm);
  const utc = (day: number, hhmm: string) => new Date(at(day, hhmm)).toISOString();
  const newCase = async (title: string) => c.api('POST', '/v1/cases', { title, accountId, origin: 'phone' });
  const kpis = async (caseId: string, kpi: string) => (await c.sla(caseId)).filter((i) => i.kpi === kpi);

  beforeAll(async () => {
    c = await createClockApp();
    accountId = (await c.api('POST', '/v1/accounts', { name: 'Northwind', serviceLevel: 'standard' })).id;
  }, 180_000);

  afterAll(async () => {
    await c?.close();
  });

  it('reopening a resolved case starts a new Resolve By cycle (its own instance, generation 2) from the reopening; the first response stays given', async () => {
    await c.defaultSla({ name: 'Reopen', items: [{ name: 'Respond in 1h', kpi: 'first_response', failure: { hours: 1 } }, { name: 'Resolve in 4h', kpi: 'resolve', failure: { hours: 4 } }] });
    await c.sleepTo(at(MON, '09:00'));
    const k = await newCase('Cannot print');
    await c.sleepTo(at(MON, '09:30'));
    await c.api('POST', `/v1/cases/${k.id}/first-response`, {});
    await c.sleepTo(at(MON, '10:00'));
    await c.api('POST', `/v1/cases/${k.id}/resolve`, { resolution: 'New driver' });
    await c.waitForKpi(k.id, 'resolve', (i) => i.state === 'succeeded');

    await c.sleepTo(at(MON, '11:00'));
    await c.api('POST', `/v1/cases/${k.id}/reopen`, { reason: 'Still cannot print' });
    const second = await c.waitForKpi(k.id, 'resolve', (i) => i.generation === 2 && i.failureAt !== null);
    expect(second).toMatchObject({ state: 'in_progress', workflowId: `sla:${k.id}:resolve:2`, businessMinutesLeft: 240 });
    expect(second.applicableFrom.utc).toBe(utc(MON, '11:00'));
    expect(second.failureAt.utc).toBe(utc(MON, '15:00'));
    const first = (await kpis(k.id, 'resolve')).find((i) => i.generation === 1)!;
    expect(first).toMatchObject({ state: 'succeeded', succeededAt: utc(MON, '10:00'), workflowId: `sla:${k.id}:resolve:1` });
    expect((await kpis(k.id, 'first_response')).map((i) => [i.generation, i.state])).toEqual([[1, 'succeeded']]);
  }, 120_000);

  it('a custom KPI runs on its own success criteria: "status equals researching" succeeds when the case starts research, and breaches with its actions when it does not', async () => {
    await c.defaultSla({
      name: 'Research',
      items: [
        { name: 'Resolve in 8h', kpi: 'resolve', failure: { hours: 8 } },
        {
          name: 'Start research within 2h',
          kpi: 'research_started',
          successCriteria: { field: 'status', op: 'equals', value: 'researching' },
          failure: { hours: 2 },
          failureActions: [{ type: 'set_case_field', field: 'researchSlaMet', value: 'no' }],
        },
      ],
    });
    await c.sleepTo(at(TUE, '09:00'));
    const quick = await newCase('Slow reports');
    const slow = await newCase('Odd totals');
    await c.waitForKpi(slow.id, 'research_started', (i) => i.failureAt?.utc === utc(TUE, '11:00'));

    await c.sleepTo(at(TUE, '10:00'));
    await c.setStatus(quick.id, 'researching');
    const met = await c.waitForKpi(quick.id, 'research_started', (i) => i.state === 'succeeded');
    expect(met.succeededAt).toBe(utc(TUE, '10:00'));
    expect(met.actions).toEqual([]);
    expect((await kpis(quick.id, 'resolve'))[0].state).toBe('in_progress');

    await c.sleepTo(at(TUE, '11:30'));
    const missed = await c.waitForKpi(slow.id, 'research_started', (i) => i.state === 'noncompliant' && i.actions.length === 1);
    expect(missed).toMatchObject({ kpiLabel: expect.any(String), businessMinutesOverdue: 30, businessMinutesLeft: 0 });
    expect(missed.actions[0]).toMatchObject({ phase: 'failure', kind: 'set_case_field' });
    expect((await c.api('GET', `/v1/cases/${slow.id}`)).fields.researchSlaMet).toBe('no');
  }, 120_000);

  it('allowPause: false keeps the clock running on hold; business minutes left and overdue count on the calendar', async () => {
    await c.defaultSla({ name: 'No pause', allowPause: false, items: [{ name: 'Resolve in 4h', kpi: 'resolve', failure: { hours: 4 } }] });
    await c.sleepTo(at(WED, '09:00'));
    const k = await newCase('Server room hot');
    await c.waitForKpi(k.id, 'resolve', (i) => i.failureAt !== null);
    await c.sleepTo(at(WED, '09:30'));
    await c.setStatus(k.id, 'on_hold');

    await c.sleepTo(at(WED, '11:00'));
    const held = (await kpis(k.id, 'resolve'))[0];
    expect(held).toMatchObject({ state: 'in_progress', pausedSince: null, pausedBusinessMinutes: 0, businessMinutesLeft: 120, businessMinutesOverdue: 0 });
    expect(held.failureAt.utc).toBe(utc(WED, '13:00'));

    await c.sleepTo(at(WED, '14:30'));
    const late = await c.waitForKpi(k.id, 'resolve', (i) => i.state === 'noncompliant');
    expect(late).toMatchObject({ businessMinutesLeft: 0, businessMinutesOverdue: 90 });
    expect(late.failureAt.utc).toBe(utc(WED, '13:00'));
    expect((await c.api('GET', `/v1/cases/${k.id}`)).status).toBe('on_hold');
  }, 120_000);

  it('custom pausing statuses: only "researching" pauses; time left is frozen while paused and the deadline moves by the paused business time', async () => {
    await c.defaultSla({ name: 'Pause on research', pausingStatuses: ['researching'], items: [{ name: 'Resolve in 4h', kpi: 'resolve', failure: { hours: 4 } }] });
    await c.sleepTo(at(THU, '09:00'));
    const k = await newCase('Data export broken');
    await c.waitForKpi(k.id, 'resolve', (i) => i.failureAt !== null);
    await c.sleepTo(at(THU, '09:30'));
    await c.setStatus(k.id, 'on_hold');
    expect((await kpis(k.id, 'resolve'))[0]).toMatchObject({ state: 'in_progress', pausedSince: null });

    await c.sleepTo(at(THU, '10:00'));
    await c.setStatus(k.id, 'researching');
    await c.waitForKpi(k.id, 'resolve', (i) => i.state === 'paused');
    await c.sleepTo(at(THU, '12:00'));
    expect((await kpis(k.id, 'resolve'))[0]).toMatchObject({ state: 'paused', pausedSince: utc(THU, '10:00'), businessMinutesLeft: 180 });

    await c.setStatus(k.id, 'in_progress');
    const resumed = await c.waitForKpi(k.id, 'resolve', (i) => i.state === 'in_progress' && i.pausedBusinessMinutes === 120);
    expect(resumed.failureAt.utc).toBe(utc(THU, '15:00'));
    expect(resumed.businessMinutesLeft).toBe(180);
  }, 120_000);

  it('applicableFrom: firstResponseAt starts the clock at the first response, paused when the case is on hold then', async () => {
    await c.defaultSla({
      name: 'Resolve after response',
      items: [
        { name: 'Respond in 1h', kpi: 'first_response', failure: { hours: 1 } },
        { name: 'Resolve 2h after the response', kpi: 'resolve', applicableFrom: 'firstResponseAt', failure: { hours: 2 } },
      ],
    });
    await c.sleepTo(at(FRI, '09:00'));
    const running = await newCase('Password reset');
    const held = await newCase('Waiting on the vendor');
    await c.waitForKpi(running.id, 'first_response', (i) => i.failureAt !== null);
    expect(await kpis(running.id, 'resolve')).toEqual([]);

    await c.sleepTo(at(FRI, '09:15'));
    await c.setStatus(held.id, 'on_hold');
    // 09:50, not 10:00: the first response must not land on the instant the First Response timer fires
    // (the Java test server rejects cancelling a timer that fired in the same task, sdk-java #2606).
    await c.sleepTo(at(FRI, '09:50'));
    await c.api('POST', `/v1/cases/${running.id}/first-response`, {});
    await c.api('POST', `/v1/cases/${held.id}/first-response`, {});
    const started = await c.waitForKpi(running.id, 'resolve', (i) => i.failureAt !== null);
    expect(started.applicableFrom.utc).toBe(utc(FRI, '09:50'));
    expect(started.failureAt.utc).toBe(utc(FRI, '11:50'));
    const paused = await c.waitForKpi(held.id, 'resolve', (i) => i.state === 'paused');
    expect(paused.pausedSince).toBe(utc(FRI, '09:50'));

    await c.sleepTo(at(FRI, '11:00'));
    await c.setStatus(held.id, 'in_progress');
    const resumed = await c.waitForKpi(held.id, 'resolve', (i) => i.state === 'in_progress' && i.failureAt !== null);
    expect(resumed.failureAt.utc).toBe(utc(FRI, '13:00'));
  }, 120_000);
});
