import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cases, contacts, surveyResponses, surveys } from '../../db/schema/index.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { loadFixture, type Fixture } from '../reports/fixture.js';

// Fixture CSAT answers (9 March 10:00): Support C1 5, C2 4, C4 2; Billing C8 5 (C10 never answered).
// Nora's NPS answers (9 March 12:00): 10, 9, 9, 8, 7, 6, 3 -> 3 promoters, 2 detractors of 7.
describe('goals on survey figures: CSAT by the answered case, NPS by the customers of the scope, engagement refused', () => {
  let t: TestApp;
  let fixture: Fixture;
  let manager: string;
  const now = new Date('2027-03-10T12:00:00Z');
  beforeAll(async () => {
    t = await createTestApp({ clock: () => now });
    fixture = await loadFixture(t.database.db);
    manager = await t.keyFor('manager');
  });
  afterAll(() => t.close());

  const post = (body: unknown) => t.app.inject({ method: 'POST', url: '/v1/goals', headers: t.auth(manager), payload: body as object });
  const get = async (id: string) => (await t.app.inject({ method: 'GET', url: `/v1/goals/${id}`, headers: t.auth(manager) })).json();
  const march = { type: 'month', month: '2027-03' };
  const goal = async (metric: string, queue: 'support' | 'billing', target: number, parentId?: string) => {
    const res = await post({ name: `${queue} ${metric}`, metric, owner: { type: 'queue', id: fixture.queueIds[queue] }, period: march, target, parentId });
    expect(res.statusCode).toBe(201);
    return res.json().id as string;
  };

  it('rolls a CSAT parent goal up over its children’s answered cases together, not as an average of averages', async () => {
    const parent = await goal('csat_average', 'support', 4);
    await goal('csat_average', 'support', 4, parent);
    await goal('csat_average', 'billing', 4, parent);
    const p = await get(parent);
    // (5 + 4 + 2 + 5) / 4 = 4, where the mean of the children's means would be (3.67 + 5) / 2 = 4.33.
    expect(p).toMatchObject({ actual: 4, percentAchieved: 100, status: 'in_progress' });
    expect(p.children.map((c: { actual: number }) => c.actual).sort()).toEqual([3.67, 5]);
  });

  it('measures a queue’s CSAT over the surveys answered on its cases, per day, and counts a new answer at the next read', async () => {
    const average = await goal('csat_average', 'support', 4.5);
    const satisfied = await goal('csat_satisfied_percent', 'support', 80);
    const before = await get(average);
    expect(before).toMatchObject({ actual: 3.67, percentAchieved: 81.56 }); // (5 + 4 + 2) / 3 = 3.666...
    expect(before.trend).toHaveLength(10);
    expect(before.trend.filter((d: { value: number | null }) => d.value !== null)).toEqual([{ date: '2027-03-09', value: 3.67, toDate: null }]);
    expect((await get(satisfied)).actual).toBe(66.67); // 2 of 3 answers are 4 or 5

    const db = t.database.db;
    const c3 = fixture.caseIds[2]!; // Support, Ada's
    const [s] = await db.insert(surveys).values({ kind: 'csat', trigger: 'on_demand', caseId: c3, answered: true, tokenHash: 'hash-goal-c3', recipientEmail: 'c3@example.com', issuedAt: new Date('2027-03-10T08:00:00Z'), expiresAt: new Date('2027-03-31T00:00:00Z') }).returning();
    await db.insert(surveyResponses).values({ kind: 'csat', surveyId: s!.id, caseId: c3, score: 5, answeredAt: new Date('2027-03-10T09:00:00Z') });

    const after = await get(average);
    expect(after.actual).toBe(4); // (5 + 4 + 2 + 5) / 4
    expect(after.trend.filter((d: { value: number | null }) => d.value !== null).map((d: { date: string; value: number }) => [d.date, d.value])).toEqual([
      ['2027-03-09', 3.67],
      ['2027-03-10', 5],
    ]);
    expect((await get(satisfied)).actual).toBe(75); // 3 of 4
    await db.delete(surveyResponses).where(eq(surveyResponses.surveyId, s!.id));
    await db.delete(surveys).where(eq(surveys.id, s!.id));
  });

  it('counts a queue’s NPS over the answers of contacts who had a case in the queue before answering', async () => {
    const billing = await goal('nps', 'billing', 20);
    const support = await goal('nps', 'support', 20);
    expect((await get(billing)).actual).toBeNull(); // no fixture case has a contact yet
    const db = t.database.db;
    const [nora] = await db.select({ id: contacts.id }).from(contacts).where(eq(contacts.name, 'Nora'));
    await db.update(cases).set({ contactId: nora!.id }).where(eq(cases.id, fixture.caseIds[5]!)); // C6, Billing, created 5 March
    expect(await get(billing)).toMatchObject({ actual: 14.29, percentAchieved: 71.45 }); // (3 - 2) / 7 × 100
    expect((await get(support)).actual).toBeNull();
    // A case created after the answers does not make them the queue's.
    await db.update(cases).set({ contactId: nora!.id, createdAt: new Date('2027-03-10T08:00:00Z') }).where(eq(cases.id, fixture.caseIds[2]!));
    expect((await get(support)).actual).toBeNull();
  });

  it.each([
    ['an agent', 'agent'],
    ['a queue', 'queue'],
  ])('refuses an engagement goal owned by %s: pulse answers are anonymous', async (_name, type) => {
    const id = type === 'agent' ? fixture.agentId : fixture.queueIds.support;
    const res = await post({ name: 'Engaged', metric: 'engagement_score', owner: { type, id }, period: march, target: 7 });
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ code: 'GOAL_METRIC_NOT_SCOPABLE' });
    expect(res.json().message ?? res.json().detail).toMatch(/anonymous.*service-KPI report/s);
  });
});
