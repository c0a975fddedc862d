/**
 * Where a case's process goes from here, decided from the case's current data. Pure: the path ahead is
 * computed whenever it is read, so a change of case data changes it at once.
 */
import { readField, type CaseFacts } from '../sla/case-fields.js';
import { evaluateCondition } from '../sla/conditions.js';
import { defaultNext, type ProcessDefinition, type Stage, type Step } from './definition.js';

export interface NextStage {
  stage: string | null;
  /** The branch that chose it (its index and label), or null for the stage's default. */
  branch: { index: number; label: string | null } | null;
}

export function stageOf(def: ProcessDefinition, key: string): Stage | undefined {
  return def.stages.find((s) => s.key === key);
}

export function nextStage(def: ProcessDefinition, key: string, facts: CaseFacts): NextStage {
  const index = def.stages.findIndex((s) => s.key === key);
  if (index < 0) return { stage: null, branch: null };
  const branches = def.stages[index].branches ?? [];
  for (const [i, b] of branches.entries()) {
    if (evaluateCondition(b.when, facts)) return { stage: b.next, branch: { index: i, label: b.label ?? null } };
  }
  return { stage: defaultNext(def.stages, index), branch: null };
}

/** The stages ahead of `key` (not including it) as they now apply, to the end of the process. */
export function pathAhead(def: ProcessDefinition, key: string, facts: CaseFacts): NextStage[] {
  const out: NextStage[] = [];
  let at = key;
  // The graph is acyclic (validated on save), so this ends within the number of stages.
  for (let guard = 0; guard < def.stages.length; guard++) {
    const next = nextStage(def, at, facts);
    if (!next.stage) break;
    out.push(next);
    at = next.stage;
  }
  return out;
}

export interface Checked {
  at: string;
  actorName: string;
}

export interface StepState {
  key: string;
  kind: Step['kind'];
  label: string;
  field: string | null;
  required: boolean;
  done: boolean;
  /** Checklist steps: when and by whom it was completed. */
  doneAt: string | null;
  doneBy: string | null;
}

const isSet = (v: unknown) => v !== undefined && v !== null && v !== '';

export const checkKey = (stage: string, step: string) => `${stage}/${step}`;

export function stepStates(stage: Stage, checked: Record<string, Checked>, facts: CaseFacts): StepState[] {
  return stage.steps.map((step) => {
    const c = checked[checkKey(stage.key, step.key)];
    const done = step.kind === 'field' ? isSet(readField(facts, step.field)) : Boolean(c);
    return {
      key: step.key,
      kind: step.kind,
      label: step.label ?? (step.kind === 'field' ? step.field : step.key),
      field: step.kind === 'field' ? step.field : null,
      required: step.required ?? false,
      done,
      doneAt: step.kind === 'checklist' ? (c?.at ?? null) : null,
      doneBy: step.kind === 'checklist' ? (c?.actorName ?? null) : null,
    };
  });
}

export const missingRequired = (states: StepState[]) => states.filter((s) => s.required && !s.done);
