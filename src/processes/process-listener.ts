import { SYSTEM } from '../audit/actor.js';
import type { CaseLifecycleListener } from '../cases/case-lifecycle.js';
import { recordCaseEvent } from '../cases/case-store.js';
import { evaluateCondition } from '../sla/conditions.js';
import { caseFacts } from '../sla/sla-clock-listener.js';
import { activeInstance, startInstance } from './case-process-store.js';
import { activeProcesses, getProcess } from './process-definitions.js';
import { nextStage, stageOf } from './process-path.js';

/**
 * Processes on the case lifecycle: a new case starts the first active process whose applicable-when
 * holds; a change of case data that changes the branch ahead of the active stage is on the timeline
 * (the path itself is computed from the case's data whenever it is read).
 */
export function createProcessListener(): CaseLifecycleListener {
  return {
    name: 'processes',

    async onCreated(tx, c, at, actor) {
      const facts = caseFacts(c);
      const p = (await activeProcesses(tx)).find((candidate) => evaluateCondition(candidate.definition.applicableWhen ?? null, facts));
      if (p) await startInstance(tx, c, p, at, actor ?? SYSTEM, 'on case creation');
    },

    async onUpdated(tx, before, after, _changed, at, actor) {
      const inst = await activeInstance(tx, after.id);
      if (!inst?.activeStage) return;
      const p = await getProcess(tx, inst.processId, inst.processVersion);
      const was = nextStage(p.definition, inst.activeStage, caseFacts(before));
      const now = nextStage(p.definition, inst.activeStage, caseFacts(after));
      if (was.stage === now.stage) return;
      const name = (k: string | null) => (k ? (stageOf(p.definition, k)?.name ?? k) : 'the end');
      await recordCaseEvent(
        tx,
        {
          caseId: after.id,
          kind: 'process.path_changed',
          summary: `After stage ${name(inst.activeStage)} the process now goes to ${name(now.stage)} (was ${name(was.stage)})${now.branch?.label ? `: branch ${now.branch.label}` : ''}`,
          data: { processId: p.process.id, stage: inst.activeStage, from: was.stage, to: now.stage, branch: now.branch },
          occurredAt: at,
          actor: actor ?? SYSTEM,
        },
        at,
      );
    },
  };
}
