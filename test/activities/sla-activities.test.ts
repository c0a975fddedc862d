/**
 * The SLA activities on a real database: business-time deadlines, each action taking effect once per
 * key, email delivery over SMTP (a real server on loopback) and into the local mailbox folder, and the
 * monotonic state mirror.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { ApplicationFailure } from '@temporalio/common';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSlaActivities, SLA_ACTION_CONFIG_ERROR, type RunActionInput, type SlaActivities } from '../../activities/index.js';
import { agents, caseEvents, emailOutbox, queueItems, slaActionRuns, slaKpiInstances } from '../../db/schema/index.js';
import type { SlaActionDefinition } from '../../db/schema/slas.js';
import { CaseLifecycle } from '../../src/cases/case-lifecycle.js';
import { createMailer } from '../../src/mail/mailer.js';
import { caseListeners } from '../../src/main/case-listeners.js';
import type { KpiStatus } from '../../workflows/contract.js';
import { createTestDatabase } from '../support/db.js';
import { EMAILS, createCase, readCase, referenceCalendar, seedReferenceData, type ReferenceSeed } from '../support/reference-kpi.js';
import { startSmtpCapture, type SmtpCapture } from '../support/smtp.js';

/** The activities' clock: actions take effect 7 minutes after the failure instant they belong to. */
const EFFECT_AT = new Date('2026-11-23T15:07:00.000Z');
const clock = () => EFFECT_AT;
/** The worker's case lifecycle: the API's listeners (these seeded cases have no SLA, so no clocks). */
const caseLifecycle = new CaseLifecycle(caseListeners(null));

describe('SLA activities', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let seed: ReferenceSeed;
  let smtp: SmtpCapture;
  let viaSmtp: SlaActivities;
  let viaMailbox: SlaActivities;
  let mailboxDir: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    seed = await seedReferenceData(db.db);
    smtp = await startSmtpCapture();
    mailboxDir = path.join(mkdtempSync(path.join(os.tmpdir(), 'sla-')), 'mailbox');
    const from = 'SLA Service <sla@support.test>';
    viaSmtp = createSlaActivities({ db: db.db, mailer: createMailer({ smtpUrl: smtp.url, from, mailboxDir }), clock, caseLifecycle });
    viaMailbox = createSlaActivities({ db: db.db, mailer: createMailer({ from, mailboxDir }), clock, caseLifecycle });
  });
  afterAll(async () => {
    await smtp?.close();
    await db?.close();
  });
  beforeEach(() => smtp.clear());

  /** A case with its KPI instance row (the orchestrator normally writes it). */
  async function caseWithInstance(over: Parameters<typeof createCase>[2] = {}) {
    const c = await createCase(db.db, seed, over);
    const instanceId = randomUUID();
    await db.db.insert(slaKpiInstances).values({
      id: instanceId,
      caseId: c.id,
      slaId: seed.slaId,
      slaItemId: seed.itemIds.premiumHigh.first_response,
      kpi: 'first_response',
      generation: 1,
      workflowId: `sla:${c.id}:first_response:1`,
      itemSnapshot: {},
      applicableFrom: new Date('2026-11-23T14:00:00Z'),
    });
    return { c, instanceId };
  }

  function actionInput(c: { id: string; number: string; title: string }, instanceId: string, action: SlaActionDefinition, phase: RunActionInput['phase'] = 'failure', index = 0): RunActionInput {
    return {
      key: `${instanceId}:${phase}:${index}`,
      phase,
      index,
      action,
      at: '2026-11-23T15:00:00.000Z',
      context: {
        instanceId,
        caseId: c.id,
        caseNumber: c.number,
        caseTitle: c.title,
        kpi: 'first_response',
        itemName: 'Premium/Enterprise, High',
        slaName: 'Reference SLA',
        zone: 'Europe/Paris',
        warningAt: '2026-11-23T14:30:00.000Z',
        failureAt: '2026-11-24T09:00:00.000Z',
      },
    };
  }

  describe('computeDeadlines', () => {
    const calendar = referenceCalendar([]);

    it('gives the reference examples: 4 business hours from 15:00 is 10:00 next business day; 24x7 is 19:00', async () => {
      const base = { applicableFrom: '2026-11-23T15:00:00+01:00', warningMinutes: 120, failureMinutes: 240, pauses: [] };
      expect(await viaSmtp.computeDeadlines({ ...base, calendar })).toEqual({
        zone: 'Europe/Paris',
        warningAt: '2026-11-23T16:00:00.000Z', // 17:00 Paris: the closing time (spec §1.4)
        failureAt: '2026-11-24T09:00:00.000Z',
        warningLabel: 'Mon 23 Nov 17:00 Europe/Paris',
        failureLabel: 'Tue 24 Nov 10:00 Europe/Paris',
        pausedBusinessMinutes: 0,
      });
      expect(await viaSmtp.computeDeadlines({ ...base, calendar: null })).toMatchObject({
        zone: 'UTC',
        failureAt: '2026-11-23T18:00:00.000Z',
        failureLabel: 'Mon 23 Nov 18:00 UTC',
      });
    });

    it('moves the deadlines by exactly the business time spent paused', async () => {
      const d = await viaSmtp.computeDeadlines({
        calendar,
        applicableFrom: '2026-11-23T15:00:00+01:00',
        warningMinutes: null,
        failureMinutes: 240,
        // Mon 16:00 to Tue 09:00 Paris: 60 + 60 business minutes
        pauses: [{ from: '2026-11-23T15:00:00.000Z', to: '2026-11-24T08:00:00.000Z' }],
      });
      expect(d).toMatchObject({ warningAt: null, failureAt: '2026-11-24T11:00:00.000Z', pausedBusinessMinutes: 120 });
    });
  });

  describe('runAction: send_email', () => {
    const email: SlaActionDefinition = {
      type: 'send_email',
      to: ['owner', 'manager', 'customer', { address: 'escalations@support.test' }],
      subject: '[{{case.number}}] {{kpi}} breached',
      body: 'Due {{failureAt}}.',
    };

    it('queues one email to the resolved recipients, once per key', async () => {
      const { c, instanceId } = await caseWithInstance();
      const first = await viaSmtp.runAction(actionInput(c, instanceId, email));
      const again = await viaSmtp.runAction(actionInput(c, instanceId, email));
      expect(first).toMatchObject({ applied: true });
      expect(again).toEqual({ applied: false, outboxId: first.outboxId, note: 'already ran' });
      const rows = await db.db.select().from(emailOutbox).where(eq(emailOutbox.idempotencyKey, `${instanceId}:failure:0`));
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({
        status: 'pending',
        to: [EMAILS.owner, EMAILS.manager, EMAILS.customer, 'escalations@support.test'],
        subject: `[${c.number}] First Response By breached`,
        body: 'Due Tue 24 Nov 10:00 Europe/Paris (Tue 24 Nov 09:00 UTC).',
      });
      expect(await db.db.select().from(slaActionRuns).where(eq(slaActionRuns.instanceId, instanceId))).toHaveLength(1);
      const events = await db.db.select().from(caseEvents).where(eq(caseEvents.caseId, c.id));
      expect(events.map((e) => e.kind)).toEqual(['sla.action.send_email']);
      expect(events[0].summary).toContain(`owner <${EMAILS.owner}>`);
    });

    it('skips missing recipients with a note, and queues nothing when none is left', async () => {
      const [lonely] = await db.db.insert(agents).values({ name: 'No Manager', email: 'nomanager@support.test' }).returning();
      const { c, instanceId } = await caseWithInstance({ ownerId: lonely.id });
      const r = await viaSmtp.runAction(actionInput(c, instanceId, { ...email, to: ['owner', 'manager'] }));
      expect(r).toMatchObject({ applied: true, note: 'skipped manager: the owner has no manager' });

      const orphan = await caseWithInstance({ ownerId: null, contactId: null });
      const none = await viaSmtp.runAction(actionInput(orphan.c, orphan.instanceId, { ...email, to: ['owner'] }));
      expect(none).toEqual({ applied: true, outboxId: undefined, note: 'skipped owner: the case has no owner' });
      const events = await db.db.select().from(caseEvents).where(eq(caseEvents.caseId, orphan.c.id));
      expect(events[0].summary).toMatch(/not sent: no recipient/);
    });
  });

  describe('deliverEmail', () => {
    it('sends over SMTP once, with a Message-ID derived from the outbox row', async () => {
      const { c, instanceId } = await caseWithInstance();
      const { outboxId } = await viaSmtp.runAction(actionInput(c, instanceId, { type: 'send_email', to: ['owner'], subject: 'Hi {{case.number}}', body: 'x' }));
      expect(await viaSmtp.deliverEmail(outboxId!)).toEqual({ status: 'sent', messageId: `<outbox-${outboxId}@support.test>` });
      expect(await viaSmtp.deliverEmail(outboxId!)).toEqual({ status: 'already_sent', messageId: `<outbox-${outboxId}@support.test>` });
      const mails = await smtp.waitForCount(1);
      await new Promise((r) => setTimeout(r, 100)); // a second message would have arrived by now
      expect(mails).toHaveLength(1);
      expect(mails[0]).toMatchObject({ to: [EMAILS.owner], subject: `Hi ${c.number}`, messageId: `<outbox-${outboxId}@support.test>` });
      const [row] = await db.db.select().from(emailOutbox).where(eq(emailOutbox.id, outboxId!));
      expect(row).toMatchObject({ status: 'sent', attempts: 1, messageId: `<outbox-${outboxId}@support.test>` });
      expect(row.sentAt).toBeInstanceOf(Date);
    });

    it('writes an .eml file into the mailbox folder when no SMTP server is configured', async () => {
      const { c, instanceId } = await caseWithInstance();
      const { outboxId } = await viaMailbox.runAction(actionInput(c, instanceId, { type: 'send_email', to: ['owner'], subject: 'Mailbox {{case.number}}', body: 'Hello' }));
      await viaMailbox.deliverEmail(outboxId!);
      await viaMailbox.deliverEmail(outboxId!);
      const files = readdirSync(mailboxDir).filter((f) => f.includes(outboxId!));
      expect(files).toEqual([`outbox-${outboxId}@support.test.eml`]);
      const eml = readFileSync(path.join(mailboxDir, files[0]), 'utf8');
      expect(eml).toContain(`Subject: Mailbox ${c.number}`);
      expect(eml).toContain(`To: ${EMAILS.owner}`);
      expect(eml).toContain(`Message-ID: <outbox-${outboxId}@support.test>`);
    });

    it('holds no database connection while the SMTP server is slow; a second attempt meanwhile is told it is busy', async () => {
      let accept!: () => void;
      const accepted = new Promise<void>((r) => (accept = r));
      const slow = await startSmtpCapture({ beforeAccepting: () => accepted });
      try {
        const viaSlow = createSlaActivities({ db: db.db, mailer: createMailer({ smtpUrl: slow.url, from: 'x <x@support.test>', mailboxDir }), clock, caseLifecycle });
        const { c, instanceId } = await caseWithInstance();
        const { outboxId } = await viaSlow.runAction(actionInput(c, instanceId, { type: 'send_email', to: ['owner'], subject: 'Slow', body: 'b' }));
        const sending = viaSlow.deliverEmail(outboxId!);
        await slow.waitForCount(1); // the server has the message and has not answered yet
        // On PGlite's single connection this query would wait for the send if delivery held a transaction.
        const guard = new Promise<'stalled'>((r) => setTimeout(() => r('stalled'), 5_000).unref());
        const [row] = await Promise.race([db.db.select().from(emailOutbox).where(eq(emailOutbox.id, outboxId!)), guard.then(() => [] as never[])]);
        expect(row).toMatchObject({ status: 'pending', attempts: 0 });
        expect(row!.sendingUntil).toBeInstanceOf(Date);
        await expect(viaSlow.deliverEmail(outboxId!)).rejects.toMatchObject({ type: 'EmailOutboxBusy' });
        accept();
        expect(await sending).toMatchObject({ status: 'sent' });
        const [after] = await db.db.select().from(emailOutbox).where(eq(emailOutbox.id, outboxId!));
        expect(after).toMatchObject({ status: 'sent', attempts: 1, sendingUntil: null });
        expect(slow.messages).toHaveLength(1);
      } finally {
        accept();
        await slow.close();
      }
    });

    it('sends again, with the same Message-ID, once the lease of an attempt that died mid-send ran out', async () => {
      const { c, instanceId } = await caseWithInstance();
      const { outboxId } = await viaSmtp.runAction(actionInput(c, instanceId, { type: 'send_email', to: ['owner'], subject: 'Again', body: 'b' }));
      await db.db.update(emailOutbox).set({ sendingUntil: sql`now() + interval '1 minute'` }).where(eq(emailOutbox.id, outboxId!));
      await expect(viaSmtp.deliverEmail(outboxId!)).rejects.toMatchObject({ type: 'EmailOutboxBusy' });
      await db.db.update(emailOutbox).set({ sendingUntil: sql`now() - interval '1 second'` }).where(eq(emailOutbox.id, outboxId!));
      expect(await viaSmtp.deliverEmail(outboxId!)).toEqual({ status: 'sent', messageId: `<outbox-${outboxId}@support.test>` });
      expect((await smtp.waitForCount(1)).map((m) => m.messageId)).toEqual([`<outbox-${outboxId}@support.test>`]);
    });

    it('gives up on an SMTP server that never greets after the greeting timeout (set in SMTP_URL here), releasing the row', async () => {
      const silent = net.createServer(() => {}); // accepts connections and never says a word
      await new Promise<void>((r) => silent.listen(0, '127.0.0.1', () => r()));
      try {
        const port = (silent.address() as net.AddressInfo).port;
        const mute = createSlaActivities({ db: db.db, mailer: createMailer({ smtpUrl: `smtp://127.0.0.1:${port}?greetingTimeout=200`, from: 'x <x@support.test>', mailboxDir }), caseLifecycle });
        const { c, instanceId } = await caseWithInstance();
        const { outboxId } = await mute.runAction(actionInput(c, instanceId, { type: 'send_email', to: ['owner'], subject: 's', body: 'b' }));
        await expect(mute.deliverEmail(outboxId!)).rejects.toThrow(/greeting/i);
        const [row] = await db.db.select().from(emailOutbox).where(eq(emailOutbox.id, outboxId!));
        expect(row).toMatchObject({ status: 'pending', attempts: 1, sendingUntil: null });
      } finally {
        silent.close();
      }
    });

    it('records the error and keeps the email pending when the SMTP server is unreachable', async () => {
      const { c, instanceId } = await caseWithInstance();
      const down = createSlaActivities({ db: db.db, mailer: createMailer({ smtpUrl: 'smtp://127.0.0.1:1', from: 'x <x@support.test>', mailboxDir }), caseLifecycle });
      const { outboxId } = await down.runAction(actionInput(c, instanceId, { type: 'send_email', to: ['owner'], subject: 's', body: 'b' }));
      await expect(down.deliverEmail(outboxId!)).rejects.toThrow();
      const [row] = await db.db.select().from(emailOutbox).where(eq(emailOutbox.id, outboxId!));
      expect(row).toMatchObject({ status: 'pending', attempts: 1 });
      expect(row.lastError).toMatch(/ECONNREFUSED/);
    });
  });

  describe('runAction: escalate_to_queue and set_case_field', () => {
    it('moves the case into the escalation queue once, at the instant it takes effect, closing its open queue item', async () => {
      const { c, instanceId } = await caseWithInstance();
      const input = actionInput(c, instanceId, { type: 'escalate_to_queue' }, 'failure', 2);
      expect(await viaSmtp.runAction(input)).toEqual({ applied: true, note: undefined });
      expect(await viaSmtp.runAction(input)).toEqual({ applied: false, note: 'already ran' });
      const items = await db.db.select().from(queueItems).where(eq(queueItems.caseId, c.id)).orderBy(queueItems.enteredAt);
      expect(items.map((i) => [i.queueId, i.removedAt?.toISOString() ?? null])).toEqual([
        [seed.tier1QueueId, EFFECT_AT.toISOString()],
        [seed.escalationQueueId, null],
      ]);
      expect(items[1].enteredAt).toEqual(EFFECT_AT);
      const [run] = await db.db.select().from(slaActionRuns).where(eq(slaActionRuns.actionKey, input.key));
      expect(run).toMatchObject({ ranAt: EFFECT_AT, detail: expect.objectContaining({ dueAt: '2026-11-23T15:00:00.000Z' }) });
      expect(await readCase(db.db, c.id)).toMatchObject({ queueId: seed.escalationQueueId, version: 2 });
      const [ev] = await db.db.select().from(caseEvents).where(and(eq(caseEvents.caseId, c.id), eq(caseEvents.kind, 'sla.action.escalate_to_queue')));
      expect(ev.summary).toBe('Moved to queue "Escalations" (SLA: First Response By breached)');
    });

    it('moves into a named queue, and refuses an unknown queue without recording a run', async () => {
      const { c, instanceId } = await caseWithInstance();
      await viaSmtp.runAction(actionInput(c, instanceId, { type: 'escalate_to_queue', queue: 'Escalations' }));
      expect((await readCase(db.db, c.id)).queueId).toBe(seed.escalationQueueId);
      const err = await viaSmtp.runAction(actionInput(c, instanceId, { type: 'escalate_to_queue', queue: 'Nowhere' }, 'failure', 1)).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ApplicationFailure);
      expect(err).toMatchObject({ type: SLA_ACTION_CONFIG_ERROR, nonRetryable: true, message: 'No queue named "Nowhere"' });
      expect(await db.db.select().from(slaActionRuns).where(eq(slaActionRuns.actionKey, `${instanceId}:failure:1`))).toEqual([]);
    });

    it('sets a case field once and keeps the other fields', async () => {
      const { c, instanceId } = await caseWithInstance();
      await viaSmtp.runAction(actionInput(c, instanceId, { type: 'set_case_field', field: 'firstResponseSlaMet', value: 'no' }, 'failure', 1));
      await viaSmtp.runAction(actionInput(c, instanceId, { type: 'set_case_field', field: 'firstResponseSlaMet', value: 'no' }, 'failure', 1));
      await viaSmtp.runAction({ ...actionInput(c, instanceId, { type: 'set_case_field', field: 'tier', value: 2 }, 'warning', 0) });
      expect(await readCase(db.db, c.id)).toMatchObject({ fields: { firstResponseSlaMet: 'no', tier: 2 }, version: 3 });
    });
  });

  describe('mirrorInstance', () => {
    const status = (instanceId: string, over: Partial<KpiStatus>): KpiStatus => ({
      instanceId,
      workflowId: 'wf',
      kpi: 'first_response',
      state: 'in_progress',
      applicableFrom: '2026-11-23T14:00:00.000Z',
      warningAt: '2026-11-23T14:30:00.000Z',
      failureAt: '2026-11-23T15:00:00.000Z',
      warnedAt: null,
      failedAt: null,
      succeededAt: null,
      lateSucceededAt: null,
      pausedSince: null,
      pausedBusinessMinutes: 0,
      pauses: [],
      endedAt: null,
      endReason: null,
      actionsRun: [],
      ...over,
    });

    it('never lets an older transition overwrite a newer one, and writes each timeline event once', async () => {
      const { c, instanceId } = await caseWithInstance();
      const instance = {
        instanceId,
        caseId: c.id,
        slaId: seed.slaId,
        slaItemId: seed.itemIds.premiumHigh.first_response,
        kpi: 'first_response',
        generation: 1,
        itemName: 'x',
        warningMinutes: 30,
        failureMinutes: 60,
        calendar: null,
      };
      const failed = { seq: 3, status: status(instanceId, { state: 'noncompliant', failedAt: '2026-11-23T15:00:00.000Z' }), transition: { kind: 'failed' as const, at: '2026-11-23T15:00:00.000Z', summary: 'failed' }, instance };
      const warned = { seq: 2, status: status(instanceId, { state: 'nearing_noncompliance' }), transition: { kind: 'warning' as const, at: '2026-11-23T14:30:00.000Z', summary: 'warned' }, instance };
      expect(await viaSmtp.mirrorInstance(failed)).toEqual({ mirrored: true });
      expect(await viaSmtp.mirrorInstance(warned)).toEqual({ mirrored: false });
      expect(await viaSmtp.mirrorInstance(failed)).toEqual({ mirrored: false });
      const [row] = await db.db.select().from(slaKpiInstances).where(eq(slaKpiInstances.id, instanceId));
      expect(row).toMatchObject({ state: 'noncompliant', mirrorSeq: 3, failedAt: new Date('2026-11-23T15:00:00.000Z') });
      const events = await db.db.select().from(caseEvents).where(eq(caseEvents.caseId, c.id)).orderBy(caseEvents.occurredAt);
      expect(events.map((e) => e.kind)).toEqual(['sla.warning', 'sla.failed']);
      expect(await readCase(db.db, c.id)).toMatchObject({ breached: true, version: 2 });
    });

    it('creates the instance row when the workflow was started without one, and keeps an end set by the orchestrator', async () => {
      const c = await createCase(db.db, seed);
      const instanceId = randomUUID();
      const instance = { instanceId, caseId: c.id, slaId: seed.slaId, slaItemId: seed.itemIds.standard.resolve, kpi: 'resolve', generation: 1, itemName: 'Standard', warningMinutes: null, failureMinutes: 2700, calendar: null };
      await viaSmtp.mirrorInstance({ seq: 1, status: status(instanceId, { kpi: 'resolve' }), transition: { kind: 'started', at: '2026-11-23T14:00:00.000Z', summary: 'started' }, instance });
      await db.db.update(slaKpiInstances).set({ endedAt: new Date('2026-11-23T14:10:00Z'), endReason: 'case cancelled' }).where(eq(slaKpiInstances.id, instanceId));
      await viaSmtp.mirrorInstance({
        seq: 2,
        status: status(instanceId, { kpi: 'resolve', state: 'canceled', endedAt: '2026-11-23T14:11:00.000Z', endReason: 'canceled' }),
        transition: { kind: 'canceled', at: '2026-11-23T14:11:00.000Z', summary: 'canceled' },
        instance,
      });
      const [row] = await db.db.select().from(slaKpiInstances).where(eq(slaKpiInstances.id, instanceId));
      expect(row).toMatchObject({ state: 'canceled', endReason: 'case cancelled', endedAt: new Date('2026-11-23T14:10:00Z'), workflowStartedAt: new Date('2026-11-23T14:00:00Z') });
    });
  });
});
