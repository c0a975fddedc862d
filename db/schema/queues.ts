import { pgTable, text, timestamp, uuid, boolean, uniqueIndex, index } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { agents } from './customers.js';

export const queues = pgTable('queues', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull().unique(),
  description: text('description'),
  /** SLA "escalate to queue" actions may target any queue; this marks the default one. */
  isEscalation: boolean('is_escalation').notNull().default(false),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
});

/** A case's presence in a queue. At most one open item per case (a case is in one queue at a time). */
export const queueItems = pgTable(
  'queue_items',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    queueId: uuid('queue_id').notNull().references(() => queues.id),
    caseId: uuid('case_id').notNull(),
    workedById: uuid('worked_by_id').references(() => agents.id),
    enteredAt: timestamp('entered_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    removedAt: timestamp('removed_at', { withTimezone: true, mode: 'date' }),
    reason: text('reason'),
  },
  (t) => [
    uniqueIndex('queue_items_one_open_per_case').on(t.caseId).where(sql`${t.removedAt} is null`),
    index('queue_items_queue_idx').on(t.queueId),
  ],
);
