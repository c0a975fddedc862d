/**
 * An SLA item measuring a process stage ("Research done within 4 business hours"), through the HTTP API
 * with its KPI workflow on the time-skipping server: the clock starts when the case enters Research and
 * succeeds when the case moves on from it; on time, warned, breached (with its failure action).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClockApp, type ClockApp } from '../support/clock-app.js';
import { MON, TUE, WED } from '../support/reference-kpi.js';
import { createProcessListener } from '../../src/processes/process-listener.js';

describe('stage SLAs: a KPI clock per process stage', () => {
  let c: ClockApp;
  let accountId: string;
  const at = (day: number, hhmm: string) => c.week.at(day, hhmm);
  const utc = (day: number, hhmm: string) => new Date(at(day, hhmm)).toISOString();
  const research = async (caseId: string) => (await c.sla(caseId)).filter((i) => i.kpi === 'research_stage');
  const move = async (caseId: string, what: 'next' | 'back') => {
    const res = await c.t.app.inject({ method: 'GET', url: `/v1/cases/${caseId}/process`, headers: c.t.auth() });
    return c.api('POST', `/v1/cases/${caseId}/process/${what}`, {}, { 'if-match': res.headers.etag as string });
  };

  beforeAll(async () => {
    c = await createClockApp({ extraListeners: [createProcessListener()] });
    accountId = (await c.api('POST', '/v1/accounts', { name: 'Northwind', serviceLevel: 'standard' })).id;
    await c.defaultSla({
      name: 'Stages',
      items: [
        { name: 'Resolve in 3 days', kpi: 'resolve', failure: { hours: 27 } },
        {
          name: 'Research done within 4 business hours',
          kpi: 'research_stage',
          applicableFrom: 'stage:research',
          warning: { hours: 3 },
          failure: { hours: 4 },
          failureActions: [{ type: 'set_case_field', field: 'researchSlaMet', value: 'no' }],
        },
      ],
    });
    await c.api('POST', '/v1/processes', {
      name: 'Support',
      stages: [
        { key: 'identify', name: 'Identify', steps: [] },
        { key: 'research', name: 'Research', steps: [] },
        { key: 'resolve', name: 'Resolve', steps: [] },
      ],
    });
  }, 180_000);

  afterAll(async () => {
    await c?.close();
  });

  it('starts when the case enters the stage, not when it is created, and succeeds on time when the stage is completed', async () => {
    await c.sleepTo(at(MON, '09:00'));
    const k = await c.api('POST', '/v1/cases', { title: 'Slow reports', accountId, origin: 'phone' });
    expect(await research(k.id)).toEqual([]);
    await c.sleepTo(at(MON, '09:30'));
    await move(k.id, 'next');
    const started = await c.waitForKpi(k.id, 'research_stage', (i) => i.failureAt !== null);
    expect(started.applicableFrom.utc).toBe(utc(MON, '09:30'));
    expect(started.warningAt.utc).toBe(utc(MON, '12:30'));
    expect(started.failureAt.utc).toBe(utc(MON, '13:30'));
    await c.sleepTo(at(MON, '11:00'));
    await move(k.id, 'next');
    const met = await c.waitForKpi(k.id, 'research_stage', (i) => i.state === 'succeeded');
    expect(met).toMatchObject({ succeededAt: utc(MON, '11:00'), warnedAt: null, actions: [] });
    expect((await c.sla(k.id)).find((i) => i.kpi === 'resolve')!.state).toBe('in_progress');
  }, 120_000);

  it('warns when the stage runs past its warning, then succeeds when completed before the failure', async () => {
    await c.sleepTo(at(TUE, '09:00'));
    const k = await c.api('POST', '/v1/cases', { title: 'Odd totals', accountId, origin: 'phone' });
    await move(k.id, 'next');
    await c.waitForKpi(k.id, 'research_stage', (i) => i.failureAt?.utc === utc(TUE, '13:00'));
    await c.sleepTo(at(TUE, '12:30'));
    await c.waitForKpi(k.id, 'research_stage', (i) => i.warnedAt !== null);
    await move(k.id, 'next');
    const late = await c.waitForKpi(k.id, 'research_stage', (i) => i.state === 'succeeded');
    expect(late).toMatchObject({ warningAt: { utc: utc(TUE, '12:00') }, succeededAt: utc(TUE, '12:30'), failedAt: null });
    // The warning fired at its instant (the time-skipping server lands timers a few ms late).
    expect(Date.parse(late.warnedAt) - at(TUE, '12:00')).toBeGreaterThanOrEqual(0);
    expect(Date.parse(late.warnedAt) - at(TUE, '12:00')).toBeLessThan(1000);
  }, 120_000);

  it('breaches with its failure action when the stage is not completed in time; moving back cancels it', async () => {
    await c.sleepTo(at(TUE, '13:00'));
    const k = await c.api('POST', '/v1/cases', { title: 'Broken export', accountId, origin: 'phone' });
    await move(k.id, 'next');
    await c.waitForKpi(k.id, 'research_stage', (i) => i.failureAt !== null);
    await c.sleepTo(at(WED, '08:30')); // 4 business hours from Tue 13:00 end at 17:00
    const missed = await c.waitForKpi(k.id, 'research_stage', (i) => i.state === 'noncompliant' && i.actions.length === 1);
    expect(missed).toMatchObject({ failureAt: { utc: utc(TUE, '17:00') }, businessMinutesOverdue: 30 });
    expect(Date.parse(missed.failedAt) - at(TUE, '17:00')).toBeLessThan(1000);
    expect((await c.api('GET', `/v1/cases/${k.id}`)).fields.researchSlaMet).toBe('no');
    await move(k.id, 'back');
    const ended = await c.waitForKpi(k.id, 'research_stage', (i) => i.endedAt !== null);
    expect(ended.endReason).toBe('stage left');
  }, 120_000);
});
