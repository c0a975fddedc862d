/** No SDK code here (type only): the config module reads these defaults without loading the worker. */
import type { WorkerOptions } from '@temporalio/worker';

/**
 * Worker settings for SLA clocks on a small machine (chosen with `npm run bench:lateness` and `npm run bench:day`; see the
 * README, "Worker settings"). A sleeping clock occupies no slot, only cache; a burst of deadlines is
 * workflow tasks that wait on local activities (database reads and writes) and action activities, so
 * the slots are many and the limit is the database pool and the CPU.
 */
export const SLA_WORKER_TUNING = {
  /**
   * Evicted clocks replay a short history when they wake: cheap (bench:day: no lateness cost at 70
   * fires a minute), and the worker's heap stays small with 10,000 clocks (576 MB live instead of 755 at 250).
   */
  maxCachedWorkflows: 50,
  /** A fire's workflow task waits on two local activities (database); at most the cache (the SDK's rule). */
  maxConcurrentWorkflowTaskExecutions: 50,
  maxConcurrentLocalActivityExecutions: 100,
  /** Actions: database transactions under a case row lock; bounded by the pool (SLA_WORKER_DB_CONNECTIONS). */
  maxConcurrentActivityTaskExecutions: 50,
  maxConcurrentWorkflowTaskPolls: 4,
  /** Few: the server hands most activities to the worker with the workflow task that schedules them (eager). */
  maxConcurrentActivityTaskPolls: 2,
} satisfies Partial<WorkerOptions>;

/**
 * Node flags of the worker process (`npm run start:worker`, docker-compose.yml; override with
 * SLA_WORKER_NODE_OPTIONS): V8 grows its heaps lazily and keeps them, so uncapped the worker's RSS follows
 * its busiest moment (the start of 10,000 clocks), not its live data. Both isolates (main and the workflow
 * thread) get these limits; the old space holds the cache of SLA_WORKER_TUNING with room to spare.
 */
export const SLA_WORKER_NODE_FLAGS = '--max-old-space-size=128 --max-semi-space-size=2';
