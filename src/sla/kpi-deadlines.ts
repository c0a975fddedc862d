/**
 * A KPI instance's warning and failure instants in business time on its pinned calendar version
 * (spec §1.4, §1.8, §2.8). Pure: the API computes them when it starts a clock (and records them with
 * the case change), the `computeDeadlines` activity when a running clock resumes or gets a new calendar.
 * Throws `CalendarError` for a calendar that cannot be compiled.
 */
import { compileCalendar, deadline, elapsed, type CalendarDefinition } from '../calendar/index.js';
import { formatLabel } from '../calendar/instant-text.js';
import type { ComputedDeadlines, KpiWorkflowInput } from '../../workflows/contract.js';

export interface ComputeDeadlinesInput {
  calendar: KpiWorkflowInput['calendar'];
  applicableFrom: string;
  warningMinutes: number | null;
  failureMinutes: number;
  /** Closed pauses only (ISO, half-open [from, to)). */
  pauses: Array<{ from: string; to: string }>;
}

const ALWAYS_OPEN: CalendarDefinition = { timeZone: 'UTC', is24x7: true };

export function computeKpiDeadlines(input: ComputeDeadlinesInput): ComputedDeadlines {
  const cal = compileCalendar((input.calendar?.definition ?? ALWAYS_OPEN) as CalendarDefinition);
  const zone = input.calendar ? cal.timeZone : 'UTC';
  const start = Date.parse(input.applicableFrom);
  const pauses = input.pauses.map((p) => ({ from: Date.parse(p.from), to: Date.parse(p.to) })).filter((p) => p.to > p.from);
  const failureAt = deadline(cal, start, input.failureMinutes, { pauses });
  const warningAt = input.warningMinutes === null ? null : deadline(cal, start, input.warningMinutes, { pauses });
  const pausedBusinessMinutes = pauses.reduce((sum, p) => sum + elapsed(cal, Math.max(p.from, start), Math.max(p.to, start)), 0);
  return {
    zone,
    warningAt: warningAt === null ? null : new Date(warningAt).toISOString(),
    failureAt: new Date(failureAt).toISOString(),
    warningLabel: warningAt === null ? null : formatLabel(warningAt, zone),
    failureLabel: formatLabel(failureAt, zone),
    pausedBusinessMinutes,
  };
}
