import path from 'node:path';
import { loadConfig } from '../config.js';
import { openDatabase } from '../../db/client.js';

/** `npm run db:migrate`: applies the committed SQL migrations to DATABASE_URL (or the embedded PGlite). */
const config = loadConfig();
const database = await openDatabase({ url: config.databaseUrl, pgliteDir: path.join(config.dataDir, 'pglite') });
await database.migrate();
await database.close();
console.log(`migrations applied (${database.driver})`);
