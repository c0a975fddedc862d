import { mkdtemp, mkdir, readdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { cachedWorkflowBundle } from '../../src/worker/workflow-bundle-cache.js';

const quiet = { warn: () => {} };

describe('the workflow bundle cache', () => {
  let root: string;
  let cache: string;
  let builds: number;
  const build = async () => ({ code: `bundle #${++builds}` });

  beforeEach(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'bundle-cache-'));
    cache = path.join(root, '.data', 'cache');
    builds = 0;
    for (const d of ['workflows', 'src/sla', 'activities']) await mkdir(path.join(root, d), { recursive: true });
    await writeFile(path.join(root, 'workflows', 'index.ts'), 'export {};');
    await writeFile(path.join(root, 'src', 'sla', 'rules.ts'), 'export const a = 1;');
    await writeFile(path.join(root, 'activities', 'types.ts'), 'export {};');
    await writeFile(path.join(root, 'package-lock.json'), '{}');
  });

  it('reuses the bundle when no source changed since it was built', async () => {
    const first = await cachedWorkflowBundle(cache, build, quiet, root);
    const second = await cachedWorkflowBundle(cache, build, quiet, root);
    expect(first).toEqual({ code: 'bundle #1', fromCache: false });
    expect(second).toEqual({ code: 'bundle #1', fromCache: true });
    expect(builds).toBe(1);
  });

  it('bundles afresh after a change to domain code the workflows import, and keeps only the new bundle', async () => {
    await cachedWorkflowBundle(cache, build, quiet, root);
    await writeFile(path.join(root, 'src', 'sla', 'rules.ts'), 'export const a = 2;');
    const after = await cachedWorkflowBundle(cache, build, quiet, root);
    expect(after).toEqual({ code: 'bundle #2', fromCache: false });
    expect((await readdir(cache)).filter((f) => f.startsWith('workflow-bundle-'))).toHaveLength(1);
  });

  it('bundles afresh after a dependency change in the lockfile', async () => {
    await cachedWorkflowBundle(cache, build, quiet, root);
    await writeFile(path.join(root, 'package-lock.json'), '{"changed":true}');
    expect((await cachedWorkflowBundle(cache, build, quiet, root)).fromCache).toBe(false);
  });

  it('still returns the bundle when the cache folder cannot be made, and warns', async () => {
    // A file where the folder should be: mkdir fails even for root.
    await writeFile(path.join(root, 'not-a-folder'), '');
    const warnings: string[] = [];
    const result = await cachedWorkflowBundle(path.join(root, 'not-a-folder', 'cache'), build, { warn: (_o, msg) => warnings.push(msg) }, root);
    expect(result).toEqual({ code: 'bundle #1', fromCache: false });
    expect(warnings).toEqual(['workflow bundle not cached']);
  });
});
