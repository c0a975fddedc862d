import { pgTable, text, timestamp, uuid, integer, boolean, jsonb, index, uniqueIndex, bigserial, primaryKey, check } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { calendars } from './calendars.js';
import { cases } from './cases.js';

export const slas = pgTable(
  'slas',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    description: text('description'),
    /** Null means 24x7. */
    calendarId: uuid('calendar_id').references(() => calendars.id),
    allowPause: boolean('allow_pause').notNull().default(true),
    pausingStatuses: jsonb('pausing_statuses').$type<string[]>().notNull().default(['on_hold', 'waiting_for_details']),
    isDefault: boolean('is_default').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    version: integer('version').notNull().default(1),
    deletedAt: timestamp('deleted_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [uniqueIndex('slas_one_default').on(t.isDefault).where(sql`${t.isDefault} and ${t.deletedAt} is null`)],
);

/**
 * Every version of an SLA's settings, kept forever: a case's clocks follow the version the case pinned
 * (`cases.sla_version`), also after the SLA was replaced or deleted. The `slas` row holds the current one.
 */
export const slaVersions = pgTable(
  'sla_versions',
  {
    slaId: uuid('sla_id').notNull().references(() => slas.id),
    version: integer('version').notNull(),
    name: text('name').notNull(),
    description: text('description'),
    calendarId: uuid('calendar_id').references(() => calendars.id),
    allowPause: boolean('allow_pause').notNull(),
    pausingStatuses: jsonb('pausing_statuses').$type<string[]>().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.slaId, t.version] })],
);

/** JSON stored in the action columns; see src/sla/actions.ts. */
export type SlaActionDefinition =
  | { type: 'send_email'; to: Array<'owner' | 'manager' | 'customer' | { address: string }>; subject: string; body: string }
  | { type: 'escalate_to_queue'; queue?: string }
  | { type: 'set_case_field'; field: string; value: string | number | boolean | null };

export const slaItems = pgTable(
  'sla_items',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    slaId: uuid('sla_id').notNull().references(() => slas.id),
    /** The SLA version this item belongs to (`sla_versions`); an edit writes a new version's items. */
    slaVersion: integer('sla_version').notNull().default(1),
    position: integer('position').notNull(),
    name: text('name').notNull(),
    /** 'first_response', 'resolve' or a custom KPI name. */
    kpi: text('kpi').notNull(),
    applicableWhen: jsonb('applicable_when').$type<unknown>(),
    successCriteria: jsonb('success_criteria').$type<unknown>(),
    /** Case field that starts the clock; default the case's creation time. */
    applicableFrom: text('applicable_from').notNull().default('createdAt'),
    warningMinutes: integer('warning_minutes'),
    failureMinutes: integer('failure_minutes').notNull(),
    warningActions: jsonb('warning_actions').$type<SlaActionDefinition[]>().notNull().default([]),
    failureActions: jsonb('failure_actions').$type<SlaActionDefinition[]>().notNull().default([]),
    successActions: jsonb('success_actions').$type<SlaActionDefinition[]>().notNull().default([]),
    /** Stale-pause alert (migration 0017): paused longer than this (minutes of `stalePauseTime`) runs `stalePauseActions` once per pause. */
    stalePauseMinutes: integer('stale_pause_minutes'),
    stalePauseTime: text('stale_pause_time', { enum: ['business', 'calendar'] }),
    stalePauseActions: jsonb('stale_pause_actions').$type<SlaActionDefinition[]>().notNull().default([]),
    /** Items are never deleted (instances point at them); an edit retires the old rows. */
    retiredAt: timestamp('retired_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [
    index('sla_items_sla_version_idx').on(t.slaId, t.slaVersion, t.position),
    check(
      'sla_items_stale_pause_check',
      sql`(${t.stalePauseMinutes} is null and ${t.stalePauseTime} is null) or (coalesce(${t.stalePauseMinutes} > 0, false) and coalesce(${t.stalePauseTime} in ('business', 'calendar'), false))`,
    ),
  ],
);

export const kpiInstanceStates = ['in_progress', 'nearing_noncompliance', 'noncompliant', 'succeeded', 'paused', 'canceled'] as const;
export type KpiInstanceState = (typeof kpiInstanceStates)[number];

/**
 * One KPI on one case (spec §2.4). Written in the same transaction as the case change that created it;
 * the Temporal workflow `workflowId` then owns its clock and mirrors its state back here.
 */
export const slaKpiInstances = pgTable(
  'sla_kpi_instances',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    caseId: uuid('case_id').notNull().references(() => cases.id),
    slaId: uuid('sla_id').notNull().references(() => slas.id),
    slaItemId: uuid('sla_item_id').notNull().references(() => slaItems.id),
    kpi: text('kpi').notNull(),
    /** Increments when re-evaluation or reopening replaces the instance of a KPI. */
    generation: integer('generation').notNull(),
    workflowId: text('workflow_id').notNull().unique(),
    /** The item and calendar as they were when the instance started (editing an SLA never changes it). */
    itemSnapshot: jsonb('item_snapshot').$type<Record<string, unknown>>().notNull(),
    calendarId: uuid('calendar_id'),
    calendarVersion: integer('calendar_version'),
    state: text('state', { enum: kpiInstanceStates }).notNull().default('in_progress'),
    applicableFrom: timestamp('applicable_from', { withTimezone: true, mode: 'date' }).notNull(),
    warningAt: timestamp('warning_at', { withTimezone: true, mode: 'date' }),
    failureAt: timestamp('failure_at', { withTimezone: true, mode: 'date' }),
    warnedAt: timestamp('warned_at', { withTimezone: true, mode: 'date' }),
    failedAt: timestamp('failed_at', { withTimezone: true, mode: 'date' }),
    succeededAt: timestamp('succeeded_at', { withTimezone: true, mode: 'date' }),
    /** Set when success came after the failure instant (state stays noncompliant). */
    lateSucceededAt: timestamp('late_succeeded_at', { withTimezone: true, mode: 'date' }),
    pausedSince: timestamp('paused_since', { withTimezone: true, mode: 'date' }),
    pausedBusinessMinutes: integer('paused_business_minutes').notNull().default(0),
    carriedPausedMinutes: integer('carried_paused_minutes').notNull().default(0),
    /** Pause intervals as sent to the workflow (ISO instants, `to` null while paused); carried on re-evaluation. */
    pauses: jsonb('pauses').$type<Array<{ from: string; to: string | null }>>().notNull().default([]),
    endedAt: timestamp('ended_at', { withTimezone: true, mode: 'date' }),
    endReason: text('end_reason'),
    /** Monotonic counter from the workflow: older mirror writes never overwrite newer ones. */
    mirrorSeq: integer('mirror_seq').notNull().default(0),
    workflowStartedAt: timestamp('workflow_started_at', { withTimezone: true, mode: 'date' }),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    index('sla_kpi_instances_case_idx').on(t.caseId),
    uniqueIndex('sla_kpi_instances_case_kpi_gen').on(t.caseId, t.kpi, t.generation),
    index('sla_kpi_instances_state_idx').on(t.state),
  ],
);

/**
 * Transactional outbox towards Temporal: every case change that concerns the clocks writes a command here
 * in the same transaction, and a background dispatcher claims and delivers them in order per KPI instance
 * (see src/sla/command-dispatcher.ts). Delivery is idempotent, so a command may be delivered more than once.
 */
export const slaCommands = pgTable(
  'sla_commands',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    caseId: uuid('case_id').notNull(),
    instanceId: uuid('instance_id').notNull().references(() => slaKpiInstances.id),
    kind: text('kind').notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull().default({}),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    deliveredAt: timestamp('delivered_at', { withTimezone: true, mode: 'date' }),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    /** The dispatcher that claimed the command for delivery, until `claimedUntil` (a lease: a crashed one is re-claimed). */
    claimToken: uuid('claim_token'),
    claimedUntil: timestamp('claimed_until', { withTimezone: true, mode: 'date' }),
    /** After a transient failure: not claimed again before this instant (per-instance backoff). */
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [
    index('sla_commands_pending_idx').on(t.id).where(sql`${t.deliveredAt} is null`),
    index('sla_commands_instance_pending_idx').on(t.instanceId, t.id).where(sql`${t.deliveredAt} is null`),
  ],
);

/** Every SLA action that took effect, once per (instance, phase, action index) (spec §2.10, §3). */
export const slaActionRuns = pgTable('sla_action_runs', {
  id: uuid('id').primaryKey().defaultRandom(),
  actionKey: text('action_key').notNull().unique(),
  instanceId: uuid('instance_id').notNull().references(() => slaKpiInstances.id),
  caseId: uuid('case_id').notNull(),
  phase: text('phase', { enum: ['warning', 'failure', 'success', 'pause_stale'] }).notNull(),
  kind: text('kind').notNull(),
  summary: text('summary').notNull(),
  detail: jsonb('detail').$type<Record<string, unknown>>().notNull().default({}),
  ranAt: timestamp('ran_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
});

/** Emails are written here with a unique key before any delivery attempt. */
export const emailOutbox = pgTable(
  'email_outbox',
  {
  id: uuid('id').primaryKey().defaultRandom(),
  idempotencyKey: text('idempotency_key').notNull().unique(),
  to: jsonb('to').$type<string[]>().notNull(),
  subject: text('subject').notNull(),
  body: text('body').notNull(),
  /** Optional HTML alternative (knowledge articles), already sanitised. */
  html: text('html'),
  status: text('status', { enum: ['pending', 'sent', 'failed'] }).notNull().default('pending'),
  attempts: integer('attempts').notNull().default(0),
  messageId: text('message_id'),
  lastError: text('last_error'),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  sentAt: timestamp('sent_at', { withTimezone: true, mode: 'date' }),
  /** A delivery is talking to SMTP until then (a lease on the database clock; a crashed one runs out). */
  sendingUntil: timestamp('sending_until', { withTimezone: true, mode: 'date' }),
  },
  // Survey and knowledge emails have no workflow to deliver them: the worker's outbox sweep finds them here (migration 0022).
  (t) => [index('email_outbox_pending_idx').on(t.createdAt).where(sql`${t.status} = 'pending'`)],
);
