/** No SDK code here (type only): the config module reads these defaults without loading the worker. */
import type { WorkerOptions } from '@temporalio/worker';

/**
 * Worker settings for SLA clocks on a small machine (chosen with `npm run bench:lateness` and `npm run bench:day`; see the
 * README, "Worker settings"). A sleeping clock occupies no slot, only cache; a burst of deadlines is
 * workflow tasks that wait on local activities (database reads and writes) and action activities, so
 * the slots are many and the limit is the database pool and the CPU.
 */
/**
 * The SDK's value for "no limit" (its debug mode uses it); with patches/@temporalio+worker+1.24.0.patch it
 * also means no watchdog thread (see `isolateExecutionTimeout` below).
 */
export const UNBOUNDED_ACTIVATION = '4294967295ms';

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
  /**
   * No watchdog per call into the workflow sandbox. Node's vm starts and joins a thread for every
   * `runInContext` that has a timeout (nodejs/node#47739): about 120 µs of CPU each on an idle machine,
   * several calls per activation, and far more on a busy one (a 1,000-clock burst on 2 cores: 34 s of the
   * workflow thread's 71 s). The price: an activation that never yields (a loop in workflow code) is not
   * stopped after 5 s; SLA_WORKER_ACTIVATION_TIMEOUT_MS brings the watchdog back.
   */
  isolateExecutionTimeout: UNBOUNDED_ACTIVATION,
} satisfies Partial<WorkerOptions>;

/**
 * Node flags of the worker process (`npm run start:worker`, docker-compose.yml; override with
 * SLA_WORKER_NODE_OPTIONS): V8 grows its heaps lazily and keeps them, so uncapped the worker's RSS follows
 * its busiest moment (the start of 10,000 clocks), not its live data. Both isolates (main and the workflow
 * thread) get these limits; the old space holds the cache of SLA_WORKER_TUNING with room to spare.
 */
export const SLA_WORKER_NODE_FLAGS = '--max-old-space-size=128 --max-semi-space-size=2';
