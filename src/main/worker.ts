/** Production entry point: the Temporal worker (SLA KPI workflows, actions, reconciler). */
import { loadConfig } from '../config.js';
import { SLA_WORKER_DB_CONNECTIONS } from '../worker/create-worker.js';
import { connectClient, openConfiguredDatabase, startWorker } from './runtime.js';

const config = loadConfig();
if (!config.temporal.address || !config.databaseUrl) {
  console.error('The worker process needs TEMPORAL_ADDRESS and DATABASE_URL (use `npm start` for the all-in-one embedded setup).');
  process.exit(1);
}
// More connections than the API: a burst of deadlines is database work in many activities at once.
const database = await openConfiguredDatabase(config, { maxConnections: SLA_WORKER_DB_CONNECTIONS });
const client = await connectClient(config, config.temporal.address);
const worker = await startWorker(config, database, client, config.temporal.address);
const stop = async () => {
  await worker.stop();
  await client.connection.close();
  await database.close();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
await worker.done;
