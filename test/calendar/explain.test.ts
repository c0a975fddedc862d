/** Explanations: what was counted, what was skipped and why; compact for long spans. */
import { describe, expect, it } from 'vitest';
import { compileCalendar, deadline, explainDeadline, explainElapsed } from '../../src/calendar/index.js';
import { NY, US_FEDERAL_2025, at, office, weekdays } from './support/calendars.js';

describe('explainDeadline', () => {
  it('lists the open intervals used with local times and minutes taken, and the result', () => {
    const cal = compileCalendar({ ...office, id: 'support', version: 7 });
    const x = explainDeadline(cal, at('2025-06-12T15:00:00-04:00'), 240);
    expect(x.result.local).toBe('2025-06-13T10:00:00-04:00');
    expect(x.result.utc).toBe('2025-06-13T14:00:00.000Z');
    expect(x.calendar).toEqual({ id: 'support', version: 7 });
    expect(x.steps).toEqual([
      expect.objectContaining({ kind: 'open', date: '2025-06-12', minutes: 120, from: expect.objectContaining({ local: '2025-06-12T15:00:00-04:00' }), to: expect.objectContaining({ local: '2025-06-12T17:00:00-04:00' }) }),
      expect.objectContaining({ kind: 'open', date: '2025-06-13', minutes: 120, to: expect.objectContaining({ local: '2025-06-13T10:00:00-04:00' }) }),
    ]);
    expect(x.openMinutes).toBe(240);
  });

  it('names the holidays, closures, special hours and UTC-offset changes met on the way', () => {
    const cal = compileCalendar({
      ...office,
      holidays: [{ date: '2025-03-07', name: 'Founders Day' }],
      closures: [{ date: '2025-03-10', from: '08:00', to: '09:00', reason: 'All-hands' }],
      specialHours: [{ date: '2025-03-09', intervals: [['10:00', '12:00']], name: 'Migration weekend' }],
    });
    const x = explainDeadline(cal, at('2025-03-06T16:00:00-05:00'), 240);
    const kinds = x.steps.map((s) => s.kind);
    expect(x.steps).toContainEqual({ kind: 'holiday', date: '2025-03-07', name: 'Founders Day' });
    expect(x.steps).toContainEqual({ kind: 'special-hours', date: '2025-03-09', name: 'Migration weekend', hours: ['10:00-12:00'] });
    expect(x.steps).toContainEqual({ kind: 'closure', date: '2025-03-10', from: '08:00', to: '09:00', reason: 'All-hands' });
    expect(x.steps).toContainEqual({ kind: 'utc-offset-change', date: '2025-03-09', dayLengthMinutes: 1380, offsetAtStart: '-05:00', offsetAtEnd: '-04:00' });
    expect(kinds.filter((k) => k === 'open')).toHaveLength(3); // Thu 16-17, Sun 10-12, Mon 09-10
    expect(x.result.local).toBe('2025-03-10T10:00:00-04:00');
  });

  it('stays compact over long spans: plain weeks between exception days are one entry', () => {
    const cal = compileCalendar({ timeZone: NY, weekly: weekdays(['09:00', '18:00']), holidays: US_FEDERAL_2025 });
    const x = explainDeadline(cal, at('2025-01-06T09:00:00-05:00'), 250 * 540);
    expect(x.result.ms).toBe(deadline(cal, at('2025-01-06T09:00:00-05:00'), 250 * 540));
    expect(x.steps.length).toBeLessThan(40);
    const counted = x.steps.reduce((sum, s) => sum + (s.kind === 'open' || s.kind === 'plain-days' ? s.minutes : 0), 0);
    expect(counted).toBe(250 * 540);
    expect(x.steps.filter((s) => s.kind === 'holiday').map((s) => (s as { name: string }).name)).toContain('Independence Day');
    expect(x.steps.some((s) => s.kind === 'plain-days' && s.wholeWeeks >= 4)).toBe(true);
  });

  it('shows each pause with the business minutes it held; open minutes minus paused minutes is the budget', () => {
    const cal = compileCalendar(office);
    const pauses = [{ from: at('2025-06-13T16:00:00-04:00'), to: at('2025-06-16T10:00:00-04:00') }];
    const x = explainDeadline(cal, at('2025-06-13T15:00:00-04:00'), 240, { pauses });
    expect(x.pauses).toEqual([expect.objectContaining({ businessMinutes: 180, from: expect.objectContaining({ local: '2025-06-13T16:00:00-04:00' }) })]);
    expect(x.openMinutes - x.pausedMinutes).toBe(240);
    expect(x.result.local).toBe('2025-06-16T13:00:00-04:00');
  });
});

describe('explainElapsed', () => {
  it('is signed like elapsed and lists the same steps in both directions', () => {
    const cal = compileCalendar(office);
    const a = at('2025-06-12T15:00:00-04:00');
    const b = at('2025-06-16T09:30:00-04:00');
    const forward = explainElapsed(cal, a, b);
    const backward = explainElapsed(cal, b, a);
    expect(forward.businessMinutes).toBe(120 + 540 + 90);
    expect(backward.businessMinutes).toBe(-(120 + 540 + 90));
    expect(backward.steps).toEqual(forward.steps);
  });
});
