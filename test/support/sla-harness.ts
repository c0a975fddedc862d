/**
 * Everything a KPI workflow test needs: a time-skipping Temporal env, a migrated PostgreSQL database
 * with the reference seed, a real SMTP server on loopback, the real activities and a running worker.
 * One harness per test file (time skipping is global to an env); tests in the file run serially.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeFile, mkdir } from 'node:fs/promises';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker, WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { createSlaActivities, type SlaActivities } from '../../activities/index.js';
import { CaseLifecycle } from '../../src/cases/case-lifecycle.js';
import { createMailer, type Mailer } from '../../src/mail/mailer.js';
import { caseListeners } from '../../src/main/case-listeners.js';
import type { CommandDelivery } from '../../src/sla/sla-clock-listener.js';
import { startKpiWorkflow, type KpiWorkflowHandle } from '../../src/sla/kpi-workflow-client.js';
import { createSlaWorker, WORKFLOWS_PATH } from '../../src/worker/create-worker.js';
import { statusQuery, type KpiStatus, type KpiWorkflowInput } from '../../workflows/contract.js';
import { createTestDatabase } from './db.js';
import { historyToJson } from './histories.js';
import { nextTestWeek, seedReferenceData, type ReferenceSeed, type TestWeek } from './reference-kpi.js';
import { startSmtpCapture, type SmtpCapture } from './smtp.js';
import { bundleWorkflows, createDevServerEnv, createTimeSkippingEnv } from './temporal.js';

export const MAIL_FROM = 'SLA Service <sla@support.test>';

export interface SlaHarness {
  env: TestWorkflowEnvironment;
  db: Awaited<ReturnType<typeof createTestDatabase>>;
  smtp: SmtpCapture;
  mailer: Mailer;
  activities: SlaActivities;
  workflowBundle: WorkflowBundleWithSourceMap;
  seed: ReferenceSeed;
  taskQueue: string;
  worker: Worker;
  /** Starts a worker on another task queue (e.g. with wrapped activities); stop it with `shutdown()`. */
  startWorker(taskQueue: string, activities: object, options?: Parameters<typeof createSlaWorker>[0]['options']): Promise<{ worker: Worker; done: Promise<void> }>;
  start(input: KpiWorkflowInput, taskQueue?: string): Promise<KpiWorkflowHandle>;
  /** A test week whose Monday is at least two days after the env's current time. */
  newWeek(): Promise<TestWeek>;
  /** Moves the env's clock to `ms` (timers due meanwhile fire). No-op if already there. */
  sleepUntil(ms: number): Promise<void>;
  /** Polls the status query (real time) until `predicate` holds. */
  waitForStatus(handle: KpiWorkflowHandle, predicate: (s: KpiStatus) => boolean, what?: string, timeoutMs?: number): Promise<KpiStatus>;
  /** The dispatcher the worker's case lifecycle wakes after an SLA action changed a case (default none). */
  setCommandDelivery(delivery: CommandDelivery | null): void;
  /**
   * Writes the run's history to test/histories/<name>.<HISTORY_TAG>.json when RECORD_HISTORIES=1 (the
   * untagged files are histories of the code before the cheap-clock patch, `.cheap-clock` ones before the
   * batched-actions patch; they stay, and replay too).
   */
  recordHistory(handle: KpiWorkflowHandle, name: string): Promise<void>;
  close(): Promise<void>;
}

/** Tag of the histories recorded by the current workflow code (its newest patch). */
export const HISTORY_TAG = 'batched-actions';

export const HISTORIES_DIR = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../histories');

/**
 * `server: 'dev'` runs the real Temporal dev server (CLI) instead of the Java time-skipping server:
 * no time skipping, but real-server behaviour (e.g. for worker restarts).
 */
export async function createSlaHarness(options: { server?: 'time-skipping' | 'dev' } = {}): Promise<SlaHarness> {
  const env = options.server === 'dev' ? await createDevServerEnv() : await createTimeSkippingEnv();
  const db = await createTestDatabase();
  const smtp = await startSmtpCapture();
  const mailer = createMailer({ smtpUrl: smtp.url, from: MAIL_FROM, mailboxDir: mkdtempSync(path.join(os.tmpdir(), 'sla-mailbox-')) });
  const workflowBundle = await bundleWorkflows(WORKFLOWS_PATH);
  const seed = await seedReferenceData(db.db);
  const running: Array<{ worker: Worker; done: Promise<void> }> = [];
  const taskQueue = `sla-${randomUUID()}`;
  // As in the worker process (src/main/runtime.ts): actions change cases through the API's listeners. The
  // commands those queue wake the dispatcher a test names (setCommandDelivery), by default none: a test's
  // own dispatcher, with its clock, decides when commands reach Temporal.
  let delivery: CommandDelivery | null = null;
  const caseLifecycle = new CaseLifecycle(caseListeners({ wake: (caseId) => delivery?.wake(caseId) }));
  const activities = createSlaActivities({ db: db.db, mailer, caseLifecycle });

  const startWorker: SlaHarness['startWorker'] = async (taskQueue, acts, options) => {
    const worker = await createSlaWorker({ connection: env.nativeConnection, taskQueue, activities: acts, workflowBundle, options });
    const entry = { worker, done: worker.run() };
    running.push(entry);
    return entry;
  };
  const { worker } = await startWorker(taskQueue, activities);

  const sleepUntil = async (ms: number) => {
    const now = await env.currentTimeMs();
    if (ms > now) await env.sleep(ms - now);
  };

  return {
    env,
    db,
    smtp,
    mailer,
    activities,
    workflowBundle,
    seed,
    taskQueue,
    worker,
    startWorker,
    setCommandDelivery: (d) => void (delivery = d),
    start: (input, tq = taskQueue) => startKpiWorkflow(env.client, { taskQueue: tq }, input),
    newWeek: async () => nextTestWeek(await env.currentTimeMs()),
    sleepUntil,
    async waitForStatus(handle, predicate, what = 'status', timeoutMs = 30_000) {
      const until = Date.now() + timeoutMs;
      let last: KpiStatus | undefined;
      for (;;) {
        last = await handle.query(statusQuery);
        if (predicate(last)) return last;
        if (Date.now() > until) throw new Error(`timed out waiting for ${what}; last status: ${JSON.stringify(last, null, 2)}`);
        await new Promise((r) => setTimeout(r, 25));
      }
    },
    async recordHistory(handle, name) {
      if (process.env.RECORD_HISTORIES !== '1') return;
      const history = await handle.fetchHistory();
      await mkdir(HISTORIES_DIR, { recursive: true });
      await writeFile(path.join(HISTORIES_DIR, `${name}.${HISTORY_TAG}.json`), historyToJson(history));
    },
    async close() {
      for (const r of running) {
        if (r.worker.getState() === 'RUNNING') r.worker.shutdown();
      }
      await Promise.allSettled(running.map((r) => r.done));
      mailer.close();
      await smtp.close();
      await db.close();
      await env.teardown();
    },
  };
}
