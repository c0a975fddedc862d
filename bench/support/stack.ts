/**
 * The service as separate processes for the benchmarks: a Temporal dev server (the CLI in .tools,
 * in memory, headless), the API (src/main/api.ts) and the worker (src/main/worker.ts) as child Node
 * processes on a real PostgreSQL (DATABASE_URL; without it the bench re-runs itself under
 * scripts/with-postgres.sh). Each process's CPU time and RSS are read from /proc.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client, Connection } from '@temporalio/client';
import { resolveCliExecutable } from '../../src/temporal/binaries.js';
import { devServerArgs } from '../../src/temporal/dev-server.js';
import { allSlaSearchAttributes } from '../../src/temporal/search-attributes.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const ADMIN_KEY = 'bench-admin-key-0123456789abcdef';
const CLK_TCK = Number(spawnSync('getconf', ['CLK_TCK']).stdout?.toString().trim()) || 100;
const PAGE_KB = 4;

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Command-line flags `--name value` / `--name=value`, with defaults. */
export function flags<T extends Record<string, number | string | boolean>>(defaults: T): T {
  const out: Record<string, number | string | boolean> = { ...defaults };
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i++) {
    const m = /^--([^=]+)(?:=(.*))?$/.exec(argv[i]);
    if (!m || !(m[1] in defaults)) throw new Error(`unknown argument ${argv[i]}; known: ${Object.keys(defaults).map((k) => `--${k}`).join(' ')}`);
    const boolean = typeof defaults[m[1]] === 'boolean';
    const raw = m[2] ?? (boolean ? (argv[i + 1] === 'true' || argv[i + 1] === 'false' ? argv[++i] : 'true') : argv[++i]);
    out[m[1]] = typeof defaults[m[1]] === 'number' ? Number(raw) : typeof defaults[m[1]] === 'boolean' ? raw !== 'false' : raw;
  }
  return out as T;
}

/** Without DATABASE_URL: runs this same command under a throwaway PostgreSQL and exits with its status. */
export function requirePostgres(): void {
  if (process.env.DATABASE_URL) return;
  const r = spawnSync('bash', [path.join(ROOT, 'scripts/with-postgres.sh'), process.execPath, ...process.execArgv, ...process.argv.slice(1)], { stdio: 'inherit' });
  process.exit(r.status ?? 1);
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

/** utime + stime of a process, in ms (0 once it is gone). */
export function cpuMs(pid: number): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLK_TCK;
  } catch {
    return 0;
  }
}

export function rssMb(pid: number): number {
  try {
    const statm = fs.readFileSync(`/proc/${pid}/statm`, 'utf8').split(' ');
    return (Number(statm[1]) * PAGE_KB) / 1024;
  } catch {
    return 0;
  }
}

/** The PostgreSQL server of DATABASE_URL: its postmaster (by port) and every backend forked from it. */
export function postgresPids(databaseUrl: string): number[] {
  const port = new URL(databaseUrl).port || '5432';
  const procs = fs
    .readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .map((d) => {
      try {
        const stat = fs.readFileSync(`/proc/${d}/stat`, 'utf8');
        const cmd = fs.readFileSync(`/proc/${d}/cmdline`, 'utf8').split('\0');
        return { pid: Number(d), ppid: Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]), cmd };
      } catch {
        return null;
      }
    })
    .filter((p): p is NonNullable<typeof p> => p !== null);
  const master = procs.find((p) => p.cmd[0].endsWith('/postgres') && p.cmd.includes('-p') && p.cmd[p.cmd.indexOf('-p') + 1] === port);
  return master ? [master.pid, ...procs.filter((p) => p.ppid === master.pid).map((p) => p.pid)] : [];
}

/** utime + stime of a process and of its children that exited (cutime + cstime), in ms. */
export function cpuMsWithExitedChildren(pid: number): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14])) * 1000) / CLK_TCK;
  } catch {
    return 0;
  }
}

/**
 * CPU of a process tree given as [parent, ...children] (PostgreSQL: the postmaster and its backends,
 * which come and go: those that exited are counted in the parent's cutime).
 */
export const cpuMsOf = (pids: number[]) => (pids.length ? cpuMsWithExitedChildren(pids[0]) + pids.slice(1).reduce((sum, pid) => sum + cpuMs(pid), 0) : 0);

/** Peak RSS per process, sampled every `everyMs`. */
export class RssSampler {
  readonly peaks = new Map<string, number>();
  private timer?: NodeJS.Timeout;
  constructor(private readonly pids: Record<string, () => number[]>, everyMs = 250) {
    this.timer = setInterval(() => this.sample(), everyMs);
    this.sample();
  }
  private sample() {
    for (const [name, pids] of Object.entries(this.pids)) {
      const rss = pids().reduce((sum, pid) => sum + rssMb(pid), 0);
      this.peaks.set(name, Math.max(this.peaks.get(name) ?? 0, rss));
    }
  }
  reset() {
    this.peaks.clear();
    this.sample();
  }
  stop() {
    clearInterval(this.timer);
  }
}

export interface ChildProc {
  name: string;
  pid: number;
  child: ChildProcess;
  output: string[];
  stop(): Promise<void>;
}

function track(name: string, child: ChildProcess): ChildProc {
  const output: string[] = [];
  const keep = (b: Buffer) => {
    output.push(b.toString());
    if (output.length > 200) output.shift();
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  return {
    name,
    pid: child.pid!,
    child,
    output,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(t);
    },
  };
}

/** A Node process running a TypeScript entry point (tsx as a loader, so its pid is the process itself). */
export function spawnNode(name: string, script: string, env: Record<string, string>, nodeArgs: string[] = []): ChildProc {
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', path.join(ROOT, script)], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return track(name, child);
}

let built = false;
/**
 * The API or the worker as production runs it: the bundle of `npm run build` (built here once per run);
 * `BENCH_RUN=tsx` runs the TypeScript entry point through tsx instead.
 */
export function spawnService(name: 'api' | 'worker', env: Record<string, string>, nodeArgs: string[] = [], via: 'dist' | 'tsx' = process.env.BENCH_RUN === 'tsx' ? 'tsx' : 'dist'): ChildProc {
  if (via === 'tsx') return spawnNode(name, `src/main/${name}.ts`, env, nodeArgs);
  if (!built) {
    const r = spawnSync(process.execPath, [path.join(ROOT, 'scripts/build.mjs'), '--quiet'], { cwd: ROOT, stdio: 'inherit' });
    if (r.status !== 0) throw new Error('npm run build failed');
    built = true;
  }
  const child = spawn(process.execPath, [...nodeArgs, path.join(ROOT, 'dist', `${name}.mjs`)], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  return track(name, child);
}

export interface TemporalServer extends ChildProc {
  address: string;
}

/** The dev server in memory, headless, with the SLA search attributes; `extraArgs` e.g. dynamic config. */
export async function startTemporal(extraArgs: string[] = []): Promise<TemporalServer> {
  const port = await freePort();
  const exe = resolveCliExecutable(process.env.TEMPORAL_CLI_PATH);
  if (exe.type !== 'existing-path') throw new Error('the benchmarks need the Temporal CLI in .tools (npm run tools)');
  const args = devServerArgs({ port, uiPort: undefined, ip: '127.0.0.1', namespace: 'default', log: { format: 'pretty', level: 'error' }, searchAttributes: allSlaSearchAttributes, extraArgs });
  const proc = track('temporal', spawn(exe.path, args, { stdio: ['ignore', 'pipe', 'pipe'] }));
  const address = `127.0.0.1:${port}`;
  const until = Date.now() + 60_000;
  for (;;) {
    try {
      const c = await Connection.connect({ address, connectTimeout: 1000 });
      await c.workflowService.describeNamespace({ namespace: 'default' });
      await c.close();
      break;
    } catch (err) {
      if (Date.now() > until || proc.child.exitCode !== null) throw new Error(`Temporal dev server did not start: ${String(err)}\n${proc.output.join('')}`);
      await sleep(200);
    }
  }
  return { ...proc, address };
}

/** Environment of the API and worker processes. */
export function serviceEnv(o: { databaseUrl: string; temporalAddress: string; taskQueue: string; port?: number }): Record<string, string> {
  return {
    NODE_ENV: 'development',
    LOG_LEVEL: 'warn',
    DATABASE_URL: o.databaseUrl,
    TEMPORAL_ADDRESS: o.temporalAddress,
    TEMPORAL_TASK_QUEUE: o.taskQueue,
    BOOTSTRAP_ADMIN_KEY: ADMIN_KEY,
    API_KEY_PEPPER: 'bench-pepper-0123456789abcdef0123456789abcdef0123456789',
    RATE_LIMIT_PER_MINUTE: '1000000',
    DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'sla-bench-data-')),
    ...(o.port ? { PORT: String(o.port), HOST: '127.0.0.1' } : {}),
  };
}

export async function waitForHttp(url: string, proc: ChildProc, timeoutMs = 120_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      const res = await fetch(url);
      if (res.status < 500) return;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > until || proc.child.exitCode !== null) throw new Error(`${proc.name} did not answer ${url}:\n${proc.output.join('')}`);
    await sleep(200);
  }
}

/** Waits until a worker polls `taskQueue` (workflow tasks). */
export async function waitForPoller(client: Client, taskQueue: string, proc: ChildProc, timeoutMs = 120_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const r = await client.workflowService.describeTaskQueue({ namespace: 'default', taskQueue: { name: taskQueue }, taskQueueType: 1 });
    if ((r.pollers ?? []).length > 0) return;
    if (Date.now() > until || proc.child.exitCode !== null) throw new Error(`${proc.name} never polled ${taskQueue}:\n${proc.output.join('')}`);
    await sleep(200);
  }
}

/** Waits until a process has been (nearly) idle for a while: the work it was given is done. */
export async function settle(pids: number[], { quietMs = 1500, maxMs = 120_000, cpuShare = 0.05 } = {}): Promise<void> {
  const until = Date.now() + maxMs;
  const total = () => pids.reduce((sum, pid) => sum + cpuMs(pid), 0);
  let last = total();
  let quietSince = Date.now();
  while (Date.now() < until) {
    await sleep(250);
    const now = total();
    if (now - last > 250 * cpuShare) quietSince = Date.now();
    last = now;
    if (Date.now() - quietSince >= quietMs) return;
  }
}

const percentile = (sorted: number[], p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] : NaN);
export function stats(values: number[]) {
  const s = [...values].sort((a, b) => a - b);
  return { n: s.length, p50: percentile(s, 50), p99: percentile(s, 99), max: s.length ? s[s.length - 1] : NaN };
}
export const loadAverage = () => os.loadavg().map((l) => l.toFixed(2)).join(' ');

/** Runs `stops` in reverse order however the bench ends. */
export function onExit(stops: Array<() => Promise<unknown>>) {
  return async () => {
    for (const stop of [...stops].reverse()) await stop().catch((e) => console.error(e));
  };
}
