/**
 * `npm start`: the whole service on one machine with embedded defaults. Starts the Temporal dev server
 * (Web UI on :8233, SLA search attributes registered, persisted under DATA_DIR) unless TEMPORAL_ADDRESS
 * is set, opens PGlite under DATA_DIR unless DATABASE_URL is set, applies migrations, runs the worker
 * and the HTTP API (:3000). Ctrl-C stops everything in reverse order.
 */
import path from 'node:path';
import { DEVELOPMENT_ADMIN_KEY, loadConfig } from '../config.js';
import { resolveCliExecutable } from '../temporal/binaries.js';
import { startDevServer, type DevServer } from '../temporal/dev-server.js';
import { connectClient, openConfiguredDatabase, startApi, startWorker } from './runtime.js';

const config = loadConfig();
const startedAt = performance.now();
const step = (what: string) => console.log(`[start ${((performance.now() - startedAt) / 1000).toFixed(1)} s] ${what}`);
const stops: Array<() => Promise<unknown>> = [];
let stopping = false;

async function shutdown(code: number) {
  if (stopping) return;
  stopping = true;
  for (const stop of stops.reverse()) await stop().catch((e) => console.error(e));
  process.exit(code);
}
function databaseLabel(): string {
  return config.databaseUrl ? 'connecting to PostgreSQL (DATABASE_URL)' : `opening the embedded PGlite database in ${path.join(config.dataDir, 'pglite')}`;
}
process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));

try {
  // The dev server and the database start side by side: PGlite's first open (initdb + migrations) and
  // the dev server's start are each several seconds.
  const temporal = config.temporal.address
    ? Promise.resolve({ address: config.temporal.address, uiUrl: null as string | null })
    : (async () => {
        step(`starting the Temporal dev server (data in ${path.join(config.dataDir, 'temporal')})`);
        const server: DevServer = await startDevServer({
          executable: resolveCliExecutable(config.temporal.cliPath),
          dbFilename: path.join(config.dataDir, 'temporal', 'dev.db'),
          port: config.temporal.devPort,
          uiPort: config.temporal.uiPort,
          namespace: config.temporal.namespace,
        });
        stops.push(() => server.stop());
        step(`Temporal dev server on ${server.address}`);
        return { address: server.address, uiUrl: server.uiUrl as string | null };
      })();
  step(databaseLabel());
  const [{ address, uiUrl }, database] = await Promise.all([
    temporal,
    openConfiguredDatabase(config).then((db) => {
      stops.push(() => db.close());
      step('database ready (migrations applied)');
      return db;
    }),
  ]);
  step('bundling workflows (cached under DATA_DIR/cache while the sources are unchanged) and starting the worker');
  const client = await connectClient(config, address);
  stops.push(() => client.connection.close());
  const worker = await startWorker(config, database, client, address);
  stops.push(() => worker.stop());
  step('worker running; starting the API');
  const app = await startApi(config, database, client);
  stops.push(() => app.close());
  const api = `http://${config.http.host}:${config.http.port}`;
  console.log(
    `\nReady in ${((performance.now() - startedAt) / 1000).toFixed(1)} s: API ${api} (docs ${api}/docs)` +
      (uiUrl ? ` · Temporal Web UI ${uiUrl}` : ` · Temporal at ${address}`) +
      ` · database ${database.driver === 'pglite' ? 'embedded PGlite' : 'PostgreSQL'}\n`,
  );
  if (config.env === 'development' && config.auth.bootstrapAdminKey === DEVELOPMENT_ADMIN_KEY) {
    console.log(`Development admin key: ${DEVELOPMENT_ADMIN_KEY} (set BOOTSTRAP_ADMIN_KEY to change it)`);
  }
  worker.done.catch((err) => {
    console.error('worker stopped', err);
    void shutdown(1);
  });
} catch (err) {
  console.error(err instanceof Error ? err.message : err);
  await shutdown(1);
}
