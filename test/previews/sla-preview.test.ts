import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, asc, eq, inArray } from 'drizzle-orm';
import { cases, slaActionRuns, slaCommands, slaItems, slaKpiInstances } from '../../db/schema/index.js';
import type { KpiWorkflowInput } from '../../workflows/contract.js';
import { ny, nyIso, previewFixture, type PreviewFixture } from './support.js';

/**
 * The proposal shortens Resolve from 540 to 480 business minutes (warning stays at 240) on Mon-Fri
 * 08:00-17:00 New York; the preview is made on Thursday 12 June at 16:00:
 * - created Mon 09:00: failure Tue 09:00 → Mon 17:00 (earlier; breached before and after; its warning fired);
 * - created Wed 16:30: failure Thu 16:30 → Thu 15:30 (earlier, newly breached);
 * - created Thu 11:00: failure Fri 11:00 → Fri 10:00 (earlier).
 */
describe('previewing an SLA definition change and applying it to running clocks', () => {
  let f: PreviewFixture;
  let warned: { caseId: string; instanceId: string };
  let newlyBreached: { caseId: string; instanceId: string };
  let friday: { caseId: string; instanceId: string };
  const item = (failure: number, extra: Record<string, unknown> = {}) => ({ name: 'Resolve', kpi: 'resolve', warning: { minutes: 240 }, failure: { minutes: failure }, ...extra });
  const proposal = (items: object[]) => ({ proposed: { name: 'Standard', calendarId: f.calendarId, isDefault: true, items } });

  beforeAll(async () => {
    f = await previewFixture();
    warned = await f.caseAt('2025-06-09', '09:00');
    newlyBreached = await f.caseAt('2025-06-11', '16:30');
    friday = await f.caseAt('2025-06-12', '11:00');
    // The first clock's workflow reached its warning (Mon 13:00) and its failure (Tue 09:00): their actions ran.
    await f.t.database.db
      .update(slaKpiInstances)
      .set({ warnedAt: new Date(ny('2025-06-09', '13:00')), failedAt: new Date(ny('2025-06-10', '09:00')), state: 'noncompliant', mirrorSeq: 3 })
      .where(eq(slaKpiInstances.id, warned.instanceId));
    f.setNow(ny('2025-06-12', '16:00'));
  });
  afterAll(async () => f?.close());

  it('answers the old and new instants and the totals of a proposed definition, writing nothing', async () => {
    const res = await f.call('POST', `/v1/slas/${f.slaId}/preview`, proposal([item(480)]));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ kind: 'sla', subjectId: f.slaId, baseVersion: 1, proposed: true, target: { slaVersion: 2, calendars: [{ id: f.calendarId, version: 1 }] } });
    expect(res.body.totals).toEqual({ instances: 3, movedEarlier: 3, movedLater: 0, unchanged: 0, ended: 0, newlyBreached: 1, noLongerBreached: 0 });
    const byInstance = Object.fromEntries(res.body.changes.map((c: { instanceId: string }) => [c.instanceId, c]));
    expect(byInstance[warned.instanceId]).toMatchObject({
      movement: 'earlier',
      old: { warningAt: nyIso('2025-06-09', '13:00'), failureAt: nyIso('2025-06-10', '09:00'), breached: true },
      new: { warningAt: nyIso('2025-06-09', '13:00'), failureAt: nyIso('2025-06-09', '17:00'), breached: true },
    });
    expect(byInstance[newlyBreached.instanceId]).toMatchObject({
      movement: 'earlier',
      old: { warningAt: nyIso('2025-06-12', '11:30'), failureAt: nyIso('2025-06-12', '16:30'), breached: false },
      new: { warningAt: nyIso('2025-06-12', '11:30'), failureAt: nyIso('2025-06-12', '15:30'), breached: true },
      newlyBreached: true,
    });
    expect(byInstance[friday.instanceId]).toMatchObject({ new: { failureAt: nyIso('2025-06-13', '10:00'), warningAt: nyIso('2025-06-12', '15:00') } });
    expect((await f.call('GET', `/v1/slas/${f.slaId}`)).body.version).toBe(1);
    const pins = await f.t.database.db.select({ v: cases.slaVersion }).from(cases).where(inArray(cases.id, [warned.caseId, friday.caseId]));
    expect(pins.map((p) => p.v)).toEqual([1, 1]);
  });

  it('applies exactly the preview: cases re-pinned, each clock replaced with the previewed instants, what already fired carried', async () => {
    const preview = (await f.call('POST', `/v1/slas/${f.slaId}/preview`, proposal([item(480)]))).body;
    const res = await f.call('POST', `/v1/previews/${preview.id}/apply`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect((await f.call('GET', `/v1/slas/${f.slaId}`)).body.version).toBe(2);
    const [v2Item] = await f.t.database.db.select().from(slaItems).where(and(eq(slaItems.slaId, f.slaId), eq(slaItems.slaVersion, 2)));
    for (const c of [warned, newlyBreached, friday]) {
      const decision = preview.changes.find((d: { instanceId: string }) => d.instanceId === c.instanceId);
      const [old, replacement] = await f.t.database.db.select().from(slaKpiInstances).where(eq(slaKpiInstances.caseId, c.caseId)).orderBy(asc(slaKpiInstances.generation));
      expect(old.endReason).toBe('SLA version 2 applied');
      expect(replacement).toMatchObject({ generation: 2, slaItemId: v2Item.id, endedAt: null });
      expect(replacement.applicableFrom).toEqual(old.applicableFrom);
      expect(replacement.failureAt!.toISOString()).toBe(decision.new.failureAt);
      expect(replacement.warningAt!.toISOString()).toBe(decision.new.warningAt);
      const [pin] = await f.t.database.db.select({ v: cases.slaVersion }).from(cases).where(eq(cases.id, c.caseId));
      expect(pin.v).toBe(2);
      const commands = await f.t.database.db.select().from(slaCommands).where(eq(slaCommands.caseId, c.caseId)).orderBy(asc(slaCommands.id));
      expect(commands.map((k) => [k.instanceId, k.kind])).toEqual([
        [old.id, 'start'],
        [old.id, 'cancel'],
        [replacement.id, 'start'],
      ]);
      const input = commands[2].payload.input as KpiWorkflowInput;
      expect(input.failureMinutes).toBe(480);
      if (c === warned) {
        // Warning and failure already fired on the replaced clock: the new one never runs their actions.
        expect(input).toMatchObject({ alreadyWarned: true, alreadyFailed: true, alreadyWarnedAt: nyIso('2025-06-09', '13:00'), alreadyFailedAt: nyIso('2025-06-10', '09:00') });
        expect(replacement.state).toBe('noncompliant');
      } else {
        expect(input).toMatchObject({ alreadyWarned: false, alreadyFailed: false });
      }
    }
  });

  it('counts clocks whose KPI no longer applies under the proposal as ended', async () => {
    const onlyHigh = item(480, { applicableWhen: { field: 'priority', op: 'equals', value: 'high' } });
    const res = await f.call('POST', `/v1/slas/${f.slaId}/preview`, proposal([onlyHigh]));
    expect(res.status).toBe(201);
    expect(res.body.totals).toMatchObject({ instances: 3, ended: 3, movedEarlier: 0 });
    expect(res.body.changes.every((c: { movement: string; new: unknown }) => c.movement === 'ended' && c.new === null)).toBe(true);
  });

  it('carries a warning whose action already ran even if the workflow has not mirrored it yet', async () => {
    const c = await f.caseAt('2025-06-12', '09:00');
    const preview = (await f.call('POST', `/v1/slas/${f.slaId}/preview`, proposal([item(500)]))).body;
    // The workflow fired the warning at 13:00 and its email action ran; the mirror write of `warned_at` is still to come.
    await f.t.database.db.insert(slaActionRuns).values({ actionKey: `${c.instanceId}:warning:0`, instanceId: c.instanceId, caseId: c.caseId, phase: 'warning', kind: 'send_email', summary: 'warning email', ranAt: new Date(ny('2025-06-12', '13:00')) });
    const res = await f.call('POST', `/v1/previews/${preview.id}/apply`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const [start] = await f.t.database.db.select().from(slaCommands).where(and(eq(slaCommands.caseId, c.caseId), eq(slaCommands.kind, 'start'))).orderBy(asc(slaCommands.id)).offset(1);
    expect(start.payload.input).toMatchObject({ alreadyWarned: true, alreadyWarnedAt: nyIso('2025-06-12', '13:00'), alreadyFailed: false });
  });

  it('refuses a stale preview with 409: a case came into its scope since', async () => {
    const preview = (await f.call('POST', `/v1/slas/${f.slaId}/preview`, proposal([item(420)]))).body;
    const added = await f.caseAt('2025-06-12', '15:00');
    const res = await f.call('POST', `/v1/previews/${preview.id}/apply`);
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('PREVIEW_STALE');
    expect(res.body.addedInstanceIds).toEqual([added.instanceId]);
    expect((await f.call('GET', `/v1/slas/${f.slaId}`)).body.version).toBe(3);
  });

  it('answers 4xx for bad input and writes nothing', async () => {
    const bad = await f.call('POST', `/v1/slas/${f.slaId}/preview`, proposal([{ ...item(480), warning: { minutes: 600 } }]));
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('INVALID_DURATION');
    expect((await f.call('POST', '/v1/slas/00000000-0000-4000-8000-000000000000/preview', {})).status).toBe(404);
    expect((await f.call('POST', `/v1/slas/${f.slaId}/preview`, { proposed: { name: 'x' } })).status).toBe(400);
    expect((await f.call('GET', `/v1/slas/${f.slaId}`)).body.version).toBe(3);
  });
});
