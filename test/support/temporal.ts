/**
 * Temporal test helpers. Binaries come from `npm run tools` (scripts/temporal-tools.sh), overridable
 * with TEMPORAL_TEST_SERVER_PATH / TEMPORAL_CLI_PATH. A missing binary fails loudly with the
 * resolver's message (what to run); tests are never skipped for it.
 *
 * - Time skipping is global to an environment: one env per test file, tests in it serial.
 * - Use `await env.currentTimeMs()`, not Date.now(), in assertions under time skipping.
 * - The time-skipping server has no visibility list queries and no schedules: use createDevServerEnv().
 */
import { fileURLToPath } from 'node:url';
import { TestWorkflowEnvironment, type EphemeralServerExecutable as SdkExecutable, type LocalTestWorkflowEnvironmentOptions } from '@temporalio/testing';
import { bundleWorkflowCode, DefaultLogger, Runtime, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { resolveCliExecutable, resolveTestServerExecutable, type EphemeralServerExecutable } from '../../src/temporal/binaries.js';
import { ensureSearchAttributes } from '../../src/temporal/dev-server.js';
import { allSlaSearchAttributes } from '../../src/temporal/search-attributes.js';

// Compile-time check: our executable type stays assignable to the SDK's.
const _executableCompat = (e: EphemeralServerExecutable): SdkExecutable => e;
void _executableCompat;

let runtimeInstalled = false;

/** Installs the Temporal Runtime with a WARN logger, once per process (must precede any env/worker). */
export function installTestRuntime(): void {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  try {
    Runtime.install({ logger: new DefaultLogger('WARN') });
  } catch (err) {
    // IllegalStateError: a Runtime already exists in this process (installed elsewhere): keep it.
    if (!(err instanceof Error && err.name === 'IllegalStateError')) throw err;
  }
}

/** Time-skipping env on the Java test server, with the SLA search attributes registered. */
export async function createTimeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  installTestRuntime();
  const executable = resolveTestServerExecutable(process.env.TEMPORAL_TEST_SERVER_PATH);
  const env = await TestWorkflowEnvironment.createTimeSkipping({ server: { executable } });
  try {
    await ensureSearchAttributes(env.connection, env.namespace ?? 'default', allSlaSearchAttributes);
  } catch (err) {
    await env.teardown();
    throw err;
  }
  return env;
}

/** Full dev server (CLI, in-memory, headless unless overridden) with the SLA search attributes. */
export async function createDevServerEnv(
  server: Omit<NonNullable<LocalTestWorkflowEnvironmentOptions['server']>, 'executable' | 'searchAttributes'> = {},
): Promise<TestWorkflowEnvironment> {
  installTestRuntime();
  const executable = resolveCliExecutable(process.env.TEMPORAL_CLI_PATH);
  return TestWorkflowEnvironment.createLocal({
    // log level error: at warn the CLI prints harmless "network dial error" lines on start/stop.
    server: { log: { format: 'pretty', level: 'error' }, ...server, executable, searchAttributes: allSlaSearchAttributes },
  });
}

const bundles = new Map<string, Promise<WorkflowBundleWithSourceMap>>();

/**
 * Bundles workflow code once per path and process; pass the result as `workflowBundle` to
 * `Worker.create`. Accepts a path or a `file:` URL (e.g. `new URL('./workflows.ts', import.meta.url)`).
 * The SDK's bundler already resolves ESM `./x.js` imports to `./x.ts` (webpack `extensionAlias`).
 */
export function bundleWorkflows(workflowsPath: string | URL): Promise<WorkflowBundleWithSourceMap> {
  installTestRuntime();
  const p = workflowsPath instanceof URL ? fileURLToPath(workflowsPath) : workflowsPath;
  let bundle = bundles.get(p);
  if (!bundle) {
    bundle = bundleWorkflowCode({ workflowsPath: p, logger: new DefaultLogger('WARN') });
    bundles.set(p, bundle);
    bundle.catch(() => bundles.delete(p));
  }
  return bundle;
}
