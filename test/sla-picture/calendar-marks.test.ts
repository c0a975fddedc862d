/**
 * The picture's calendar background comes from the calendar engine: open hours of each local day,
 * holidays as whole local days, closures cut out of the open hours, in the calendar's zone (also across
 * a daylight-saving change); and the drawn picture marks them where Chromium can find them.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { calendarSpans } from '../../src/sla-picture/calendar-spans.js';
import { renderTimelineSvg } from '../../src/sla-picture/timeline-chart.js';
import type { TimelineModel } from '../../src/sla-picture/timeline-model.js';
import { closeChromium, renderSvg } from '../support/render-svg.js';

const weekdays = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => [d, [['08:00', '17:00']]]));
const paris = {
  timeZone: 'Europe/Paris',
  weekly: weekdays,
  holidays: [{ date: '2027-03-26', name: 'Founders day' }],
  closures: [{ date: '2027-03-30', from: '12:00', to: '14:00', reason: 'Team meeting' }],
};
const t = (iso: string) => Date.parse(iso);
const span = (from: string, to: string) => ({ from: t(from), to: t(to) });

describe('calendar background of the SLA timeline picture', () => {
  afterAll(async () => closeChromium());

  it('shades open hours in the calendar zone, marks the holiday as its local day and cuts the closure out (over the DST change of 28 March)', () => {
    const s = calendarSpans(paris, t('2027-03-25T00:00:00Z'), t('2027-03-31T00:00:00Z'));
    expect(s.zone).toBe('Europe/Paris');
    expect(s.open).toEqual([
      span('2027-03-25T07:00:00Z', '2027-03-25T16:00:00Z'), // Thu, UTC+1
      span('2027-03-29T06:00:00Z', '2027-03-29T15:00:00Z'), // Mon, UTC+2 after the change
      span('2027-03-30T06:00:00Z', '2027-03-30T10:00:00Z'), // Tue until the closure
      span('2027-03-30T12:00:00Z', '2027-03-30T15:00:00Z'),
    ]);
    expect(s.holidays).toEqual([{ ...span('2027-03-25T23:00:00Z', '2027-03-26T23:00:00Z'), name: 'Founders day' }]);
    expect(s.closures).toEqual([{ ...span('2027-03-30T10:00:00Z', '2027-03-30T12:00:00Z'), reason: 'Team meeting' }]);
  });

  it('is open all the time without a calendar (24x7)', () => {
    expect(calendarSpans(null, 0, 1000)).toEqual({ zone: 'UTC', open: [{ from: 0, to: 1000 }], holidays: [], closures: [] });
  });

  it('draws the holiday and the closure as marks Chromium renders', async () => {
    const from = t('2027-03-25T06:00:00Z');
    const to = t('2027-03-31T12:00:00Z'); // Thu, Mon, Tue (two spans around the closure), Wed morning
    const model: TimelineModel = {
      caseNumber: 'CAS-000042',
      caseTitle: 'Printer <on> fire & smoke',
      now: t('2027-03-30T09:00:00Z'),
      from,
      to,
      calendar: { id: 'c', version: 2 },
      spans: calendarSpans(paris, from, to),
      kpis: [
        {
          label: 'Resolve By', kpi: 'resolve', state: 'paused', start: t('2027-03-25T08:00:00Z'), end: t('2027-03-30T09:00:00Z'), ended: false,
          pauses: [{ from: t('2027-03-25T14:00:00Z'), to: t('2027-03-30T09:00:00Z') }],
          warningAt: null, failureAt: null, warnedAt: null, failedAt: null, succeededAt: null, lateSucceededAt: null, staleAlerts: [], actions: [],
        },
      ],
    };
    const svg = await renderTimelineSvg(model);
    const marks = ['holiday', 'closure', 'business-hours', 'pause', 'now', 'warned'].map((m) => `[data-mark="${m}"]`);
    const r = await renderSvg(svg, marks);
    expect(r.parseError).toBeNull();
    expect(r.visible).toEqual({ '[data-mark="holiday"]': 1, '[data-mark="closure"]': 1, '[data-mark="business-hours"]': 5, '[data-mark="pause"]': 1, '[data-mark="now"]': 1, '[data-mark="warned"]': 0 });
    expect(svg).toContain('Printer &lt;on&gt; fire &amp; smoke');
  });
});
