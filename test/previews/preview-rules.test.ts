import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { computeKpiDeadlines } from '../../src/sla/kpi-deadlines.js';
import { KpiMachine } from '../../src/sla/kpi-state.js';
import { CalendarCache, decide, newInstants, totalsOf, type RunningInstance } from '../../src/previews/preview-rules.js';
import type { KpiWorkflowInput } from '../../workflows/contract.js';
import { officeHours } from '../calendars/support.js';

const calendar = { id: '9f1e0000-0000-4000-8000-000000000001', version: 2, definition: officeHours({ holidays: [{ date: '2025-06-13' }] }) };
const T0 = Date.parse('2025-06-02T12:00:00Z');
const H = 3_600_000;

function instance(over: Partial<RunningInstance> = {}): RunningInstance {
  return {
    id: 'i',
    caseId: 'c',
    caseNumber: 'CAS-1',
    kpi: 'resolve',
    applicableFrom: new Date(T0),
    pauses: [],
    pausedSince: null,
    warningAt: new Date(T0 + 4 * H),
    failureAt: new Date(T0 + 9 * H),
    failedAt: null,
    fingerprint: 'f',
    ...over,
  };
}

describe('preview rules', () => {
  it('computes the instants the KPI workflow computes (same closed pauses, same calendar), for any start, durations and pauses', () => {
    const cache = new CalendarCache();
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 14 * 24 * 60 }),
        fc.integer({ min: 1, max: 5_000 }),
        fc.option(fc.integer({ min: 0, max: 4_999 }), { nil: null }),
        fc.array(fc.tuple(fc.integer({ min: -600, max: 20_000 }), fc.integer({ min: 0, max: 3_000 })), { maxLength: 4 }),
        fc.boolean(),
        (startMin, failure, warningRaw, rawPauses, openAtEnd) => {
          const start = T0 + startMin * 60_000;
          const warning = warningRaw === null ? null : Math.min(warningRaw, failure - 1);
          const pauses = rawPauses.map(([at, len]) => ({ from: new Date(start + at * 60_000).toISOString(), to: new Date(start + (at + len) * 60_000).toISOString() as string | null }));
          if (openAtEnd) pauses.push({ from: new Date(start + 30_000 * 60_000).toISOString(), to: null });
          const inst = instance({ applicableFrom: new Date(start), pauses });
          const got = newInstants(cache, inst, { calendar, warningMinutes: warning, failureMinutes: failure });
          const machine = new KpiMachine({ applicableFrom: new Date(start).toISOString(), pauses } as KpiWorkflowInput, '', 0);
          const want = computeKpiDeadlines({ calendar, applicableFrom: new Date(start).toISOString(), warningMinutes: warning, failureMinutes: failure, pauses: machine.closedPauseIntervals() });
          expect(new Date(got.failureAt).toISOString()).toBe(want.failureAt);
          expect(got.warningAt === null ? null : new Date(got.warningAt).toISOString()).toBe(want.warningAt);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('keeps a failed clock where it is on a calendar change (the workflow no longer moves it), and its breach', () => {
    const failed = instance({ failedAt: new Date(T0 + 9 * H), failureAt: new Date(T0 + 9 * H) });
    const d = decide(new CalendarCache(), failed, { calendar, warningMinutes: 240, failureMinutes: 5_000 }, T0 + 100 * H, { failureIsFinal: true, calendarOut: calendar });
    expect(d).toMatchObject({ movement: 'unchanged', old: { breached: true }, new: { breached: true, failureAt: d.old.failureAt } });
  });

  it('judges a paused clock at its pause start: a failure instant after it has not breached', () => {
    // Paused one hour after the start; the old failure instant is past "now" but after the pause start.
    const paused = instance({ pauses: [{ from: new Date(T0 + H).toISOString(), to: null }], pausedSince: new Date(T0 + H) });
    const d = decide(new CalendarCache(), paused, { calendar, warningMinutes: 60, failureMinutes: 120 }, T0 + 48 * H, { failureIsFinal: true, calendarOut: calendar });
    expect(d.old.breached).toBe(false);
    expect(d.new!.breached).toBe(false);
  });

  it('counts each decision once in the totals', () => {
    const cache = new CalendarCache();
    const at = T0 + 5 * H;
    const decisions = [
      decide(cache, instance(), { calendar: null, warningMinutes: 240, failureMinutes: 540 }, at, { failureIsFinal: false, calendarOut: null }),
      decide(cache, instance(), { calendar: null, warningMinutes: 240, failureMinutes: 120 }, at, { failureIsFinal: false, calendarOut: null }),
      decide(cache, instance(), null, at, { failureIsFinal: false, calendarOut: null }),
    ];
    // 24x7 from 12:00Z: 540 minutes is 21:00Z (the fixture's 9 hours: unchanged); 120 minutes is 14:00Z (earlier, due before `at`).
    expect(decisions.map((d) => d.movement)).toEqual(['unchanged', 'earlier', 'ended']);
    expect(totalsOf(decisions)).toEqual({ instances: 3, movedEarlier: 1, movedLater: 0, unchanged: 1, ended: 1, newlyBreached: 1, noLongerBreached: 0 });
  });
});
