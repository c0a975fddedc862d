import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.js';
import { loadFixture, type Fixture } from '../reports/fixture.js';

describe('goals: actual, % achieved, status and daily trend from the fixture', () => {
  let t: TestApp;
  let fixture: Fixture;
  let manager: string;
  let now = new Date('2027-03-10T12:00:00Z');
  beforeAll(async () => {
    t = await createTestApp({ clock: () => now });
    fixture = await loadFixture(t.database.db);
    manager = await t.keyFor('manager');
  });
  afterAll(() => t.close());

  const post = (body: unknown) => t.app.inject({ method: 'POST', url: '/v1/goals', headers: t.auth(manager), payload: body as object });
  const get = async (id: string) => (await t.app.inject({ method: 'GET', url: `/v1/goals/${id}`, headers: t.auth(manager) })).json();
  const march = { type: 'month', month: '2027-03' };

  it('rolls a queue goal of resolved cases up from its children, day by day', async () => {
    const parent = await post({ name: 'March resolutions', metric: 'cases_resolved', owner: { type: 'queue', id: fixture.queueIds.support }, period: march, target: 8, stretchTarget: 10 });
    expect(parent.statusCode).toBe(201);
    expect(parent.headers.location).toBe(`/v1/goals/${parent.json().id}`);
    const support = await post({ name: 'Support', metric: 'cases_resolved', owner: { type: 'queue', id: fixture.queueIds.support }, period: march, target: 4, parentId: parent.json().id });
    const billing = await post({ name: 'Billing', metric: 'cases_resolved', owner: { type: 'queue', id: fixture.queueIds.billing }, period: march, target: 4, parentId: parent.json().id });
    expect([support.statusCode, billing.statusCode]).toEqual([201, 201]);

    const p = await get(parent.json().id);
    // Resolved in March: Support C1, C2, C4 (Mon 8th); Billing C10 (Fri 5th), C8 (Tue 9th).
    expect(p).toMatchObject({ actual: 5, target: 8, percentAchieved: 62.5, status: 'in_progress', stretchAchieved: false, period: { start: '2027-03-01', end: '2027-03-31' } });
    expect(p.children.map((c: { name: string; actual: number }) => [c.name, c.actual])).toEqual([['Billing', 2], ['Support', 3]]);
    // Trend up to today (10 March): one point per day.
    expect(p.trend).toHaveLength(10);
    expect(p.trend.filter((d: { value: number }) => d.value > 0)).toEqual([
      { date: '2027-03-05', value: 1, toDate: 1 },
      { date: '2027-03-08', value: 3, toDate: 4 },
      { date: '2027-03-09', value: 1, toDate: 5 },
    ]);
  });

  it('judges a lower-is-better goal when its period is over', async () => {
    const goal = await post({ name: 'Ada answers fast', metric: 'first_response_median_business_minutes', owner: { type: 'agent', id: fixture.agentId }, period: { type: 'custom', from: '2027-03-01', to: '2027-03-14' }, target: 150 });
    expect(goal.statusCode).toBe(201);
    now = new Date('2027-03-20T00:00:00Z');
    // Ada owns C1-C5: first responses 119, 30, 45, 240, 180 business minutes: median 119.
    expect(await get(goal.json().id)).toMatchObject({ actual: 119, percentAchieved: 126.05, status: 'achieved' });
    const patched = await t.app.inject({ method: 'PATCH', url: `/v1/goals/${goal.json().id}`, headers: { ...t.auth(manager), 'if-match': 'W/"1"' }, payload: { target: 100 } });
    expect(patched.statusCode).toBe(200);
    expect(await get(goal.json().id)).toMatchObject({ actual: 119, target: 100, status: 'missed', version: 2 });
    const stale = await t.app.inject({ method: 'PATCH', url: `/v1/goals/${goal.json().id}`, headers: { ...t.auth(manager), 'if-match': 'W/"1"' }, payload: { target: 90 } });
    expect(stale.statusCode).toBe(412);
  });

  it('is never stale: a new resolution counts at the next read', async () => {
    now = new Date('2027-03-20T00:00:00Z');
    const goal = (await post({ name: 'Billing Q1', metric: 'cases_resolved', owner: { type: 'queue', id: fixture.queueIds.billing }, period: { type: 'quarter', quarter: '2027-Q1' }, target: 3 })).json();
    expect((await get(goal.id)).actual).toBe(2);
    const { cases } = await import('../../db/schema/index.js');
    const { eq } = await import('drizzle-orm');
    await t.database.db.update(cases).set({ status: 'resolved', resolvedAt: new Date('2027-03-12T10:00:00Z') }).where(eq(cases.id, fixture.caseIds[5]!));
    expect((await get(goal.id)).actual).toBe(3);
  });

  it.each([
    ['an unknown metric', { metric: 'happiness' }, 400, 'VALIDATION_FAILED'],
    ['a missing owner', { owner: { type: 'agent', id: '00000000-0000-4000-8000-000000000000' } }, 422, 'GOAL_OWNER_NOT_FOUND'],
    ['a stretch below the target', { stretchTarget: 1 }, 422, 'GOAL_STRETCH_BELOW_TARGET'],
    ['custom dates in the wrong order', { period: { type: 'custom', from: '2027-03-10', to: '2027-03-01' } }, 400, 'GOAL_PERIOD_INVALID'],
    ['a parent with another metric', { parentId: 'parent' }, 422, 'GOAL_PARENT_MISMATCH'],
  ])('refuses %s', async (_name, change, status, code) => {
    const other = (await post({ name: 'Other', metric: 'cases_created', owner: { type: 'agent', id: fixture.agentId }, period: march, target: 1 })).json();
    const body: Record<string, unknown> = { name: 'Bad', metric: 'cases_resolved', owner: { type: 'agent', id: fixture.agentId }, period: march, target: 5, ...change };
    if ((change as { parentId?: string }).parentId) body.parentId = other.id;
    const res = await post(body);
    expect(res.statusCode).toBe(status);
    expect(res.json().code).toBe(code);
  });

  it('needs the manager role', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/v1/goals', headers: t.auth(await t.keyFor('agent')) });
    expect(res.statusCode).toBe(403);
  });
});
