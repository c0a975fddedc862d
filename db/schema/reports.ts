import { pgTable, text, timestamp, uuid, integer, doublePrecision, index, uniqueIndex, date, primaryKey } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { cases } from './cases.js';
import { slaKpiInstances } from './slas.js';

/**
 * One row per case with the figures the service-KPI report needs and SQL cannot compute: response and
 * resolution times in business minutes of the case's SLA calendar, computed by the calendar engine
 * (src/reports/refresh-facts.ts). It also carries the case's dimensions (queue, owner, ...) and customer, for the
 * per-day rollup; a change of any of them queues the case for a refresh (migration 0019).
 */
export const reportCaseFacts = pgTable(
  'report_case_facts',
  {
    caseId: uuid('case_id').primaryKey().references(() => cases.id),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
    firstResponseAt: timestamp('first_response_at', { withTimezone: true, mode: 'date' }),
    resolvedAt: timestamp('resolved_at', { withTimezone: true, mode: 'date' }),
    /** Resolved or cancelled (null while the case is active). */
    closedAt: timestamp('closed_at', { withTimezone: true, mode: 'date' }),
    calendarId: uuid('calendar_id'),
    calendarVersion: integer('calendar_version'),
    firstResponseBusinessMinutes: doublePrecision('first_response_business_minutes'),
    firstResponseCalendarMinutes: doublePrecision('first_response_calendar_minutes'),
    resolutionBusinessMinutes: doublePrecision('resolution_business_minutes'),
    resolutionCalendarMinutes: doublePrecision('resolution_calendar_minutes'),
    queueId: uuid('queue_id'),
    ownerId: uuid('owner_id'),
    priority: text('priority'),
    serviceLevel: text('service_level'),
    origin: text('origin'),
    product: text('product'),
    /** The account, else the contact. */
    customerId: uuid('customer_id'),
    /** The case's reopenings (timeline `reopened` events) as of this refresh. */
    reopenedAt: timestamp('reopened_at', { withTimezone: true, mode: 'date' }).array().notNull().default(sql`'{}'`),
    refreshedAt: timestamp('refreshed_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    index('report_case_facts_created_idx').on(t.createdAt),
    index('report_case_facts_first_response_idx').on(t.firstResponseAt).where(sql`${t.firstResponseAt} is not null`),
    index('report_case_facts_resolved_idx').on(t.resolvedAt).where(sql`${t.resolvedAt} is not null`),
    index('report_case_facts_closed_idx').on(t.closedAt),
    index('report_case_facts_open_idx').on(t.createdAt).where(sql`${t.closedAt} is null`),
    index('report_case_facts_backlog_out_idx').on(sql`greatest(${t.closedAt}, ${t.createdAt})`).where(sql`${t.closedAt} is not null`),
  ],
);

export const kpiOutcomes = ['met', 'paused_at_resolution', 'breached', 'late_success', 'open', 'canceled'] as const;
export type KpiOutcome = (typeof kpiOutcomes)[number];

/** One row per KPI instance: how its clock ended (see src/reports/kpi-outcome.ts). */
export const reportKpiFacts = pgTable(
  'report_kpi_facts',
  {
    instanceId: uuid('instance_id').primaryKey().references(() => slaKpiInstances.id),
    caseId: uuid('case_id').notNull().references(() => cases.id),
    kpi: text('kpi').notNull(),
    startedAt: timestamp('started_at', { withTimezone: true, mode: 'date' }).notNull(),
    endedAt: timestamp('ended_at', { withTimezone: true, mode: 'date' }),
    outcome: text('outcome', { enum: kpiOutcomes }).notNull(),
    refreshedAt: timestamp('refreshed_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [index('report_kpi_facts_started_idx').on(t.startedAt), index('report_kpi_facts_case_idx').on(t.caseId)],
);

/** Cases whose facts must be recomputed; filled by triggers on `cases` and `sla_kpi_instances`. */
export const reportDirtyCases = pgTable('report_dirty_cases', {
  caseId: uuid('case_id').primaryKey(),
});

/**
 * Per UTC day and dimension value ('all', 'queue', 'owner', 'priority', 'service_level', 'origin',
 * 'product'): the day's counts and minutes, kept by difference as cases change (src/reports/rollup-delta.ts).
 */
export const reportDailyCases = pgTable(
  'report_daily_cases',
  {
    day: date('day').notNull(),
    dim: text('dim').notNull(),
    key: text('key'),
    created: integer('created').notNull(),
    closed: integer('closed').notNull(),
    /** Cases leaving the backlog that day (greatest(closed_at, created_at)). */
    backlogOut: integer('backlog_out').notNull(),
    resolved: integer('resolved').notNull(),
    reopened: integer('reopened').notNull(),
    firstResponseBusiness: doublePrecision('first_response_business').array().notNull(),
    firstResponseCalendar: doublePrecision('first_response_calendar').array().notNull(),
    resolutionBusiness: doublePrecision('resolution_business').array().notNull(),
    resolutionCalendar: doublePrecision('resolution_calendar').array().notNull(),
  },
  (t) => [// Unique NULLS NOT DISTINCT in migration 0019 (a null key is one group).
    uniqueIndex('report_daily_cases_day_idx').on(t.day, t.dim, t.key), index('report_daily_cases_key_idx').on(t.dim, t.key, t.day)],
);

/** Per UTC day, dimension value and KPI: the outcomes of the clocks started that day. */
export const reportDailyCompliance = pgTable(
  'report_daily_compliance',
  {
    day: date('day').notNull(),
    dim: text('dim').notNull(),
    key: text('key'),
    kpi: text('kpi').notNull(),
    met: integer('met').notNull(),
    paused: integer('paused').notNull(),
    breached: integer('breached').notNull(),
    late: integer('late').notNull(),
    open: integer('open').notNull(),
  },
  (t) => [
    uniqueIndex('report_daily_compliance_day_idx').on(t.day, t.dim, t.key, t.kpi),
    index('report_daily_compliance_key_idx').on(t.dim, t.key, t.day),
  ],
);

/** Customers who created a case that day, and how many cases (retention). */
export const reportDailyCustomers = pgTable(
  'report_daily_customers',
  { day: date('day').notNull(), customerId: uuid('customer_id').notNull(), cases: integer('cases').notNull() },
  (t) => [primaryKey({ columns: [t.day, t.customerId] })],
);

/** Days whose rollup rows must be rebuilt from the facts (an upgrade's existing facts, a repair). */
export const reportDirtyDays = pgTable('report_dirty_days', { day: date('day').primaryKey() });
