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

  it('documents the 400, 401 and 403 problem answers of every /v1 operation', () => {
    const ops = Object.entries(doc.paths)
      .filter(([path]) => path.startsWith('/v1/'))
      .flatMap(([path, o]) => Object.entries(o).map(([method, op]) => ({ where: `${method.toUpperCase()} ${path}`, op })));
    expect(ops.length).toBeGreaterThan(60);
    const missing = ops.filter(({ op }) => !['400', '401', '403'].every((c) => Object.keys(op.responses ?? {}).includes(c))).map((o) => o.where);
    expect(missing).toEqual([]);
  });

  it('documents the SLA definition answers: 404 on one SLA, 412 and 428 on replacing it', () => {
    const codes = (path: string, method: string) => Object.keys((doc.paths[path]?.[method]?.responses ?? {}) as object);
    expect(codes('/v1/slas', 'post')).toEqual(expect.arrayContaining(['201', '400', '422']));
    expect(codes('/v1/slas/{id}', 'get')).toEqual(expect.arrayContaining(['200', '404']));
    expect(codes('/v1/slas/{id}', 'put')).toEqual(expect.arrayContaining(['200', '400', '404', '412', '422', '428']));
    expect(codes('/v1/slas/{id}', 'delete')).toEqual(expect.arrayContaining(['204', '404']));
    expect(codes('/v1/cases/{id}/sla', 'get')).toEqual(expect.arrayContaining(['200', '404']));
  });

  it('documents problem answers as application/problem+json', () => {
    const op = doc.paths['/v1/cases/{id}']!.patch as { responses: Record<string, { content: Record<string, unknown> }> };
    for (const code of ['400', '404', '409', '412', '428']) expect(Object.keys(op.responses[code].content)).toEqual(['application/problem+json']);
  });
});
