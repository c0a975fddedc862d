/**
 * The API and the worker as production processes (`src/main/api.ts`, `src/main/worker.ts`), supervised
 * like a process manager would: an unexpected exit is counted and the process started again. `kill9()`
 * is the fault the suite injects (it restarts the process too, after `restartAfterMs`).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';
import path from 'node:path';

export const repoRoot = path.resolve(import.meta.dirname, '../../..');

export interface ServiceProcess {
  name: string;
  readonly pid: number | undefined;
  /** Exits nobody asked for (a crash), with how they ended. */
  readonly unexpectedExits: string[];
  readonly kills: number;
  readonly starts: number;
  /** kill -9, then start again after `restartAfterMs`. */
  kill9(restartAfterMs?: number): Promise<void>;
  /** SIGTERM and wait for the exit; no restart. */
  stop(): Promise<void>;
  logFile: string;
}

export function superviseService(name: string, entry: string, env: Record<string, string>, logDir: string): ServiceProcess {
  const logFile = path.join(logDir, `${name}.log`);
  const log: WriteStream = createWriteStream(logFile, { flags: 'a' });
  let child: ChildProcess | undefined;
  let expectingExit = false;
  let stopped = false;
  let kills = 0;
  let starts = 0;
  const unexpectedExits: string[] = [];
  let exited: Promise<void> = Promise.resolve();

  const start = () => {
    starts++;
    expectingExit = false;
    const c = spawn(process.execPath, ['--import', 'tsx', entry], {
      cwd: repoRoot,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    c.stdout!.pipe(log, { end: false });
    c.stderr!.pipe(log, { end: false });
    child = c;
    exited = new Promise((resolve) => {
      c.once('exit', (code, signal) => {
        log.write(`\n== ${name} exited (code ${code}, signal ${signal})\n`);
        if (!expectingExit) {
          unexpectedExits.push(`code ${code}, signal ${signal}`);
          if (!stopped) setTimeout(start, 1_000);
        }
        resolve();
      });
    });
  };
  start();

  return {
    name,
    logFile,
    get pid() {
      return child?.pid;
    },
    get unexpectedExits() {
      return unexpectedExits;
    },
    get kills() {
      return kills;
    },
    get starts() {
      return starts;
    },
    async kill9(restartAfterMs = 0) {
      kills++;
      expectingExit = true;
      child?.kill('SIGKILL');
      await exited;
      if (restartAfterMs > 0) await new Promise((r) => setTimeout(r, restartAfterMs));
      if (!stopped) start();
    },
    async stop() {
      stopped = true;
      expectingExit = true;
      child?.kill('SIGTERM');
      const timer = setTimeout(() => child?.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
      log.end();
    },
  };
}
