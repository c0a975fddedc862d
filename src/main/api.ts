/** Production entry point: the HTTP API only (run the worker with `npm run start:worker`). */
import { loadConfig } from '../config.js';
import { connectClient, openConfiguredDatabase, startApi } from './runtime.js';

const config = loadConfig();
if (!config.temporal.address || !config.databaseUrl) {
  console.error('The API process needs TEMPORAL_ADDRESS and DATABASE_URL (use `npm start` for the all-in-one embedded setup).');
  process.exit(1);
}
const database = await openConfiguredDatabase(config);
const client = await connectClient(config, config.temporal.address);
const app = await startApi(config, database, client);
const stop = async () => {
  await app.close();
  await client.connection.close();
  await database.close();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
