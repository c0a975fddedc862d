/**
 * Warning and failure instants in business time with the instance's pinned calendar version (spec
 * §1.4, §1.8, §2.8; src/sla/kpi-deadlines.ts). Run by the workflow as a *local* activity (pure and
 * short: no task-queue round trip) on resume and on a new calendar; its result is still recorded in
 * the workflow history, so a replay, a new Node/ICU time-zone database or an engine fix never changes
 * a running clock's past decisions.
 */
import { ApplicationFailure } from '@temporalio/common';
import { CalendarError } from '../src/calendar/index.js';
import { computeKpiDeadlines } from '../src/sla/kpi-deadlines.js';
import { stalePauseAlertAt, type StalePauseAlertAtInput } from '../src/sla/stale-pause.js';
import type { ComputeDeadlinesInput, ComputedDeadlines } from './types.js';

export function createDeadlineActivities() {
  return {
    async computeDeadlines(input: ComputeDeadlinesInput): Promise<ComputedDeadlines> {
      try {
        return computeKpiDeadlines(input);
      } catch (err) {
        // A calendar version is validated when saved; an invalid one here needs an operator, not retries.
        if (err instanceof CalendarError) {
          throw ApplicationFailure.nonRetryable(
            `Calendar ${input.calendar?.id} v${input.calendar?.version} is invalid: ${err.message}`,
            'CalendarInvalid',
            err.problems,
          );
        }
        throw err;
      }
    },

    /** When the current pause's stale-pause alert fires, in business time (src/sla/stale-pause.ts); a local activity. */
    async stalePauseAlertAt(input: StalePauseAlertAtInput): Promise<string> {
      try {
        return stalePauseAlertAt(input);
      } catch (err) {
        if (err instanceof CalendarError) {
          throw ApplicationFailure.nonRetryable(`Calendar ${input.calendar?.id} v${input.calendar?.version} is invalid: ${err.message}`, 'CalendarInvalid', err.problems);
        }
        throw err;
      }
    },
  };
}
