import { pgTable, text, timestamp, uuid, integer, boolean, jsonb, date, index, uniqueIndex, check } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { accounts, contacts } from './customers.js';
import { cases } from './cases.js';
import { caseOrigins } from './case-values.js';
import { slas } from './slas.js';

/**
 * What a customer (an account, or a contact) is owed: e.g. "10 support cases" or "10 hours of phone support".
 * The rules (status derivation, selection, consumption and give-back) are in src/entitlements/rules.ts.
 *
 * Terms are stored as integer *units*: cases for `allocation_type = 'cases'`, minutes for `'hours'` (the API
 * speaks hours; 30 minutes are 0.5 h), so all arithmetic is exact. What was used is never stored as a
 * counter: it is the sum of the open rows of `entitlement_usages`, read under a row lock on the entitlement.
 */
export const entitlementAllocationTypes = ['cases', 'hours'] as const;
export type EntitlementAllocationType = (typeof entitlementAllocationTypes)[number];
/** Stored lifecycle; the visible status (draft, waiting, active, expired, cancelled) is derived from it and the dates. */
export const entitlementStates = ['draft', 'activated', 'cancelled'] as const;
export type EntitlementState = (typeof entitlementStates)[number];
export const entitlementDecreaseOn = ['create', 'resolve'] as const;
export type EntitlementDecreaseOn = (typeof entitlementDecreaseOn)[number];

export const entitlements = pgTable(
  'entitlements',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    description: text('description'),
    /** Exactly one of accountId and contactId is set. */
    accountId: uuid('account_id').references(() => accounts.id),
    contactId: uuid('contact_id').references(() => contacts.id),
    /** UTC calendar dates; the entitlement covers startDate 00:00Z up to and including all of endDate. */
    startDate: date('start_date', { mode: 'string' }).notNull(),
    endDate: date('end_date', { mode: 'string' }).notNull(),
    state: text('state', { enum: entitlementStates }).notNull().default('draft'),
    allocationType: text('allocation_type', { enum: entitlementAllocationTypes }).notNull(),
    /** Cases, or minutes for hours-based entitlements. */
    totalUnits: integer('total_units').notNull(),
    decreaseOn: text('decrease_on', { enum: entitlementDecreaseOn }).notNull(),
    restrictCaseCreation: boolean('restrict_case_creation').notNull().default(false),
    /** Before migration 0010: the products' names as typed. Kept as written; entitlement_products is what counts. */
    products: jsonb('products').$type<string[]>().notNull().default([]),
    /** SLA that applies to the entitlement's cases instead of the default SLA (spec §2.3). */
    slaId: uuid('sla_id').references(() => slas.id),
    /** At most one activated default per customer; a draft marked default becomes it when activated. */
    isDefault: boolean('is_default').notNull().default(false),
    activatedAt: timestamp('activated_at', { withTimezone: true, mode: 'date' }),
    cancelledAt: timestamp('cancelled_at', { withTimezone: true, mode: 'date' }),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    check('entitlements_one_customer', sql`(${t.accountId} is null) <> (${t.contactId} is null)`),
    check('entitlements_dates', sql`${t.startDate} <= ${t.endDate}`),
    check('entitlements_total_positive', sql`${t.totalUnits} > 0`),
    index('entitlements_account_idx').on(t.accountId),
    index('entitlements_contact_idx').on(t.contactId),
    index('entitlements_created_idx').on(t.createdAt, t.id),
    uniqueIndex('entitlements_one_default_per_account')
      .on(t.accountId)
      .where(sql`${t.isDefault} and ${t.accountId} is not null and ${t.state} = 'activated'`),
    uniqueIndex('entitlements_one_default_per_contact')
      .on(t.contactId)
      .where(sql`${t.isDefault} and ${t.contactId} is not null and ${t.state} = 'activated'`),
  ],
);

/** Per-channel terms: a case from that origin channel draws from these terms and from the entitlement's total. */
export const entitlementChannels = pgTable(
  'entitlement_channels',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    entitlementId: uuid('entitlement_id').notNull().references(() => entitlements.id, { onDelete: 'cascade' }),
    channel: text('channel', { enum: caseOrigins }).notNull(),
    /** Cases, or minutes for hours-based entitlements. */
    totalUnits: integer('total_units').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('entitlement_channels_entitlement_channel').on(t.entitlementId, t.channel),
    check('entitlement_channels_total_positive', sql`${t.totalUnits} > 0`),
  ],
);

export const entitlementUsageKinds = ['case', 'hours'] as const;
export type EntitlementUsageKind = (typeof entitlementUsageKinds)[number];

/**
 * The usage ledger: one row per consumption of terms by a case. A row is open (counts as used) until it is
 * given back (`releasedAt`). At most one open row per (entitlement, case, kind): a retried resolution cannot
 * consume twice. Rows are never deleted, so the ledger is the audit trail of every decrement and give-back.
 */
export const entitlementUsages = pgTable(
  'entitlement_usages',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    entitlementId: uuid('entitlement_id').notNull().references(() => entitlements.id),
    caseId: uuid('case_id').notNull().references(() => cases.id),
    kind: text('kind', { enum: entitlementUsageKinds }).notNull(),
    /** The origin channel whose terms this drew from; null when the entitlement has no terms for the channel. */
    channel: text('channel', { enum: caseOrigins }),
    /** 1 case, or billable minutes. */
    units: integer('units').notNull(),
    /** What used it: case creation, resolution, a reopened cancelled case, or the case moved to this entitlement. */
    trigger: text('trigger', { enum: ['created', 'resolved', 'reopened', 'reassigned'] }).notNull(),
    consumedAt: timestamp('consumed_at', { withTimezone: true, mode: 'date' }).notNull(),
    releasedAt: timestamp('released_at', { withTimezone: true, mode: 'date' }),
    /** Why it was given back: the case was cancelled, reopened, or moved to another entitlement (or none). */
    releaseReason: text('release_reason', { enum: ['cancelled', 'reopened', 'reassigned'] }),
  },
  (t) => [
    uniqueIndex('entitlement_usages_once_per_case').on(t.entitlementId, t.caseId, t.kind).where(sql`${t.releasedAt} is null`),
    index('entitlement_usages_case_idx').on(t.caseId),
    index('entitlement_usages_entitlement_idx').on(t.entitlementId, t.consumedAt),
    check('entitlement_usages_units_nonnegative', sql`${t.units} >= 0`),
  ],
);
