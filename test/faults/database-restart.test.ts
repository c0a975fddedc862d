/**
 * Defect 1 of issue 11: a PostgreSQL restart while transactions run must not end the process (postgres.js
 * 3.4.9 died with `TypeError: Cannot read properties of null (reading 'write')` on the first restart), and
 * afterwards transactions succeed again, none of them half applied.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import path from 'node:path';
import postgresJs from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgresServer, type PostgresServer } from './support/postgres-server.js';

interface Tick {
  ok: number;
  failed: number;
  errors: string[];
}

const root = path.resolve(import.meta.dirname, '../..');
let server: PostgresServer;
let child: ChildProcess;
const ticks: Tick[] = [];
let exit: { code: number | null; signal: string | null } | undefined;
let stderr = '';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(what: string, check: () => boolean, ms: number) {
  const end = Date.now() + ms;
  while (!check()) {
    if (exit) throw new Error(`the load process exited (${JSON.stringify(exit)}) while waiting for ${what}:\n${stderr.slice(-2000)}`);
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

beforeAll(async () => {
  server = await startPostgresServer();
  child = spawn(process.execPath, ['--import', 'tsx', 'test/faults/support/transaction-load.ts', server.url, '12'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.on('exit', (code, signal) => (exit = { code, signal }));
  child.stderr!.on('data', (d) => (stderr += String(d)));
  createInterface({ input: child.stdout! }).on('line', (line) => {
    if (line.startsWith('{')) ticks.push(JSON.parse(line) as Tick);
  });
}, 60_000);

afterAll(async () => {
  if (child && !exit) child.kill('SIGKILL');
  await server?.destroy();
});

describe('a PostgreSQL restart under transaction load', () => {
  it('leaves the process running; transactions fail while the server is away, then all succeed again, none half applied', async () => {
    await until('transactions to succeed', () => ticks.some((t) => t.ok > 0), 60_000);
    for (let restart = 1; restart <= 3; restart++) {
      await server.restart(300);
      const after = ticks.length;
      // Recovered: two consecutive seconds with transactions committed and none failed.
      await until(`recovery after restart ${restart}`, () => {
        const since = ticks.slice(after);
        return since.some((t, i) => i > 0 && t.ok > 0 && t.failed === 0 && since[i - 1]!.ok > 0 && since[i - 1]!.failed === 0);
      }, 30_000);
    }
    expect(exit).toBeUndefined();
    const failures = ticks.reduce((n, t) => n + t.failed, 0);
    expect(failures, 'the restarts were felt by the clients').toBeGreaterThan(0);

    child.kill('SIGKILL');
    const sql = postgresJs(server.url, { max: 1, onnotice: () => {} });
    try {
      const halves = await sql`select tx, count(*)::int as n from fault_load group by tx having count(*) <> 2`;
      expect([...halves], 'transactions with one of their two rows').toEqual([]);
      const [total] = await sql`select count(*)::int as n from fault_load`;
      expect(total.n).toBeGreaterThan(100);
    } finally {
      await sql.end({ timeout: 5 });
    }
  });
});
