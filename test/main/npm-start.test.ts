import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveCliExecutable } from '../../src/temporal/binaries.js';
import { freePort } from '../support/free-port.js';

const root = path.resolve(import.meta.dirname, '../..');


async function waitFor<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs: number, child: ChildProcess, output: () => string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`npm start exited (${child.exitCode}) before ${what}:\n${output()}`);
    const v = await fn().catch(() => undefined);
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`timed out waiting for ${what}:\n${output()}`);
}

describe('npm start (embedded defaults)', () => {
  let child: ChildProcess | undefined;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sla-start-'));
  afterAll(() => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('brings up the API with database and Temporal reachable, the Temporal UI, and stops cleanly on Ctrl-C', async () => {
    resolveCliExecutable(process.env.TEMPORAL_CLI_PATH); // fails loudly when the CLI is missing
    const [apiPort, temporalPort, uiPort] = [await freePort(), await freePort(), await freePort()];
    let out = '';
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_ENV: 'development',
      DATA_DIR: dataDir,
      PORT: String(apiPort),
      TEMPORAL_DEV_PORT: String(temporalPort),
      TEMPORAL_UI_PORT: String(uiPort),
      LOG_LEVEL: 'warn',
    };
    delete env.DATABASE_URL; // embedded PGlite
    delete env.TEMPORAL_ADDRESS; // embedded dev server
    child = spawn(process.execPath, ['--import', 'tsx', 'src/main/dev.ts'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout!.on('data', (d) => (out += d));
    child.stderr!.on('data', (d) => (out += d));

    const health = await waitFor(
      'GET /healthz = 200',
      async () => {
        const res = await fetch(`http://127.0.0.1:${apiPort}/healthz`);
        return res.status === 200 ? ((await res.json()) as { database: { ok: boolean }; temporal: { ok: boolean } }) : undefined;
      },
      120_000,
      child,
      () => out,
    );
    expect(health.database.ok).toBe(true);
    expect(health.temporal.ok).toBe(true);

    const ui = await fetch(`http://127.0.0.1:${uiPort}/`);
    expect(ui.status).toBe(200);
    expect(await ui.text()).toContain('<html');

    const docs = await fetch(`http://127.0.0.1:${apiPort}/docs/json`);
    expect(docs.status).toBe(200);

    expect(fs.existsSync(path.join(dataDir, 'pglite'))).toBe(true);
    expect(fs.existsSync(path.join(dataDir, 'temporal', 'dev.db'))).toBe(true);

    child.kill('SIGINT');
    const code = await new Promise<number | null>((resolve) => child!.on('exit', (c) => resolve(c)));
    expect(code, out).toBe(0);
  }, 180_000);
});
