import { sql } from 'drizzle-orm';
import { pgTable, pgSequence, text, timestamp, uuid, integer, boolean, jsonb, index, bigserial, type AnyPgColumn } from 'drizzle-orm/pg-core';
import { products } from './products.js';
import { accounts, contacts, agents } from './customers.js';
import { queues } from './queues.js';
import { actorColumnDefinitions } from './audit.js';
import { casePriorities, caseOrigins, caseStatuses } from './case-values.js';

/** Source of human case numbers (CAS-000001, ...). */
export const caseNumberSeq = pgSequence('case_number_seq', { startWith: 1 });

export * from './case-values.js';

export const cases = pgTable(
  'cases',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Human case number, e.g. CAS-001042, from the cases_number_seq sequence. */
    number: text('number').notNull().unique(),
    title: text('title').notNull(),
    description: text('description'),
    accountId: uuid('account_id').references(() => accounts.id),
    contactId: uuid('contact_id').references(() => contacts.id),
    priority: text('priority', { enum: casePriorities }).notNull().default('normal'),
    /** Copied from the customer at creation, editable; SLA conditions read it. */
    serviceLevel: text('service_level').notNull().default('standard'),
    origin: text('origin', { enum: caseOrigins }).notNull(),
    /** The product's name, kept with productId (SLA conditions and older clients read it). */
    product: text('product'),
    productId: uuid('product_id').references((): AnyPgColumn => products.id),
    ownerId: uuid('owner_id').references(() => agents.id),
    queueId: uuid('queue_id').references(() => queues.id),
    entitlementId: uuid('entitlement_id'),
    /** Set when the case was created although its entitlement had no terms left (non-restricting). */
    entitlementExhausted: boolean('entitlement_exhausted').notNull().default(false),
    slaId: uuid('sla_id'),
    /** The SLA version the case's clocks follow (set with slaId); a newer version reaches them only when applied. */
    slaVersion: integer('sla_version'),
    status: text('status', { enum: caseStatuses }).notNull().default('in_progress'),
    /** Free-form fields SLA actions may set, e.g. { "firstResponseSlaMet": "no" }. */
    fields: jsonb('fields').$type<Record<string, string | number | boolean | null>>().notNull().default({}),
    firstResponseAt: timestamp('first_response_at', { withTimezone: true, mode: 'date' }),
    resolvedAt: timestamp('resolved_at', { withTimezone: true, mode: 'date' }),
    cancelledAt: timestamp('cancelled_at', { withTimezone: true, mode: 'date' }),
    /** True once any KPI instance of the case became Noncompliant. */
    breached: boolean('breached').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    /** Optimistic concurrency: the ETag is derived from it. */
    version: integer('version').notNull().default(1),
  },
  (t) => [
    index('cases_status_idx').on(t.status),
    index('cases_owner_idx').on(t.ownerId),
    index('cases_queue_idx').on(t.queueId),
    index('cases_product_idx').on(t.productId),
    index('cases_created_idx').on(t.createdAt, t.id),
    /**
     * Similar cases (src/knowledge/similar-cases.ts): `search_vector` is a stored generated column
     * (migration 0018), to_tsvector('simple', title || ' ' || description), so it follows every write. It
     * is left out of this table on purpose: case reads and API responses must not carry it.
     */
    index('cases_search_vector_idx').using('gin', sql`search_vector`).with({ gin_pending_list_limit: 256 }),
  ],
);

export const activityKinds = ['phone_call', 'email', 'task', 'appointment', 'note', 'resolution'] as const;
export type ActivityKind = (typeof activityKinds)[number];

/** The case timeline's work items: calls, emails, tasks, appointments, notes and the resolution. */
export const caseActivities = pgTable(
  'case_activities',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    caseId: uuid('case_id').notNull().references(() => cases.id),
    kind: text('kind', { enum: activityKinds }).notNull(),
    direction: text('direction', { enum: ['incoming', 'outgoing'] }),
    subject: text('subject').notNull(),
    body: text('body'),
    state: text('state', { enum: ['open', 'completed'] }).notNull().default('completed'),
    durationMinutes: integer('duration_minutes').notNull().default(0),
    billable: boolean('billable').notNull().default(true),
    /** Resolution activities carry the case's totals. */
    totalMinutes: integer('total_minutes'),
    billableMinutes: integer('billable_minutes'),
    occurredAt: timestamp('occurred_at', { withTimezone: true, mode: 'date' }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    /** Who logged it (a later completion is a case event with its own actor). */
    ...actorColumnDefinitions(),
    /** Optimistic concurrency for PATCH (ETag W/"<version>"). */
    version: integer('version').notNull().default(1),
  },
  (t) => [index('case_activities_case_idx').on(t.caseId, t.occurredAt)],
);

/**
 * Everything else that happened to a case, in order: status changes, field updates, queue moves,
 * SLA instance transitions and SLA actions. The timeline merges it with case_activities.
 */
export const caseEvents = pgTable(
  'case_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    caseId: uuid('case_id').notNull().references(() => cases.id),
    kind: text('kind').notNull(),
    summary: text('summary').notNull(),
    data: jsonb('data').$type<Record<string, unknown>>().notNull().default({}),
    /** Idempotency for events written by retried activities. */
    dedupeKey: text('dedupe_key').unique(),
    occurredAt: timestamp('occurred_at', { withTimezone: true, mode: 'date' }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    /** Who made it happen: the request's API key, or the SLA engine for workflow transitions and actions. */
    ...actorColumnDefinitions(),
  },
  (t) => [index('case_events_case_idx').on(t.caseId, t.occurredAt)],
);

