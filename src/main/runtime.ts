/**
 * Composition of the processes: the API, the worker, or both in one process (`npm start`).
 * Each piece is started from the Config and returns a stop function; entry points only order them.
 */
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, type Worker } from '@temporalio/worker';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../config.js';
import { openDatabase, type DatabaseHandle } from '../../db/client.js';
import { buildApp } from '../app.js';
import { ensureBootstrapAdminKey } from '../auth/api-keys.js';
import { SlaCommandDispatcher, type DispatcherLogger } from '../sla/command-dispatcher.js';
import { createTemporalKpiGateway } from '../sla/temporal-kpi-gateway.js';
import { bundleWorkflowsInChildProcess, createSlaWorker } from '../worker/create-worker.js';
import { cachedWorkflowBundle } from '../worker/workflow-bundle-cache.js';
import { createSlaActivities } from '../../activities/index.js';
import { createMailer, type Mailer } from '../mail/mailer.js';
import { createEmailActivities } from '../../activities/email.activities.js';
import { SurveySweeper } from '../surveys/survey-sweep.js';
import { KNOWLEDGE_OUTBOX_KEY_PREFIX } from '../knowledge/outbox-key.js';
import { removeReconcilerSchedule } from '../sla/reconciler-schedule.js';
import { BackgroundReportRefresh } from '../reports/background-refresh.js';
import { CaseLifecycle } from '../cases/case-lifecycle.js';
import { caseListeners } from './case-listeners.js';
import { WebhookDispatcher } from '../webhooks/webhook-dispatcher.js';
import { temporalDeliveryStarter, webhookRetryPolicy } from '../webhooks/temporal-delivery-starter.js';

/** How often the API looks for webhook deliveries nobody started (a lost wake, a Temporal outage). */
const WEBHOOK_SWEEP_MS = 10_000;

export async function openConfiguredDatabase(config: Config, options: { maxConnections?: number } = {}): Promise<DatabaseHandle> {
  const database = await openDatabase({ url: config.databaseUrl, pgliteDir: path.join(config.dataDir, 'pglite'), maxConnections: options.maxConnections, preparedStatements: config.databasePreparedStatements });
  await database.migrate();
  if (config.auth.bootstrapAdminKey) await ensureBootstrapAdminKey(database.db, config.auth.bootstrapAdminKey, config.auth.apiKeyPepper);
  return database;
}

export async function connectClient(config: Config, address: string): Promise<Client> {
  const connection = await Connection.connect({ address });
  return new Client({ connection, namespace: config.temporal.namespace });
}

/**
 * The background delivery of the SLA outbox to Temporal, with its periodic sweep (the reconciler: it
 * calls Temporal only when a command is pending). Woken after each case commit; call `start()`.
 */
export function createSlaCommandDispatcher(config: Config, database: DatabaseHandle, client: Client, log: DispatcherLogger): SlaCommandDispatcher {
  const gateway = createTemporalKpiGateway(client, { taskQueue: config.temporal.taskQueue });
  return new SlaCommandDispatcher(database.db, gateway, { sweepEveryMs: config.reconcileIntervalSeconds * 1000, log });
}

/** Starts the delivery workflows of queued webhook deliveries; `sweep` in one process (the API) is the safety net. */
export function createWebhookDispatcher(config: Config, database: DatabaseHandle, client: Client, log: { error(obj: object, msg: string): void }, sweep: boolean) {
  const starter = temporalDeliveryStarter(client, { taskQueue: config.temporal.taskQueue, retry: webhookRetryPolicy(config.webhooks.retryHours) });
  return new WebhookDispatcher(database.db, starter, { sweepEveryMs: sweep ? WEBHOOK_SWEEP_MS : 0, log });
}

export async function startApi(config: Config, database: DatabaseHandle, client: Client): Promise<FastifyInstance> {
  let app: FastifyInstance | undefined;
  const dispatcher = createSlaCommandDispatcher(config, database, client, {
    info: (obj, msg) => app?.log.info(obj, msg),
    warn: (obj, msg) => app?.log.warn(obj, msg),
    error: (obj, msg) => app?.log.error(obj, msg),
  });
  const webhooks = createWebhookDispatcher(config, database, client, { error: (obj, msg) => app?.log.error(obj, msg) }, true);
  app = await buildApp({
    config,
    database,
    temporal: client,
    caseListeners: caseListeners(dispatcher, config.surveys, webhooks),
    webhookWaker: webhooks,
  });
  app.addHook('onClose', () => dispatcher.stop());
  app.addHook('onClose', () => webhooks.stop());
  await app.listen({ host: config.http.host, port: config.http.port });
  dispatcher.start();
  webhooks.start();
  return app;
}

/**
 * Survey emails, the NPS schedule and the retries of articles sent from a case: an in-process sweep in the
 * worker (like the SLA reconciler), not a Temporal workflow per email, so thousands of surveys leave no trace
 * in the Temporal UI.
 */
export function createSurveySweeper(config: Config, database: DatabaseHandle, mailer: Mailer, log: { warn(obj: object, msg: string): void }): SurveySweeper {
  const { deliverEmail } = createEmailActivities({ db: database.db, mailer, clock: () => new Date() });
  return new SurveySweeper(database.db, {
    deliver: deliverEmail,
    alsoRetryKeyPrefixes: [KNOWLEDGE_OUTBOX_KEY_PREFIX],
    everyMs: config.surveys.sweepEverySeconds * 1000,
    nps: { ...config.surveys, periodDays: config.surveys.npsPeriodDays, scheduleHours: config.surveys.npsScheduleHours },
    log,
  });
}

export interface RunningWorker {
  worker: Worker;
  done: Promise<void>;
  stop(): Promise<void>;
}

export async function startWorker(config: Config, database: DatabaseHandle, client: Client, address: string): Promise<RunningWorker> {
  const connection = await NativeConnection.connect({ address });
  const mailer = createMailer({ smtpUrl: config.mail.smtpUrl, from: config.mail.from, mailboxDir: config.mail.mailboxDir });
  // Bundled by a child process (quiet logger there): webpack's memory stays out of the worker. Kept
  // under DATA_DIR/cache by a hash of its sources, so an unchanged checkout starts without bundling.
  const { code } = await cachedWorkflowBundle(path.join(config.dataDir, 'cache'), bundleWorkflowsInChildProcess, {
    warn: (obj, msg) => console.warn(msg, obj),
  });
  const workflowBundle = { code };
  // SLA actions change cases through the API's listeners; the commands they queue are delivered by this
  // process's own dispatcher, woken after each commit (no sweep here: the API's sweep is the safety net).
  const log = { warn: (obj: object, msg: string) => console.warn(msg, obj), error: (obj: object, msg: string) => console.error(msg, obj) };
  const dispatcher = new SlaCommandDispatcher(database.db, createTemporalKpiGateway(client, { taskQueue: config.temporal.taskQueue }), { log });
  const webhooks = createWebhookDispatcher(config, database, client, log, false);
  const caseLifecycle = new CaseLifecycle(caseListeners(dispatcher, config.surveys, webhooks), log);
  const worker = await createSlaWorker({
    workflowBundle,
    connection,
    namespace: config.temporal.namespace,
    taskQueue: config.temporal.taskQueue,
    activities: createSlaActivities({
      db: database.db,
      mailer,
      caseLifecycle,
      webhooks: { allowPrivateNetworks: config.webhooks.allowPrivateNetworks, adminEmail: config.webhooks.adminEmail, timeoutSeconds: config.webhooks.timeoutSeconds },
      webhookWaker: webhooks,
    }),
    stackTraces: config.workerStackTraces,
    options: config.worker,
  });
  const done = worker.run();
  dispatcher.start();
  const surveySweep = createSurveySweeper(config, database, mailer, log);
  surveySweep.start();
  const reportRefresh = new BackgroundReportRefresh(database.db, { everyMs: config.reportRefreshSeconds * 1000, log });
  if (config.reportRefreshSeconds > 0) reportRefresh.start();
  webhooks.start();
  await removeReconcilerSchedule(client);
  return {
    worker,
    done,
    async stop() {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await done.catch(() => undefined);
      await surveySweep.stop();
      await reportRefresh.stop();
      await dispatcher.stop();
      await webhooks.stop();
      await connection.close();
    },
  };
}
