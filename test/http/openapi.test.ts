import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileErrors, validate } from '@readme/openapi-parser';
import { createTestApp, type TestApp } from '../support/app.js';

/** Method + path of every route the app registered, read from Fastify's route tree. */
function registeredRoutes(tree: string): string[] {
  const routes: string[] = [];
  const stack: string[] = [];
  for (const line of tree.split('\n')) {
    const m = /^((?:[│ ] {3})*)[├└]── (.*?)(?: \(([^)]*)\))?$/.exec(line);
    if (!m) continue;
    const depth = m[1].length / 4;
    stack.length = depth;
    stack.push(m[2]);
    const path = stack.join('');
    for (const method of (m[3] ?? '').split(',').map((s) => s.trim()).filter(Boolean)) {
      routes.push(`${method} ${path}`);
    }
  }
  return routes;
}

describe('OpenAPI document', () => {
  let t: TestApp;
  let doc: { openapi: string; paths: Record<string, Record<string, { responses?: Record<string, unknown>; tags?: string[]; summary?: string }>> };
  beforeAll(async () => {
    t = await createTestApp();
    doc = (await t.app.inject({ method: 'GET', url: '/docs/json' })).json();
  });
  afterAll(async () => t.close());

  it('is a valid OpenAPI 3.1 document', async () => {
    expect(doc.openapi).toBe('3.1.0');
    const result = await validate(structuredClone(doc) as never);
    expect(result.valid, result.valid ? '' : compileErrors(result)).toBe(true);
  });

  it('documents every registered API route with its method', () => {
    const routes = registeredRoutes(t.app.printRoutes({ commonPrefix: false }))
      .filter((r) => !r.startsWith('HEAD ') && !r.includes(' /docs'))
      .map((r) => r.replace(/:(\w+)/g, '{$1}'));
    expect(routes.length).toBeGreaterThan(30);
    const documented = new Set(Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`)));
    expect(routes.filter((r) => !documented.has(r))).toEqual([]);
  });

  it('gives every /v1 operation a tag, a summary and a success answer', () => {
    for (const [path, ops] of Object.entries(doc.paths).filter(([p]) => p.startsWith('/v1/'))) {
      for (const [method, op] of Object.entries(ops)) {
        const where = `${method.toUpperCase()} ${path}`;
        expect(op.tags?.length, where).toBeGreaterThan(0);
        expect(op.summary, where).toBeTruthy();
        expect(Object.keys(op.responses ?? {}).some((c) => c.startsWith('2')), where).toBe(true);
      }
    }
  });

  /** An operation that declares `security: []` needs no API key (the survey links). */
  const isPublic = (op: object) => {
    const security = (op as { security?: unknown }).security;
    return Array.isArray(security) && security.length === 0;
  };

  it('documents the 400, 401 and 403 problem answers of every /v1 operation (400 only on public ones)', () => {
    const ops = Object.entries(doc.paths)
      .filter(([path]) => path.startsWith('/v1/'))
      .flatMap(([path, o]) => Object.entries(o).map(([method, op]) => ({ where: `${method.toUpperCase()} ${path}`, op })));
    expect(ops.length).toBeGreaterThan(60);
    const missing = ops
      .filter(({ op }) => !(isPublic(op) ? ['400'] : ['400', '401', '403']).every((c) => Object.keys(op.responses ?? {}).includes(c)))
      .map((o) => o.where);
    expect(missing).toEqual([]);
    // The only /v1 operations without a key are the survey links (the token is their credential).
    expect(ops.filter(({ op }) => isPublic(op)).map((o) => o.where).sort()).toEqual(['GET /v1/surveys/{token}', 'POST /v1/surveys/{token}']);
  });

  it('documents the SLA definition answers: 404 on one SLA, 412 and 428 on replacing it', () => {
    const codes = (path: string, method: string) => Object.keys((doc.paths[path]?.[method]?.responses ?? {}) as object);
    expect(codes('/v1/slas', 'post')).toEqual(expect.arrayContaining(['201', '400', '422']));
    expect(codes('/v1/slas/{id}', 'get')).toEqual(expect.arrayContaining(['200', '404']));
    expect(codes('/v1/slas/{id}', 'put')).toEqual(expect.arrayContaining(['200', '400', '404', '412', '422', '428']));
    expect(codes('/v1/slas/{id}', 'delete')).toEqual(expect.arrayContaining(['204', '404']));
    expect(codes('/v1/cases/{id}/sla', 'get')).toEqual(expect.arrayContaining(['200', '404']));
  });

  const operations = () =>
    Object.entries(doc.paths).flatMap(([path, o]) =>
      Object.entries(o).map(([method, op]) => ({ path, method, where: `${method.toUpperCase()} ${path}`, op: op as Record<string, any> })),
    );
  const codesOf = (op: Record<string, any>) => Object.keys(op.responses ?? {});

  it('documents the answers of the HTTP layer on every operation: 431 and 503 everywhere, 429 behind a key, 404 with path parameters, 413 and 415 with a body', () => {
    const missing: string[] = [];
    for (const { where, op, path } of operations()) {
      const expected = ['431', '503'];
      if (path.startsWith('/v1/')) expected.push('400', '429', ...(isPublic(op) ? [] : ['401', '403']));
      if ((op.parameters ?? []).some((p: { in: string }) => p.in === 'path')) expected.push('404');
      if (op.requestBody) expected.push('413', '415');
      for (const code of expected) if (!codesOf(op).includes(code)) missing.push(`${where} ${code}`);
    }
    expect(missing).toEqual([]);
  });

  it('documents 412 wherever If-Match is accepted, 428 where it is required, and 409 wherever Idempotency-Key is accepted', () => {
    const missing: string[] = [];
    for (const { where, op } of operations()) {
      const header = (name: string) => (op.parameters ?? []).find((p: { in: string; name: string }) => p.in === 'header' && p.name.toLowerCase() === name);
      const ifMatch = header('if-match');
      if (ifMatch && !codesOf(op).includes('412')) missing.push(`${where} 412`);
      if (ifMatch?.description?.startsWith('Required') && !codesOf(op).includes('428')) missing.push(`${where} 428`);
      if (header('idempotency-key') && !codesOf(op).includes('409')) missing.push(`${where} 409`);
    }
    expect(missing).toEqual([]);
    const codes = (path: string, method: string) => codesOf(doc.paths[path]![method] as Record<string, any>);
    expect(codes('/v1/cases/{id}', 'patch')).toEqual(expect.arrayContaining(['412']));
    expect(codes('/v1/calendars/{id}', 'put')).toEqual(expect.arrayContaining(['412', '428']));
    expect(codes('/v1/cases', 'post')).toEqual(expect.arrayContaining(['409']));
  });

  it('describes every error answer as RFC 9457 problem+json with a stable code', () => {
    const wrong: string[] = [];
    for (const { where, op, path } of operations()) {
      for (const [code, answer] of Object.entries(op.responses ?? {}) as Array<[string, { content?: Record<string, { schema?: any }> }]>) {
        if (Number(code) < 400 || (path === '/healthz' && code === '503')) continue;
        const content = answer.content ?? {};
        const schema = content['application/problem+json']?.schema;
        if (Object.keys(content).join() !== 'application/problem+json' || !schema?.properties?.code || !schema.required?.includes('code')) wrong.push(`${where} ${code}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('documents problem answers as application/problem+json', () => {
    const op = doc.paths['/v1/cases/{id}']!.patch as { responses: Record<string, { content: Record<string, unknown> }> };
    for (const code of ['400', '404', '409', '412', '428']) expect(Object.keys(op.responses[code].content)).toEqual(['application/problem+json']);
  });
});
