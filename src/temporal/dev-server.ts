/**
 * Runs the Temporal CLI dev server (`temporal server start-dev`) with the Web UI and the SLA
 * search attributes, for `npm start`.
 *
 * Why not `TestWorkflowEnvironment.createLocal`: the SDK stops its ephemeral server with SIGKILL and
 * gives it 5 s to come up. Here the CLI is spawned directly with the same argv the SDK would use,
 * in its own process group (Ctrl-C in a terminal does not kill it before the worker has stopped),
 * stopped gracefully (SIGTERM, SQLite closed cleanly) by stop() or when this process dies (even by
 * SIGKILL: a supervisor watches a pipe), given a generous start timeout, and the
 * configured ports are checked first (otherwise a server that is already running on the port would
 * answer the readiness probe while ours dies with "address already in use").
 * `createLocal` is still used when the executable is `cached-download` (the SDK's own download, the
 * fallback of binaries.ts when Go is not installed).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { Connection, isGrpcServiceError } from '@temporalio/client';
import { TypedSearchAttributes, type SearchAttributeType } from '@temporalio/common';
import type { SearchAttributeKey } from '@temporalio/common/lib/search-attributes.js';
import type { EphemeralServerExecutable } from './binaries.js';
import { allSlaSearchAttributes } from './search-attributes.js';

export type AnySearchAttributeKey = SearchAttributeKey<SearchAttributeType>;

export interface DevServerOptions {
  /** From `resolveCliExecutable()`. */
  executable: EphemeralServerExecutable;
  /** SQLite file to persist to (its folder is created). Omit for an in-memory server. */
  dbFilename?: string;
  /** gRPC frontend port. Default 7233. */
  port?: number;
  /** Web UI port. Default `port + 1000`. */
  uiPort?: number;
  /** Serve the Web UI. Default true. */
  ui?: boolean;
  /** Interface to bind. Default 127.0.0.1. */
  ip?: string;
  /** Namespace created at start (`default` always exists too). Default `default`. */
  namespace?: string;
  /**
   * Server log output. Default `{ format: 'pretty', level: 'error' }`: at `warn` the CLI prints
   * harmless "network dial error" lines while its internal services start and stop.
   */
  log?: { format?: 'pretty' | 'text' | 'json'; level?: 'debug' | 'info' | 'warn' | 'error' | 'never' };
  /** Custom search attributes to register. Default: all SLA attributes. */
  searchAttributes?: AnySearchAttributeKey[];
  /** Extra CLI args appended to `server start-dev`. */
  extraArgs?: string[];
  /** The CLI's stdout/stderr: shown (default) or dropped. */
  output?: 'inherit' | 'ignore';
  /** How long to wait for the server to answer. Default 30 s. */
  startTimeoutMs?: number;
}

export interface DevServer {
  /** `host:port` of the gRPC frontend, for `Connection.connect({ address })` / `NativeConnection.connect`. */
  address: string;
  /** Web UI URL (empty string when `ui: false`). */
  uiUrl: string;
  namespace: string;
  /** Graceful stop (SIGTERM, then SIGKILL after 10 s). Idempotent. */
  stop(): Promise<void>;
}

const ALREADY_EXISTS = 6; // gRPC status code

/** The CLI's argv for `server start-dev`, in the order sdk-core's ephemeral server uses. */
export function devServerArgs(o: {
  port: number;
  uiPort: number | undefined;
  ip: string;
  namespace: string;
  dbFilename?: string;
  log: { format: string; level: string };
  searchAttributes: AnySearchAttributeKey[];
  extraArgs?: string[];
}): string[] {
  return [
    'server', 'start-dev',
    '--port', String(o.port),
    '--namespace', o.namespace,
    '--ip', o.ip,
    '--log-format', o.log.format,
    '--log-level', o.log.level,
    '--dynamic-config-value', 'frontend.enableServerVersionCheck=false',
    '--dynamic-config-value', 'frontend.enableUpdateWorkflowExecution=true',
    '--dynamic-config-value', 'frontend.enableUpdateWorkflowExecutionAsyncAccepted=true',
    // Activities a workflow task schedules come back with its completion (no poll round trip); the SLA
    // actions of a phase are scheduled together (see README, "Worker settings").
    '--dynamic-config-value', 'system.enableActivityEagerExecution=true',
    ...(o.dbFilename ? ['--db-filename', o.dbFilename] : []),
    ...(o.uiPort !== undefined ? ['--ui-port', String(o.uiPort)] : ['--headless']),
    ...o.searchAttributes.flatMap((k) => ['--search-attribute', `${k.name}=${TypedSearchAttributes.toMetadataType(k.type)}`]),
    ...(o.extraArgs ?? []),
  ];
}

const INDEXED_VALUE_TYPE: Record<SearchAttributeType, number> = {
  // temporal.api.enums.v1.IndexedValueType
  TEXT: 1,
  KEYWORD: 2,
  INT: 3,
  DOUBLE: 4,
  BOOL: 5,
  DATETIME: 6,
  KEYWORD_LIST: 7,
};

/**
 * Registers custom search attributes one by one, treating ALREADY_EXISTS as success. Works on the
 * dev server (needed when a persisted DB predates an attribute: `--search-attribute` only applies to
 * namespaces created by that launch) and on the time-skipping test server (which has no
 * `--search-attribute` option and no ListSearchAttributes).
 */
export async function ensureSearchAttributes(
  connection: Pick<Connection, 'operatorService'>,
  namespace: string,
  keys: readonly AnySearchAttributeKey[],
): Promise<void> {
  for (const key of keys) {
    try {
      await connection.operatorService.addSearchAttributes({
        namespace,
        searchAttributes: { [key.name]: INDEXED_VALUE_TYPE[key.type] },
      });
    } catch (err) {
      if (isGrpcServiceError(err) && err.code === ALREADY_EXISTS) continue;
      throw err;
    }
  }
}

function assertPortFree(port: number, ip: string, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', (err: NodeJS.ErrnoException) => {
      reject(
        err.code === 'EADDRINUSE'
          ? new Error(
              `Cannot start the Temporal dev server: ${what} port ${ip}:${port} is already in use ` +
                `(another Temporal server?). Stop it, choose other ports (TEMPORAL_DEV_PORT / TEMPORAL_UI_PORT), ` +
                `or use the running server with TEMPORAL_ADDRESS.`,
            )
          : err,
      );
    });
    srv.listen({ port, host: ip, exclusive: true }, () => srv.close(() => resolve()));
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function startDevServer(opts: DevServerOptions): Promise<DevServer> {
  const ip = opts.ip ?? '127.0.0.1';
  const port = opts.port ?? 7233;
  const ui = opts.ui ?? true;
  const uiPort = ui ? (opts.uiPort ?? port + 1000) : undefined;
  const namespace = opts.namespace ?? 'default';
  const log = { format: opts.log?.format ?? 'pretty', level: opts.log?.level ?? 'error' };
  const searchAttributes = opts.searchAttributes ?? allSlaSearchAttributes;
  const uiUrl = uiPort !== undefined ? `http://${ip}:${uiPort}` : '';
  const dbFilename = opts.dbFilename ? path.resolve(opts.dbFilename) : undefined;
  if (dbFilename) mkdirSync(path.dirname(dbFilename), { recursive: true });

  await assertPortFree(port, ip, 'gRPC');
  if (uiPort !== undefined) await assertPortFree(uiPort, ip, 'Web UI');

  if (opts.executable.type === 'cached-download') {
    return startWithSdkDownload({ ...opts, ip, port, uiPort, ui, namespace, log, searchAttributes, dbFilename, uiUrl });
  }

  const args = devServerArgs({ port, uiPort, ip, namespace, dbFilename, log, searchAttributes, extraArgs: opts.extraArgs });
  const output = opts.output ?? 'inherit';
  // Own process group (detached), so a terminal Ctrl-C reaches only this process, which can then stop
  // the worker before the server. A tiny sh supervisor stops the CLI (SIGTERM) when its stdin pipe
  // closes: on stop(), and also when this process dies in any way (even SIGKILL): no orphaned server.
  const child = spawn('sh', ['-c', SUPERVISOR, 'temporal-dev-server', opts.executable.path, ...args], {
    stdio: ['pipe', output, output],
    detached: true,
  });
  let exited: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  let spawnError: Error | undefined;
  const exitPromise = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      exited = { code, signal };
      resolve();
    });
    child.once('error', (err) => {
      spawnError = err;
      exited ??= { code: null, signal: null };
      resolve();
    });
  });
  const address = `${ip}:${port}`;
  const stop = makeStop(child, exitPromise, () => exited !== undefined);
  try {
    const deadline = Date.now() + (opts.startTimeoutMs ?? 30_000);
    let lastError: unknown;
    for (;;) {
      if (exited) {
        throw new Error(
          spawnError
            ? `Could not run the Temporal CLI ${opts.executable.path}: ${spawnError.message}`
            : `The Temporal dev server exited during start (code ${exited.code}, signal ${exited.signal}); see its output above`,
        );
      }
      if (Date.now() > deadline) {
        throw new Error(`The Temporal dev server did not become ready at ${address} within ${opts.startTimeoutMs ?? 30_000} ms: ${String(lastError)}`);
      }
      let connection: Connection | undefined;
      try {
        connection = await Connection.connect({ address, connectTimeout: 1000 });
        await connection.workflowService.describeNamespace({ namespace });
      } catch (err) {
        lastError = err;
        await connection?.close();
        await sleep(100);
        continue;
      }
      try {
        await ensureSearchAttributes(connection, namespace, searchAttributes);
      } finally {
        await connection.close();
      }
      break;
    }
  } catch (err) {
    await stop();
    throw err;
  }
  return { address, uiUrl, namespace, stop };
}

/**
 * `sh -c SUPERVISOR name exe args...`: runs the CLI; stops it with SIGTERM (graceful, like SIGINT) when
 * stdin reaches EOF; exits with the CLI's status. Notes: a non-interactive sh gives background jobs
 * /dev/null as stdin (hence fd 3) and ignored SIGINT (hence SIGTERM).
 */
const SUPERVISOR = `
exec 3<&0 </dev/null
"$@" 3<&- &
cli=$!
( while read -r _ <&3; do :; done; kill -TERM "$cli" 2>/dev/null ) &
watcher=$!
exec 3<&-
wait "$cli"
rc=$?
kill "$watcher" 2>/dev/null
exit "$rc"
`;

function makeStop(child: ChildProcess, exitPromise: Promise<void>, hasExited: () => boolean) {
  let stopping: Promise<void> | undefined;
  return (): Promise<void> => {
    stopping ??= (async () => {
      if (!hasExited()) {
        child.stdin?.end(); // -> supervisor sends SIGTERM to the CLI
        const timer = setTimeout(() => {
          try {
            process.kill(-child.pid!, 'SIGKILL'); // whole group: supervisor + CLI
          } catch {
            /* already gone */
          }
        }, 10_000);
        await exitPromise;
        clearTimeout(timer);
      }
    })();
    return stopping;
  };
}

/** Fallback when no local CLI can be built: the SDK downloads the CLI (needs internet access). */
async function startWithSdkDownload(o: {
  executable: EphemeralServerExecutable;
  ip: string;
  port: number;
  ui: boolean;
  uiPort: number | undefined;
  namespace: string;
  log: { format: string; level: string };
  searchAttributes: AnySearchAttributeKey[];
  dbFilename: string | undefined;
  uiUrl: string;
  extraArgs?: string[];
}): Promise<DevServer> {
  // @temporalio/testing is a devDependency: only loaded on this fallback path.
  const { TestWorkflowEnvironment } = await import('@temporalio/testing');
  const env = await TestWorkflowEnvironment.createLocal({
    server: {
      executable: o.executable,
      ip: o.ip,
      port: o.port,
      ui: o.ui,
      uiPort: o.uiPort,
      namespace: o.namespace,
      log: o.log,
      dbFilename: o.dbFilename,
      searchAttributes: o.searchAttributes,
      extraArgs: o.extraArgs,
    },
  });
  try {
    await ensureSearchAttributes(env.connection, o.namespace, o.searchAttributes);
  } catch (err) {
    await env.teardown();
    throw err;
  }
  let stopping: Promise<void> | undefined;
  return { address: env.address, uiUrl: o.uiUrl, namespace: o.namespace, stop: () => (stopping ??= env.teardown()) };
}
