import type { KpiOutcome } from '../../db/schema/reports.js';
import type { KpiInstanceState } from '../../db/schema/slas.js';

export interface InstanceForOutcome {
  state: KpiInstanceState;
  failedAt: Date | null;
  succeededAt: Date | null;
  lateSucceededAt: Date | null;
  pausedSince: Date | null;
  pauses: Array<{ from: string; to: string | null }>;
}

/**
 * How a KPI instance counts in SLA compliance. A failure decides the outcome whatever came after it
 * (breached, or late_success when the success criteria held after the failure instant). A success on time
 * is `paused_at_resolution` when the clock was paused at the instant it succeeded (the case was resolved
 * from a pausing status, so its clock had stopped and could not have breached), otherwise `met`. Canceled
 * instances without a failure (re-evaluated, or the case cancelled) do not count.
 */
export function kpiOutcome(i: InstanceForOutcome): KpiOutcome {
  if (i.failedAt !== null || i.state === 'noncompliant') return i.lateSucceededAt !== null ? 'late_success' : 'breached';
  if (i.state === 'succeeded' && i.succeededAt !== null) return pausedAt(i, i.succeededAt.getTime()) ? 'paused_at_resolution' : 'met';
  if (i.state === 'canceled') return 'canceled';
  return 'open';
}

function pausedAt(i: InstanceForOutcome, at: number): boolean {
  if (i.pausedSince !== null && i.pausedSince.getTime() <= at) return true;
  return i.pauses.some((p) => Date.parse(p.from) < at && (p.to === null || Date.parse(p.to) >= at));
}
