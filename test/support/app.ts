import type { FastifyInstance } from 'fastify';
import type { Client } from '@temporalio/client';
import { buildApp } from '../../src/app.js';
import { loadConfig, type Config } from '../../src/config.js';
import { ensureBootstrapAdminKey, newApiKey, type Role } from '../../src/auth/api-keys.js';
import { apiKeys } from '../../db/schema/index.js';
import { createTestDatabase } from './db.js';
import type { DatabaseHandle } from '../../db/client.js';
import type { CaseLifecycleListener } from '../../src/cases/case-lifecycle.js';

export const TEST_ADMIN_KEY = 'test-admin-key-0123456789';

export interface TestApp {
  app: FastifyInstance;
  database: DatabaseHandle;
  config: Config;
  adminKey: string;
  /** Creates an API key with the role directly in the database and returns its secret. */
  keyFor(role: Role): Promise<string>;
  /** Authorization header for a key. */
  auth(key?: string): { authorization: string };
  close(): Promise<void>;
}

export async function createTestApp(
  options: { temporal?: Client | null; env?: Record<string, string>; database?: DatabaseHandle; caseListeners?: CaseLifecycleListener[]; clock?: () => Date } = {},
): Promise<TestApp> {
  const config = loadConfig({ NODE_ENV: 'test', BOOTSTRAP_ADMIN_KEY: TEST_ADMIN_KEY, LOG_LEVEL: 'silent', DATA_DIR: '.data/test', ...options.env });
  const database = options.database ?? (await createTestDatabase());
  await ensureBootstrapAdminKey(database.db, TEST_ADMIN_KEY, config.auth.apiKeyPepper);
  const app = await buildApp({ config, database, temporal: options.temporal ?? null, ownsDatabase: false, logger: false, caseListeners: options.caseListeners, clock: options.clock });
  await app.ready();
  const keys = new Map<Role, string>();
  return {
    app,
    database,
    config,
    adminKey: TEST_ADMIN_KEY,
    async keyFor(role) {
      const existing = keys.get(role);
      if (existing) return existing;
      const { keyId, secret, keyHash } = newApiKey(config.auth.apiKeyPepper);
      await database.db.insert(apiKeys).values({ name: `test ${role}`, role, keyId, keyHash });
      keys.set(role, secret);
      return secret;
    },
    auth: (key = TEST_ADMIN_KEY) => ({ authorization: `Bearer ${key}` }),
    async close() {
      await app.close();
      if (!options.database) await database.close();
    },
  };
}
