import { DateTime } from 'luxon';
import { badRequest } from '../errors.js';

export const timeGroupings = ['day', 'week', 'month'] as const;
export const dimensionGroupings = ['queue', 'owner', 'priority', 'service_level', 'origin', 'product'] as const;
export const groupings = [...timeGroupings, ...dimensionGroupings] as const;
export type TimeGrouping = (typeof timeGroupings)[number];
export type Grouping = (typeof groupings)[number];

export const isTimeGrouping = (g: Grouping): g is TimeGrouping => (timeGroupings as readonly string[]).includes(g);

/** Longest range a report covers: five years (a longer one is 400 REPORT_RANGE_TOO_LONG). */
export const MAX_REPORT_YEARS = 5;

export interface ReportRange {
  from: Date;
  to: Date;
}

/** A half-open range [from, to): from must be before to, and at most five years apart. */
export function checkReportRange(range: ReportRange): ReportRange {
  if (range.from.getTime() >= range.to.getTime()) {
    throw badRequest('REPORT_RANGE_INVALID', `from (${range.from.toISOString()}) must be before to (${range.to.toISOString()}); the range is [from, to).`, {
      from: range.from.toISOString(),
      to: range.to.toISOString(),
    });
  }
  const limit = DateTime.fromJSDate(range.from, { zone: 'utc' }).plus({ years: MAX_REPORT_YEARS });
  if (range.to.getTime() > limit.toMillis()) {
    throw badRequest('REPORT_RANGE_TOO_LONG', `A report covers at most ${MAX_REPORT_YEARS} years; from + ${MAX_REPORT_YEARS} years is ${limit.toISO()}. Ask for a shorter range.`, {
      maxYears: MAX_REPORT_YEARS,
    });
  }
  return range;
}

export interface TimeBucket {
  /** Start of the bucket as a UTC date (YYYY-MM-DD): a day, the Monday of an ISO week, the first of a month. */
  key: string;
  label: string;
  /** Where the bucket ends inside the range (backlog is counted at this instant). */
  end: Date;
}

/** The UTC buckets that meet [from, to), in order; the first and last may be partial. */
export function timeBuckets(range: ReportRange, grouping: TimeGrouping): TimeBucket[] {
  const unit = grouping;
  let start = DateTime.fromJSDate(range.from, { zone: 'utc' }).startOf(unit);
  const out: TimeBucket[] = [];
  while (start.toMillis() < range.to.getTime()) {
    const next = start.plus({ [`${unit}s`]: 1 });
    out.push({
      key: start.toISODate()!,
      label: grouping === 'month' ? start.toFormat('yyyy-MM') : grouping === 'week' ? start.toFormat("kkkk-'W'WW") : start.toISODate()!,
      end: new Date(Math.min(next.toMillis(), range.to.getTime())),
    });
    start = next;
  }
  return out;
}
