/**
 * A process definition: ordered stages, each with steps and optional branches choosing the next stage.
 * Pure. Validated on save; a stored definition is trusted afterwards.
 *
 *   { key: "research", name: "Research",
 *     steps: [{ key: "repro", kind: "checklist", label: "Reproduced", required: true },
 *             { key: "product", kind: "field", field: "productId", required: true }],
 *     branches: [{ when: <SLA condition>, next: "return" }],
 *     next: "resolve" }
 *
 * The next stage is the `next` of the first branch whose condition holds, else the stage's `next`, else
 * the stage after it in the list; `next: null` ends the process there. The graph must be acyclic (a
 * move back is a command, not an edge) and every stage reachable from the first.
 */
import { isKnownField } from '../sla/case-fields.js';
import { validateCondition, type Condition } from '../sla/conditions.js';

export interface FieldStep {
  key: string;
  kind: 'field';
  /** A case field as SLA conditions name it: `productId`, `ownerId`, `fields.serialNumber`, ... Done when it has a value. */
  field: string;
  label?: string;
  required?: boolean;
}

export interface ChecklistStep {
  key: string;
  kind: 'checklist';
  label: string;
  required?: boolean;
}

export type Step = FieldStep | ChecklistStep;

export interface Branch {
  /** Shown on the picture and in the timeline, e.g. "Hardware". */
  label?: string;
  when: Condition;
  next: string;
}

export interface Stage {
  key: string;
  name: string;
  steps: Step[];
  branches?: Branch[];
  next?: string | null;
}

export interface ProcessDefinition {
  name: string;
  description?: string | null;
  applicableWhen?: Condition | null;
  stages: Stage[];
}

export interface DefinitionProblem {
  code: 'UNKNOWN_FIELD' | 'UNKNOWN_STAGE' | 'DUPLICATE_KEY' | 'INVALID_CONDITION' | 'PROCESS_CYCLE' | 'UNREACHABLE_STAGE' | 'NO_STAGES';
  field: string;
  message: string;
}

/** The stages a stage can lead to, in the order they are considered (branches first). */
export function successorsOf(stages: readonly Stage[], index: number): string[] {
  const s = stages[index];
  const out = (s.branches ?? []).map((b) => b.next);
  const fallback = defaultNext(stages, index);
  if (fallback) out.push(fallback);
  return [...new Set(out)];
}

/** Where a stage goes when no branch holds: its `next`, or the stage after it; null ends the process. */
export function defaultNext(stages: readonly Stage[], index: number): string | null {
  const s = stages[index];
  if (s.next !== undefined) return s.next;
  return stages[index + 1]?.key ?? null;
}

function conditionProblems(condition: unknown, field: string): DefinitionProblem[] {
  return validateCondition(condition).map((p) => ({
    code: p.code === 'UNKNOWN_FIELD' ? 'UNKNOWN_FIELD' : 'INVALID_CONDITION',
    field: `${field}${p.path === '/' ? '' : p.path.replaceAll('/', '.')}`,
    message: p.message,
  }));
}

/** Every problem of a definition, each naming the field (body.stages[1].branches[0].next, ...). */
export function definitionProblems(d: ProcessDefinition): DefinitionProblem[] {
  const problems: DefinitionProblem[] = [];
  if (!d.stages.length) return [{ code: 'NO_STAGES', field: 'body.stages', message: 'needs at least one stage' }];
  problems.push(...conditionProblems(d.applicableWhen ?? null, 'body.applicableWhen'));
  const keys = new Map<string, number>();
  d.stages.forEach((s, i) => {
    if (keys.has(s.key)) problems.push({ code: 'DUPLICATE_KEY', field: `body.stages[${i}].key`, message: `stage key "${s.key}" is used twice` });
    keys.set(s.key, keys.get(s.key) ?? i);
    const stepKeys = new Set<string>();
    s.steps.forEach((step, j) => {
      const at = `body.stages[${i}].steps[${j}]`;
      if (stepKeys.has(step.key)) problems.push({ code: 'DUPLICATE_KEY', field: `${at}.key`, message: `step key "${step.key}" is used twice in stage "${s.key}"` });
      stepKeys.add(step.key);
      if (step.kind === 'field' && !isKnownField(step.field)) {
        problems.push({ code: 'UNKNOWN_FIELD', field: `${at}.field`, message: `unknown case field "${step.field}" (use a field SLA conditions know, or fields.<name>)` });
      }
    });
    (s.branches ?? []).forEach((b, j) => problems.push(...conditionProblems(b.when, `body.stages[${i}].branches[${j}].when`)));
  });
  d.stages.forEach((s, i) => {
    (s.branches ?? []).forEach((b, j) => {
      if (!keys.has(b.next)) problems.push({ code: 'UNKNOWN_STAGE', field: `body.stages[${i}].branches[${j}].next`, message: `no stage "${b.next}" in this process` });
    });
    if (typeof s.next === 'string' && !keys.has(s.next)) problems.push({ code: 'UNKNOWN_STAGE', field: `body.stages[${i}].next`, message: `no stage "${s.next}" in this process` });
  });
  if (problems.length) return problems;
  const cycle = findCycle(d.stages);
  if (cycle) {
    return [{ code: 'PROCESS_CYCLE', field: 'body.stages', message: `the stages form a cycle (${cycle.join(' → ')}); a process only moves forward (moving back is a command)` }];
  }
  const reachable = reachableFrom(d.stages, d.stages[0].key);
  d.stages.forEach((s, i) => {
    if (!reachable.has(s.key)) {
      problems.push({ code: 'UNREACHABLE_STAGE', field: `body.stages[${i}]`, message: `stage "${s.key}" cannot be reached from the first stage "${d.stages[0].key}"` });
    }
  });
  return problems;
}

const indexOf = (stages: readonly Stage[]) => new Map(stages.map((s, i) => [s.key, i]));

export function reachableFrom(stages: readonly Stage[], start: string): Set<string> {
  const index = indexOf(stages);
  const seen = new Set<string>([start]);
  const todo = [start];
  while (todo.length) {
    const key = todo.pop()!;
    for (const next of successorsOf(stages, index.get(key)!)) if (!seen.has(next)) seen.add(next), todo.push(next);
  }
  return seen;
}

/** A cycle as the list of stage keys around it, or undefined (iterative depth-first search). */
export function findCycle(stages: readonly Stage[]): string[] | undefined {
  const index = indexOf(stages);
  const state = new Map<string, 'open' | 'done'>();
  for (const root of stages) {
    if (state.has(root.key)) continue;
    const path: string[] = [];
    const stack: Array<{ key: string; next: string[] }> = [{ key: root.key, next: successorsOf(stages, index.get(root.key)!) }];
    state.set(root.key, 'open');
    path.push(root.key);
    while (stack.length) {
      const top = stack[stack.length - 1];
      const child = top.next.shift();
      if (child === undefined) {
        state.set(top.key, 'done');
        stack.pop();
        path.pop();
        continue;
      }
      if (state.get(child) === 'open') return [...path.slice(path.indexOf(child)), child];
      if (state.has(child)) continue;
      state.set(child, 'open');
      path.push(child);
      stack.push({ key: child, next: successorsOf(stages, index.get(child)!) });
    }
  }
  return undefined;
}
