import { pgTable, text, timestamp, uuid, integer, doublePrecision, date, index, check, type AnyPgColumn } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { actorColumnDefinitions } from './audit.js';

export const goalOwnerTypes = ['agent', 'queue'] as const;
export type GoalOwnerType = (typeof goalOwnerTypes)[number];
export const goalPeriodTypes = ['month', 'quarter', 'fiscal_year', 'custom'] as const;
export type GoalPeriodType = (typeof goalPeriodTypes)[number];

/**
 * A goal (Dynamics goal management): a metric for an owner over a period, with a target and an optional
 * stretch target. A parent goal's actual rolls up its children. Actuals are never stored: see src/goals.
 */
export const goals = pgTable(
  'goals',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    metric: text('metric').notNull(),
    ownerType: text('owner_type', { enum: goalOwnerTypes }).notNull(),
    ownerId: uuid('owner_id').notNull(),
    periodType: text('period_type', { enum: goalPeriodTypes }).notNull(),
    /** e.g. "2027-03", "2027-Q1", "FY2027 (from April)", "2027-03-01..2027-03-15". */
    periodLabel: text('period_label').notNull(),
    /** UTC dates, both included. */
    periodStart: date('period_start', { mode: 'string' }).notNull(),
    periodEnd: date('period_end', { mode: 'string' }).notNull(),
    target: doublePrecision('target').notNull(),
    stretchTarget: doublePrecision('stretch_target'),
    parentId: uuid('parent_id').references((): AnyPgColumn => goals.id),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    version: integer('version').notNull().default(1),
    deletedAt: timestamp('deleted_at', { withTimezone: true, mode: 'date' }),
    ...actorColumnDefinitions(),
  },
  (t) => [
    index('goals_parent_idx').on(t.parentId),
    index('goals_owner_idx').on(t.ownerType, t.ownerId),
    check('goals_period', sql`${t.periodStart} <= ${t.periodEnd}`),
    check('goals_owner_type', sql`${t.ownerType} in ('agent', 'queue')`),
  ],
);
