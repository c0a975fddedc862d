/**
 * SLA actions that change the case (escalate_to_queue, set_case_field) go through the case lifecycle in
 * the action's own transaction, so the SLA clock listener re-evaluates at once: a success criteria on
 * `queueId` succeeds when the escalation moves the case, an item applicable when `fields.tier` equals 2
 * starts when the action sets it. Activities on a real database, with an injected clock.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { and, asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSlaActivities, type RunActionInput, type SlaActivities } from '../../activities/index.js';
import * as schema from '../../db/schema/index.js';
import { caseEvents, cases, slaActionRuns, slaCommands, slaKpiInstances } from '../../db/schema/index.js';
import type { SlaActionDefinition } from '../../db/schema/slas.js';
import { CaseLifecycle, type CaseLifecycleListener } from '../../src/cases/case-lifecycle.js';
import { createMailer } from '../../src/mail/mailer.js';
import { caseListeners } from '../../src/main/case-listeners.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { client, newAccount, newCase, newQueue, type Client } from '../cases/api-helpers.js';

/** Cases open at 09:00; the actions take effect at 11:07 (the activity clock). */
const OPENED_AT = new Date('2026-03-02T09:00:00.000Z');
const EFFECT_AT = new Date('2026-03-02T11:07:00.000Z');

describe('SLA actions re-evaluate the clocks through the case lifecycle', () => {
  let t: TestApp;
  let api: Client;
  let activities: SlaActivities;
  let escalationQueueId: string;
  let firstQueueId: string;
  const woken: string[] = [];
  /** Refuses onUpdated while set: shows that the action, its run record and the listeners' writes share one transaction. */
  let refuseUpdates = false;
  const refuser: CaseLifecycleListener = {
    name: 'refuser',
    async onUpdated() {
      if (refuseUpdates) throw new Error('listener refused the change');
    },
  };

  beforeAll(async () => {
    t = await createTestApp({ caseListeners: caseListeners(null), clock: () => OPENED_AT });
    api = client(t);
    escalationQueueId = (await newQueue(api, { name: 'Escalations', isEscalation: true })).id;
    firstQueueId = (await newQueue(api, { name: 'Tier 1' })).id;
    const sla = await api.post('/v1/slas', {
      name: 'Escalating SLA',
      isDefault: true,
      items: [
        { name: 'Resolve in a day', kpi: 'resolve', failure: { businessDays: 1 } },
        { name: 'Escalation handled', kpi: 'escalation_handled', successCriteria: { field: 'queueId', op: 'equals', value: escalationQueueId }, failure: { hours: 8 } },
        { name: 'Tier 2 callback', kpi: 'tier2_callback', applicableWhen: { field: 'fields.tier', op: 'equals', value: 2 }, successCriteria: { field: 'status', op: 'equals', value: 'researching' }, failure: { hours: 2 } },
        // The failure of the first callback item makes it stop applying and the second one apply.
        {
          name: 'Callback',
          kpi: 'callback',
          applicableWhen: { not: { field: 'fields.level', op: 'equals', value: 'high' } },
          successCriteria: { field: 'status', op: 'equals', value: 'researching' },
          failure: { hours: 1 },
          failureActions: [{ type: 'set_case_field', field: 'level', value: 'high' }],
        },
        { name: 'Callback (high)', kpi: 'callback', applicableWhen: { field: 'fields.level', op: 'equals', value: 'high' }, successCriteria: { field: 'status', op: 'equals', value: 'researching' }, failure: { hours: 4 } },
      ],
    });
    expect(sla.statusCode, sla.body).toBe(201);
    const lifecycle = new CaseLifecycle([...caseListeners({ wake: (caseId) => void woken.push(caseId) }), refuser]);
    const mailer = createMailer({ from: 'SLA <sla@support.test>', mailboxDir: path.join(mkdtempSync(path.join(os.tmpdir(), 'sla-')), 'mailbox') });
    activities = createSlaActivities({ db: t.database.db, mailer, clock: () => EFFECT_AT, caseLifecycle: lifecycle });
  });
  afterAll(async () => {
    await t?.close();
  });
  beforeEach(() => {
    woken.length = 0;
    refuseUpdates = false;
  });

  async function openCase() {
    const c = await newCase(api, { accountId: (await newAccount(api)).id, queueId: firstQueueId });
    const [resolve] = await t.database.db.select().from(slaKpiInstances).where(and(eq(slaKpiInstances.caseId, c.id), eq(slaKpiInstances.kpi, 'resolve')));
    return { c, resolveInstanceId: resolve.id };
  }

  function failureAction(c: { id: string; number: string; title: string }, instanceId: string, action: SlaActionDefinition, index: number): RunActionInput {
    return {
      key: `${instanceId}:failure:${index}`,
      phase: 'failure',
      index,
      action,
      at: '2026-03-03T09:00:00.000Z',
      context: {
        instanceId,
        caseId: c.id,
        caseNumber: c.number,
        caseTitle: c.title,
        kpi: 'resolve',
        itemName: 'Resolve in a day',
        slaName: 'Escalating SLA',
        zone: 'UTC',
        warningAt: null,
        failureAt: '2026-03-03T09:00:00.000Z',
      },
    };
  }

  const commandsOf = (caseId: string) =>
    t.database.db
      .select({ id: slaCommands.id, kind: slaCommands.kind, kpi: slaKpiInstances.kpi, payload: slaCommands.payload })
      .from(slaCommands)
      .innerJoin(slaKpiInstances, eq(slaKpiInstances.id, slaCommands.instanceId))
      .where(eq(slaCommands.caseId, caseId))
      .orderBy(asc(slaCommands.id));
  const readCase = async (id: string) => (await t.database.db.select().from(cases).where(eq(cases.id, id)))[0];

  it('an escalation that moves the case succeeds a KPI whose success criteria is "queueId equals the escalation queue" in the same transaction', async () => {
    const { c, resolveInstanceId } = await openCase();
    const before = await commandsOf(c.id);
    expect(before.map((x) => [x.kind, x.kpi])).toEqual([
      ['start', 'resolve'],
      ['start', 'escalation_handled'],
      ['start', 'callback'],
    ]);

    const input = failureAction(c, resolveInstanceId, { type: 'escalate_to_queue' }, 0);
    expect(await activities.runAction(input)).toMatchObject({ applied: true });

    const after = await commandsOf(c.id);
    expect(after.slice(before.length).map((x) => [x.kind, x.kpi, x.payload])).toEqual([
      ['succeed', 'escalation_handled', expect.objectContaining({ at: EFFECT_AT.toISOString() })],
    ]);
    const [handled] = await t.database.db.select().from(slaKpiInstances).where(and(eq(slaKpiInstances.caseId, c.id), eq(slaKpiInstances.kpi, 'escalation_handled')));
    expect(handled).toMatchObject({ endedAt: EFFECT_AT, endReason: 'success criteria met' });
    expect(await readCase(c.id)).toMatchObject({ queueId: escalationQueueId, version: c.version + 1 });
    // After the commit the dispatcher is only woken; nothing waits for Temporal.
    expect(woken).toEqual([c.id]);

    // Once per key: a retry neither moves the case again nor queues another command.
    expect(await activities.runAction(input)).toEqual({ applied: false, note: 'already ran' });
    expect(await commandsOf(c.id)).toHaveLength(after.length);
    expect((await readCase(c.id)).version).toBe(c.version + 1);
    // The action's own clock is left alone (no re-evaluation loop): the Resolve By instance keeps running.
    const [resolve] = await t.database.db.select().from(slaKpiInstances).where(eq(slaKpiInstances.id, resolveInstanceId));
    expect(resolve.endedAt).toBeNull();
  });

  it('the queue move is the ordinary one: queue_changed event at the effect instant, by the SLA engine', async () => {
    const { c, resolveInstanceId } = await openCase();
    await activities.runAction(failureAction(c, resolveInstanceId, { type: 'escalate_to_queue' }, 0));
    const events = await t.database.db.select().from(caseEvents).where(eq(caseEvents.caseId, c.id)).orderBy(asc(caseEvents.id));
    const moved = events.find((e) => e.kind === 'queue_changed');
    expect(moved).toMatchObject({ occurredAt: EFFECT_AT, actorKind: 'sla', data: expect.objectContaining({ fromQueueId: firstQueueId, toQueueId: escalationQueueId }) });
    expect(moved!.summary).toBe('Moved from "Tier 1" to "Escalations": SLA escalation: Resolve By breached');
    expect(events.filter((e) => e.kind === 'sla.action.escalate_to_queue')).toHaveLength(1);
  });

  it('setting a case field starts the item that becomes applicable ("fields.tier equals 2") at once', async () => {
    const { c, resolveInstanceId } = await openCase();
    const before = await commandsOf(c.id);
    const input = failureAction(c, resolveInstanceId, { type: 'set_case_field', field: 'tier', value: 2 }, 1);
    expect(await activities.runAction(input)).toEqual({ applied: true });

    const started = (await commandsOf(c.id)).slice(before.length);
    expect(started.map((x) => [x.kind, x.kpi])).toEqual([['start', 'tier2_callback']]);
    const [tier2] = await t.database.db.select().from(slaKpiInstances).where(and(eq(slaKpiInstances.caseId, c.id), eq(slaKpiInstances.kpi, 'tier2_callback')));
    expect(tier2).toMatchObject({ endedAt: null, applicableFrom: OPENED_AT });
    expect(await readCase(c.id)).toMatchObject({ fields: { tier: 2 }, version: c.version + 1 });
    const updated = (await t.database.db.select().from(caseEvents).where(eq(caseEvents.caseId, c.id))).filter((e) => e.kind === 'fields_updated');
    expect(updated).toMatchObject([{ occurredAt: EFFECT_AT, data: { changes: { 'fields.tier': { from: null, to: 2 } } } }]);
    expect(woken).toEqual([c.id]);

    expect(await activities.runAction(input)).toEqual({ applied: false, note: 'already ran' });
    expect(await commandsOf(c.id)).toHaveLength(before.length + 1);
  });

  it('a phase batch (escalate, then set a field) takes effect in one transaction: both re-evaluations, one wake after the commit', async () => {
    const { c, resolveInstanceId } = await openCase();
    const before = await commandsOf(c.id);
    const inputs = [failureAction(c, resolveInstanceId, { type: 'escalate_to_queue' }, 0), failureAction(c, resolveInstanceId, { type: 'set_case_field', field: 'tier', value: 2 }, 1)];
    expect(await activities.runActions(inputs)).toEqual([{ applied: true }, { applied: true }]);

    const queued = (await commandsOf(c.id)).slice(before.length);
    expect(queued.map((x) => [x.kind, x.kpi])).toEqual([
      ['succeed', 'escalation_handled'],
      ['start', 'tier2_callback'],
    ]);
    // The field change saw the case as the escalation left it (same transaction, one version after the other).
    expect(await readCase(c.id)).toMatchObject({ queueId: escalationQueueId, fields: { tier: 2 }, version: c.version + 2 });
    expect(woken).toEqual([c.id]);

    // Retried as a whole: nothing runs again.
    expect(await activities.runActions(inputs)).toEqual([
      { applied: false, note: 'already ran' },
      { applied: false, note: 'already ran' },
    ]);
    expect(await commandsOf(c.id)).toHaveLength(before.length + 2);
    expect((await readCase(c.id)).version).toBe(c.version + 2);
  });

  it('a phase batch reads the pinned SLA version once, and the open clocks once per re-evaluation that changed none', async () => {
    const { c, resolveInstanceId } = await openCase();
    const statements: string[] = [];
    const logger = { logQuery: (query: string) => void statements.push(query) };
    // The same database through a drizzle instance that logs every statement it sends.
    const client = (t.database.db as unknown as { $client: never }).$client;
    const counted =
      t.database.driver === 'postgres'
        ? (await import('drizzle-orm/postgres-js')).drizzle(client, { schema, logger })
        : (await import('drizzle-orm/pglite')).drizzle(client, { schema, logger });
    const lifecycle = new CaseLifecycle(caseListeners(null));
    const mailer = createMailer({ from: 'SLA <sla@support.test>', mailboxDir: path.join(mkdtempSync(path.join(os.tmpdir(), 'sla-')), 'mailbox') });
    const countedActivities = createSlaActivities({ db: counted as unknown as typeof t.database.db, mailer, clock: () => EFFECT_AT, caseLifecycle: lifecycle });
    const inputs = [
      failureAction(c, resolveInstanceId, { type: 'escalate_to_queue' }, 0),
      failureAction(c, resolveInstanceId, { type: 'set_case_field', field: 'slaMet', value: 'no' }, 1),
    ];
    expect(await countedActivities.runActions(inputs)).toEqual([{ applied: true }, { applied: true }]);
    const reads = (table: string) => statements.filter((q) => q.startsWith('select') && q.includes(`from "${table}"`)).length;
    // Two case changes, each re-evaluating the clocks: one read of the version's settings and one of its items.
    expect(reads('sla_versions')).toBe(1);
    expect(reads('sla_items')).toBe(1);
    // The escalation: its open clocks (its re-evaluation ended none, so success is checked on the same
    // rows). The field change: its open clocks, and the latest clock of the KPI the escalation succeeded.
    expect(reads('sla_kpi_instances')).toBe(3);
    expect(await readCase(c.id)).toMatchObject({ queueId: escalationQueueId, fields: { slaMet: 'no' } });
  });

  it('a batch with an action that cannot work as configured reports it and still applies the others, each once', async () => {
    const { c, resolveInstanceId } = await openCase();
    const inputs = [
      failureAction(c, resolveInstanceId, { type: 'set_case_field', field: 'tier', value: 2 }, 0),
      failureAction(c, resolveInstanceId, { type: 'escalate_to_queue', queue: 'Nowhere' }, 1),
    ];
    expect(await activities.runActions(inputs)).toEqual([{ applied: true }, { error: 'No queue named "Nowhere"' }]);
    const runs = await t.database.db.select().from(slaActionRuns).where(eq(slaActionRuns.caseId, c.id));
    expect(runs.map((r) => r.actionKey)).toEqual([`${resolveInstanceId}:failure:0`]);
    const events = await t.database.db.select().from(caseEvents).where(eq(caseEvents.caseId, c.id));
    expect(events.filter((e) => e.kind === 'fields_updated')).toHaveLength(1);
    expect(await readCase(c.id)).toMatchObject({ queueId: firstQueueId, fields: { tier: 2 }, version: c.version + 1 });
  });

  it('a listener refusing the change leaves nothing behind: no run record, no case change, no command (one transaction)', async () => {
    const { c, resolveInstanceId } = await openCase();
    const before = await commandsOf(c.id);
    refuseUpdates = true;
    const input = failureAction(c, resolveInstanceId, { type: 'escalate_to_queue' }, 0);
    await expect(activities.runAction(input)).rejects.toThrow('listener refused the change');
    await expect(activities.runAction(failureAction(c, resolveInstanceId, { type: 'set_case_field', field: 'tier', value: 2 }, 1))).rejects.toThrow(
      'listener refused the change',
    );
    expect(await t.database.db.select().from(slaActionRuns).where(eq(slaActionRuns.caseId, c.id))).toEqual([]);
    expect(await readCase(c.id)).toMatchObject({ queueId: firstQueueId, fields: {}, version: c.version });
    expect(await commandsOf(c.id)).toHaveLength(before.length);
    expect(woken).toEqual([]);

    // The retry after the refusal ends takes effect.
    refuseUpdates = false;
    expect(await activities.runAction(input)).toMatchObject({ applied: true });
    expect((await readCase(c.id)).queueId).toBe(escalationQueueId);
  });

  it('a field change that swaps the action\'s own item runs nothing again: the replacement carries the failure (no recursion)', async () => {
    const { c } = await openCase();
    const [callback] = await t.database.db.select().from(slaKpiInstances).where(and(eq(slaKpiInstances.caseId, c.id), eq(slaKpiInstances.kpi, 'callback')));
    // The workflow mirrored the failure, then runs the failure actions.
    const failedAt = new Date('2026-03-02T10:00:00.000Z');
    await t.database.db.update(slaKpiInstances).set({ state: 'noncompliant', failedAt }).where(eq(slaKpiInstances.id, callback.id));
    const before = await commandsOf(c.id);

    await activities.runAction(failureAction(c, callback.id, { type: 'set_case_field', field: 'level', value: 'high' }, 0));

    const queued = (await commandsOf(c.id)).slice(before.length);
    expect(queued.map((x) => [x.kind, x.kpi])).toEqual([
      ['cancel', 'callback'],
      ['start', 'callback'],
    ]);
    expect((queued[1].payload as { input: Record<string, unknown> }).input).toMatchObject({
      itemName: 'Callback (high)',
      applicableFrom: OPENED_AT.toISOString(),
      alreadyFailed: true,
      alreadyFailedAt: failedAt.toISOString(),
    });
    const [replaced] = await t.database.db.select().from(slaKpiInstances).where(eq(slaKpiInstances.id, callback.id));
    expect(replaced).toMatchObject({ endedAt: EFFECT_AT, endReason: 're-evaluated' });
    expect(await t.database.db.select().from(slaActionRuns).where(eq(slaActionRuns.caseId, c.id))).toHaveLength(1);
  });
});
