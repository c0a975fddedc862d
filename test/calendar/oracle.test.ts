/**
 * Differential tests against the brute-force oracle (support/oracle.ts) on short spans: the
 * engine's tables, day blocks, templates and jumps must agree with resolving every boundary
 * afresh from Intl, in DST-heavy zones and mostly near offset changes.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileCalendar, deadline, elapsedMs } from '../../src/calendar/index.js';
import { calendarArb, instantArb } from './support/arbitraries.js';
import { Oracle } from './support/oracle.js';

const MIN = 60_000;

describe('engine vs brute-force oracle', () => {
  it('deadlines of up to 10 business hours agree (fill and next-open)', () => {
    fc.assert(
      fc.property(calendarArb(), instantArb, fc.integer({ min: 0, max: 600 }), fc.boolean(), (def, s, d, fill) => {
        const cal = compileCalendar(def);
        const expected = new Oracle(cal.calendar).deadline(s, d * MIN, fill);
        if (expected === undefined) return; // more than 40 days away: not a short span
        expect(deadline(cal, s, d, { boundary: fill ? 'fill' : 'next-open' })).toBe(expected);
      }),
      { numRuns: 300 },
    );
  }, 60_000);

  it('elapsed over spans of up to 3 days agrees', () => {
    fc.assert(
      fc.property(calendarArb(), instantArb, fc.integer({ min: 0, max: 3 * 86_400_000 }), (def, a, span) => {
        const cal = compileCalendar(def);
        expect(elapsedMs(cal, a, a + span)).toBe(new Oracle(cal.calendar).elapsedMs(a, a + span));
      }),
      { numRuns: 300 },
    );
  }, 60_000);
});
