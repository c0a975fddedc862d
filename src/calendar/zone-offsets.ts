/**
 * UTC offsets of an IANA time zone, read from `Intl.DateTimeFormat` once per (zone, UTC year) into a
 * small transition table, then answered by table look-up. Deterministic: the answer for an instant
 * never depends on the host's zone or on today's date. Module-level memo (pure cache).
 */
import { MS_PER_DAY, MS_PER_SECOND, daysFromCivil, yearOfDay } from './civil-date.js';

/** Offsets of one UTC year: `offsets[i]` applies from `starts[i]` (starts[0] = the year's start). */
interface YearOffsets {
  readonly end: number;
  readonly starts: number[];
  readonly offsets: number[];
}

export class ZoneOffsets {
  private readonly format: Intl.DateTimeFormat;
  private readonly years = new Map<number, YearOffsets>();
  /** The last segment of constant offset that answered a look-up: [segStart, segEnd) → segOffset. */
  private segStart = 1;
  private segEnd = 0;
  private segOffset = 0;

  constructor(readonly zone: string) {
    this.format = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
  }

  /** Offset (local − UTC) in ms in effect at instant `ms`. */
  offsetAt(ms: number): number {
    if (ms >= this.segStart && ms < this.segEnd) return this.segOffset;
    const table = this.yearTable(yearOfDay(Math.floor(ms / MS_PER_DAY)));
    let i = table.starts.length - 1;
    while (i > 0 && table.starts[i] > ms) i--;
    this.segStart = table.starts[i];
    this.segEnd = i + 1 < table.starts.length ? table.starts[i + 1] : table.end;
    this.segOffset = table.offsets[i];
    return this.segOffset;
  }

  /** True if the offset changes at some instant strictly inside (from, to). */
  changesWithin(from: number, to: number): boolean {
    const offset = this.offsetAt(from);
    let t = from;
    for (;;) {
      this.offsetAt(t);
      const next = this.segEnd;
      if (next >= to) return false;
      if (this.offsetAt(next) !== offset) return true;
      t = next;
    }
  }

  /** First instant in (before, after] whose offset differs from the offset at `before`. */
  firstChangeAfter(before: number, after: number): number {
    const offset = this.offsetAt(before);
    let lo = before;
    let hi = after;
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if (this.offsetAt(mid) === offset) lo = mid;
      else hi = mid;
    }
    return hi;
  }

  private yearTable(year: number): YearOffsets {
    let table = this.years.get(year);
    if (!table) {
      table = this.buildYear(year);
      this.years.set(year, table);
    }
    return table;
  }

  /** Probes every day of the year, then bisects each change to the second. */
  private buildYear(year: number): YearOffsets {
    const start = daysFromCivil(year, 1, 1) * MS_PER_DAY;
    const end = daysFromCivil(year + 1, 1, 1) * MS_PER_DAY;
    const starts = [start];
    const offsets = [this.probe(start)];
    let prevT = start;
    let prevO = offsets[0];
    for (let t = start + MS_PER_DAY; prevT < end - MS_PER_SECOND; t += MS_PER_DAY) {
      const probeT = Math.min(t, end - MS_PER_SECOND);
      const o = this.probe(probeT);
      while (o !== prevO) {
        let lo = prevT;
        let hi = probeT;
        while (hi - lo > MS_PER_SECOND) {
          const mid = lo + Math.floor((hi - lo) / (2 * MS_PER_SECOND)) * MS_PER_SECOND;
          if (this.probe(mid) === prevO) lo = mid;
          else hi = mid;
        }
        prevO = this.probe(hi);
        prevT = hi;
        starts.push(hi);
        offsets.push(prevO);
      }
      prevT = probeT;
    }
    return { end, starts, offsets };
  }

  /** Offset at a whole-second instant, from the wall clock Intl shows there. */
  private probe(ms: number): number {
    const text = this.format.format(ms); // "M/D/YYYY, HH:MM:SS"
    let field = 0;
    let value = 0;
    let inNumber = false;
    const parts = [0, 0, 0, 0, 0, 0];
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i) - 48;
      if (c >= 0 && c <= 9) {
        value = value * 10 + c;
        inNumber = true;
      } else if (inNumber) {
        parts[field++] = value;
        value = 0;
        inNumber = false;
      }
    }
    if (inNumber) parts[field++] = value;
    if (field !== 6) throw new Error(`unexpected Intl output for ${this.zone}: ${text}`);
    const [month, day, year, hour, minute, second] = parts;
    const wall = daysFromCivil(year, month, day) * MS_PER_DAY + ((hour * 60 + minute) * 60 + second) * MS_PER_SECOND;
    return wall - ms;
  }
}

const zones = new Map<string, ZoneOffsets>();

/** The shared offset table of a zone (the zone must already be known valid). */
export function zoneOffsets(zone: string): ZoneOffsets {
  let z = zones.get(zone);
  if (!z) {
    z = new ZoneOffsets(zone);
    zones.set(zone, z);
  }
  return z;
}

/**
 * True if `zone` is an IANA zone name the runtime knows. Fixed offsets ("+02:00", "UTC-6") are
 * refused even where the runtime accepts them: they are wrong half the year in zones with DST.
 */
export function isIanaTimeZone(zone: string): boolean {
  let known = zoneValidity.get(zone);
  if (known === undefined) {
    known = zone.length > 0 && !/^[+-]|^(UTC|GMT)\s*[-+\u2212]/i.test(zone) && runtimeKnowsZone(zone);
    if (zoneValidity.size < 10_000) zoneValidity.set(zone, known);
  }
  return known;
}

const zoneValidity = new Map<string, boolean>();

function runtimeKnowsZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
