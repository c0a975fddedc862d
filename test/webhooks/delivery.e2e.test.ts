/**
 * Webhook deliveries end to end on the time-skipping server: cases created through the API queue
 * deliveries, the dispatcher starts their workflows, the worker's activities POST to a real HTTP
 * receiver on loopback (allowed by the test configuration), and the receiver verifies every signature
 * with the `standardwebhooks` package. Backoff timers and the 24 h window are skipped, not slept.
 */
import { mkdtempSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { and, eq, isNotNull } from 'drizzle-orm';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createSlaActivities } from '../../activities/index.js';
import { createWebhookActivities } from '../../activities/webhook.activities.js';
import { emailOutbox, webhookDeliveries, webhookSubscriptions } from '../../db/schema/index.js';
import { CaseLifecycle } from '../../src/cases/case-lifecycle.js';
import { createMailer } from '../../src/mail/mailer.js';
import { caseListeners } from '../../src/main/case-listeners.js';
import { temporalDeliveryStarter, webhookRetryPolicy } from '../../src/webhooks/temporal-delivery-starter.js';
import { WebhookDispatcher } from '../../src/webhooks/webhook-dispatcher.js';
import { publishWebhookEvent } from '../../src/webhooks/webhook-outbox.js';
import { SlaCommandDispatcher } from '../../src/sla/command-dispatcher.js';
import { createTemporalKpiGateway } from '../../src/sla/temporal-kpi-gateway.js';
import { createSlaWorker, WORKFLOWS_PATH } from '../../src/worker/create-worker.js';
import { webhookDeliveryWorkflowId } from '../../workflows/webhook-contract.js';
import { client, newAccount, newCase, type Client } from '../cases/api-helpers.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { createTestDatabase } from '../support/db.js';
import { bundleWorkflows, createTimeSkippingEnv } from '../support/temporal.js';

interface Received {
  headers: Record<string, string>;
  body: string;
}

describe('webhook deliveries (time-skipping Temporal, real receiver on loopback)', () => {
  let env: TestWorkflowEnvironment;
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let t: TestApp;
  let api: Client;
  let worker: Worker;
  let running: Promise<void>;
  let dispatcher: WebhookDispatcher;
  let commands: SlaCommandDispatcher;
  let receiver: http.Server;
  let receiverUrl: string;
  let accountId: string;
  const received: Received[] = [];
  /** Status codes the receiver answers, in order; then 204. */
  let answers: number[] = [];

  beforeAll(async () => {
    env = await createTimeSkippingEnv();
    db = await createTestDatabase();
    receiver = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push({ headers: req.headers as Record<string, string>, body: Buffer.concat(chunks).toString('utf8') });
        res.writeHead(answers.shift() ?? 204).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
    const taskQueue = `webhooks-${randomUUID()}`;
    const mailer = createMailer({ from: 'SLA <sla@support.test>', mailboxDir: path.join(mkdtempSync(path.join(os.tmpdir(), 'wh-mail-')), 'mailbox') });
    const activities = createSlaActivities({
      db: db.db,
      mailer,
      caseLifecycle: new CaseLifecycle([]),
      webhooks: { allowPrivateNetworks: true, adminEmail: 'ops@support.test', timeoutSeconds: 5 },
      webhookWaker: { wake: () => dispatcher?.wake() },
    });
    worker = await createSlaWorker({ connection: env.nativeConnection, taskQueue, activities, workflowBundle: await bundleWorkflows(WORKFLOWS_PATH) });
    running = worker.run();
    dispatcher = new WebhookDispatcher(db.db, temporalDeliveryStarter(env.client, { taskQueue, retry: webhookRetryPolicy(24) }));
    commands = new SlaCommandDispatcher(db.db, createTemporalKpiGateway(env.client, { taskQueue }));
    t = await createTestApp({ database: db, temporal: env.client, env: { WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true' }, caseListeners: caseListeners(null, null, dispatcher) });
    api = client(t);
    accountId = (await newAccount(api)).id;
  }, 180_000);

  afterAll(async () => {
    await t?.close();
    await dispatcher?.stop();
    await commands?.stop();
    if (worker?.getState() === 'RUNNING') worker.shutdown();
    await running?.catch(() => undefined);
    await new Promise((r) => receiver?.close(r));
    await db?.close();
    await env?.teardown();
  });

  beforeEach(async () => {
    received.length = 0;
    answers = [];
    await db.db.update(webhookSubscriptions).set({ enabled: false });
  });

  const subscribe = async (body: Record<string, unknown> = {}) => {
    const res = await api.post('/v1/webhooks', { url: receiverUrl, eventTypes: ['case.created'], ...body });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: string; secret: string };
  };

  /** Starts every queued delivery and waits (time skipping) for each workflow to finish. */
  const awaited = new Set<string>();
  const deliverAll = async () => {
    await dispatcher.drain();
    // Every delivery started since the last call, finished or not (a wake after the commit may have started it already).
    const started = (await db.db.select({ id: webhookDeliveries.id }).from(webhookDeliveries).where(isNotNull(webhookDeliveries.dispatchedAt))).filter(({ id }) => !awaited.has(id));
    for (const { id } of started) awaited.add(id);
    return Promise.all(started.map(({ id }) => env.client.workflow.getHandle(webhookDeliveryWorkflowId(id)).result() as Promise<{ outcome: string; attempts: number }>));
  };
  const log = async (subscriptionId: string) => (await api.get(`/v1/webhooks/${subscriptionId}/deliveries`)).json().items as Array<Record<string, any>>;
  const detail = async (subscriptionId: string, deliveryId: string) => (await api.get(`/v1/webhooks/${subscriptionId}/deliveries/${deliveryId}`)).json();

  it('delivers case.created signed per Standard Webhooks (verified by an independent implementation) and logs status, latency and attempts', async () => {
    const sub = await subscribe();
    const c = await newCase(api, { accountId });
    expect(await deliverAll()).toEqual([{ outcome: 'succeeded', attempts: 1 }]);
    expect(received).toHaveLength(1);
    const verified = new Webhook(sub.secret).verify(received[0].body, received[0].headers) as Record<string, any>;
    expect(verified).toMatchObject({ type: 'case.created', data: { case: { id: c.id, number: c.number, status: 'in_progress' } } });
    expect(received[0].headers['webhook-id']).toBe(verified.id);
    expect(received[0].headers['content-type']).toBe('application/json');
    const [entry] = await log(sub.id);
    expect(entry).toMatchObject({ eventId: verified.id, eventType: 'case.created', status: 'succeeded', attempts: 1, lastStatusCode: 204, lastError: null, nextAttemptAt: null });
    expect(entry.lastLatencyMs).toBeGreaterThanOrEqual(0);
    expect((await detail(sub.id, entry.id)).attemptLog).toMatchObject([{ attempt: 1, statusCode: 204, error: null }]);
  });

  it('retries a failing receiver with exponential backoff, with the same webhook-id on every attempt', async () => {
    const sub = await subscribe();
    answers = [500, 503, 200];
    await newCase(api, { accountId });
    expect(await deliverAll()).toEqual([{ outcome: 'succeeded', attempts: 3 }]);
    expect(received).toHaveLength(3);
    const ids = new Set(received.map((r) => r.headers['webhook-id']));
    expect(ids.size).toBe(1);
    for (const r of received) expect(new Webhook(sub.secret).verify(r.body, r.headers)).toBeTruthy();
    const [entry] = await log(sub.id);
    const attempts = (await detail(sub.id, entry.id)).attemptLog as Array<{ at: string; statusCode: number }>;
    expect(attempts.map((a) => a.statusCode)).toEqual([500, 503, 200]);
    const gaps = attempts.slice(1).map((a, i) => Date.parse(a.at) - Date.parse(attempts[i].at));
    expect(gaps[0]).toBeGreaterThanOrEqual(5_000);
    expect(gaps[1]).toBeGreaterThanOrEqual(10_000);
    expect(entry).toMatchObject({ status: 'succeeded', attempts: 3 });
    expect((await api.get(`/v1/webhooks/${sub.id}`)).json().failingSince).toBeNull();
  });

  it('disables a subscription whose deliveries fail for 24 h, emails its admin, and redelivers the event with the same webhook-id once enabled again', async () => {
    const sub = await subscribe({ alertEmail: 'hooks-owner@support.test' });
    answers = Array.from({ length: 200 }, () => 503);
    await newCase(api, { accountId });
    const [result] = await deliverAll();
    expect(result.outcome).toBe('disabled');
    const [entry] = await log(sub.id);
    const attempts = (await detail(sub.id, entry.id)).attemptLog as Array<{ at: string }>;
    const window = Date.parse(attempts.at(-1)!.at) - Date.parse(attempts[0].at);
    expect(window).toBeGreaterThanOrEqual(24 * 3_600_000);
    expect(window).toBeLessThan(24 * 3_600_000 + 60_000);
    expect(attempts.length).toBeGreaterThan(20);
    expect(attempts.length).toBe(result.attempts);
    expect(new Set(received.map((r) => r.headers['webhook-id'])).size).toBe(1);
    const state = (await api.get(`/v1/webhooks/${sub.id}`)).json();
    expect(state).toMatchObject({ enabled: false, disabledReason: expect.stringContaining('failed for 24 h') });
    const mails = await db.db.select().from(emailOutbox).where(eq(emailOutbox.idempotencyKey, `webhook-disabled:${sub.id}:${Date.parse(attempts.at(-1)!.at)}`));
    expect(mails).toMatchObject([{ to: ['hooks-owner@support.test'], status: 'sent', subject: expect.stringContaining('disabled') }]);

    // Disabled: new events are not queued for it.
    await newCase(api, { accountId });
    expect(await log(sub.id)).toHaveLength(1);

    answers = [];
    received.length = 0;
    expect((await api.patch(`/v1/webhooks/${sub.id}`, { enabled: true })).statusCode).toBe(200);
    const again = await api.post(`/v1/webhooks/${sub.id}/deliveries/${entry.id}/redeliver`, {});
    expect(again.statusCode, again.body).toBe(202);
    expect(await deliverAll()).toEqual([{ outcome: 'succeeded', attempts: 1 }]);
    expect(received.map((r) => r.headers['webhook-id'])).toEqual([entry.eventId]);
    expect(new Webhook(sub.secret).verify(received[0].body, received[0].headers)).toBeTruthy();
    expect((await log(sub.id)).map((d) => d.status)).toEqual(['succeeded', 'failed']);
  });

  it('signs with the new and the previous secret during a rotation’s grace period', async () => {
    const sub = await subscribe();
    const rotated = (await api.post(`/v1/webhooks/${sub.id}/rotate-secret`, { graceHours: 2 })).json();
    await newCase(api, { accountId });
    await deliverAll();
    expect(received).toHaveLength(1);
    expect(received[0].headers['webhook-signature'].split(' ')).toHaveLength(2);
    expect(new Webhook(rotated.secret).verify(received[0].body, received[0].headers)).toBeTruthy();
    expect(new Webhook(sub.secret).verify(received[0].body, received[0].headers)).toBeTruthy();
  });

  it('refuses, at delivery time, a receiver on a private address when the configuration does not allow it', async () => {
    const sub = await subscribe();
    // Published directly (no dispatcher woken), so only the strict activity below attempts it.
    const attemptAt = new Date('2027-01-04T09:00:00Z');
    await publishWebhookEvent(db.db, { type: 'case.created', sourceKey: `test:${randomUUID()}`, caseId: null, occurredAt: attemptAt, data: { case: {} } });
    const [delivery] = await db.db.select().from(webhookDeliveries).where(and(eq(webhookDeliveries.subscriptionId, sub.id), eq(webhookDeliveries.status, 'pending')));
    const strict = createWebhookActivities({ db: db.db, clock: () => attemptAt, settings: { allowPrivateNetworks: false, adminEmail: 'ops@support.test', timeoutSeconds: 5 } });
    const outcome = await strict.attemptWebhookDelivery({ deliveryId: delivery.id, attempt: 1, attemptAt: attemptAt.toISOString(), nextAttemptAt: new Date(attemptAt.getTime() + 5000).toISOString(), disableAfterMs: 86_400_000 });
    expect(outcome).toEqual({ outcome: 'retry' });
    expect(received).toHaveLength(0);
    expect((await detail(sub.id, delivery.id)).attemptLog).toMatchObject([{ attempt: 1, statusCode: null, error: expect.stringContaining('private or reserved address') }]);
    await db.db.update(webhookDeliveries).set({ status: 'canceled' }).where(eq(webhookDeliveries.id, delivery.id));
  });

  it('sends the transitions of a running KPI workflow: sla.started with the case, sla.breached when its failure timer fires', async () => {
    const sub = await subscribe({ eventTypes: ['sla.started', 'sla.breached'] });
    const sla = await api.post('/v1/slas', { name: 'One hour', isDefault: true, items: [{ name: 'Resolve in an hour', kpi: 'resolve', failure: { hours: 1 } }] });
    expect(sla.statusCode, sla.body).toBe(201);
    const c = await newCase(api, { accountId });
    await commands.drain(); // the clock's workflow starts
    await env.sleep(61 * 60_000); // its failure timer fires; the mirror publishes sla.breached and wakes the dispatcher
    const types = () => received.map((r) => (new Webhook(sub.secret).verify(r.body, r.headers) as { type: string; data: { caseId: string } }));
    await vi.waitFor(
      async () => {
        await dispatcher.drain();
        expect(types().map((e) => e.type)).toEqual(expect.arrayContaining(['sla.started', 'sla.breached']));
      },
      { timeout: 30_000, interval: 100 },
    );
    expect(types().every((e) => e.data.caseId === c.id)).toBe(true);
    expect(types().find((e) => e.type === 'sla.breached')).toMatchObject({ data: { kpi: 'resolve', state: 'noncompliant' } });
  });
});
