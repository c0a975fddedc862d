/**
 * Warning and failure instants in business time with the instance's pinned calendar version (spec
 * §1.4, §1.8, §2.8). Run as an activity so the result is recorded in the workflow history: a replay,
 * a new Node/ICU time-zone database or an engine fix never changes a running clock's past decisions.
 */
import { ApplicationFailure } from '@temporalio/common';
import { CalendarError, compileCalendar, deadline, elapsed, type CalendarDefinition, type CompiledCalendar } from '../src/calendar/index.js';
import { formatLabel } from '../src/calendar/instant-text.js';
import type { ComputeDeadlinesInput, ComputedDeadlines } from './types.js';

const ALWAYS_OPEN: CalendarDefinition = { timeZone: 'UTC', is24x7: true };

function compile(calendar: ComputeDeadlinesInput['calendar']): CompiledCalendar {
  try {
    return compileCalendar((calendar?.definition ?? ALWAYS_OPEN) as CalendarDefinition);
  } catch (err) {
    // A calendar version is validated when saved; an invalid one here needs an operator, not retries.
    if (err instanceof CalendarError) {
      throw ApplicationFailure.nonRetryable(`Calendar ${calendar?.id} v${calendar?.version} is invalid: ${err.message}`, 'CalendarInvalid', err.problems);
    }
    throw err;
  }
}

export function createDeadlineActivities() {
  return {
    async computeDeadlines(input: ComputeDeadlinesInput): Promise<ComputedDeadlines> {
      const cal = compile(input.calendar);
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
    },
  };
}
