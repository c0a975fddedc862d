import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.js';

describe('service-KPI report refuses bad input with stable codes', () => {
  let t: TestApp;
  let manager: string;
  beforeAll(async () => {
    t = await createTestApp({ clock: () => new Date('2027-03-20T12:00:00Z') });
    manager = await t.keyFor('manager');
  });
  afterAll(() => t.close());

  const get = (url: string, key?: string) => t.app.inject({ method: 'GET', url, headers: t.auth(key ?? manager) });

  it.each([
    ['from after to', '/v1/reports/service-kpis?from=2027-03-10T00:00:00Z&to=2027-03-01T00:00:00Z', 'REPORT_RANGE_INVALID'],
    ['an empty range', '/v1/reports/service-kpis?from=2027-03-01T00:00:00Z&to=2027-03-01T00:00:00Z', 'REPORT_RANGE_INVALID'],
    ['a range over five years', '/v1/reports/service-kpis?from=2020-01-01T00:00:00Z&to=2025-01-01T00:00:01Z', 'REPORT_RANGE_TOO_LONG'],
    ['an unknown groupBy', '/v1/reports/service-kpis?from=2027-03-01T00:00:00Z&to=2027-03-02T00:00:00Z&groupBy=colour', 'VALIDATION_FAILED'],
    ['an instant without offset', '/v1/reports/service-kpis?from=2027-03-01T00:00:00&to=2027-03-02T00:00:00Z', 'INSTANT_WITHOUT_OFFSET'],
    ['a missing to', '/v1/reports/service-kpis?from=2027-03-01T00:00:00Z', 'VALIDATION_FAILED'],
  ])('%s is a 400', async (_name, url, code) => {
    const res = await get(url);
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.json().code).toBe(code);
  });

  it('accepts exactly five years', async () => {
    const res = await get('/v1/reports/service-kpis?from=2020-01-01T00:00:00Z&to=2025-01-01T00:00:00Z&groupBy=month');
    expect(res.statusCode).toBe(200);
    expect(res.json().groups).toHaveLength(60);
  });

  it('needs the manager role', async () => {
    const res = await get('/v1/reports/service-kpis?from=2027-03-01T00:00:00Z&to=2027-03-02T00:00:00Z', await t.keyFor('agent'));
    expect(res.statusCode).toBe(403);
  });
});
