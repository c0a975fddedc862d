import type { Tx } from '../../db/client.js';
import type { CaseRow } from '../cases/case-lifecycle.js';
import { END_REASONS, enqueueCommand, markEnded, openInstances } from './kpi-instances.js';
import { selectItems } from './select-items.js';
import { caseFacts, pinnedSla, startInstance } from './sla-clock-listener.js';
import { isPausingStatus } from './sla-versions.js';
import { stageOfItem } from './stage-items.js';

/**
 * The process module's way into the clocks (see ./stage-items.ts): in the transaction that moves the
 * case, it starts or ends the KPI instances of stage items through the same outbox as every other clock.
 */
export async function startStageClocks(tx: Tx, c: CaseRow, stage: string, at: Date): Promise<void> {
  const loaded = await pinnedSla(tx, c);
  if (!loaded) return;
  const open = new Set((await openInstances(tx, c.id)).map((i) => i.kpi));
  const paused = isPausingStatus(loaded.settings, c.status);
  for (const item of selectItems(loaded.items, caseFacts(c)).values()) {
    if (stageOfItem(item.applicableFrom) !== stage || open.has(item.kpi)) continue;
    await startInstance(tx, c, loaded.settings, item, { applicableFrom: at, pauses: paused ? [{ from: at.toISOString(), to: null }] : [] });
  }
}

export const STAGE_LEFT = 'stage left';

/** Ends the open clocks of the stage: `succeed` when the stage was completed, `cancel` when it was left otherwise. */
export async function endStageClocks(tx: Tx, c: CaseRow, stage: string, at: Date, outcome: 'succeed' | 'cancel'): Promise<void> {
  for (const inst of await openInstances(tx, c.id)) {
    if (stageOfItem(inst.itemSnapshot.applicableFrom) !== stage) continue;
    if (outcome === 'succeed') {
      await enqueueCommand(tx, inst, 'succeed', { at: at.toISOString(), reason: `stage "${stage}" completed` });
      await markEnded(tx, inst.id, END_REASONS.succeeded, at);
    } else {
      await enqueueCommand(tx, inst, 'cancel', { at: at.toISOString(), reason: STAGE_LEFT });
      await markEnded(tx, inst.id, STAGE_LEFT, at);
    }
  }
}
