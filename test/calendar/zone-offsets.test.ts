/** The time-zone primitives against Intl directly: offsets, 'compatible' wall → instant, day starts. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { localDays } from '../../src/calendar/local-time.js';
import { zoneOffsets } from '../../src/calendar/zone-offsets.js';
import { ZONES } from './support/arbitraries.js';

function intlOffset(zone: string, ms: number): number {
  const f = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
  const p = Object.fromEntries(f.formatToParts(ms).map((x) => [x.type, Number(x.value)]));
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - Math.floor(ms / 1000) * 1000;
}

const wall = (iso: string): number => Date.parse(`${iso}Z`);

describe('zone offsets', () => {
  it('agree with Intl at random instants 1900..2100 in many zones, including historical odd offsets', () => {
    const zones = [...ZONES, 'Europe/Amsterdam', 'Africa/Monrovia', 'Pacific/Apia', 'Europe/Dublin', 'America/Sao_Paulo'];
    fc.assert(
      fc.property(fc.constantFrom(...zones), fc.integer({ min: Date.UTC(1900, 0, 1) / 1000, max: Date.UTC(2100, 0, 1) / 1000 }), (zone, s) => {
        expect(zoneOffsets(zone).offsetAt(s * 1000)).toBe(intlOffset(zone, s * 1000));
      }),
      { numRuns: 300 },
    );
  });

  it('switch at the exact second of a transition', () => {
    const ny = zoneOffsets('America/New_York');
    const change = Date.UTC(2025, 2, 9, 7, 0, 0);
    expect(ny.offsetAt(change - 1)).toBe(-5 * 3_600_000);
    expect(ny.offsetAt(change)).toBe(-4 * 3_600_000);
  });
});

describe("local wall time → instant ('compatible')", () => {
  it.each([
    ['America/New_York', '2025-03-09T02:30:00', '2025-03-09T07:30:00Z', 'a gap moves forward by its length'],
    ['America/New_York', '2025-11-02T01:30:00', '2025-11-02T05:30:00Z', 'a fold takes the earlier instant'],
    ['Australia/Lord_Howe', '2025-10-05T02:15:00', '2025-10-04T15:45:00Z', 'a 30-minute gap moves forward 30 minutes'],
    ['Australia/Lord_Howe', '2025-04-06T01:45:00', '2025-04-05T14:45:00Z', 'a 30-minute fold takes the earlier instant'],
    ['America/Santiago', '2025-09-07T00:30:00', '2025-09-07T04:30:00Z', 'a gap at midnight moves forward'],
    ['Africa/Cairo', '2025-10-30T23:30:00', '2025-10-30T20:30:00Z', 'a fold just before midnight takes the earlier instant'],
    ['Asia/Kathmandu', '2025-06-12T10:00:00', '2025-06-12T04:15:00Z', 'a +05:45 zone without DST'],
  ])('%s %s → %s (%s)', (zone, local, utc) => {
    expect(localDays(zone).localToUtc(wall(local))).toBe(Date.parse(utc));
  });
});

describe('local days', () => {
  it('start at midnight, or where the clock jumps when midnight does not exist', () => {
    expect(localDays('America/Santiago').dayStart(wall('2025-09-07T00:00:00') / 86_400_000)).toBe(Date.parse('2025-09-07T04:00:00Z'));
    expect(localDays('America/New_York').dayStart(wall('2025-03-09T00:00:00') / 86_400_000)).toBe(Date.parse('2025-03-09T05:00:00Z'));
  });

  it('know which local day an instant falls on, also in the repeated hour', () => {
    const cairo = localDays('Africa/Cairo');
    expect(cairo.dayOf(Date.parse('2025-10-30T21:30:00Z'))).toBe(wall('2025-10-30T00:00:00') / 86_400_000); // second 23:30
    expect(cairo.dayOf(Date.parse('2025-10-30T22:00:00Z'))).toBe(wall('2025-10-31T00:00:00') / 86_400_000);
  });

  it('flag exactly the days with a UTC-offset change as irregular', () => {
    const ny = localDays('America/New_York');
    const d = (iso: string) => wall(`${iso}T00:00:00`) / 86_400_000;
    expect(ny.isIrregular(d('2025-03-09'))).toBe(true);
    expect(ny.isIrregular(d('2025-11-02'))).toBe(true);
    expect(ny.isIrregular(d('2025-03-08'))).toBe(false);
    expect(ny.nextIrregularDay(d('2025-03-10'))).toBe(d('2025-11-02'));
  });

  it('format instants as local ISO with offset', () => {
    expect(localDays('Asia/Kathmandu').formatIso(Date.parse('2025-06-12T04:15:00.250Z'))).toBe('2025-06-12T10:00:00.250+05:45');
    expect(localDays('UTC').formatIso(Date.parse('2025-06-12T04:15:00Z'))).toBe('2025-06-12T04:15:00+00:00');
  });
});
