import { DateTime } from 'luxon';
import { badRequest } from '../errors.js';
import type { GoalPeriodType } from '../../db/schema/goals.js';

export type GoalPeriodInput =
  | { type: 'month'; month: string }
  | { type: 'quarter'; quarter: string }
  | { type: 'fiscal_year'; fiscalYear: number; startMonth?: number }
  | { type: 'custom'; from: string; to: string };

export interface GoalPeriod {
  type: GoalPeriodType;
  label: string;
  /** UTC dates, both included. */
  start: string;
  end: string;
}

const date = (d: DateTime) => d.toISODate()!;

/**
 * A goal's period as UTC dates: a month ("2027-03"), a quarter ("2027-Q1"), a fiscal year named by the
 * year it starts in (FY2027 from April is 2027-04-01..2028-03-31), or custom dates (both included).
 */
export function resolvePeriod(p: GoalPeriodInput): GoalPeriod {
  switch (p.type) {
    case 'month': {
      const start = DateTime.fromFormat(p.month, 'yyyy-MM', { zone: 'utc' });
      if (!start.isValid) throw badRequest('GOAL_PERIOD_INVALID', `period.month must be YYYY-MM, e.g. 2027-03 (got "${p.month}").`, { field: 'body.period.month' });
      return { type: 'month', label: p.month, start: date(start), end: date(start.endOf('month')) };
    }
    case 'quarter': {
      const m = /^(\d{4})-Q([1-4])$/.exec(p.quarter);
      if (!m) throw badRequest('GOAL_PERIOD_INVALID', `period.quarter must be YYYY-Qn, e.g. 2027-Q1 (got "${p.quarter}").`, { field: 'body.period.quarter' });
      const start = DateTime.utc(Number(m[1]), (Number(m[2]) - 1) * 3 + 1, 1);
      return { type: 'quarter', label: p.quarter, start: date(start), end: date(start.plus({ months: 3 }).minus({ days: 1 })) };
    }
    case 'fiscal_year': {
      const startMonth = p.startMonth ?? 1;
      const start = DateTime.utc(p.fiscalYear, startMonth, 1);
      const label = `FY${p.fiscalYear}${startMonth === 1 ? '' : ` (from ${start.toFormat('MMMM')})`}`;
      return { type: 'fiscal_year', label, start: date(start), end: date(start.plus({ years: 1 }).minus({ days: 1 })) };
    }
    case 'custom': {
      const start = DateTime.fromISO(p.from, { zone: 'utc' });
      const end = DateTime.fromISO(p.to, { zone: 'utc' });
      if (!start.isValid || !end.isValid || !/^\d{4}-\d{2}-\d{2}$/.test(p.from) || !/^\d{4}-\d{2}-\d{2}$/.test(p.to)) {
        throw badRequest('GOAL_PERIOD_INVALID', 'period.from and period.to must be dates (YYYY-MM-DD), both included.', { field: 'body.period' });
      }
      if (end < start) throw badRequest('GOAL_PERIOD_INVALID', `period.from (${p.from}) must not be after period.to (${p.to}).`, { field: 'body.period' });
      if (end >= start.plus({ years: 5 })) throw badRequest('GOAL_PERIOD_INVALID', 'A goal period is at most five years long.', { field: 'body.period' });
      return { type: 'custom', label: `${p.from}..${p.to}`, start: p.from, end: p.to };
    }
  }
}

/** The period as an instant range [start 00:00Z, day after end 00:00Z). */
export function periodRange(start: string, end: string): { from: Date; to: Date } {
  return { from: new Date(`${start}T00:00:00Z`), to: DateTime.fromISO(end, { zone: 'utc' }).plus({ days: 1 }).toJSDate() };
}
