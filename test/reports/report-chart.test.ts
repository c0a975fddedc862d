import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.js';
import { chromiumAvailable, closeChromium, renderSvg } from '../support/render-svg.js';
import { loadFixture } from './fixture.js';

const range = 'from=2027-03-01T00:00:00Z&to=2027-03-15T00:00:00Z';

describe.skipIf(!chromiumAvailable)('service-KPI trend chart rendered in headless Chromium', () => {
  let t: TestApp;
  let manager: string;
  beforeAll(async () => {
    t = await createTestApp({ clock: () => new Date('2027-03-20T12:00:00Z') });
    await loadFixture(t.database.db);
    manager = await t.keyFor('manager');
  });
  afterAll(async () => {
    await closeChromium();
    await t.close();
  });

  const chart = (query: string) => t.app.inject({ method: 'GET', url: `/v1/reports/service-kpis.svg?${query}`, headers: t.auth(manager) });

  it('draws SLA compliance per day as lines with points', async () => {
    const res = await chart(`metric=sla_compliance&${range}&groupBy=day&width=900&height=450`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^image\/svg\+xml/);
    const r = await renderSvg(res.body, ['path', 'text']);
    expect(r.parseError).toBeNull();
    expect([r.width, r.height]).toEqual([900, 450]);
    expect(res.body).toContain('SLA compliance');
    expect(res.body).toContain('2027-03-05');
    expect(r.visible.path).toBeGreaterThan(10);
    expect(r.inkRatio).toBeGreaterThan(0.01);
  });

  it('draws CSAT per queue as bars', async () => {
    const res = await chart(`metric=csat_average&${range}&groupBy=queue`);
    expect(res.statusCode).toBe(200);
    const r = await renderSvg(res.body, ['path']);
    expect(r.parseError).toBeNull();
    expect(res.body).toContain('Billing');
    expect(r.inkRatio).toBeGreaterThan(0.01);
  });

  it('refuses an unknown metric', async () => {
    const res = await chart(`metric=happiness&${range}`);
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('VALIDATION_FAILED');
  });
});
