/**
 * Knowledge base quality and speed (issue #14).
 *
 *   npm run bench:knowledge                                   (PGlite in memory)
 *   bash scripts/with-postgres.sh npm run bench:knowledge     (a throwaway PostgreSQL 15; any DATABASE_URL works)
 *   npm run bench:knowledge -- --part relevance               (relevance only: seconds)
 *   npm run bench:knowledge -- --part speed --articles 20000 --cases 40000 --requests 200
 *
 * 1. Relevance: the fixture of test/fixtures/knowledge goes in through the HTTP API (Fastify inject on
 *    the app built as in tests): articles created and published, resolved cases created with their
 *    linked articles and resolution, then the 60 case texts as open cases. For each case text:
 *    GET /v1/cases/{id}/knowledge/suggestions and GET /v1/cases/{id}/similar (limit 10), against the
 *    agents' judgments: precision@3 and MRR, beside a plain ILIKE baseline over the same tables in the
 *    same run (any term of the case, newest first; bench/support/relevance.ts). Targets: MRR ≥ 0.8 and
 *    ≥ 1.5 × the baseline's. A stronger ILIKE (ranked by the number of terms matched) is printed too.
 * 2. Speed: generated articles and cases written straight into the tables (bench/support/knowledge-data.ts;
 *    default 100,000 and 200,000, smaller on PGlite unless asked), ANALYZE, then one client in a closed
 *    loop: GET /v1/knowledge/search (the case texts' titles and 2-word queries, half with language=),
 *    suggestions and similar cases of the fixture's case texts. p50/p95/p99. Target: search and
 *    suggestions p95 ≤ 25 ms on PostgreSQL. Each is bounded by --requests and --seconds (at least 5
 *    requests); --scale-relevance prints the relevance figures again with the volume in; --profile prints,
 *    per request kind, the raw SQL statements (`db.execute`) it ran with their mean time and how many ran
 *    one after the other.
 * The machine is shared: the load average is printed beside the figures.
 */
// First: db/schema has an import cycle (cases → products → entitlements → cases) that plain Node ESM
// (tsx) trips over when cases.ts is entered first; entering through entitlements.ts resolves it.
import '../db/schema/entitlements.js';
import os from 'node:os';
import type { SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import { createTestApp, type TestApp } from '../test/support/app.js';
import { loadKnowledgeFixture, type FixtureCase } from '../test/fixtures/knowledge/fixture.js';
import { generateArticles, generateCases, vocabulary } from './support/knowledge-data.js';
import { RANKED, ilikeArticles, ilikeCases, percentile, score, type Baseline, type Scores } from './support/relevance.js';
import { flags } from './support/stack.js';

const opts = flags({ part: 'all', articles: 0, cases: 0, requests: 300, warmup: 10, seconds: 90, 'scale-relevance': false, verbose: false, profile: false });
const onPostgres = !!process.env.DATABASE_URL;
const articleCount = opts.articles || (onPostgres ? 100_000 : 20_000);
const caseCount = opts.cases || (onPostgres ? 200_000 : 40_000);
const parts = new Set(opts.part === 'all' ? ['relevance', 'speed'] : String(opts.part).split(','));
const fixture = loadKnowledgeFixture();
const load = () => os.loadavg().map((l) => l.toFixed(2)).join(' ');
const fmt = (x: number) => x.toFixed(3);

type Api = <T = Record<string, unknown>>(method: 'GET' | 'POST', url: string, body?: unknown) => Promise<T>;

function apiOf(t: TestApp): Api {
  return async (method, url, body) => {
    const r = await t.app.inject({ method, url, headers: t.auth(), ...(body === undefined ? {} : { payload: body as object }) });
    if (r.statusCode >= 400) throw new Error(`${method} ${url} → ${r.statusCode} ${r.body.slice(0, 300)}`);
    return r.json();
  };
}

interface Loaded {
  articleIds: Map<string, string>; // fixture id → article uuid
  caseIds: Map<string, string>; // fixture id → case uuid (resolved and open)
}

async function loadFixture(api: Api): Promise<Loaded> {
  const accounts = new Map<string, string>();
  for (const name of new Set([...fixture.cases, ...fixture.resolved].map((c) => c.account))) {
    accounts.set(name, (await api<{ id: string }>('POST', '/v1/accounts', { name })).id);
  }
  const products = new Map<string, string>();
  for (const name of new Set(fixture.articles.map((a) => a.product).filter((p): p is string => !!p))) {
    products.set(name, (await api<{ id: string }>('POST', '/v1/products', { name })).id);
  }
  const productId = (name: string | null) => (name ? products.get(name)! : null);
  const articleIds = new Map<string, string>();
  for (const a of fixture.articles) {
    const body = { title: a.title, content: a.content, keywords: a.keywords, language: a.language, productId: productId(a.product) };
    const { id } = await api<{ id: string }>('POST', '/v1/knowledge/articles', body);
    await api('POST', `/v1/knowledge/articles/${id}/publish`, {});
    articleIds.set(a.id, id);
  }
  const caseIds = new Map<string, string>();
  const createCase = async (c: { title: string; description: string; product: string | null; account: string }) =>
    (await api<{ id: string }>('POST', '/v1/cases', { title: c.title, description: c.description, productId: productId(c.product), accountId: accounts.get(c.account), origin: 'email' })).id;
  for (const r of fixture.resolved) {
    const id = await createCase(r);
    for (const [i, a] of r.linkedArticles.entries()) await api('POST', `/v1/cases/${id}/knowledge-links`, { articleId: articleIds.get(a), resolvesCase: i === 0 });
    await api('POST', `/v1/cases/${id}/resolve`, { resolution: r.resolution });
    caseIds.set(r.id, id);
  }
  for (const c of fixture.cases) caseIds.set(c.id, await createCase(c));
  return { articleIds, caseIds };
}

interface Pair {
  suggestions: Scores;
  similar: Scores;
}
interface Evaluation {
  ours: Pair;
  plain: Pair;
  counted: Pair;
  byLanguage: Record<string, Pair>;
  misses: string[];
}
type Ranked = Record<'ours' | 'plain' | 'counted', { suggestions: string[]; similar: string[] }>;

async function evaluate(t: TestApp, api: Api, loaded: Loaded): Promise<Evaluation> {
  const toFixture = new Map([...loaded.articleIds, ...loaded.caseIds].map(([k, v]) => [v, k]));
  const back = (ids: string[]) => ids.map((id) => toFixture.get(id) ?? `other:${id}`);
  const db = t.database.db;
  const runs: Array<{ c: FixtureCase; ranked: Ranked }> = [];
  for (const c of fixture.cases) {
    const id = loaded.caseIds.get(c.id)!;
    const s = await api<{ items: Array<{ articleId: string }> }>('GET', `/v1/cases/${id}/knowledge/suggestions?limit=${RANKED}`);
    const m = await api<{ items: Array<{ caseId: string }> }>('GET', `/v1/cases/${id}/similar?limit=${RANKED}`);
    const text = `${c.title}\n${c.description}`;
    const baseline = async (b: Baseline) => ({ suggestions: back(await ilikeArticles(db, text, b)), similar: back(await ilikeCases(db, id, text, b)) });
    runs.push({
      c,
      ranked: {
        ours: { suggestions: back(s.items.map((i) => i.articleId)), similar: back(m.items.map((i) => i.caseId)) },
        plain: await baseline('plain'),
        counted: await baseline('counted'),
      },
    });
  }
  const relevant = (c: FixtureCase, kind: keyof Pair) => new Set(c[kind === 'suggestions' ? 'articles' : 'similar'].map((j) => j.id));
  const pair = (subset: typeof runs, who: keyof Ranked): Pair => ({
    suggestions: score(subset.map((r) => ({ ranked: r.ranked[who].suggestions, relevant: relevant(r.c, 'suggestions') }))),
    similar: score(subset.map((r) => ({ ranked: r.ranked[who].similar, relevant: relevant(r.c, 'similar') }))),
  });
  const byLanguage = Object.fromEntries(['en', 'fr'].map((l) => [l, pair(runs.filter((r) => r.c.language === l), 'ours')]));
  const misses = runs
    .filter((r) => !r.ranked.ours.suggestions.slice(0, 3).some((id) => relevant(r.c, 'suggestions').has(id)))
    .map((r) => `${r.c.id} "${r.c.title}": wanted ${[...relevant(r.c, 'suggestions')].join(',')}, got ${r.ranked.ours.suggestions.slice(0, 3).join(',') || 'nothing'}`);
  return { ours: pair(runs, 'ours'), plain: pair(runs, 'plain'), counted: pair(runs, 'counted'), byLanguage, misses };
}

/** The best precision@3 the judgments allow: a case with one relevant answer scores 1/3 at most. */
const ceiling = (kind: 'articles' | 'similar') => fixture.cases.reduce((s, c) => s + Math.min(3, c[kind].length) / 3, 0) / fixture.cases.length;

function printEvaluation(title: string, e: Evaluation): void {
  const figures = (s: Scores) => `P@3 ${fmt(s.precisionAt3)}  MRR ${fmt(s.mrr)}`;
  console.log(`${title} (${e.ours.suggestions.n} case texts; load average ${load()})`);
  console.log(`  P@3 cannot exceed ${fmt(ceiling('articles'))} (suggestions) and ${fmt(ceiling('similar'))} (similar): most case texts have 1 or 2 relevant answers`);
  for (const kind of ['suggestions', 'similar'] as const) {
    const ours = e.ours[kind];
    const ratio = e.plain[kind].mrr > 0 ? ours.mrr / e.plain[kind].mrr : Infinity;
    const pass = ours.mrr >= 0.8 && ratio >= 1.5;
    console.log(`  ${kind.padEnd(12)} service ${figures(ours)} | plain ILIKE ${figures(e.plain[kind])} | MRR ${ratio.toFixed(2)}x plain  ${pass ? 'PASS' : 'FAIL'} (MRR ≥ 0.8: ${ours.mrr >= 0.8 ? 'yes' : 'no'}, ≥ 1.5x: ${ratio >= 1.5 ? 'yes' : 'no'})`);
    console.log(`  ${''.padEnd(12)} reference: ILIKE ranked by terms matched ${figures(e.counted[kind])}, service MRR ${(ours.mrr / (e.counted[kind].mrr || Infinity)).toFixed(2)}x it`);
  }
  for (const [language, s] of Object.entries(e.byLanguage)) {
    console.log(`    ${language}: suggestions ${figures(s.suggestions)} | similar ${figures(s.similar)} (${s.suggestions.n} texts)`);
  }
  console.log(`    suggestions without a relevant article in the top 3: ${e.misses.length}`);
  if (opts.verbose) for (const m of e.misses) console.log(`      ${m}`);
}

/** --profile: the raw statements of the timed requests, by their first words. */
const statements = new Map<string, number[]>();
let profiling = false;
function profileStatements(t: TestApp): void {
  const dialect = new PgDialect();
  const execute = t.database.db.execute.bind(t.database.db);
  t.database.db.execute = (async (query: Parameters<typeof execute>[0]) => {
    if (!profiling) return execute(query);
    const text = typeof query === 'string' ? query : dialect.sqlToQuery(query as SQL).sql;
    const key = text.replace(/\s+/g, ' ').trim().slice(0, 90);
    const t0 = performance.now();
    try {
      return await execute(query);
    } finally {
      statements.set(key, [...(statements.get(key) ?? []), performance.now() - t0]);
    }
  }) as typeof execute;
}
function printProfile(requests: number): void {
  for (const [key, ms] of [...statements].sort((a, b) => b[1].reduce((x, y) => x + y, 0) - a[1].reduce((x, y) => x + y, 0))) {
    const mean = ms.reduce((x, y) => x + y, 0) / ms.length;
    console.log(`      ${(ms.length / requests).toFixed(1).padStart(4)} per request  mean ${mean.toFixed(1).padStart(6)} ms  ${key}`);
  }
  statements.clear();
}

/** `--requests` requests after `--warmup`, or fewer when `--seconds` run out first (the count is printed). */
async function timed(label: string, urls: string[], api: Api): Promise<number> {
  const until = performance.now() + opts.seconds * 1000;
  for (let i = 0; i < opts.warmup && performance.now() < until; i++) await api('GET', urls[i % urls.length]!);
  const ms: number[] = [];
  profiling = opts.profile;
  for (let i = 0; i < opts.requests && (i < 5 || performance.now() < until); i++) {
    const t0 = performance.now();
    await api('GET', urls[i % urls.length]!);
    ms.push(performance.now() - t0);
  }
  profiling = false;
  ms.sort((a, b) => a - b);
  const p95 = percentile(ms, 95);
  console.log(`  ${label.padEnd(12)} p50 ${percentile(ms, 50).toFixed(1)} ms  p95 ${p95.toFixed(1)} ms  p99 ${percentile(ms, 99).toFixed(1)} ms  (${ms.length} requests, load average ${load()})`);
  if (opts.profile) printProfile(ms.length);
  return p95;
}

async function speed(t: TestApp, api: Api, loaded: Loaded): Promise<void> {
  const vocab = vocabulary(fixture);
  const t0 = performance.now();
  const step = (what: string, total: number) => (done: number) => {
    if (done === total || done % 20_000 === 0) process.stdout.write(`\r  generating ${what}: ${done}/${total}   `);
  };
  await generateArticles(t.database.db, vocab, articleCount, step('articles', articleCount));
  await generateCases(t.database.db, vocab, caseCount, step('cases', caseCount));
  await t.database.db.execute('analyze');
  console.log(`\r  generated ${articleCount} articles and ${caseCount} cases in ${((performance.now() - t0) / 1000).toFixed(0)} s (load average ${load()})`);
  const queries = fixture.cases.map((c) => ({ q: c.title, language: c.language }));
  for (let i = 0; i < 60; i++) {
    const words = vocab.words[i % 2 ? 'fr' : 'en']!;
    queries.push({ q: `${words[(i * 7919) % words.length]} ${words[(i * 104729) % words.length]}`, language: i % 2 ? 'fr' : 'en' });
  }
  const searchUrls = queries.map((q, i) => `/v1/knowledge/search?q=${encodeURIComponent(q.q)}${i % 2 ? `&language=${q.language}` : ''}`);
  const caseUuids = fixture.cases.map((c) => loaded.caseIds.get(c.id)!);
  console.log(`Speed on ${onPostgres ? 'PostgreSQL' : 'PGlite'} with ${articleCount + fixture.articles.length} articles and ${caseCount + fixture.cases.length + fixture.resolved.length} cases, one client, in-process inject:`);
  const search = await timed('search', searchUrls, api);
  const suggestions = await timed('suggestions', caseUuids.map((id) => `/v1/cases/${id}/knowledge/suggestions`), api);
  await timed('similar', caseUuids.map((id) => `/v1/cases/${id}/similar`), api);
  const verdict = (p95: number) => (p95 <= 25 ? 'PASS' : 'FAIL');
  console.log(`  target p95 ≤ 25 ms${onPostgres ? '' : ' (set for PostgreSQL; PGlite figure for information)'}: search ${verdict(search)}, suggestions ${verdict(suggestions)}`);
  if (opts['scale-relevance']) printEvaluation('Relevance with the generated volume present (information)', await evaluate(t, api, loaded));
}

// One client sends thousands of requests a minute: the per-key rate limit would answer 429.
const t = await createTestApp({ env: { RATE_LIMIT_PER_MINUTE: '1000000' } });
if (opts.profile) profileStatements(t);
try {
  console.log(`bench:knowledge on ${onPostgres ? `PostgreSQL (${(t.database as { name?: string }).name})` : 'PGlite (in memory)'}; ${os.cpus().length} CPUs, load average ${load()} (shared machine)`);
  const api = apiOf(t);
  const t0 = performance.now();
  const loaded = await loadFixture(api);
  console.log(`Fixture loaded through the API: ${fixture.articles.length} articles, ${fixture.resolved.length} resolved cases, ${fixture.cases.length} case texts in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  if (parts.has('relevance')) printEvaluation('Relevance', await evaluate(t, api, loaded));
  if (parts.has('speed')) await speed(t, api, loaded);
} finally {
  await t.close();
}
