import { pgTable, text, timestamp, uuid, integer, doublePrecision, index } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { cases } from './cases.js';
import { slaKpiInstances } from './slas.js';

/**
 * One row per case with the figures the service-KPI report needs and SQL cannot compute: response and
 * resolution times in business minutes of the case's SLA calendar, computed by the calendar engine
 * (src/reports/refresh-facts.ts). Dimensions (queue, owner, ...) are read from `cases`, so they are never stale.
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
    refreshedAt: timestamp('refreshed_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    index('report_case_facts_created_idx').on(t.createdAt),
    index('report_case_facts_first_response_idx').on(t.firstResponseAt).where(sql`${t.firstResponseAt} is not null`),
    index('report_case_facts_resolved_idx').on(t.resolvedAt).where(sql`${t.resolvedAt} is not null`),
    index('report_case_facts_closed_idx').on(t.closedAt),
    index('report_case_facts_open_idx').on(t.createdAt).where(sql`${t.closedAt} is null`),
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
