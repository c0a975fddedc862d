/**
 * A case with two running clocks (First Response By and Resolve By) is put on hold, resumed and resolved
 * through the HTTP API while the worker shares the API's one database, as `npm start` does (on PGlite:
 * a single connection). Each request answers before anything reaches Temporal, and each command then
 * reaches its workflow at its first attempt, with no timeout. Runs on PGlite, or on PostgreSQL when
 * DATABASE_URL is set (`bash scripts/with-postgres.sh npx vitest run <this file>`).
 * Real Temporal dev server, real time: the SLA's deadlines are an hour away and never come due here.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asc, eq } from 'drizzle-orm';
import { slaCommands, slaKpiInstances } from '../../db/schema/index.js';
import { createEntitlementListener } from '../../src/entitlements/entitlement-listener.js';
import { SlaCommandDispatcher, type DispatcherLogger, type KpiWorkflowGateway } from '../../src/sla/command-dispatcher.js';
import { kpiStatus } from '../../src/sla/kpi-workflow-client.js';
import { createSlaClockListener } from '../../src/sla/sla-clock-listener.js';
import { createTemporalKpiGateway } from '../../src/sla/temporal-kpi-gateway.js';
import type { KpiState } from '../../workflows/contract.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { createSlaHarness, type SlaHarness } from '../support/sla-harness.js';

/** Holds every call to Temporal until released, so a test can look at the world in between. */
function gated(inner: KpiWorkflowGateway) {
  let gate: Promise<void> = Promise.resolve();
  let open = () => {};
  const through =
    <A extends unknown[]>(fn: (...args: A) => Promise<void>) =>
    async (...args: A) => {
      await gate;
      return fn(...args);
    };
  const gateway: KpiWorkflowGateway = {
    start: through(inner.start),
    pause: through(inner.pause),
    resume: through(inner.resume),
    succeed: through(inner.succeed),
    cancel: through(inner.cancel),
    applyCalendar: through(inner.applyCalendar),
  };
  return {
    gateway,
    hold: () => void (gate = new Promise<void>((resolve) => (open = resolve))),
    release: () => open(),
  };
}

describe(`status changes with two running clocks on ${process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite'}: answered at once, delivered without a timeout`, () => {
  let h: SlaHarness;
  let t: TestApp;
  let dispatcher: SlaCommandDispatcher;
  let gate: ReturnType<typeof gated>;
  const problems: Array<{ obj: object; msg: string }> = [];

  beforeAll(async () => {
    h = await createSlaHarness({ server: 'dev' });
    gate = gated(createTemporalKpiGateway(h.env.client, { taskQueue: h.taskQueue }));
    const log: DispatcherLogger = { warn: (obj, msg) => problems.push({ obj, msg }), error: (obj, msg) => problems.push({ obj, msg }) };
    dispatcher = new SlaCommandDispatcher(h.db.db, gate.gateway, { log }).start();
    t = await createTestApp({
      database: h.db,
      temporal: h.env.client,
      caseListeners: [createEntitlementListener(), createSlaClockListener(dispatcher)],
    });
    // The default SLA from here on: both clocks an hour or more away, pausing on hold (24x7).
    const sla = await t.app.inject({
      method: 'POST',
      url: '/v1/slas',
      headers: t.auth(),
      payload: {
        name: 'Standard support',
        isDefault: true,
        items: [
          { name: 'Respond in 1h', kpi: 'first_response', warning: { minutes: 30 }, failure: { hours: 1 } },
          { name: 'Resolve in 9h', kpi: 'resolve', warning: { hours: 4 }, failure: { hours: 9 } },
        ],
      },
    });
    expect(sla.statusCode, sla.body).toBe(201);
  }, 180_000);

  afterAll(async () => {
    gate?.release();
    await t?.close();
    await dispatcher?.stop();
    await h?.close();
  });

  const commandsOf = (caseId: string) =>
    h.db.db.select().from(slaCommands).where(eq(slaCommands.caseId, caseId)).orderBy(asc(slaCommands.id));

  /**
   * Sends the request with Temporal held back: it must answer while its commands still wait. Then lets
   * them through and waits until every command of the case is delivered; answers how long that took.
   */
  async function answeredBeforeDelivery(method: 'POST', url: string, payload: object, caseIdOf: (body: any) => string) {
    gate.hold();
    const res = await t.app.inject({ method, url, payload, headers: t.auth() });
    expect(res.statusCode, res.body).toBeLessThan(300);
    const caseId = caseIdOf(res.json());
    const waiting = (await commandsOf(caseId)).filter((c) => c.deliveredAt === null);
    expect(waiting.length, 'commands still waiting when the request answered').toBeGreaterThan(0);

    const released = performance.now();
    gate.release();
    await expect.poll(async () => (await commandsOf(caseId)).every((c) => c.deliveredAt !== null), { timeout: 20_000, interval: 20 }).toBe(true);
    const deliveredInMs = performance.now() - released;
    for (const c of await commandsOf(caseId)) {
      expect({ kind: c.kind, attempts: c.attempts, lastError: c.lastError }).toEqual({ kind: c.kind, attempts: 1, lastError: null });
    }
    // The old in-request delivery deadlocked on PGlite until the 10 s call timeout.
    expect(deliveredInMs).toBeLessThan(5_000);
    return { caseId, body: res.json(), kinds: waiting.map((c) => c.kind) };
  }

  const clocksOf = async (caseId: string) => {
    const rows = await h.db.db.select().from(slaKpiInstances).where(eq(slaKpiInstances.caseId, caseId)).orderBy(asc(slaKpiInstances.kpi));
    return rows.map((r) => ({ kpi: r.kpi, workflowId: r.workflowId }));
  };

  /** Both the workflow (its status query) and its mirror row say `state`. */
  async function expectStates(caseId: string, expected: Record<string, KpiState>) {
    for (const { kpi, workflowId } of await clocksOf(caseId)) {
      await expect.poll(async () => (await kpiStatus(h.env.client, workflowId)).state, { timeout: 20_000, interval: 25 }).toBe(expected[kpi]);
      await expect
        .poll(async () => (await h.db.db.select().from(slaKpiInstances).where(eq(slaKpiInstances.workflowId, workflowId)))[0].state, { timeout: 20_000, interval: 25 })
        .toBe(expected[kpi]);
    }
  }

  it('creates, holds, resumes and resolves: every request answers first, every command reaches its workflow at once', async () => {
    const created = await answeredBeforeDelivery(
      'POST',
      '/v1/cases',
      { title: 'Checkout is down', accountId: h.seed.accountId, priority: 'high', origin: 'phone', ownerId: h.seed.ownerId },
      (c) => c.id,
    );
    const caseId = created.caseId;
    expect(created.kinds).toEqual(['start', 'start']);
    expect((await clocksOf(caseId)).map((c) => c.kpi)).toEqual(['first_response', 'resolve']);
    await expectStates(caseId, { first_response: 'in_progress', resolve: 'in_progress' });

    const held = await answeredBeforeDelivery('POST', `/v1/cases/${caseId}/status`, { status: 'on_hold' }, () => caseId);
    expect(held.kinds).toEqual(['pause', 'pause']);
    await expectStates(caseId, { first_response: 'paused', resolve: 'paused' });

    const resumed = await answeredBeforeDelivery('POST', `/v1/cases/${caseId}/status`, { status: 'in_progress' }, () => caseId);
    expect(resumed.kinds).toEqual(['resume', 'resume']);
    await expectStates(caseId, { first_response: 'in_progress', resolve: 'in_progress' });

    const resolved = await answeredBeforeDelivery('POST', `/v1/cases/${caseId}/resolve`, { resolution: 'Restarted the payment gateway' }, () => caseId);
    expect([...resolved.kinds].sort()).toEqual(['cancel', 'succeed']);
    await expectStates(caseId, { first_response: 'canceled', resolve: 'succeeded' });

    expect(problems).toEqual([]);
  });
});
