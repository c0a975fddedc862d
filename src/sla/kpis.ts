import type { Condition } from './conditions.js';

export const FIRST_RESPONSE = 'first_response';
export const RESOLVE = 'resolve';

/** Readable KPI names for summaries, emails and the UI. */
export function kpiLabel(kpi: string): string {
  if (kpi === FIRST_RESPONSE) return 'First Response By';
  if (kpi === RESOLVE) return 'Resolve By';
  return kpi.replace(/[_-]+/g, ' ').replace(/\b\w/g, (m) => m.toUpperCase());
}

/** Success criteria used when an item names none (spec §2.6). Custom KPIs must name their own. */
export function defaultSuccessCriteria(kpi: string): Condition | null {
  if (kpi === FIRST_RESPONSE) return { field: 'firstResponseAt', op: 'is_set' };
  if (kpi === RESOLVE) return { field: 'status', op: 'equals', value: 'resolved' };
  return null;
}
