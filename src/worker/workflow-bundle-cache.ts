/**
 * The workflow bundle, kept between starts under `<dir>/workflow-bundle-<hash>.js`. The hash covers every
 * source the bundle can contain (workflows/, src/, activities/), the lockfile and the Node version, so a
 * change to any of them bundles afresh; a bundle built from other sources is never reused. A cache that
 * cannot be read or written only costs the bundling time.
 */
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SOURCE_DIRS = ['workflows', 'src', 'activities'];
const PREFIX = 'workflow-bundle-';

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile() && /\.(ts|js|mjs|cjs|json)$/.test(e.name))
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}

/** The hash of everything that goes into the bundle, as read from disk now. */
export async function workflowSourcesHash(root = ROOT): Promise<string> {
  const hash = createHash('sha256').update(process.version);
  const files = (await Promise.all(SOURCE_DIRS.map((d) => sourceFiles(path.join(root, d))))).flat();
  for (const f of [...files, path.join(root, 'package-lock.json')]) {
    hash.update(path.relative(root, f)).update('\0').update(await readFile(f)).update('\0');
  }
  return hash.digest('hex').slice(0, 32);
}

export interface BundleCacheLog {
  warn(obj: object, msg: string): void;
}

export async function cachedWorkflowBundle(
  dir: string,
  build: () => Promise<{ code: string }>,
  log: BundleCacheLog,
  root = ROOT,
): Promise<{ code: string; fromCache: boolean }> {
  const hash = await workflowSourcesHash(root);
  const file = path.join(dir, `${PREFIX}${hash}.js`);
  try {
    return { code: await readFile(file, 'utf8'), fromCache: true };
  } catch {
    // not cached yet: bundle below
  }
  const { code } = await build();
  try {
    await mkdir(dir, { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    await writeFile(tmp, code);
    await rename(tmp, file);
    for (const old of await readdir(dir)) {
      if (old.startsWith(PREFIX) && path.join(dir, old) !== file) await rm(path.join(dir, old), { force: true });
    }
  } catch (err) {
    log.warn({ dir, err: err instanceof Error ? err.message : String(err) }, 'workflow bundle not cached');
  }
  return { code, fromCache: false };
}
