import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.js';
import { loadFixture, type Fixture } from './fixture.js';

const range = 'from=2027-03-01T00:00:00Z&to=2027-03-15T00:00:00Z';

describe('service KPIs of the hand-computed fixture (08:00-17:00 calendar, a weekend)', () => {
  let t: TestApp;
  let fixture: Fixture;
  let manager: string;
  beforeAll(async () => {
    t = await createTestApp({ clock: () => new Date('2027-03-20T12:00:00Z') });
    fixture = await loadFixture(t.database.db);
    manager = await t.keyFor('manager');
  });
  afterAll(() => t.close());

  const report = async (query: string, headers: Record<string, string> = {}) =>
    t.app.inject({ method: 'GET', url: `/v1/reports/service-kpis?${query}`, headers: { ...t.auth(manager), ...headers } });

  it('counts volume, response and resolution times and compliance exactly', async () => {
    const res = await report(`${range}&groupBy=queue`);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.total.volume).toEqual({ created: 10, resolved: 5, reopened: 1, backlog: 5 });
    expect(body.total.firstResponse).toEqual({
      businessMinutes: { count: 9, median: 45, p90: 192, mean: 78.78 },
      calendarMinutes: { count: 9, median: 730, p90: 3851.8, mean: 1392.11 },
    });
    expect(body.total.resolution).toEqual({
      businessMinutes: { count: 5, median: 420, p90: 528, mean: 396 },
      calendarMinutes: { count: 5, median: 1200, p90: 4308, mean: 2136 },
    });
    expect(body.total.compliance).toEqual({
      first_response: { met: 7, pausedAtResolution: 0, breached: 1, lateSuccess: 2, open: 0, decided: 10, complianceRate: 70 },
      resolve: { met: 5, pausedAtResolution: 1, breached: 1, lateSuccess: 0, open: 4, decided: 7, complianceRate: 85.71 },
    });
    expect(body.total.surveys).toEqual({
      csat: { answers: 4, average: 4, satisfied: 3, satisfiedPercent: 75, issued: 5, answeredOfIssued: 4, responseRate: 80 },
      nps: { answers: 7, promoters: 3, passives: 2, detractors: 2, promoterPercent: 42.86, detractorPercent: 28.57, nps: 14.29 },
      engagement: { answers: 5, score: 8, anonymous: false },
    });
    expect(body.retention).toMatchObject({ previousCustomers: 4, retainedCustomers: 3, rate: 75, previousFrom: '2027-02-15T00:00:00.000Z' });
  });

  it('splits the figures by queue', async () => {
    const body = (await report(`${range}&groupBy=queue`)).json();
    expect(body.groups.map((g: { label: string }) => g.label)).toEqual(['Billing', 'Support']);
    const [billing, support] = body.groups;
    expect(support.key).toBe(fixture.queueIds.support);
    expect(support.volume).toEqual({ created: 5, resolved: 3, reopened: 1, backlog: 2 });
    expect(support.firstResponse.businessMinutes).toEqual({ count: 5, median: 119, p90: 216, mean: 122.8 });
    expect(support.compliance.first_response).toMatchObject({ met: 3, lateSuccess: 2, breached: 0, complianceRate: 60 });
    expect(billing.volume).toEqual({ created: 5, resolved: 2, reopened: 0, backlog: 3 });
    expect(billing.firstResponse.businessMinutes).toEqual({ count: 4, median: 15, p90: 48, mean: 23.75 });
    expect(billing.compliance.first_response).toMatchObject({ met: 4, breached: 1, complianceRate: 80 });
    expect(support.surveys).toEqual({ csat: { answers: 3, average: 3.67, satisfied: 2, satisfiedPercent: 66.67, issued: 3, answeredOfIssued: 3, responseRate: 100 }, nps: null, engagement: null });
    expect(billing.surveys.csat).toMatchObject({ answers: 1, average: 5, issued: 2, responseRate: 50 });
  });

  it('buckets by ISO week with the backlog at the end of each week', async () => {
    const body = (await report(`${range}&groupBy=week`)).json();
    expect(body.groups.map((g: { key: string; label: string; volume: unknown }) => [g.key, g.label, g.volume])).toEqual([
      ['2027-03-01', '2027-W09', { created: 7, resolved: 1, reopened: 0, backlog: 6 }],
      ['2027-03-08', '2027-W10', { created: 3, resolved: 4, reopened: 1, backlog: 5 }],
    ]);
  });

  it('answers CSV with one row per group and a total row', async () => {
    const res = await report(`${range}&groupBy=queue`, { accept: 'text/csv' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    const lines = res.body.trim().split('\r\n');
    expect(lines).toHaveLength(4);
    const header = lines[0]!.split(',');
    const total = Object.fromEntries(lines[3]!.split(',').map((v, i) => [header[i], v]));
    expect(total).toMatchObject({ group_key: 'total', created: '10', 'firstResponse.businessMinutes.median': '45', 'compliance.resolve.complianceRate': '85.71', 'csat.average': '4', 'nps.nps': '14.29' });
  });
});
