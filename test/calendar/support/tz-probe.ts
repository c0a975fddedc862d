/**
 * A fixed set of engine computations whose results must not depend on the host's time zone.
 * Run as a script it prints them as JSON (used by tz-independence.test.ts under other TZ values).
 */
import { pathToFileURL } from 'node:url';
import { compileCalendar, deadline, elapsedMs, explainDeadline, nextOpen } from '../../../src/calendar/index.js';

export function probe(): unknown[] {
  const out: unknown[] = [];
  const day: [string, string][] = [['08:00', '12:00'], ['13:00', '17:00']];
  const zones = ['America/New_York', 'America/Santiago', 'Pacific/Kiritimati', 'Australia/Lord_Howe', 'Africa/Cairo', 'Europe/Berlin'];
  for (const timeZone of zones) {
    const cal = compileCalendar({
      timeZone,
      weekly: { mon: day, tue: day, wed: day, thu: day, fri: day, sat: [['22:00', '06:00']] },
      holidays: [{ date: '2025-12-25', name: 'Christmas' }],
      closures: [{ date: '2025-12-24', from: '12:00', to: '24:00' }],
    });
    for (const iso of ['2025-03-08T20:00:00Z', '2025-04-05T20:00:00Z', '2025-09-06T20:00:00Z', '2025-10-30T20:00:00Z', '2025-11-01T20:00:00Z', '2025-12-23T15:00:00Z']) {
      const s = Date.parse(iso);
      out.push([timeZone, iso, deadline(cal, s, 240), deadline(cal, s, 28_800, { boundary: 'next-open' }), elapsedMs(cal, s, s + 40 * 86_400_000), nextOpen(cal, s)]);
    }
    out.push(explainDeadline(cal, Date.parse('2025-03-06T15:00:00Z'), 2_400).steps);
  }
  return out;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.stdout.write(JSON.stringify({ tz: process.env.TZ, offsetMinutes: new Date(2025, 0, 1).getTimezoneOffset(), results: probe() }));
}
