/**
 * The SLA Temporal worker: the workflows of `workflows/index.ts` and the given activities on one task
 * queue. Pass a prebuilt `workflowBundle` (tests, production images) to skip bundling at start.
 * Bundling resolves the ESM `./x.js` imports of workflow code to `./x.ts` (the SDK's webpack config
 * sets `extensionAlias`).
 */
import { fileURLToPath } from 'node:url';
import { Worker, type NativeConnection, type WorkerOptions } from '@temporalio/worker';

export const WORKFLOWS_PATH = fileURLToPath(new URL('../../workflows/index.ts', import.meta.url));

export interface SlaWorkerOptions {
  connection: NativeConnection;
  namespace?: string;
  taskQueue: string;
  activities: object;
  workflowBundle?: WorkerOptions['workflowBundle'];
  /** Extra worker options (tuning, interceptors, shutdownGraceTime, ...). */
  options?: Partial<Omit<WorkerOptions, 'connection' | 'namespace' | 'taskQueue' | 'activities' | 'workflowBundle' | 'workflowsPath'>>;
}

export function createSlaWorker({ connection, namespace, taskQueue, activities, workflowBundle, options }: SlaWorkerOptions): Promise<Worker> {
  return Worker.create({
    connection,
    namespace: namespace ?? 'default',
    taskQueue,
    activities,
    ...(workflowBundle ? { workflowBundle } : { workflowsPath: WORKFLOWS_PATH }),
    ...options,
  });
}
