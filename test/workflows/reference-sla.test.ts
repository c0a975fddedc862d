/**
 * The reference three-tier SLA (spec §4) end to end below the API: KPI workflows started directly on
 * a time-skipping server, real activities on PostgreSQL, emails through a real SMTP server.
 *
 * Calendar: Monday-Friday 08:00-17:00 Europe/Paris, the Wednesday of the test week a holiday. Every
 * case is created on Monday at 15:00, so (worked by hand, warning at half the time):
 *
 * | Tier | KPI | budget | warning | failure |
 * |---|---|---|---|---|
 * | Premium/Enterprise, High | First Response By | 60 | Mon 15:30 | Mon 16:00 |
 * | | Resolve By | 540 | Tue 10:30 (120 Mon + 150 Tue) | Tue 15:00 |
 * | Premium/Enterprise, not High | First Response By | 240 | Mon 17:00 (closing time, §1.4) | Tue 10:00 |
 * | | Resolve By | 1080 | Tue 15:00 | Thu 15:00 (Wed is a holiday) |
 * | Standard | First Response By | 540 | Tue 10:30 | Tue 15:00 |
 * | | Resolve By | 2700 | Fri 10:30 (120+540+540+150) | next Tue 15:00 (Tue, Thu, Fri, Mon, Tue) |
 *
 * Set RECORD_HISTORIES=1 to (re)write test/histories/*.json from these runs.
 */
import { eq } from 'drizzle-orm';
import { DateTime } from 'luxon';
import { defaultPayloadConverter } from '@temporalio/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseEvents, queueItems, slaActionRuns, slaKpiInstances } from '../../db/schema/index.js';
import { slaSearchAttributes as SA } from '../../src/temporal/search-attributes.js';
import { succeedUpdate, type KpiStatus } from '../../workflows/contract.js';
import type { KpiWorkflowHandle } from '../../src/sla/kpi-workflow-client.js';
import { EMAILS, FRI, MON, NEXT_TUE, THU, TUE, createCase, kpiInput, readCase, referenceCalendar, WED, type Kpi, type TestWeek, type Tier } from '../support/reference-kpi.js';
import { createSlaHarness, type SlaHarness } from '../support/sla-harness.js';

type At = [day: number, hhmm: string];
const EXPECTED: Record<Tier, Record<Kpi, { warning: At; failure: At }>> = {
  premiumHigh: { first_response: { warning: [MON, '15:30'], failure: [MON, '16:00'] }, resolve: { warning: [TUE, '10:30'], failure: [TUE, '15:00'] } },
  premiumNotHigh: { first_response: { warning: [MON, '17:00'], failure: [TUE, '10:00'] }, resolve: { warning: [TUE, '15:00'], failure: [THU, '15:00'] } },
  standard: { first_response: { warning: [TUE, '10:30'], failure: [TUE, '15:00'] }, resolve: { warning: [FRI, '10:30'], failure: [NEXT_TUE, '15:00'] } },
};
const KPI_LABEL: Record<Kpi, string> = { first_response: 'First Response By', resolve: 'Resolve By' };
const TIER_NAMES: Record<Tier, string> = { premiumHigh: 'Premium/Enterprise + High', premiumNotHigh: 'Premium/Enterprise + not High', standard: 'Standard' };

const plus = ([day, hhmm]: At, minutes: number): At => {
  const [h, m] = hhmm.split(':').map(Number);
  const total = h * 60 + m + minutes;
  return [day, `${String(Math.floor(total / 60)).padStart(2, '0')}:${String(total % 60).padStart(2, '0')}`];
};
const utcLabel = (ms: number) => `${DateTime.fromMillis(ms, { zone: 'UTC', locale: 'en-US' }).toFormat('ccc d LLL HH:mm')} UTC`;

describe('reference three-tier SLA on an 08:00-17:00 weekday calendar with a holiday', () => {
  let h: SlaHarness;
  beforeAll(async () => {
    h = await createSlaHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  /** A new case (created Mon 15:00 of a fresh week) with both KPI workflows started. */
  async function startCase(tier: Tier) {
    const week = await h.newWeek();
    const calendar = referenceCalendar([week.date(WED)]);
    const c = await createCase(h.db.db, h.seed);
    const handles = {} as Record<Kpi, KpiWorkflowHandle>;
    for (const kpi of ['first_response', 'resolve'] as const) {
      handles[kpi] = await h.start(kpiInput(h.seed, c, tier, kpi, { applicableFrom: week.iso(MON, '15:00'), calendar }));
    }
    // Both clocks computed their deadlines.
    for (const kpi of ['first_response', 'resolve'] as const) await h.waitForStatus(handles[kpi], (s) => s.failureAt !== null, 'deadlines');
    return { week, c, handles };
  }

  const expectDeadlines = (s: KpiStatus, week: TestWeek, tier: Tier, kpi: Kpi) => {
    expect(s.warningAt).toBe(week.iso(...EXPECTED[tier][kpi].warning));
    expect(s.failureAt).toBe(week.iso(...EXPECTED[tier][kpi].failure));
  };
  /** Fired by a timer exactly at the instant, give or take the workflow task's latency. */
  const expectNear = (actual: string | null, expected: number) => {
    expect(actual).not.toBeNull();
    const ms = Date.parse(actual!);
    expect(ms).toBeGreaterThanOrEqual(expected);
    expect(ms - expected).toBeLessThan(10_000);
  };
  const succeed = (handle: KpiWorkflowHandle, week: TestWeek, at: At, reason: string) =>
    handle.executeUpdate(succeedUpdate, { args: [{ at: week.iso(...at), reason }], updateId: `succeed-${handle.workflowId}` });
  const mailsFor = (caseNumber: string) => h.smtp.messages.filter((m) => m.subject.includes(caseNumber));

  for (const tier of ['premiumHigh', 'premiumNotHigh', 'standard'] as const) {
    describe(TIER_NAMES[tier], () => {
      it('meets both KPIs on time: no email, no escalation, states Succeeded', async () => {
        const { week, c, handles } = await startCase(tier);
        for (const kpi of ['first_response', 'resolve'] as const) expectDeadlines(await handles[kpi].query('status'), week, tier, kpi);

        await h.sleepUntil(week.at(MON, '15:10'));
        expect(await succeed(handles.first_response, week, [MON, '15:10'], 'first response recorded')).toEqual({
          state: 'succeeded',
          met: true,
          failureAt: week.iso(...EXPECTED[tier].first_response.failure),
        });
        await h.sleepUntil(week.at(MON, '15:20'));
        expect(await succeed(handles.resolve, week, [MON, '15:20'], 'case resolved')).toMatchObject({ state: 'succeeded', met: true });

        const fr = await handles.first_response.result();
        const rs = await handles.resolve.result();
        expect(fr).toMatchObject({ state: 'succeeded', succeededAt: week.iso(MON, '15:10'), warnedAt: null, failedAt: null, actionsRun: [] });
        expect(rs).toMatchObject({ state: 'succeeded', succeededAt: week.iso(MON, '15:20'), warnedAt: null, failedAt: null, actionsRun: [] });
        expect(mailsFor(c.number)).toEqual([]);
        const after = await readCase(h.db.db, c.id);
        expect(after).toMatchObject({ queueId: h.seed.tier1QueueId, breached: false, fields: {} });
        const rows = await h.db.db.select().from(slaKpiInstances).where(eq(slaKpiInstances.caseId, c.id));
        expect(rows.map((r) => [r.kpi, r.state, r.succeededAt?.toISOString()]).sort()).toEqual([
          ['first_response', 'succeeded', week.iso(MON, '15:10')],
          ['resolve', 'succeeded', week.iso(MON, '15:20')],
        ]);
        await h.recordHistory(handles.first_response, `${tier}-first-response-on-time`);
      });

      it('warns the owner at half the time, then succeeds before the failure', async () => {
        const { week, c, handles } = await startCase(tier);
        const e = EXPECTED[tier];

        await h.sleepUntil(week.at(...plus(e.first_response.warning, 10)));
        const warned = await h.waitForStatus(handles.first_response, (s) => s.actionsRun.length === 1, 'first response warning');
        expect(warned.state).toBe('nearing_noncompliance');
        expectNear(warned.warnedAt, week.at(...e.first_response.warning));
        expect(await succeed(handles.first_response, week, plus(e.first_response.warning, 10), 'first response recorded')).toMatchObject({ state: 'succeeded', met: true });

        await h.sleepUntil(week.at(...plus(e.resolve.warning, 10)));
        await h.waitForStatus(handles.resolve, (s) => s.actionsRun.length === 1, 'resolve warning');
        expect(await succeed(handles.resolve, week, plus(e.resolve.warning, 10), 'case resolved')).toMatchObject({ state: 'succeeded', met: true });

        for (const kpi of ['first_response', 'resolve'] as const) {
          const s = await handles[kpi].result();
          expect(s.state).toBe('succeeded');
          expectDeadlines(s, week, tier, kpi);
          expectNear(s.warnedAt, week.at(...e[kpi].warning));
          expect(s.failedAt).toBeNull();
          expect(s.actionsRun).toEqual([{ phase: 'warning', index: 0, type: 'send_email', at: s.warnedAt }]);
        }
        const mails = mailsFor(c.number);
        expect(mails.map((m) => [m.subject, m.to])).toEqual([
          [`[${c.number}] First Response By at risk: due ${week.label(...e.first_response.failure)}`, [EMAILS.owner]],
          [`[${c.number}] Resolve By at risk: due ${week.label(...e.resolve.failure)}`, [EMAILS.owner]],
        ]);
        // Both the calendar's zone and UTC in the body (spec §3).
        expect(mails[0].body).toContain(`by ${week.label(...e.first_response.failure)} (${utcLabel(week.at(...e.first_response.failure))})`);
        expect(await readCase(h.db.db, c.id)).toMatchObject({ queueId: h.seed.tier1QueueId, breached: false, fields: {} });
        await h.recordHistory(handles.first_response, `${tier}-first-response-warning-then-success`);
      });

      it('fails: emails owner and manager, sets the SLA-met fields to "no", escalates once, records late successes', async () => {
        const { week, c, handles } = await startCase(tier);
        const e = EXPECTED[tier];

        await h.sleepUntil(week.at(...plus(e.first_response.failure, 10)));
        const failed = await h.waitForStatus(handles.first_response, (s) => s.actionsRun.length === 4, 'first response failure actions');
        expect(failed.state).toBe('noncompliant');
        expectNear(failed.failedAt, week.at(...e.first_response.failure));
        expect(failed.actionsRun.map((a) => `${a.phase}:${a.type}`)).toEqual(['warning:send_email', 'failure:send_email', 'failure:set_case_field', 'failure:escalate_to_queue']);
        expect(await readCase(h.db.db, c.id)).toMatchObject({ queueId: h.seed.escalationQueueId, breached: true, fields: { firstResponseSlaMet: 'no' } });
        const described = await handles.first_response.describe();
        expect(described.typedSearchAttributes.get(SA.state)).toBe('noncompliant');
        expect(described.typedSearchAttributes.get(SA.breached)).toBe(true);
        expect(described.typedSearchAttributes.get(SA.failureAt)).toEqual(new Date(week.at(...e.first_response.failure)));

        await h.sleepUntil(week.at(...plus(e.resolve.failure, 10)));
        await h.waitForStatus(handles.resolve, (s) => s.actionsRun.length === 4, 'resolve failure actions');
        // Late successes end both clocks; they stay Noncompliant (spec §2.6).
        const lateAt = plus(e.resolve.failure, 10);
        expect(await succeed(handles.first_response, week, lateAt, 'first response recorded')).toMatchObject({ state: 'noncompliant', met: false });
        expect(await succeed(handles.resolve, week, lateAt, 'case resolved')).toMatchObject({ state: 'noncompliant', met: false });
        for (const kpi of ['first_response', 'resolve'] as const) {
          const s = await handles[kpi].result();
          expect(s).toMatchObject({ state: 'noncompliant', lateSucceededAt: week.iso(...lateAt), succeededAt: null });
          expectDeadlines(s, week, tier, kpi);
          expectNear(s.warnedAt, week.at(...e[kpi].warning));
          expectNear(s.failedAt, week.at(...e[kpi].failure));
        }

        const mails = mailsFor(c.number);
        expect(mails.map((m) => [m.subject, m.to])).toEqual([
          [`[${c.number}] First Response By at risk: due ${week.label(...e.first_response.failure)}`, [EMAILS.owner]],
          [`[${c.number}] First Response By breached`, [EMAILS.owner, EMAILS.manager]],
          [`[${c.number}] Resolve By at risk: due ${week.label(...e.resolve.failure)}`, [EMAILS.owner]],
          [`[${c.number}] Resolve By breached`, [EMAILS.owner, EMAILS.manager]],
        ]);
        expect(new Set(mails.map((m) => m.messageId)).size).toBe(4);
        expect(await readCase(h.db.db, c.id)).toMatchObject({
          queueId: h.seed.escalationQueueId,
          breached: true,
          fields: { firstResponseSlaMet: 'no', resolutionSlaMet: 'no' },
        });
        // One move into the escalation queue: the second failure finds the case already there.
        const items = await h.db.db.select().from(queueItems).where(eq(queueItems.caseId, c.id)).orderBy(queueItems.enteredAt);
        expect(items.map((i) => [i.queueId, i.removedAt === null])).toEqual([
          [h.seed.tier1QueueId, false],
          [h.seed.escalationQueueId, true],
        ]);
        const runs = await h.db.db.select().from(slaActionRuns).where(eq(slaActionRuns.caseId, c.id));
        expect(runs).toHaveLength(8);
        const rows = await h.db.db.select().from(slaKpiInstances).where(eq(slaKpiInstances.caseId, c.id));
        for (const r of rows) {
          const kpi = r.kpi as Kpi;
          expect(r).toMatchObject({ state: 'noncompliant', warningAt: new Date(week.at(...e[kpi].warning)), failureAt: new Date(week.at(...e[kpi].failure)) });
          expect(r.lateSucceededAt).toEqual(new Date(week.at(...lateAt)));
        }
        // The case timeline shows the transitions and the actions.
        const events = await h.db.db.select().from(caseEvents).where(eq(caseEvents.caseId, c.id));
        const kinds = events.map((ev) => ev.kind);
        for (const k of ['sla.started', 'sla.warning', 'sla.failed', 'sla.late_succeeded', 'sla.action.send_email', 'sla.action.set_case_field', 'sla.action.escalate_to_queue']) {
          expect(kinds).toContain(k);
        }
        // Readable summaries in the workflow history (spec §3).
        const history = await handles.first_response.fetchHistory();
        const summaries = (history.events ?? [])
          .map((ev) => ev.userMetadata?.summary)
          .filter((p): p is NonNullable<typeof p> => !!p)
          .map((p) => defaultPayloadConverter.fromPayload<string>(p));
        expect(summaries).toContain(`Warning: First Response By due ${week.label(...e.first_response.warning)}`);
        expect(summaries).toContain(`Failure: First Response By due ${week.label(...e.first_response.failure)}`);
        // A phase's actions are one activity (patch sla-kpi-batched-actions): its summary names each of them.
        const actionsSummary = summaries.find((x) => x.includes('Escalate to the escalation queue'));
        expect(actionsSummary?.split(' · ')).toEqual(
          expect.arrayContaining([`Email owner+manager: ${c.number} First Response By breached`, `Escalate to the escalation queue: ${c.number} First Response By breached`]),
        );
        await h.recordHistory(handles.first_response, `${tier}-first-response-failure-late-success`);
      });
    });
  }
});
