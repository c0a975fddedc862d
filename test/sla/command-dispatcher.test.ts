/**
 * The background dispatcher over the `sla_commands` outbox, with a Temporal stand-in the test controls
 * and an injected clock (leases and backoff are compared with it, never with the wall clock).
 * Runs on PGlite, or on PostgreSQL when DATABASE_URL is set (truly concurrent claims there).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { asc, eq, inArray, type SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import { slaCommands, slaKpiInstances } from '../../db/schema/index.js';
import { PermanentDeliveryError, SlaCommandDispatcher, type DispatcherLogger, type KpiWorkflowGateway } from '../../src/sla/command-dispatcher.js';
import { createSlaClockListener, type CommandDelivery } from '../../src/sla/sla-clock-listener.js';
import { kpiWorkflowId } from '../../workflows/contract.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { client, newCase, type Client } from '../cases/api-helpers.js';

interface Call {
  workflowId: string;
  kind: string;
  /** The command id for updates (from their update id); starts carry none. */
  commandId: number | null;
}

type Answer = 'ok' | 'down' | 'reject' | 'hang';

/** A Temporal stand-in: records every call that succeeded; `answer` decides per call. */
function fakeGateway(calls: Call[], answer: (call: Call) => Answer | Promise<Answer>, delay: () => Promise<void> = async () => {}) {
  const hung: Array<(err: Error) => void> = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const run = async (call: Call) => {
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    try {
      await delay();
      const a = await answer(call);
      if (a === 'hang') await new Promise<never>((_, reject) => hung.push(reject));
      if (a === 'down') throw new Error('14 UNAVAILABLE: connect ECONNREFUSED');
      if (a === 'reject') throw new PermanentDeliveryError('the clock is not paused');
      calls.push(call);
    } finally {
      inFlight--;
    }
  };
  const update = (kind: string) => (workflowId: string, _payload: unknown, updateId: string) =>
    run({ workflowId, kind, commandId: Number(updateId.replace('sla-command-', '')) });
  const gateway: KpiWorkflowGateway = {
    start: (input) => run({ workflowId: kpiWorkflowId(input.caseId, input.kpi, input.generation), kind: 'start', commandId: null }),
    pause: update('pause'),
    resume: update('resume'),
    succeed: update('succeed'),
    cancel: (workflowId) => run({ workflowId, kind: 'cancel', commandId: null }),
    applyCalendar: (workflowId) => run({ workflowId, kind: 'apply_calendar', commandId: null }),
  };
  return { gateway, hung, maxInFlight: () => maxInFlight };
}

function recordingLog() {
  const lines: Array<{ level: string; obj: Record<string, unknown>; msg: string }> = [];
  const log: DispatcherLogger = {
    warn: (obj, msg) => lines.push({ level: 'warn', obj: obj as Record<string, unknown>, msg }),
    error: (obj, msg) => lines.push({ level: 'error', obj: obj as Record<string, unknown>, msg }),
  };
  return { log, lines };
}

describe('SLA command dispatcher (outbox → Temporal, in the background)', () => {
  let t: TestApp;
  let api: Client;
  let nowMs = Date.parse('2026-03-02T09:00:00Z');
  const clock = () => new Date(nowMs);
  /** What the case listener wakes after each commit; each test points it at its dispatcher. */
  let woken: CommandDelivery | null = null;

  beforeAll(async () => {
    t = await createTestApp({ clock, caseListeners: [createSlaClockListener({ wake: (caseId) => woken?.wake(caseId) })] });
    api = client(t);
    const sla = await api.post('/v1/slas', {
      name: '24x7',
      isDefault: true,
      items: [
        { name: 'fr', kpi: 'first_response', failure: { minutes: 600 } },
        { name: 'res', kpi: 'resolve', failure: { minutes: 6000 } },
      ],
    });
    expect(sla.statusCode).toBe(201);
  });
  afterAll(async () => {
    await t.close();
  });
  beforeEach(async () => {
    woken = null;
    // Each test starts from an outbox with nothing left to deliver.
    await t.database.db.update(slaCommands).set({ deliveredAt: clock() });
  });

  const commandsOf = (caseIds: string[]) =>
    t.database.db
      .select({ command: slaCommands, workflowId: slaKpiInstances.workflowId })
      .from(slaCommands)
      .innerJoin(slaKpiInstances, eq(slaKpiInstances.id, slaCommands.instanceId))
      .where(inArray(slaCommands.caseId, caseIds))
      .orderBy(asc(slaCommands.id));

  /** Puts the case on hold and back `times` times: a pause and a resume per clock each time. */
  async function holdAndResume(caseId: string, times: number) {
    for (let i = 0; i < times; i++) {
      for (const status of ['on_hold', 'in_progress']) {
        const res = await api.post(`/v1/cases/${caseId}/status`, { status });
        expect(res.statusCode, res.body).toBe(200);
      }
    }
  }

  it('answers a case creation before anything reaches Temporal, then delivers in the background', async () => {
    const calls: Call[] = [];
    let open!: () => void;
    const gate = new Promise<void>((r) => (open = r));
    const { gateway } = fakeGateway(calls, async (): Promise<Answer> => (await gate, 'ok'));
    const dispatcher = new SlaCommandDispatcher(t.database.db, gateway, { clock });
    woken = dispatcher;

    const c = await newCase(api);
    const atAnswer = await commandsOf([c.id]);
    expect(atAnswer.map((r) => [r.command.kind, r.command.deliveredAt])).toEqual([
      ['start', null],
      ['start', null],
    ]);
    expect(calls).toEqual([]);

    open();
    await dispatcher.drain();
    expect((await commandsOf([c.id])).map((r) => [r.command.kind, r.command.deliveredAt !== null, r.command.attempts])).toEqual([
      ['start', true, 1],
      ['start', true, 1],
    ]);
    expect(calls.map((x) => x.kind)).toEqual(['start', 'start']);
    const [instance] = await t.database.db.select().from(slaKpiInstances).where(eq(slaKpiInstances.caseId, c.id)).limit(1);
    expect(instance.workflowStartedAt).toEqual(clock());
  });

  it('answers case changes at once while Temporal never answers', async () => {
    const { gateway } = fakeGateway([], () => 'hang');
    const dispatcher = new SlaCommandDispatcher(t.database.db, gateway, { clock });
    woken = dispatcher;
    const c = await newCase(api);
    const res = await api.post(`/v1/cases/${c.id}/status`, { status: 'on_hold' });
    expect(res.statusCode).toBe(200);
    expect((await commandsOf([c.id])).filter((r) => r.command.deliveredAt === null)).toHaveLength(4);
  });

  it('keeps the order of each KPI instance while two dispatchers claim at the same time, and delivers each command once', async () => {
    const cases = [await newCase(api), await newCase(api), await newCase(api)];
    for (const c of cases) await holdAndResume(c.id, 3);
    const ids = cases.map((c) => c.id);
    const expected = await commandsOf(ids);
    expect(expected).toHaveLength(3 * 2 * 7); // per clock: start + 3 × (pause, resume)

    const calls: Call[] = [];
    const jitter = () => new Promise<void>((r) => setTimeout(r, Math.random() * 3));
    const a = fakeGateway(calls, () => 'ok', jitter);
    const b = fakeGateway(calls, () => 'ok', jitter);
    const one = new SlaCommandDispatcher(t.database.db, a.gateway, { clock, concurrency: 3 });
    const two = new SlaCommandDispatcher(t.database.db, b.gateway, { clock, concurrency: 3 });
    const [r1, r2] = await Promise.all([one.drain(), two.drain()]);

    expect(r1.delivered + r2.delivered).toBe(expected.length);
    expect(calls).toHaveLength(expected.length);
    for (const workflowId of new Set(expected.map((e) => e.workflowId))) {
      const written = expected.filter((e) => e.workflowId === workflowId);
      const received = calls.filter((c) => c.workflowId === workflowId);
      expect(received.map((c) => c.kind)).toEqual(written.map((e) => e.command.kind));
      expect(received.slice(1).map((c) => c.commandId)).toEqual(written.slice(1).map((e) => e.command.id));
    }
    expect(a.maxInFlight()).toBeLessThanOrEqual(3);
    expect(b.maxInFlight()).toBeLessThanOrEqual(3);
    expect((await commandsOf(ids)).every((r) => r.command.deliveredAt !== null && r.command.attempts === 1)).toBe(true);
  });

  it('backs off only the KPI instance whose delivery failed; the others go on, and it catches up in order', async () => {
    const [sick, healthy] = [await newCase(api), await newCase(api)];
    await holdAndResume(sick.id, 1);
    await holdAndResume(healthy.id, 1);
    const sickClock = kpiWorkflowId(sick.id, 'resolve', 1);
    const calls: Call[] = [];
    let down = true;
    const { gateway } = fakeGateway(calls, (call) => (down && call.workflowId === sickClock ? 'down' : 'ok'));
    const { log, lines } = recordingLog();
    // Backoff far beyond the test's real duration: only the injected clock ends it.
    const dispatcher = new SlaCommandDispatcher(t.database.db, gateway, { clock, log, backoff: { initialMs: 60_000, maxMs: 600_000 } });

    expect(await dispatcher.drain()).toMatchObject({ delivered: 2 * 3 + 3, failed: 1 });
    const stuck = (await commandsOf([sick.id])).filter((r) => r.workflowId === sickClock);
    expect(stuck.map((r) => [r.command.kind, r.command.deliveredAt, r.command.attempts])).toEqual([
      ['start', null, 1],
      ['pause', null, 0], // waits behind the start: order per instance
      ['resume', null, 0],
    ]);
    expect(stuck[0].command.nextAttemptAt).toEqual(new Date(nowMs + 60_000));
    expect(stuck[0].command.lastError).toContain('UNAVAILABLE');
    expect(lines).toContainEqual(
      expect.objectContaining({ level: 'warn', obj: expect.objectContaining({ caseId: sick.id, commandId: stuck[0].command.id, kind: 'start', workflowId: sickClock }) }),
    );

    // Still backing off: not tried again; the second failure doubles the delay.
    expect(await dispatcher.drain()).toMatchObject({ delivered: 0, failed: 0 });
    nowMs += 60_000;
    expect(await dispatcher.drain()).toMatchObject({ delivered: 0, failed: 1 });
    const again = (await commandsOf([sick.id])).find((r) => r.workflowId === sickClock)!;
    expect(again.command.nextAttemptAt).toEqual(new Date(nowMs + 120_000));

    down = false;
    nowMs += 120_000;
    expect(await dispatcher.drain()).toMatchObject({ delivered: 3, failed: 0 });
    expect(calls.filter((c) => c.workflowId === sickClock).map((c) => c.kind)).toEqual(['start', 'pause', 'resume']);
    expect((await commandsOf([sick.id])).find((r) => r.workflowId === sickClock)!.command).toMatchObject({ attempts: 3, lastError: null, nextAttemptAt: null });
    await dispatcher.stop();
  });

  it('re-claims the commands of a dispatcher that crashed mid-delivery once their lease ran out; its late outcome changes nothing', async () => {
    const c = await newCase(api);
    let called!: () => void;
    const claimedByCrashed = new Promise<void>((r) => (called = r));
    const crashed = fakeGateway([], () => (called(), 'hang'));
    const first = new SlaCommandDispatcher(t.database.db, crashed.gateway, { clock, leaseMs: 60_000 });
    first.wake();
    await claimedByCrashed;
    await expect.poll(async () => (await commandsOf([c.id])).filter((r) => r.command.claimToken !== null).length).toBe(2);

    const calls: Call[] = [];
    const second = new SlaCommandDispatcher(t.database.db, fakeGateway(calls, () => 'ok').gateway, { clock, leaseMs: 60_000 });
    nowMs += 59_999;
    expect(await second.drain()).toMatchObject({ delivered: 0 });
    nowMs += 1;
    expect(await second.drain()).toMatchObject({ delivered: 2 });
    expect(calls.map((x) => x.kind)).toEqual(['start', 'start']);
    expect((await commandsOf([c.id])).map((r) => [r.command.deliveredAt !== null, r.command.attempts])).toEqual([
      [true, 2],
      [true, 2],
    ]);

    // The crashed dispatcher's calls fail at last: its claim is gone, so nothing is marked for retry.
    for (const fail of crashed.hung) fail(new Error('14 UNAVAILABLE'));
    await first.stop();
    expect((await commandsOf([c.id])).map((r) => [r.command.lastError, r.command.nextAttemptAt])).toEqual([
      [null, null],
      [null, null],
    ]);
  });

  it('records deliveries that finish together in one statement, each with its own outcome', async () => {
    const cases = [await newCase(api), await newCase(api), await newCase(api)];
    // Every start waits until all six are in flight, so they finish in the same turn of the event loop.
    let arrived = 0;
    let release!: () => void;
    const allInFlight = new Promise<void>((r) => (release = r));
    const rejectedCase = cases[1]!.id;
    const { gateway } = fakeGateway([], async (call) => {
      if (++arrived === 6) release();
      await allInFlight;
      return call.workflowId.includes(rejectedCase) ? 'reject' : 'ok';
    });
    const dialect = new PgDialect();
    let recordingStatements = 0;
    const db = new Proxy(t.database.db, {
      get(target, key, receiver) {
        const value = Reflect.get(target, key, receiver);
        if (key !== 'execute') return value;
        return (query: SQL) => {
          if (dialect.sqlToQuery(query).sql.includes('jsonb_to_recordset')) recordingStatements++;
          return value.call(target, query);
        };
      },
    });
    const dispatcher = new SlaCommandDispatcher(db, gateway, { clock });
    expect(await dispatcher.drain()).toMatchObject({ delivered: 4, rejected: 2, failed: 0 });
    expect(recordingStatements).toBe(1);
    const rows = await t.database.db
      .select({ caseId: slaCommands.caseId, deliveredAt: slaCommands.deliveredAt, lastError: slaCommands.lastError, claimToken: slaCommands.claimToken, startedAt: slaKpiInstances.workflowStartedAt })
      .from(slaCommands)
      .innerJoin(slaKpiInstances, eq(slaKpiInstances.id, slaCommands.instanceId))
      .where(inArray(slaCommands.caseId, cases.map((c) => c.id)));
    expect(rows).toHaveLength(6);
    for (const r of rows) {
      expect(r.deliveredAt).toEqual(clock());
      expect(r.claimToken).toBeNull();
      if (r.caseId === rejectedCase) expect([r.lastError, r.startedAt]).toEqual(['rejected: the clock is not paused', null]);
      else expect([r.lastError, r.startedAt]).toEqual([null, clock()]);
    }
  });

  it('records a transition the workflow rejects instead of retrying it forever', async () => {
    const c = await newCase(api);
    const calls: Call[] = [];
    const { gateway } = fakeGateway(calls, (call) => (call.kind === 'pause' ? 'reject' : 'ok'));
    const dispatcher = new SlaCommandDispatcher(t.database.db, gateway, { clock });
    await api.post(`/v1/cases/${c.id}/status`, { status: 'on_hold' });
    expect(await dispatcher.drain()).toMatchObject({ delivered: 2, rejected: 2, failed: 0 });
    const pauses = (await commandsOf([c.id])).filter((r) => r.command.kind === 'pause');
    expect(pauses.map((p) => [p.command.deliveredAt !== null, p.command.lastError])).toEqual([
      [true, 'rejected: the clock is not paused'],
      [true, 'rejected: the clock is not paused'],
    ]);
    expect(await dispatcher.drain()).toMatchObject({ delivered: 0, rejected: 0 });
  });

  it('the sweep delivers commands nobody woke it for', async () => {
    const calls: Call[] = [];
    const dispatcher = new SlaCommandDispatcher(t.database.db, fakeGateway(calls, () => 'ok').gateway, { clock, sweepEveryMs: 20 });
    dispatcher.start();
    const c = await newCase(api); // committed without waking this dispatcher (another process, a lost wake)
    try {
      await expect.poll(async () => (await commandsOf([c.id])).every((r) => r.command.deliveredAt !== null), { timeout: 5_000 }).toBe(true);
    } finally {
      await dispatcher.stop();
    }
    expect(calls).toHaveLength(2);
  });
});
