/**
 * The baseline worker (its own process, like the SLA worker): the raw workflows of ./workflows.ts with
 * the same worker tuning as the SLA worker (src/worker/create-worker.ts).
 * Env: TEMPORAL_ADDRESS, TASK_QUEUE.
 */
import { fileURLToPath } from 'node:url';
import { bundleWorkflowCode, DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { SLA_WORKER_TUNING } from '../../src/worker/create-worker.js';
import { rawActivities } from './activities.js';

Runtime.install({ logger: new DefaultLogger('WARN') });
// As the SLA worker runs by default (createSlaWorker): no workflow stack traces.
process.env.TEMPORAL_WORKFLOW_STACK_TRACES = '0';
const connection = await NativeConnection.connect({ address: process.env.TEMPORAL_ADDRESS! });
const workflowBundle = await bundleWorkflowCode({ workflowsPath: fileURLToPath(new URL('./workflows.ts', import.meta.url)), logger: new DefaultLogger('WARN') });
const worker = await Worker.create({ connection, taskQueue: process.env.TASK_QUEUE!, workflowBundle, activities: rawActivities, ...SLA_WORKER_TUNING });
process.on('SIGTERM', () => worker.shutdown());
await worker.run();
await connection.close();
