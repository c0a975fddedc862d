/**
 * The production build: `dist/api.mjs`, `dist/worker.mjs` and `dist/migrate.mjs`, each the entry point of
 * src/main/ with this project's code and drizzle-orm bundled in; every other package stays in node_modules.
 *
 * Why bundle: on Node 22.19+ and 24, ESM imports inside a package with a large `exports` map cost memory
 * for good (nodejs/node#59733); drizzle-orm alone added about 130 MB of RSS to each process, bundled it
 * adds almost nothing. tsx transpiling at run time added more.
 *
 * `import.meta.url` is replaced in each source file by that file's own URL, so the paths it computes
 * (migrations, workflow sources, Temporal binaries) are those of the checkout the bundle was built from,
 * exactly as when run through tsx.
 *
 *   node scripts/build.mjs [--quiet] [--outdir DIR]   (default dist/)
 */
import { readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BUNDLED_PACKAGES = ['drizzle-orm'];
const bundled = (spec) => BUNDLED_PACKAGES.some((p) => spec === p || spec.startsWith(`${p}/`));

const ownImportMetaUrl = {
  name: 'own-import-meta-url',
  setup(b) {
    b.onResolve({ filter: /^[^./]|^\.\.?$/ }, (args) => (args.kind === 'entry-point' || bundled(args.path) ? undefined : { external: true }));
    b.onLoad({ filter: /\.ts$/ }, async (args) => {
      if (args.path.includes(`${path.sep}node_modules${path.sep}`)) return undefined;
      const source = await readFile(args.path, 'utf8');
      return { contents: source.replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href)), loader: 'ts' };
    });
  },
};

const outdirArg = process.argv.indexOf('--outdir');
const outdir = outdirArg > 0 ? path.resolve(process.argv[outdirArg + 1]) : path.join(root, 'dist');
const started = performance.now();
// Chunks of an earlier build would stay beside the new ones (their names carry a content hash).
for (const f of await readdir(outdir).catch(() => [])) if (/\.mjs(\.map)?$/.test(f)) await rm(path.join(outdir, f));
await build({
  absWorkingDir: root,
  entryPoints: { api: 'src/main/api.ts', worker: 'src/main/worker.ts', migrate: 'src/main/migrate.ts' },
  outdir,
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  target: 'node22',
  format: 'esm',
  splitting: true,
  sourcemap: 'linked',
  keepNames: true,
  logLevel: 'warning',
  plugins: [ownImportMetaUrl],
});
if (!process.argv.includes('--quiet')) console.log(`built ${path.relative(root, outdir) || '.'}/{api,worker,migrate}.mjs in ${Math.round(performance.now() - started)} ms`);
