import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asc, eq } from 'drizzle-orm';
import { slaCommands } from '../../db/schema/index.js';
import { PermanentDeliveryError, SlaCommandDispatcher, type KpiWorkflowGateway } from '../../src/sla/command-dispatcher.js';
import { createSlaClockListener } from '../../src/sla/sla-clock-listener.js';
import { createTestApp, type TestApp } from '../support/app.js';

type Call = [string, string];

/** A Temporal stand-in whose answers the test decides. */
function scriptedGateway(calls: Call[], answer: (kind: string) => 'ok' | 'down' | 'reject'): KpiWorkflowGateway {
  const run = async (kind: string, id: string) => {
    const a = answer(kind);
    if (a === 'down') throw new Error('14 UNAVAILABLE');
    if (a === 'reject') throw new PermanentDeliveryError('the clock is not paused');
    calls.push([kind, id]);
  };
  return {
    start: (input) => run('start', `${input.kpi}`),
    pause: (id) => run('pause', id),
    resume: (id) => run('resume', id),
    succeed: (id) => run('succeed', id),
    cancel: (id) => run('cancel', id),
    applyCalendar: (id) => run('apply_calendar', id),
  };
}

describe('SLA command outbox delivery', () => {
  let t: TestApp;
  let mode: (kind: string) => 'ok' | 'down' | 'reject' = () => 'down';
  const calls: Call[] = [];
  let caseId: string;

  beforeAll(async () => {
    const gateway = scriptedGateway(calls, (k) => mode(k));
    let dispatcher: SlaCommandDispatcher | undefined;
    t = await createTestApp({ caseListeners: [createSlaClockListener({ deliverForCase: (id) => dispatcher!.deliverForCase(id) })] });
    dispatcher = new SlaCommandDispatcher(t.database.db, gateway);
    await t.app.inject({ method: 'POST', url: '/v1/slas', headers: t.auth(), payload: { name: '24x7', isDefault: true, items: [
      { name: 'fr', kpi: 'first_response', failure: { minutes: 60 } },
      { name: 'res', kpi: 'resolve', failure: { minutes: 600 } },
    ] } });
    const account = (await t.app.inject({ method: 'POST', url: '/v1/accounts', headers: t.auth(), payload: { name: 'A' } })).json();
    const c = await t.app.inject({ method: 'POST', url: '/v1/cases', headers: t.auth(), payload: { title: 'x', accountId: account.id, origin: 'web' } });
    expect(c.statusCode).toBe(201);
    caseId = c.json().id;
  });
  afterAll(async () => {
    await t.close();
  });

  const commands = () => t.database.db.select().from(slaCommands).where(eq(slaCommands.caseId, caseId)).orderBy(asc(slaCommands.id));

  it('keeps commands queued in order while Temporal is unreachable, the case itself is created', async () => {
    const rows = await commands();
    expect(rows.map((r) => [r.kind, r.deliveredAt === null, r.lastError])).toEqual([
      ['start', true, '14 UNAVAILABLE'],
      ['start', true, null], // never tried: it waits behind the first
    ]);
  });

  it('delivers the queue in order once Temporal answers, and never twice', async () => {
    mode = () => 'ok';
    const dispatcher = new SlaCommandDispatcher(t.database.db, scriptedGateway(calls, () => 'ok'));
    expect(await dispatcher.deliverPending()).toMatchObject({ cases: 1, delivered: 2, failed: 0 });
    expect(await dispatcher.deliverPending()).toMatchObject({ cases: 0, delivered: 0 });
    expect(calls.map((c) => c.join(':'))).toEqual(['start:first_response', 'start:resolve']);
  });

  it('records a transition the workflow rejects instead of retrying it forever', async () => {
    mode = (k) => (k === 'pause' ? 'reject' : 'ok');
    const current = (await t.app.inject({ method: 'GET', url: `/v1/cases/${caseId}`, headers: t.auth() })).json();
    const res = await t.app.inject({ method: 'POST', url: `/v1/cases/${caseId}/status`, headers: { ...t.auth(), 'if-match': `W/"${current.version}"` }, payload: { status: 'on_hold' } });
    expect(res.statusCode).toBe(200);
    const pauses = (await commands()).filter((r) => r.kind === 'pause');
    expect(pauses).toHaveLength(2);
    for (const p of pauses) {
      expect(p.deliveredAt).not.toBeNull();
      expect(p.lastError).toBe('rejected: the clock is not paused');
    }
  });
});
