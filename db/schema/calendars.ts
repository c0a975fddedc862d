import { pgTable, text, timestamp, uuid, integer, jsonb, primaryKey } from 'drizzle-orm/pg-core';

/** A business-hours calendar. Its definitions live in immutable versions (spec §1.8). */
export const calendars = pgTable('calendars', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  currentVersion: integer('current_version').notNull().default(1),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  deletedAt: timestamp('deleted_at', { withTimezone: true, mode: 'date' }),
});

export const calendarVersions = pgTable(
  'calendar_versions',
  {
    calendarId: uuid('calendar_id').notNull().references(() => calendars.id),
    version: integer('version').notNull(),
    /** The calendar JSON (see src/calendar/calendar-definition.ts) with holiday lists resolved in. */
    definition: jsonb('definition').$type<Record<string, unknown>>().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.calendarId, t.version] })],
);

/** Named, reusable lists of holidays that calendars can include. */
export const holidayLists = pgTable('holiday_lists', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  holidays: jsonb('holidays').$type<Array<{ date: string; name?: string }>>().notNull().default([]),
  version: integer('version').notNull().default(1),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  deletedAt: timestamp('deleted_at', { withTimezone: true, mode: 'date' }),
});
