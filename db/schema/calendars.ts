import { pgTable, text, timestamp, uuid, integer, jsonb, primaryKey } from 'drizzle-orm/pg-core';

/**
 * A business-hours calendar. Its definitions live in immutable versions (spec §1.8): every edit, and every
 * change of a holiday list it uses, adds a version; `currentVersion` is the one new KPI instances pin.
 */
export const calendars = pgTable('calendars', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  currentVersion: integer('current_version').notNull().default(1),
  /** Holiday lists the current version includes (ids of `holiday_lists`); their holidays are resolved into each version. */
  holidayListIds: jsonb('holiday_list_ids').$type<string[]>().notNull().default([]),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  deletedAt: timestamp('deleted_at', { withTimezone: true, mode: 'date' }),
});

/** Which holiday list (and which of its versions) a calendar version resolved. */
export interface ResolvedHolidayList {
  id: string;
  name: string;
  version: number;
}

export const calendarVersions = pgTable(
  'calendar_versions',
  {
    calendarId: uuid('calendar_id').notNull().references(() => calendars.id),
    version: integer('version').notNull(),
    /** The calendar JSON (see src/calendar/calendar-definition.ts) with holiday lists resolved in. Never changes. */
    definition: jsonb('definition').$type<Record<string, unknown>>().notNull(),
    /** The definition as the admin wrote it (holiday lists not resolved); null for rows written before it existed. */
    sourceDefinition: jsonb('source_definition').$type<Record<string, unknown>>(),
    /** The holiday lists resolved into `definition`, with the list versions used. */
    holidayLists: jsonb('holiday_lists').$type<ResolvedHolidayList[]>().notNull().default([]),
    /** Why this version exists, e.g. "created", "updated", "holiday list Public holidays changed to version 3". */
    reason: text('reason'),
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
