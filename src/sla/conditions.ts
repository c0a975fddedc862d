/**
 * The condition language of SLA items (spec §2.2): JSON over case fields.
 *
 *   { "field": "priority", "op": "equals", "value": "high" }
 *   ops: equals, not_equals, in, not_in, greater_than, less_than, is_set, is_not_set
 *   { "and": [c1, c2, ...] }   { "or": [c1, ...] }   { "not": c }
 *   null / absent: always true
 *
 * greater_than / less_than compare ordered fields by their order (priority: low < normal < high),
 * instants chronologically and numbers numerically. Validated on save: an unknown field or operator
 * is reported with its JSON path.
 */
import { caseFieldCatalog, isKnownField, readField, type CaseFacts } from './case-fields.js';

export const conditionOperators = ['equals', 'not_equals', 'in', 'not_in', 'greater_than', 'less_than', 'is_set', 'is_not_set'] as const;
export type ConditionOperator = (typeof conditionOperators)[number];

export type Condition =
  | { field: string; op: ConditionOperator; value?: unknown }
  | { and: Condition[] }
  | { or: Condition[] }
  | { not: Condition };

export interface ConditionProblem {
  path: string;
  code: 'UNKNOWN_FIELD' | 'UNKNOWN_OPERATOR' | 'INVALID_VALUE' | 'INVALID_CONDITION' | 'CONDITION_TOO_DEEP' | 'CONDITION_TOO_LARGE';
  message: string;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Nesting of and/or/not (a comparison alone is depth 1) and number of conditions, so that evaluation stays cheap and shallow. */
export const MAX_CONDITION_DEPTH = 10;
export const MAX_CONDITION_NODES = 200;

/** Checked iteratively before anything recursive looks at the condition. */
function shapeProblem(input: unknown): ConditionProblem | undefined {
  const stack: Array<{ node: unknown; path: string; depth: number }> = [{ node: input, path: '', depth: 1 }];
  let nodes = 0;
  while (stack.length > 0) {
    const { node, path, depth } = stack.pop()!;
    if (!isObject(node)) continue;
    nodes += 1;
    if (depth > MAX_CONDITION_DEPTH) {
      return { path: path || '/', code: 'CONDITION_TOO_DEEP', message: `conditions nest at most ${MAX_CONDITION_DEPTH} levels deep (and/or/not); simplify the condition` };
    }
    if (nodes > MAX_CONDITION_NODES) {
      return { path: path || '/', code: 'CONDITION_TOO_LARGE', message: `a condition has at most ${MAX_CONDITION_NODES} parts; simplify it` };
    }
    for (const combinator of ['and', 'or'] as const) {
      const list = node[combinator];
      if (Array.isArray(list)) list.forEach((c, i) => stack.push({ node: c, path: `${path}/${combinator}/${i}`, depth: depth + 1 }));
    }
    if ('not' in node) stack.push({ node: node.not, path: `${path}/not`, depth: depth + 1 });
  }
  return undefined;
}

export function validateCondition(input: unknown, path = ''): ConditionProblem[] {
  if (input === null || input === undefined) return [];
  if (path === '') {
    const tooBig = shapeProblem(input);
    if (tooBig) return [tooBig];
  }
  if (!isObject(input)) return [{ path: path || '/', code: 'INVALID_CONDITION', message: 'a condition must be an object' }];
  const keys = Object.keys(input);
  for (const combinator of ['and', 'or'] as const) {
    if (combinator in input) {
      if (keys.length !== 1) return [{ path: path || '/', code: 'INVALID_CONDITION', message: `"${combinator}" must be the only key of its object` }];
      const list = input[combinator];
      if (!Array.isArray(list) || list.length === 0) {
        return [{ path: `${path}/${combinator}`, code: 'INVALID_CONDITION', message: `"${combinator}" needs a non-empty array of conditions` }];
      }
      return list.flatMap((c, i) => (c === null ? [{ path: `${path}/${combinator}/${i}`, code: 'INVALID_CONDITION' as const, message: 'null is not a condition' }] : validateCondition(c, `${path}/${combinator}/${i}`)));
    }
  }
  if ('not' in input) {
    if (keys.length !== 1) return [{ path: path || '/', code: 'INVALID_CONDITION', message: '"not" must be the only key of its object' }];
    if (input.not === null) return [{ path: `${path}/not`, code: 'INVALID_CONDITION', message: 'null is not a condition' }];
    return validateCondition(input.not, `${path}/not`);
  }
  if (!('field' in input) || !('op' in input)) {
    const unknownKey = keys.find((k) => !['field', 'op', 'value'].includes(k));
    return [{
      path: path || '/',
      code: unknownKey ? 'UNKNOWN_OPERATOR' : 'INVALID_CONDITION',
      message: unknownKey
        ? `unknown operator "${unknownKey}"; use and, or, not, or {field, op, value}`
        : 'a comparison needs "field" and "op"',
    }];
  }
  const extra = keys.filter((k) => !['field', 'op', 'value'].includes(k));
  if (extra.length) return [{ path: `${path}/${extra[0]}`, code: 'INVALID_CONDITION', message: `unexpected key "${extra[0]}"` }];
  const { field, op, value } = input;
  if (typeof field !== 'string' || !isKnownField(field)) {
    return [{
      path: `${path}/field`,
      code: 'UNKNOWN_FIELD',
      message: `unknown case field "${String(field)}"; known fields: ${Object.keys(caseFieldCatalog).join(', ')}, fields.<name>`,
    }];
  }
  if (typeof op !== 'string' || !(conditionOperators as readonly string[]).includes(op)) {
    return [{ path: `${path}/op`, code: 'UNKNOWN_OPERATOR', message: `unknown operator "${String(op)}"; use one of ${conditionOperators.join(', ')}` }];
  }
  const spec = caseFieldCatalog[field];
  const checkValue = (v: unknown, at: string): ConditionProblem[] => {
    if (spec?.values && !spec.values.includes(v as string)) {
      return [{ path: at, code: 'INVALID_VALUE', message: `"${String(v)}" is not a value of ${field}; use one of ${spec.values.join(', ')}` }];
    }
    if (v !== null && typeof v === 'object') return [{ path: at, code: 'INVALID_VALUE', message: 'values must be strings, numbers, booleans or null' }];
    return [];
  };
  switch (op) {
    case 'is_set':
    case 'is_not_set':
      return value === undefined ? [] : [{ path: `${path}/value`, code: 'INVALID_VALUE', message: `"${op}" takes no value` }];
    case 'in':
    case 'not_in':
      if (!Array.isArray(value) || value.length === 0) return [{ path: `${path}/value`, code: 'INVALID_VALUE', message: `"${op}" needs a non-empty array value` }];
      return value.flatMap((v, i) => checkValue(v, `${path}/value/${i}`));
    case 'greater_than':
    case 'less_than':
      if (spec && !['ordered', 'instant'].includes(spec.kind)) {
        return [{ path: `${path}/op`, code: 'INVALID_VALUE', message: `"${op}" needs an ordered field (priority, instants, or fields.*), not ${field}` }];
      }
      if (value === undefined || value === null) return [{ path: `${path}/value`, code: 'INVALID_VALUE', message: `"${op}" needs a value` }];
      if (spec?.kind === 'instant' && (typeof value !== 'string' || Number.isNaN(Date.parse(value)))) {
        return [{ path: `${path}/value`, code: 'INVALID_VALUE', message: `"${op}" on ${field} needs an ISO instant` }];
      }
      return checkValue(value, `${path}/value`);
    default:
      if (value === undefined) return [{ path: `${path}/value`, code: 'INVALID_VALUE', message: `"${op}" needs a value` }];
      return checkValue(value, `${path}/value`);
  }
}

function compare(field: string, a: unknown, b: unknown): number | undefined {
  const spec = caseFieldCatalog[field];
  if (spec?.kind === 'ordered' && spec.values) {
    const ia = spec.values.indexOf(a as string);
    const ib = spec.values.indexOf(b as string);
    return ia < 0 || ib < 0 ? undefined : ia - ib;
  }
  if (spec?.kind === 'instant') {
    const ta = typeof a === 'string' ? Date.parse(a) : NaN;
    const tb = typeof b === 'string' ? Date.parse(b) : NaN;
    return Number.isNaN(ta) || Number.isNaN(tb) ? undefined : ta - tb;
  }
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  return undefined;
}

const isSet = (v: unknown) => v !== undefined && v !== null && v !== '';

/** Evaluates a validated condition; null/undefined is true. */
export function evaluateCondition(condition: unknown, facts: CaseFacts): boolean {
  if (condition === null || condition === undefined) return true;
  const c = condition as Record<string, unknown>;
  if (Array.isArray(c.and)) return (c.and as unknown[]).every((x) => evaluateCondition(x, facts));
  if (Array.isArray(c.or)) return (c.or as unknown[]).some((x) => evaluateCondition(x, facts));
  if ('not' in c) return !evaluateCondition(c.not, facts);
  const field = c.field as string;
  const actual = readField(facts, field);
  switch (c.op as ConditionOperator) {
    case 'equals':
      return actual === c.value;
    case 'not_equals':
      return actual !== c.value;
    case 'in':
      return (c.value as unknown[]).includes(actual);
    case 'not_in':
      return !(c.value as unknown[]).includes(actual);
    case 'greater_than': {
      const r = compare(field, actual, c.value);
      return r !== undefined && r > 0;
    }
    case 'less_than': {
      const r = compare(field, actual, c.value);
      return r !== undefined && r < 0;
    }
    case 'is_set':
      return isSet(actual);
    case 'is_not_set':
      return !isSet(actual);
    default:
      return false;
  }
}
