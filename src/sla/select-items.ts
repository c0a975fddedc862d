import { evaluateCondition } from './conditions.js';
import type { CaseFacts } from './case-fields.js';

export interface SelectableItem {
  id: string;
  kpi: string;
  position: number;
  applicableWhen: unknown;
}

/**
 * Spec §2.4: for each KPI, the first item in order whose *applicable when* holds. Returns a map
 * KPI → item, in the order KPIs first appear.
 */
export function selectItems<T extends SelectableItem>(items: readonly T[], facts: CaseFacts): Map<string, T> {
  const chosen = new Map<string, T>();
  const ordered = [...items].sort((a, b) => a.position - b.position);
  for (const item of ordered) {
    if (chosen.has(item.kpi)) continue;
    if (evaluateCondition(item.applicableWhen, facts)) chosen.set(item.kpi, item);
  }
  return chosen;
}
