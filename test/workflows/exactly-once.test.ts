/**
 * Spec §2.10: each action takes effect once whatever crashes and retries happen. The activities run
 * for real (PostgreSQL, SMTP on loopback); crashes are injected around them.
 */
import { randomUUID } from 'node:crypto';
import { asc, eq, like } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseEvents, cases, emailOutbox, queueItems, slaActionRuns } from '../../db/schema/index.js';
import { createActionBatchActivities, type MirrorInstanceInput, type RunActionInput } from '../../activities/index.js';
import { cancelSignal } from '../../workflows/contract.js';
import { MON, createCase, kpiInput, referenceCalendar } from '../support/reference-kpi.js';
import { createSlaHarness, type SlaHarness } from '../support/sla-harness.js';

describe('exactly-once SLA actions', () => {
  let h: SlaHarness;
  beforeAll(async () => {
    h = await createSlaHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  const mailsFor = (caseNumber: string) => h.smtp.messages.filter((m) => m.subject.includes(caseNumber));

  async function expectEffectsOnce(instanceId: string, caseId: string, caseNumber: string) {
    // Warning email to the owner, failure email to owner + manager: one SMTP message each.
    expect(mailsFor(caseNumber).map((m) => m.subject)).toEqual([
      expect.stringContaining('First Response By at risk'),
      expect.stringContaining('First Response By breached'),
    ]);
    // Exactly the instance's two email actions are in the outbox (keyed instance:phase:index), both sent.
    const outbox = await h.db.db
      .select()
      .from(emailOutbox)
      .where(like(emailOutbox.idempotencyKey, `${instanceId}:%`))
      .orderBy(asc(emailOutbox.idempotencyKey));
    expect(outbox.map((o) => [o.idempotencyKey, o.status])).toEqual([
      [`${instanceId}:failure:0`, 'sent'],
      [`${instanceId}:warning:0`, 'sent'],
    ]);
    const items = await h.db.db.select().from(queueItems).where(eq(queueItems.caseId, caseId)).orderBy(queueItems.enteredAt);
    expect(items.map((i) => [i.queueId, i.removedAt === null])).toEqual([
      [h.seed.tier1QueueId, false],
      [h.seed.escalationQueueId, true],
    ]);
    expect(await h.db.db.select().from(slaActionRuns).where(eq(slaActionRuns.caseId, caseId))).toHaveLength(4);
    const events = await h.db.db.select().from(caseEvents).where(eq(caseEvents.caseId, caseId));
    const kinds = events.map((e) => e.kind);
    expect(kinds.filter((k) => k === 'sla.action.escalate_to_queue')).toHaveLength(1);
    expect(kinds.filter((k) => k === 'sla.action.send_email')).toHaveLength(2);
    expect(kinds.filter((k) => k === 'sla.failed')).toHaveLength(1);
    const [c] = await h.db.db.select().from(cases).where(eq(cases.id, caseId));
    expect(c).toMatchObject({ queueId: h.seed.escalationQueueId, breached: true, fields: { firstResponseSlaMet: 'no' } });
    // field set once, moved once, breached once: three version bumps
    expect(c.version).toBe(4);
  }

  it('repeats nothing when every action crashes right after its database write (or after sending), and the batch after all of them', async () => {
    const crashes: string[] = [];
    const crashed = new Set<string>();
    /** Each step crashes once, right after it took effect; its retry must find the effect and add none. */
    const crashOnce = async <T>(name: string, run: () => Promise<T>): Promise<T> => {
      const result = await run();
      if (!crashed.has(name)) {
        crashed.add(name);
        crashes.push(name);
        throw new Error(`simulated crash after ${name} committed`);
      }
      return result;
    };
    const runAction = (input: RunActionInput) => crashOnce(`runAction ${input.key}`, () => h.activities.runAction(input));
    const deliverEmail = (outboxId: string) => crashOnce(`deliverEmail ${outboxId}`, () => h.activities.deliverEmail(outboxId));
    const batch = createActionBatchActivities({ runAction, deliverEmail });
    const taskQueue = `crashy-${randomUUID()}`;
    const crashy = await h.startWorker(taskQueue, {
      ...h.activities,
      runAction,
      deliverEmail,
      runActions: (inputs: RunActionInput[]) => crashOnce(`runActions ${inputs[0]?.key}`, () => batch.runActions(inputs)),
      mirrorInstance: (input: MirrorInstanceInput) =>
        input.transition.kind === 'failed' ? crashOnce('mirror failed', () => h.activities.mirrorInstance(input)) : h.activities.mirrorInstance(input),
    });
    const week = await h.newWeek();
    const c = await createCase(h.db.db, h.seed);
    const input = kpiInput(h.seed, c, 'premiumHigh', 'first_response', { applicableFrom: week.iso(MON, '15:00'), calendar: referenceCalendar([]) });
    const handle = await h.start(input, taskQueue);

    await h.sleepUntil(week.at(MON, '16:10'));
    await h.waitForStatus(handle, (s) => s.actionsRun.length === 4, 'failure actions', 90_000);
    await handle.signal(cancelSignal, { at: week.iso(MON, '16:20'), reason: 'case cancelled' });
    await handle.result();
    expect(crashes.filter((x) => x.startsWith('runAction '))).toHaveLength(4);
    expect(crashes.filter((x) => x.startsWith('deliverEmail'))).toHaveLength(2);
    // Both phases ran as one batch each (BATCHED_ACTIONS_PATCH): warning (1 action), failure (3).
    expect(crashes.filter((x) => x.startsWith('runActions'))).toEqual([`runActions ${input.instanceId}:warning:0`, `runActions ${input.instanceId}:failure:0`]);
    expect(crashes).toContain('mirror failed');
    await expectEffectsOnce(input.instanceId, c.id, c.number);
    crashy.worker.shutdown();
    await crashy.done;
  });
});
