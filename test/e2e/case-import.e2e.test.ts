/**
 * Imported cases end to end: POST /v1/cases/import → outbox → KPI workflows on the time-skipping server →
 * actions, emails and GET /v1/cases/{id}/sla. Clocks start at the original opening instant; what came due
 * before the import is recorded as due before import and not run (unless asked), what comes due after
 * it acts as usual. Reference SLA (Premium/High: first response 60 min, warning at 30; Resolve By 540 min,
 * warning at 270) on a Paris Mon-Fri 08:00-17:00 calendar.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { like } from 'drizzle-orm';
import { emailOutbox } from '../../db/schema/index.js';
import { createClockApp, type ClockApp, type KpiView } from '../support/clock-app.js';
import { EMAILS, FRI, THU } from '../support/reference-kpi.js';
import { referenceSla } from '../support/reference-sla.js';

describe('imported cases: clocks from the original opening, actions due before the import recorded, not run', () => {
  let c: ClockApp;
  let premium: string;
  const at = (day: number, hhmm: string) => c.week.at(day, hhmm);
  const utc = (day: number, hhmm: string) => new Date(at(day, hhmm)).toISOString();
  const importOne = async (item: object, options: object = {}) => {
    const res = await c.api('POST', '/v1/cases/import', { ...options, cases: [{ accountId: premium, priority: 'high', origin: 'phone', ownerId: c.h.seed.ownerId, ...item }] });
    expect(res.results[0], JSON.stringify(res.results[0])).toMatchObject({ status: 'created' });
    return c.api('GET', `/v1/cases/${res.results[0].caseId}`);
  };
  const outboxOf = (instanceId: string) => c.h.db.db.select().from(emailOutbox).where(like(emailOutbox.idempotencyKey, `${instanceId}:%`));
  const mailsFor = (caseNumber: string) => c.h.smtp.messages.filter((m) => m.subject.includes(caseNumber));
  const notRun = (a: { summary: string }) => a.summary.includes('due before import');
  /** The actions that ran, as `phase:kind`, sorted (actions of one phase may take effect at the same instant). */
  const kinds = (i: KpiView) => i.actions.map((a: { phase: string; kind: string; summary: string }) => `${a.phase}:${a.kind}${notRun(a) ? ' (not run)' : ''}`).sort();

  beforeAll(async () => {
    c = await createClockApp();
    await c.defaultSla(referenceSla(c.calendarId, true));
    premium = (await c.api('POST', '/v1/accounts', { name: 'Premium Co', serviceLevel: 'premium' })).id;
  }, 180_000);

  afterAll(async () => {
    await c?.close();
  });

  it('a case opened 3 business hours ago has its First Response already breached, recorded as due before import, with no email; a deadline after the import acts as usual', async () => {
    await c.sleepTo(at(THU, '12:00'));
    const k = await importOne({ title: 'Checkout down since this morning', openedAt: utc(THU, '09:00') });

    const fr = await c.waitForKpi(k.id, 'first_response', (i) => i.state === 'noncompliant' && i.actions.length === 4);
    expect(fr.applicableFrom.utc).toBe(utc(THU, '09:00'));
    expect(fr.failureAt.utc).toBe(utc(THU, '10:00'));
    expect(fr.businessMinutesOverdue).toBe(120);
    expect(kinds(fr)).toEqual(
      ['warning:send_email (not run)', 'failure:send_email (not run)', 'failure:set_case_field (not run)', 'failure:escalate_to_queue (not run)'].sort(),
    );
    expect(await outboxOf(fr.instanceId)).toEqual([]);
    const after = await c.api('GET', `/v1/cases/${k.id}`);
    expect(after).toMatchObject({ breached: true, queueId: null });
    expect(after.fields.firstResponseSlaMet).toBeUndefined();
    const timeline = (await c.api('GET', `/v1/cases/${k.id}/timeline`)).items as Array<{ kind: string; summary: string }>;
    expect(timeline.filter((e) => e.kind === 'sla.action.not_run')).toHaveLength(4);
    expect(timeline.map((e) => e.kind)).toContain('imported');

    // Resolve By started at 09:00 too: 180 of its 540 minutes are gone; its warning (13:30) comes after the import.
    const resolve = await c.waitForKpi(k.id, 'resolve', (i) => i.failureAt !== null);
    expect(resolve).toMatchObject({ state: 'in_progress', businessMinutesLeft: 360 });
    expect(resolve.warningAt.utc).toBe(utc(THU, '13:30'));
    await c.sleepTo(at(THU, '14:00'));
    const warned = await c.waitForKpi(k.id, 'resolve', (i) => i.state === 'nearing_noncompliance' && i.actions.length === 1);
    expect(kinds(warned)).toEqual(['warning:send_email']);
    await vi.waitFor(() => expect(mailsFor(k.number).map((m) => m.to)).toEqual([[EMAILS.owner]]), { timeout: 20_000 });
    expect(mailsFor(k.number)[0].subject).toContain('Resolve By at risk');
  }, 120_000);

  it('a first response given on time before the import is a success, not a breach, although its deadline is long past (30 cases at once)', async () => {
    await c.sleepTo(at(THU, '12:00'));
    // Many at once: each clock starts with its deadlines already past while its success is being delivered.
    const ks = await Promise.all(Array.from({ length: 30 }, (_, n) => importOne({ title: `Answered quickly ${n}`, openedAt: utc(THU, '09:00'), firstResponseAt: utc(THU, '09:20') })));
    for (const k of ks) {
      const fr = await c.waitForKpi(k.id, 'first_response', (i) => i.state !== 'in_progress');
      expect(fr, k.number).toMatchObject({ state: 'succeeded', succeededAt: utc(THU, '09:20'), failedAt: null, warnedAt: null, actions: [] });
      expect((await c.api('GET', `/v1/cases/${k.id}`)).breached).toBe(false);
    }
  }, 120_000);

  it('with fireOverdueActions the actions that came due before the import run at once, each email queued once', async () => {
    await c.sleepTo(at(FRI, '12:00'));
    const k = await importOne({ title: 'Payments failing', openedAt: utc(FRI, '09:00') }, { fireOverdueActions: true });
    const fr = await c.waitForKpi(k.id, 'first_response', (i) => i.state === 'noncompliant' && i.actions.length === 4);
    expect(kinds(fr)).toEqual(['warning:send_email', 'failure:send_email', 'failure:set_case_field', 'failure:escalate_to_queue'].sort());
    expect((await outboxOf(fr.instanceId)).map((e) => e.idempotencyKey).sort()).toEqual([`${fr.instanceId}:failure:0`, `${fr.instanceId}:warning:0`]);
    await vi.waitFor(() => expect(mailsFor(k.number)).toHaveLength(2), { timeout: 20_000 });
    expect((await c.api('GET', `/v1/cases/${k.id}`)).queueId).toBe(c.h.seed.escalationQueueId);
  }, 120_000);

  it('a hold in the imported history moves the deadlines: the warning before the import is recorded, the failure after it fires', async () => {
    // Now Friday 12:00. Opened 09:00, on hold 09:30-11:45: the 60 minutes end at 12:15, the warning was at 09:30.
    const k = await importOne({
      title: 'Waiting for logs',
      openedAt: utc(FRI, '09:00'),
      statusHistory: [
        { status: 'on_hold', at: utc(FRI, '09:30') },
        { status: 'in_progress', at: utc(FRI, '11:45') },
      ],
    });
    const warned = await c.waitForKpi(k.id, 'first_response', (i) => i.state === 'nearing_noncompliance' && i.actions.length === 1);
    expect(warned.failureAt.utc).toBe(utc(FRI, '12:15'));
    expect(warned.pausedBusinessMinutes).toBe(135);
    expect(warned.businessMinutesLeft).toBe(15);
    expect(kinds(warned)).toEqual(['warning:send_email (not run)']);

    await c.sleepTo(at(FRI, '12:30'));
    const failed = await c.waitForKpi(k.id, 'first_response', (i) => i.state === 'noncompliant' && i.actions.length === 4);
    expect(kinds(failed)).toEqual(['warning:send_email (not run)', 'failure:send_email', 'failure:set_case_field', 'failure:escalate_to_queue'].sort());
    await vi.waitFor(() => expect(mailsFor(k.number).map((m) => [...m.to].sort())).toEqual([[EMAILS.manager, EMAILS.owner].sort()]), { timeout: 20_000 });
  }, 120_000);
});
