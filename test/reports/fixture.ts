/**
 * Ten cases on a Mon-Fri 08:00-17:00 UTC calendar around the weekend of 6-7 March 2027, with their
 * KPI instances as the workflows would have mirrored them. The expected figures in
 * service-kpis-fixture.test.ts are computed by hand from the comments below.
 */
import type { Db } from '../../db/client.js';
import { accounts, agents, calendarVersions, calendars, caseEvents, cases, contacts, entitlements, queues, slaItems, slaKpiInstances, slas, surveyResponses, surveys } from '../../db/schema/index.js';

const t = (s: string) => new Date(`2027-03-${s}:00Z`);
const FR_LIMIT = 120;
const RESOLVE_LIMIT = 480;

interface FixtureCase {
  n: number;
  queue: 'support' | 'billing';
  account: 'A' | 'B' | null;
  created: string;
  firstResponse: string | null;
  resolved: string | null;
  fr: { state: 'succeeded' | 'noncompliant'; failedAt?: string; lateAt?: string; succeededAt?: string };
  resolve: Array<{ state: 'in_progress' | 'succeeded' | 'noncompliant'; from: string; succeededAt?: string; failedAt?: string; pauses?: Array<{ from: string; to: string | null }>; pausedSince?: string }>;
}

// FR business minutes / calendar minutes in the comments; FR limit 120 business minutes, resolve 480.
export const fixtureCases: FixtureCase[] = [
  // FR Fri 16:00 -> Mon 08:59: 60 + 59 = 119 bm, 3899 min. Resolved Mon 14:00: 60 + 360 = 420 bm, 4200 min.
  { n: 1, queue: 'support', account: 'A', created: '05T16:00', firstResponse: '08T08:59', resolved: '08T14:00', fr: { state: 'succeeded', succeededAt: '08T08:59' }, resolve: [{ state: 'succeeded', from: '05T16:00', succeededAt: '08T14:00' }] },
  // FR 30 bm / 30. Resolved Fri 12:00, reopened Mon 10:00, resolved again Mon 11:00: 420 + 180 = 600 bm, 4380 min.
  { n: 2, queue: 'support', account: 'A', created: '05T10:00', firstResponse: '05T10:30', resolved: '08T11:00', fr: { state: 'succeeded', succeededAt: '05T10:30' }, resolve: [{ state: 'succeeded', from: '05T10:00', succeededAt: '05T12:00' }, { state: 'succeeded', from: '08T10:00', succeededAt: '08T11:00' }] },
  // Created Sat 12:00, FR Mon 08:45: 45 bm, 2685 min. Open.
  { n: 3, queue: 'support', account: null, created: '06T12:00', firstResponse: '08T08:45', resolved: null, fr: { state: 'succeeded', succeededAt: '08T08:45' }, resolve: [{ state: 'in_progress', from: '06T12:00' }] },
  // FR Mon 08:00 -> 12:00: 240 bm (late success). On hold 12:00-16:00, resolved from hold at 16:00: 240 bm (pause excluded), 480 min.
  { n: 4, queue: 'support', account: null, created: '08T08:00', firstResponse: '08T12:00', resolved: '08T16:00', fr: { state: 'noncompliant', failedAt: '08T10:00', lateAt: '08T12:00' }, resolve: [{ state: 'succeeded', from: '08T08:00', succeededAt: '08T16:00', pauses: [{ from: '08T12:00', to: null }], pausedSince: '08T12:00' }] },
  // Created Thu 15:00, FR Fri 09:00: 120 + 60 = 180 bm (late success), 1080 min. Resolve breached Fri 15:00, still open.
  { n: 5, queue: 'support', account: null, created: '04T15:00', firstResponse: '05T09:00', resolved: null, fr: { state: 'noncompliant', failedAt: '05T08:00', lateAt: '05T09:00' }, resolve: [{ state: 'noncompliant', from: '04T15:00', failedAt: '05T15:00' }] },
  // Fri 16:30 -> Mon 08:30: 30 + 30 = 60 bm, 3840 min. Open.
  { n: 6, queue: 'billing', account: 'B', created: '05T16:30', firstResponse: '08T08:30', resolved: null, fr: { state: 'succeeded', succeededAt: '08T08:30' }, resolve: [{ state: 'in_progress', from: '05T16:30' }] },
  // Sun 20:00 -> Mon 08:10: 10 bm, 730 min. Open.
  { n: 7, queue: 'billing', account: null, created: '07T20:00', firstResponse: '08T08:10', resolved: null, fr: { state: 'succeeded', succeededAt: '08T08:10' }, resolve: [{ state: 'in_progress', from: '07T20:00' }] },
  // FR 5 bm / 5. Resolved Tue 09:00: 240 + 60 = 300 bm, 1200 min.
  { n: 8, queue: 'billing', account: null, created: '08T13:00', firstResponse: '08T13:05', resolved: '09T09:00', fr: { state: 'succeeded', succeededAt: '08T13:05' }, resolve: [{ state: 'succeeded', from: '08T13:00', succeededAt: '09T09:00' }] },
  // Created Tue 09:00, never answered: FR breached at 11:00, still open.
  { n: 9, queue: 'billing', account: null, created: '09T09:00', firstResponse: null, resolved: null, fr: { state: 'noncompliant', failedAt: '09T11:00' }, resolve: [{ state: 'in_progress', from: '09T09:00' }] },
  // FR 20 bm / 20. Resolved Fri 15:00: 420 bm, 420 min.
  { n: 10, queue: 'billing', account: null, created: '05T08:00', firstResponse: '05T08:20', resolved: '05T15:00', fr: { state: 'succeeded', succeededAt: '05T08:20' }, resolve: [{ state: 'succeeded', from: '05T08:00', succeededAt: '05T15:00' }] },
];

export interface Fixture {
  caseIds: string[];
  queueIds: { support: string; billing: string };
  agentId: string;
}

const opt = (s: string | null | undefined) => (s ? t(s) : null);

export async function loadFixture(db: Db): Promise<Fixture> {
  const [cal] = await db.insert(calendars).values({ name: 'Office 08-17' }).returning();
  const weekday = [['08:00', '17:00']];
  await db.insert(calendarVersions).values({
    calendarId: cal!.id,
    version: 1,
    definition: { timeZone: 'UTC', weekly: { mon: weekday, tue: weekday, wed: weekday, thu: weekday, fri: weekday } },
  });
  const [sla] = await db.insert(slas).values({ name: 'Standard', calendarId: cal!.id }).returning();
  const [frItem] = await db.insert(slaItems).values({ slaId: sla!.id, position: 0, name: 'First response', kpi: 'first_response', failureMinutes: FR_LIMIT }).returning();
  const [resolveItem] = await db.insert(slaItems).values({ slaId: sla!.id, position: 1, name: 'Resolve', kpi: 'resolve', failureMinutes: RESOLVE_LIMIT }).returning();
  const [support] = await db.insert(queues).values({ name: 'Support' }).returning();
  const [billing] = await db.insert(queues).values({ name: 'Billing' }).returning();
  const [agent] = await db.insert(agents).values({ name: 'Ada', email: 'ada@example.com' }).returning();
  const acct = Object.fromEntries(
    await Promise.all(['A', 'B', 'C', 'D'].map(async (name) => [name, (await db.insert(accounts).values({ name: `Account ${name}` }).returning())[0]!.id] as const)),
  ) as Record<string, string>;

  // Retention: A and B had cases in the previous fortnight, C an entitlement that ended in February,
  // D an entitlement for all of 2027. This fortnight: A and B have cases, D its entitlement.
  for (const [i, name] of ['A', 'B'].entries()) {
    await db.insert(cases).values({ number: `CAS-PREV-${i}`, title: 'Earlier', origin: 'email', accountId: acct[name], createdAt: new Date('2027-02-20T10:00:00Z'), resolvedAt: new Date('2027-02-20T11:00:00Z'), status: 'resolved' });
  }
  const ent = { allocationType: 'cases' as const, totalUnits: 10, decreaseOn: 'create' as const, state: 'activated' as const };
  await db.insert(entitlements).values({ ...ent, name: 'C Feb', accountId: acct.C, startDate: '2027-02-01', endDate: '2027-02-28' });
  await db.insert(entitlements).values({ ...ent, name: 'D 2027', accountId: acct.D, startDate: '2027-01-01', endDate: '2027-12-31' });

  const caseIds: string[] = [];
  for (const f of fixtureCases) {
    const [c] = await db
      .insert(cases)
      .values({
        number: `CAS-FIX-${f.n}`,
        title: `Fixture ${f.n}`,
        origin: f.n % 2 === 0 ? 'email' : 'phone',
        priority: f.n <= 3 ? 'high' : 'normal',
        queueId: f.queue === 'support' ? support!.id : billing!.id,
        ownerId: f.n <= 5 ? agent!.id : null,
        accountId: f.account ? acct[f.account] : null,
        slaId: sla!.id,
        slaVersion: 1,
        status: f.resolved ? 'resolved' : 'in_progress',
        createdAt: t(f.created),
        firstResponseAt: opt(f.firstResponse),
        resolvedAt: opt(f.resolved),
        breached: f.fr.state === 'noncompliant' || f.resolve.some((r) => r.state === 'noncompliant'),
      })
      .returning();
    caseIds.push(c!.id);
    const common = { caseId: c!.id, slaId: sla!.id, calendarId: cal!.id, calendarVersion: 1, itemSnapshot: {} };
    await db.insert(slaKpiInstances).values({
      ...common,
      slaItemId: frItem!.id,
      kpi: 'first_response',
      generation: 1,
      workflowId: `sla:${c!.id}:first_response:1`,
      state: f.fr.state,
      applicableFrom: t(f.created),
      failedAt: opt(f.fr.failedAt),
      succeededAt: opt(f.fr.succeededAt),
      lateSucceededAt: opt(f.fr.lateAt),
    });
    for (const [g, r] of f.resolve.entries()) {
      await db.insert(slaKpiInstances).values({
        ...common,
        slaItemId: resolveItem!.id,
        kpi: 'resolve',
        generation: g + 1,
        workflowId: `sla:${c!.id}:resolve:${g + 1}`,
        state: r.state,
        applicableFrom: t(r.from),
        failedAt: opt(r.failedAt),
        succeededAt: opt(r.succeededAt),
        pausedSince: opt(r.pausedSince),
        pauses: (r.pauses ?? []).map((p) => ({ from: t(p.from).toISOString(), to: p.to ? t(p.to).toISOString() : null })),
      });
    }
    if (f.resolve.length > 1) {
      await db.insert(caseEvents).values({ caseId: c!.id, kind: 'reopened', summary: 'Reopened', occurredAt: t(f.resolve[1]!.from) });
    }
  }
  await loadSurveys(db, caseIds, agent!.id);
  return { caseIds, queueIds: { support: support!.id, billing: billing!.id }, agentId: agent!.id };
}

/**
 * CSAT issued at the five resolutions (C1, C2, C4, C8, C10), answered 5, 4, 2, 5 (C10 did not answer);
 * seven NPS answers 10, 9, 9, 8, 7, 6, 3; five engagement answers 8, 7, 9, 6, 10.
 */
async function loadSurveys(db: Db, caseIds: string[], agentId: string) {
  let token = 0;
  const invitation = () => ({ tokenHash: `hash-${++token}`, recipientEmail: 'someone@example.com', issuedAt: t('08T17:00'), expiresAt: t('31T00:00') });
  const csat: Array<[number, number | null]> = [[1, 5], [2, 4], [4, 2], [8, 5], [10, null]];
  for (const [n, score] of csat) {
    const [s] = await db.insert(surveys).values({ kind: 'csat', trigger: 'resolution', caseId: caseIds[n - 1], answered: score !== null, ...invitation() }).returning();
    if (score !== null) await db.insert(surveyResponses).values({ kind: 'csat', surveyId: s!.id, caseId: caseIds[n - 1], score, answeredAt: t('09T10:00') });
  }
  const [contact] = await db.insert(contacts).values({ name: 'Nora' }).returning();
  for (const score of [10, 9, 9, 8, 7, 6, 3]) {
    const [s] = await db.insert(surveys).values({ kind: 'nps', trigger: 'on_demand', contactId: contact!.id, answered: true, ...invitation() }).returning();
    await db.insert(surveyResponses).values({ kind: 'nps', surveyId: s!.id, contactId: contact!.id, score, answeredAt: t('09T12:00') });
  }
  for (const score of [8, 7, 9, 6, 10]) {
    await db.insert(surveys).values({ kind: 'engagement', trigger: 'on_demand', agentId, answered: true, ...invitation() });
    await db.insert(surveyResponses).values({ kind: 'engagement', score, answeredAt: t('09T00:00') });
  }
}
