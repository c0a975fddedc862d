/**
 * Spec §2.10 across a worker restart, on the real Temporal dev server: the worker dies in the middle
 * of an escalation (after its database transaction committed, before it reported the result), a new
 * worker takes over and retries the action, and the case still moves once.
 */
import { randomUUID } from 'node:crypto';
import { Context } from '@temporalio/activity';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseEvents, queueItems, slaActionRuns } from '../../db/schema/index.js';
import { createActionBatchActivities, type RunActionInput } from '../../activities/index.js';
import { cancelSignal } from '../../workflows/contract.js';
import { createCase, kpiInput, readCase } from '../support/reference-kpi.js';
import { createSlaHarness, type SlaHarness } from '../support/sla-harness.js';

describe('SLA actions across a worker restart (dev server)', () => {
  let h: SlaHarness;
  beforeAll(async () => {
    h = await createSlaHarness({ server: 'dev' });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('moves the case and sends each email once when the worker is shut down mid-escalation and a new worker takes over', async () => {
    const taskQueue = `restart-${randomUUID()}`;
    let inEscalation!: () => void;
    const escalating = new Promise<void>((r) => (inEscalation = r));
    let attemptsOnFirstWorker = 0;
    const runAction = async (input: RunActionInput) => {
      const result = await h.activities.runAction(input);
      if (input.action.type === 'escalate_to_queue') {
        attemptsOnFirstWorker += 1;
        inEscalation(); // committed; the worker now goes away before reporting the result
        await Context.current().cancelled;
      }
      return result;
    };
    const first = await h.startWorker(
      taskQueue,
      { ...h.activities, runAction, ...createActionBatchActivities({ runAction, deliverEmail: h.activities.deliverEmail }) },
      { shutdownGraceTime: '100ms' },
    );
    const c = await createCase(h.db.db, h.seed);
    // A 24x7 First Response By that started two hours ago: warning and failure are past, so they
    // happen at once (spec §2.9) and no real time has to pass.
    const handle = await h.start(
      kpiInput(h.seed, c, 'premiumHigh', 'first_response', { applicableFrom: new Date(Date.now() - 2 * 3_600_000).toISOString(), calendar: null }),
      taskQueue,
    );
    await escalating;
    first.worker.shutdown();
    await first.done;
    await h.startWorker(taskQueue, h.activities);

    const done = await h.waitForStatus(handle, (s) => s.actionsRun.length === 4, 'escalation retried on the new worker', 60_000);
    expect(done.state).toBe('noncompliant');
    await handle.signal(cancelSignal, { at: new Date().toISOString(), reason: 'case cancelled' });
    await handle.result();

    expect(attemptsOnFirstWorker).toBe(1);
    const items = await h.db.db.select().from(queueItems).where(eq(queueItems.caseId, c.id)).orderBy(queueItems.enteredAt);
    expect(items.map((i) => [i.queueId, i.removedAt === null])).toEqual([
      [h.seed.tier1QueueId, false],
      [h.seed.escalationQueueId, true],
    ]);
    expect(await h.db.db.select().from(slaActionRuns).where(eq(slaActionRuns.caseId, c.id))).toHaveLength(4);
    const events = await h.db.db.select().from(caseEvents).where(eq(caseEvents.caseId, c.id));
    expect(events.filter((e) => e.kind === 'sla.action.escalate_to_queue')).toHaveLength(1);
    expect(await readCase(h.db.db, c.id)).toMatchObject({ queueId: h.seed.escalationQueueId, breached: true, fields: { firstResponseSlaMet: 'no' } });
    const mails = await h.smtp.waitForCount(2);
    expect(mails.filter((m) => m.subject.includes(c.number)).map((m) => m.subject)).toEqual([
      expect.stringContaining('First Response By at risk'),
      expect.stringContaining('First Response By breached'),
    ]);
  });
});
