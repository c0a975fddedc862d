/**
 * A child process for the database-restart test: opens the database the way the API does (db/client.ts),
 * then runs small multi-statement transactions from several concurrent loops, forever. Each second it
 * prints one JSON line `{ ok, failed, errors }` (counts since the last line, and the distinct messages).
 * An uncaught error ends the process (its exit is what the test watches).
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { openDatabase } from '../../../db/client.js';

const url = process.argv[2];
if (!url) throw new Error('usage: transaction-load.ts <postgres url>');
const loops = Number(process.argv[3] ?? 12);
const database = await openDatabase({ url, maxConnections: 6 });
await database.db.execute(sql`create table if not exists fault_load (id serial primary key, tx uuid not null, note text not null)`);

let ok = 0;
let failed = 0;
const errors = new Set<string>();

async function loop(n: number): Promise<never> {
  for (;;) {
    try {
      const key = randomUUID();
      await database.db.transaction(async (tx) => {
        await tx.execute(sql`insert into fault_load (tx, note) values (${key}, ${`loop ${n} first`})`);
        await tx.execute(sql`select pg_sleep(0.005)`);
        await tx.execute(sql`insert into fault_load (tx, note) values (${key}, ${`loop ${n} second`})`);
      });
      ok++;
    } catch (e) {
      failed++;
      errors.add(String((e as Error).cause ?? (e as Error).message).slice(0, 160));
      await new Promise((r) => setTimeout(r, 20));
    }
  }
}

setInterval(() => {
  process.stdout.write(`${JSON.stringify({ ok, failed, errors: [...errors] })}\n`);
  ok = 0;
  failed = 0;
  errors.clear();
}, 1000);
for (let i = 0; i < loops; i++) void loop(i);
