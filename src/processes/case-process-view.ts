import { eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { cases, processes } from '../../db/schema/index.js';
import { actorView, type ActorView } from '../audit/actor.js';
import { notFound } from '../errors.js';
import { caseFacts } from '../sla/sla-clock-listener.js';
import { instancesOf, staysOf, type CaseProcessRow } from './case-process-store.js';
import { getProcess, type LoadedProcess } from './process-definitions.js';
import { missingRequired, nextStage, pathAhead, stageOf, stepStates, type StepState } from './process-path.js';
import { stageClockOf } from './stage-minutes.js';

export type StageState = 'done' | 'active' | 'ahead' | 'not_taken';

export interface CaseProcessView {
  caseId: string;
  instanceId: string;
  processId: string;
  processName: string;
  processVersion: number;
  currentProcessVersion: number;
  status: CaseProcessRow['status'];
  version: number;
  activeStage: { key: string; name: string; steps: StepState[]; missingRequired: string[]; next: { key: string | null; name: string | null; branch: string | null } } | null;
  /** The path as it now applies: stages taken, the active one, then the stages ahead by the branches that hold now. */
  path: Array<{ key: string; name: string; state: 'done' | 'active' | 'ahead'; branch: string | null }>;
  /** Every stage of the definition with its state on this case (not_taken: a branch the path does not go through). */
  stages: Array<{ key: string; name: string; state: StageState }>;
  history: Array<{ stage: string; name: string; enteredAt: string; leftAt: string | null; exit: string | null; calendarMinutes: number; businessMinutes: number; enteredBy: ActorView }>;
  calendar: { id: string; version: number } | null;
  earlier: Array<{ instanceId: string; processId: string; processName: string; processVersion: number; status: string; startedAt: string; endedAt: string | null }>;
  startedAt: string;
  endedAt: string | null;
}

/** The case's process run (the active one, else the latest), 404 CASE_PROCESS_NOT_FOUND when it never had one. */
export async function caseProcessView(db: DbOrTx, caseId: string, now: Date): Promise<{ view: CaseProcessView; p: LoadedProcess }> {
  const [c] = await db.select().from(cases).where(eq(cases.id, caseId));
  if (!c) throw notFound('case', caseId);
  const runs = await instancesOf(db, caseId);
  const inst = runs.find((r) => r.status === 'active') ?? runs[0];
  if (!inst) throw notFound('case process', caseId);
  const p = await getProcess(db, inst.processId, inst.processVersion);
  const facts = caseFacts(c);
  const def = p.definition;
  const name = (key: string) => stageOf(def, key)?.name ?? key;

  const taken = inst.path.map((key, i) => ({ key, name: name(key), state: (inst.activeStage && i === inst.path.length - 1 ? 'active' : 'done') as 'done' | 'active', branch: null as string | null }));
  const ahead = inst.activeStage ? pathAhead(def, inst.activeStage, facts).map((n) => ({ key: n.stage!, name: name(n.stage!), state: 'ahead' as const, branch: n.branch?.label ?? null })) : [];
  const onPath = new Map<string, StageState>([...taken, ...ahead].map((s) => [s.key, s.state]));

  let activeStage: CaseProcessView['activeStage'] = null;
  const stage = inst.activeStage ? stageOf(def, inst.activeStage) : undefined;
  if (stage) {
    const steps = stepStates(stage, inst.checked, facts);
    const next = nextStage(def, stage.key, facts);
    activeStage = {
      key: stage.key,
      name: stage.name,
      steps,
      missingRequired: missingRequired(steps).map((s) => s.key),
      next: { key: next.stage, name: next.stage ? name(next.stage) : null, branch: next.branch?.label ?? null },
    };
  }

  const clock = await stageClockOf(db, c);
  const stays = await staysOf(db, inst.id);
  const history = stays.map((s) => ({
    stage: s.stage,
    name: name(s.stage),
    enteredAt: s.enteredAt.toISOString(),
    leftAt: s.leftAt?.toISOString() ?? null,
    exit: s.exit,
    ...clock.minutes(s.enteredAt.getTime(), (s.leftAt ?? now).getTime()),
    enteredBy: actorView(s),
  }));

  const others = runs.filter((r) => r.id !== inst.id);
  const names = new Map(
    others.length ? (await db.select({ id: processes.id, name: processes.name }).from(processes).where(inArray(processes.id, others.map((o) => o.processId)))).map((r) => [r.id, r.name]) : [],
  );
  return {
    p,
    view: {
      caseId,
      instanceId: inst.id,
      processId: inst.processId,
      processName: def.name,
      processVersion: inst.processVersion,
      currentProcessVersion: p.process.currentVersion,
      status: inst.status,
      version: inst.version,
      activeStage,
      path: [...taken, ...ahead],
      stages: def.stages.map((s) => ({ key: s.key, name: s.name, state: onPath.get(s.key) ?? 'not_taken' })),
      history,
      calendar: clock.calendar,
      earlier: others.map((o) => ({
        instanceId: o.id,
        processId: o.processId,
        processName: names.get(o.processId) ?? o.processId,
        processVersion: o.processVersion,
        status: o.status,
        startedAt: o.startedAt.toISOString(),
        endedAt: o.endedAt?.toISOString() ?? null,
      })),
      startedAt: inst.startedAt.toISOString(),
      endedAt: inst.endedAt?.toISOString() ?? null,
    },
  };
}
