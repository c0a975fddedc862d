/**
 * Keeps a case's KPI clocks in step with the case (spec §2.3-2.11). Runs inside the transaction that
 * changes the case: it decides which SLA items apply, writes KPI instance rows, and queues commands for
 * their Temporal workflows in the `sla_commands` outbox. After commit it wakes the background dispatcher,
 * which delivers them outside the request; if Temporal is unreachable they are retried later, and
 * workflows start with the original *applicable from*, so deadlines that passed meanwhile fire at once.
 */
import type { Tx } from '../../db/client.js';
import type { CaseLifecycleListener, CaseRow } from '../cases/case-lifecycle.js';
import { loadCalendarVersion } from '../calendars/calendar-versions.js';
import type { CaseFacts } from './case-fields.js';
import { evaluateCondition } from './conditions.js';
import { defaultSuccessCriteria } from './kpis.js';
import { defaultSla, type SlaItemRow } from './sla-definitions.js';
import { currentSlaVersion, isPausingStatus, loadSlaVersion, type PinnedSla, type SlaVersionRow } from './sla-versions.js';
import { selectItems } from './select-items.js';
import { settleImportedClocks } from './imported-clocks.js';
import { stageOfItem } from './stage-items.js';
import {
  createInstance,
  END_REASONS,
  enqueueCommand,
  enqueueCommands,
  latestInstanceOfKpi,
  markEnded,
  openInstances,
  recordPause,
  recordResume,
  type KpiInstanceRow,
} from './kpi-instances.js';
import type { PauseInterval, StalePauseSetting } from '../../workflows/contract.js';

/** Told after commit that a case may have new commands (the background dispatcher; it never blocks). */
export interface CommandDelivery {
  wake(caseId: string): void;
}

export function caseFacts(c: CaseRow): CaseFacts {
  return { ...c, fields: c.fields ?? {} };
}

/**
 * The SLA version the case's clocks follow: the one it pinned when it got its SLA, whatever happened to
 * the SLA since (replaced or deleted). A newer version reaches the case only by an explicit apply.
 */
export function pinnedSla(tx: Tx, c: CaseRow): Promise<PinnedSla | undefined> {
  if (!c.slaId || c.slaVersion === null) return Promise.resolve(undefined);
  // A version's settings and items never change, so a transaction reads each once: an SLA action
  // batch changes one case twice (queue, field) and each change re-evaluates its clocks.
  let loaded = pinnedInTransaction.get(tx);
  if (!loaded) pinnedInTransaction.set(tx, (loaded = new Map()));
  const key = `${c.slaId}:${c.slaVersion}`;
  let found = loaded.get(key);
  if (!found) {
    const versions = loaded;
    found = loadSlaVersion(tx, c.slaId, c.slaVersion);
    versions.set(key, found);
    found.catch(() => versions.delete(key));
  }
  return found;
}

const pinnedInTransaction = new WeakMap<Tx, Map<string, Promise<PinnedSla | undefined>>>();

function successCriteriaOf(snapshot: Record<string, unknown>, kpi: string): unknown {
  return snapshot.successCriteria ?? defaultSuccessCriteria(kpi);
}

function snapshotOf(item: SlaItemRow): Record<string, unknown> {
  const { id, slaId, position, name, kpi, applicableWhen, successCriteria, applicableFrom, warningMinutes, failureMinutes, warningActions, failureActions, successActions } = item;
  const stalePause = stalePauseOf(item);
  return {
    ...{ id, slaId, position, name, kpi, applicableWhen, successCriteria, applicableFrom, warningMinutes, failureMinutes, warningActions, failureActions, successActions },
    ...(stalePause ? { stalePause } : {}),
  };
}

/** The item's stale-pause alert as the workflow takes it (absent when the item has none). */
function stalePauseOf(item: SlaItemRow): StalePauseSetting | null {
  if (item.stalePauseMinutes === null || item.stalePauseTime === null) return null;
  return { afterMinutes: item.stalePauseMinutes, time: item.stalePauseTime, actions: item.stalePauseActions };
}

export async function startInstance(
  tx: Tx,
  c: CaseRow,
  sla: SlaVersionRow,
  item: SlaItemRow,
  opts: { applicableFrom: Date; pauses: PauseInterval[]; warnedAt?: Date | null; failedAt?: Date | null; carriedPausedMinutes?: number; generation?: number },
): Promise<KpiInstanceRow> {
  const calendar = sla.calendarId ? await loadCalendarVersion(tx, sla.calendarId) : null;
  return createInstance(tx, {
    generation: opts.generation,
    itemSnapshot: snapshotOf(item),
    carriedPausedMinutes: opts.carriedPausedMinutes,
    input: {
      caseId: c.id,
      caseNumber: c.number,
      caseTitle: c.title,
      slaId: sla.slaId,
      slaName: sla.name,
      slaItemId: item.id,
      itemName: item.name,
      kpi: item.kpi,
      applicableFrom: opts.applicableFrom.toISOString(),
      warningMinutes: item.warningMinutes,
      failureMinutes: item.failureMinutes,
      calendar: calendar ?? null,
      pauses: opts.pauses,
      allowPause: sla.allowPause,
      actions: { warning: item.warningActions, failure: item.failureActions, success: item.successActions },
      ...(stalePauseOf(item) ? { stalePause: stalePauseOf(item) } : {}),
      alreadyWarned: Boolean(opts.warnedAt),
      alreadyFailed: Boolean(opts.failedAt),
      alreadyWarnedAt: opts.warnedAt?.toISOString(),
      alreadyFailedAt: opts.failedAt?.toISOString(),
    },
  });
}

function applicableFromOf(item: SlaItemRow, c: CaseRow): Date | null {
  if (item.applicableFrom === 'firstResponseAt') return c.firstResponseAt;
  if (stageOfItem(item.applicableFrom)) return null; // starts when the case enters the stage (./stage-clocks.ts)
  return c.createdAt;
}

/** `open`: the case's open instances when the caller has them (the clocks a create just started). */
async function succeedOrCancel(tx: Tx, c: CaseRow, at: Date, closing: 'resolved' | null, open?: KpiInstanceRow[]): Promise<void> {
  const facts = caseFacts(c);
  for (const inst of open ?? (await openInstances(tx, c.id))) {
    // A stage clock succeeds only when its stage is completed (./stage-clocks.ts); closing the case cancels it.
    const byStage = stageOfItem(inst.itemSnapshot.applicableFrom) !== null;
    if (!byStage && evaluateCondition(successCriteriaOf(inst.itemSnapshot, inst.kpi), facts)) {
      const reason = inst.kpi === 'first_response' ? 'first response recorded' : closing ? 'case resolved' : END_REASONS.succeeded;
      await enqueueCommand(tx, inst, 'succeed', { at: at.toISOString(), reason });
      await markEnded(tx, inst.id, END_REASONS.succeeded, at);
    } else if (closing) {
      await enqueueCommand(tx, inst, 'cancel', { at: at.toISOString(), reason: END_REASONS.caseResolved });
      await markEnded(tx, inst.id, END_REASONS.caseResolved, at);
    }
  }
}

export function createSlaClockListener(delivery: CommandDelivery | null): CaseLifecycleListener {
  return {
    name: 'sla-clocks',

    async beforeCreate(tx, draft) {
      // An entitlement listener earlier in the chain may already have set the entitlement's SLA (§2.3).
      if (!draft.slaId) {
        const sla = await defaultSla(tx);
        if (sla) [draft.slaId, draft.slaVersion] = [sla.id, draft.slaVersion ?? sla.version];
      }
      // The case pins the SLA's current version: its clocks follow it until an admin applies a newer one.
      if (draft.slaId && draft.slaVersion == null) draft.slaVersion = await currentSlaVersion(tx, draft.slaId);
    },

    async onCreated(tx, c, at) {
      const loaded = await pinnedSla(tx, c);
      if (!loaded) return;
      const paused = isPausingStatus(loaded.settings, c.status);
      const started: KpiInstanceRow[] = [];
      for (const item of selectItems(loaded.items, caseFacts(c)).values()) {
        const from = applicableFromOf(item, c);
        if (!from) continue; // starts later, when its applicable-from field gets a value
        // The case was inserted in this transaction: each of its clocks is the first of its KPI.
        started.push(await startInstance(tx, c, loaded.settings, item, { applicableFrom: from, pauses: paused ? [{ from: at.toISOString(), to: null }] : [], generation: 1 }));
      }
      await succeedOrCancel(tx, c, at, null, started);
    },

    async onUpdated(tx, _before, after, _changed, at) {
      if (after.status === 'resolved' || after.status === 'cancelled') return;
      const loaded = await pinnedSla(tx, after);
      if (!loaded) return;
      const selected = selectItems(loaded.items, caseFacts(after));
      const open = await openInstances(tx, after.id);
      let clocksChanged = false;
      // Items that no longer apply end; a different applicable item takes over with the same clock (§2.9).
      for (const inst of open) {
        const now = selected.get(inst.kpi);
        if (now?.id === inst.slaItemId) continue;
        clocksChanged = true;
        await enqueueCommand(tx, inst, 'cancel', { at: at.toISOString(), reason: END_REASONS.reevaluated });
        await markEnded(tx, inst.id, END_REASONS.reevaluated, at);
        if (now) {
          await startInstance(tx, after, loaded.settings, now, {
            applicableFrom: inst.applicableFrom,
            pauses: inst.pauses,
            warnedAt: inst.warnedAt,
            failedAt: inst.failedAt,
            carriedPausedMinutes: inst.pausedBusinessMinutes,
          });
        }
      }
      const openKpis = new Set(open.map((i) => i.kpi));
      for (const [kpi, item] of selected) {
        if (openKpis.has(kpi)) continue;
        const latest = await latestInstanceOfKpi(tx, after.id, kpi);
        // A KPI that never applied, or stopped applying by re-evaluation, starts (again) now that it applies.
        if (latest && latest.endReason !== END_REASONS.reevaluated) continue;
        const from = latest?.applicableFrom ?? applicableFromOf(item, after);
        if (!from) continue;
        const paused = isPausingStatus(loaded.settings, after.status);
        clocksChanged = true;
        await startInstance(tx, after, loaded.settings, item, {
          applicableFrom: from,
          pauses: latest ? latest.pauses : paused ? [{ from: at.toISOString(), to: null }] : [],
          warnedAt: latest?.warnedAt,
          failedAt: latest?.failedAt,
        });
      }
      // The open clocks as read above, unless this re-evaluation ended or started some.
      await succeedOrCancel(tx, after, at, null, clocksChanged ? undefined : open);
    },

    async onStatusChanged(tx, before, after, at) {
      const loaded = await pinnedSla(tx, after);
      if (loaded) {
        // Each open clock is brought to what the pinned version says about the new status (paused or
        // running), from its own state rather than from the previous status.
        const pause = isPausingStatus(loaded.settings, after.status);
        const open = await openInstances(tx, after.id);
        const moving = open.filter((inst) => pause === !inst.pausedSince);
        await enqueueCommands(tx, moving.map((inst) => ({ instance: inst, kind: pause ? 'pause' : 'resume', payload: { at: at.toISOString() } })));
        for (const inst of moving) await (pause ? recordPause(tx, inst, at) : recordResume(tx, inst, at));
        return succeedOrCancel(tx, after, at, null, open);
      }
      await succeedOrCancel(tx, after, at, null);
    },

    async onFirstResponse(tx, c, at) {
      await succeedOrCancel(tx, c, at, null);
      // Items whose clock starts at the first response (applicableFrom = firstResponseAt) start now.
      const loaded = await pinnedSla(tx, c);
      if (!loaded) return;
      for (const item of selectItems(loaded.items, caseFacts(c)).values()) {
        if (item.applicableFrom !== 'firstResponseAt' || (await latestInstanceOfKpi(tx, c.id, item.kpi))) continue;
        // A first response given while the case is on hold starts its clock paused, like a case created on hold.
        const pauses = isPausingStatus(loaded.settings, c.status) ? [{ from: at.toISOString(), to: null }] : [];
        await startInstance(tx, c, loaded.settings, item, { applicableFrom: c.firstResponseAt ?? at, pauses });
      }
    },

    async onResolved(tx, _before, after, at) {
      await succeedOrCancel(tx, after, at, 'resolved');
    },

    async onCancelled(tx, _before, after, at) {
      for (const inst of await openInstances(tx, after.id)) {
        await enqueueCommand(tx, inst, 'cancel', { at: at.toISOString(), reason: END_REASONS.caseCancelled });
        await markEnded(tx, inst.id, END_REASONS.caseCancelled, at);
      }
    },

    async onReopened(tx, _before, after, at) {
      // Reopening restarts the KPIs whose success criteria no longer hold (Resolve By, custom KPIs);
      // a first response that was given stays given. The new clocks start at the reopening.
      const loaded = await pinnedSla(tx, after);
      if (!loaded) return;
      const openKpis = new Set((await openInstances(tx, after.id)).map((i) => i.kpi));
      const facts = caseFacts(after);
      for (const [kpi, item] of selectItems(loaded.items, facts)) {
        if (openKpis.has(kpi)) continue;
        if (evaluateCondition(item.successCriteria ?? defaultSuccessCriteria(kpi), facts)) continue;
        await startInstance(tx, after, loaded.settings, item, { applicableFrom: at, pauses: [] });
      }
    },

    async onImported(tx, c, info) {
      await settleImportedClocks(tx, c.id, info);
    },

    async afterCommit(caseId) {
      delivery?.wake(caseId);
    },
  };
}
