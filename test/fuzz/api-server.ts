/**
 * The API as scripts/fuzz-api.sh fuzzes it: the production app (buildApp) on a fresh database (a new
 * database on DATABASE_URL's server, else an in-memory PGlite), without Temporal (SLA commands wait in the
 * outbox), with generous rate limits so that the fuzzer measures the API and not the limiter. Seeds an
 * agent key and one resource of each kind, prints one JSON line {port, adminKey, agentKey} when it listens,
 * and stops on SIGTERM / SIGINT.
 */
import { randomBytes } from 'node:crypto';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { ensureBootstrapAdminKey } from '../../src/auth/api-keys.js';
import { createApiKey } from '../../src/auth/api-key-management.js';
import { createTestDatabase } from '../support/db.js';

const adminKey = `fuzz-admin-${randomBytes(16).toString('hex')}`;
const config = loadConfig({
  NODE_ENV: 'test',
  BOOTSTRAP_ADMIN_KEY: adminKey,
  RATE_LIMIT_PER_MINUTE: '1000000',
  AUTH_FAILURES_PER_MINUTE: '1000000',
  LOG_LEVEL: process.env.LOG_LEVEL ?? 'error',
  LOG_FORMAT: 'json',
  DATA_DIR: '.data/fuzz',
});
const database = await createTestDatabase();
await ensureBootstrapAdminKey(database.db, adminKey, config.auth.apiKeyPepper);
const now = () => new Date();
const { secret: agentKey } = await createApiKey(database.db, { name: 'fuzz agent', role: 'agent' }, now(), config.auth.apiKeyPepper);
const app = await buildApp({ config, database, temporal: null, ownsDatabase: true });

const inject = async (method: 'POST', url: string, payload: object) => {
  const res = await app.inject({ method, url, payload, headers: { authorization: `Bearer ${adminKey}` } });
  if (res.statusCode >= 300) throw new Error(`seeding ${url} answered ${res.statusCode}: ${res.body}`);
  return res.json();
};
const weekdays = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => [d, [['08:00', '17:00']]]));
const calendar = await inject('POST', '/v1/calendars', { name: 'Fuzz office', definition: { timeZone: 'Europe/Paris', weekly: weekdays } });
await inject('POST', '/v1/slas', {
  name: 'Fuzz SLA',
  calendarId: calendar.id,
  isDefault: true,
  items: [{ name: 'Resolve', kpi: 'resolve', warning: { hours: 4 }, failure: { hours: 8 } }],
});
const account = await inject('POST', '/v1/accounts', { name: 'Fuzz account' });
await inject('POST', '/v1/cases', { title: 'Fuzz case', origin: 'email', accountId: account.id });

await app.listen({ host: '127.0.0.1', port: Number(process.env.PORT ?? 0) });
const address = app.server.address();
const port = typeof address === 'object' && address ? address.port : 0;
process.stdout.write(`${JSON.stringify({ port, adminKey, agentKey })}\n`);

const stop = async () => {
  await app.close();
  process.exit(0);
};
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
