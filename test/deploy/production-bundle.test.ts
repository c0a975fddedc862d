import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
// Inside the checkout: the packages left out of the bundle resolve from its node_modules.
fs.mkdirSync(path.join(root, 'dist'), { recursive: true });
const outdir = fs.mkdtempSync(path.join(root, 'dist', '.test-'));

/** Every package an entry point imports statically, through the chunks it shares with the others. */
function staticPackages(entry: string): Set<string> {
  const packages = new Set<string>();
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const code = fs.readFileSync(path.join(outdir, file), 'utf8');
    for (const m of code.matchAll(/^\s*(?:import|export)\s[^;]*?from\s*"([^"]+)"|^\s*import\s*"([^"]+)"/gm)) {
      const spec = m[1] ?? m[2];
      if (spec.startsWith('./')) visit(spec.slice(2));
      else if (!spec.startsWith('node:')) packages.add(spec);
    }
  };
  visit(entry);
  return packages;
}

describe('production bundle (npm run build)', () => {
  beforeAll(() => {
    execFileSync(process.execPath, [path.join(root, 'scripts/build.mjs'), '--quiet', '--outdir', outdir], { cwd: root });
  }, 120_000);
  afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));

  it('bundles drizzle-orm in and leaves ECharts out of the worker and API start-up', () => {
    for (const entry of ['worker.mjs', 'api.mjs']) {
      const packages = staticPackages(entry);
      expect(packages.has('@temporalio/worker') || packages.has('fastify'), entry).toBe(true); // the scan sees imports
      expect([...packages].filter((p) => p.startsWith('drizzle-orm')), entry).toEqual([]);
      expect(packages.has('echarts'), entry).toBe(false);
    }
  });

  it('runs from another working directory and finds the migrations of the checkout it was built from', () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sla-dist-data-'));
    try {
      const out = execFileSync(process.execPath, [path.join(outdir, 'migrate.mjs')], {
        cwd: os.tmpdir(),
        env: { PATH: process.env.PATH, DATA_DIR: dataDir, NODE_ENV: 'test' },
        encoding: 'utf8',
      });
      expect(out).toContain('migrations applied (pglite)');
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});
