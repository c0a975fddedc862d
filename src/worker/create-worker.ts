/**
 * The SLA Temporal worker: the workflows of `workflows/index.ts` and the given activities on one task
 * queue. Pass a prebuilt `workflowBundle` (tests, production images) to skip bundling at start.
 * Bundling resolves the ESM `./x.js` imports of workflow code to `./x.ts` (the SDK's webpack config
 * sets `extensionAlias`).
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker, type NativeConnection, type WorkerOptions } from '@temporalio/worker';
import { SLA_WORKER_TUNING } from './tuning.js';

export const WORKFLOWS_PATH = fileURLToPath(new URL('../../workflows/index.ts', import.meta.url));

export { SLA_WORKER_TUNING } from './tuning.js';

/** PostgreSQL connections of a worker process (the API keeps the default 10). */
export const SLA_WORKER_DB_CONNECTIONS = 30;

export interface SlaWorkerOptions {
  connection: NativeConnection;
  namespace?: string;
  taskQueue: string;
  activities: object;
  workflowBundle?: WorkerOptions['workflowBundle'];
  /**
   * The SDK's workflow stack traces (the `__stack_trace` query, the UI's "Stack Trace" tab): a stack
   * captured and source-mapped for every promise workflow code creates, about half the workflow thread's
   * CPU in a 1,000-clock burst. Default off (SLA_WORKER_STACK_TRACES).
   */
  stackTraces?: boolean;
  /** Extra worker options (tuning over SLA_WORKER_TUNING, interceptors, shutdownGraceTime, ...). */
  options?: Partial<Omit<WorkerOptions, 'connection' | 'namespace' | 'taskQueue' | 'activities' | 'workflowBundle' | 'workflowsPath'>>;
}

export function createSlaWorker({ connection, namespace, taskQueue, activities, workflowBundle, stackTraces = false, options }: SlaWorkerOptions): Promise<Worker> {
  // No SDK option for it: patches/@temporalio+worker+1.24.0.patch reads this variable in the workflow
  // thread, which Worker.create starts with a copy of the environment.
  process.env.TEMPORAL_WORKFLOW_STACK_TRACES = stackTraces ? '1' : '0';
  return Worker.create({
    connection,
    namespace: namespace ?? 'default',
    taskQueue,
    activities,
    ...(workflowBundle ? { workflowBundle } : { workflowsPath: WORKFLOWS_PATH }),
    ...SLA_WORKER_TUNING,
    ...options,
  });
}

/**
 * The workflow bundle, built by a child process (src/worker/bundle-workflows.ts): bundling in the
 * worker itself leaves webpack's allocations in its heap for good (about 130 MB of RSS measured).
 */
export async function bundleWorkflowsInChildProcess(): Promise<{ code: string }> {
  const out = path.join(os.tmpdir(), `sla-workflows-${process.pid}-${randomUUID()}.js`);
  const script = fileURLToPath(new URL('./bundle-workflows.ts', import.meta.url));
  try {
    await new Promise<void>((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', script, out], { stdio: ['ignore', 'inherit', 'inherit'] });
      child.once('error', reject);
      child.once('exit', (code, signal) => (code === 0 ? resolve() : reject(new Error(`bundling the workflows failed (exit ${code ?? signal})`))));
    });
    return { code: await readFile(out, 'utf8') };
  } finally {
    await rm(out, { force: true });
  }
}
