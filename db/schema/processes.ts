import { pgTable, text, timestamp, uuid, integer, boolean, jsonb, index, uniqueIndex, primaryKey, bigserial } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { cases } from './cases.js';
import { actorColumnDefinitions } from './audit.js';

/**
 * Business process flows. A process has numbered versions; each version is a definition (stages, steps,
 * branches, applicable-when) that never changes once written. A case's process instance pins the version
 * it started on until an admin migrates it.
 */
export const processes = pgTable(
  'processes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    /** Only active processes start on new cases or can be switched to. */
    active: boolean('active').notNull().default(true),
    /** Processes are tried in this order (then by creation) when a case is created: the first that applies starts. */
    rank: integer('rank').notNull().default(100),
    currentVersion: integer('current_version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [index('processes_rank_idx').on(t.rank, t.createdAt)],
);

export const processVersions = pgTable(
  'process_versions',
  {
    processId: uuid('process_id')
      .notNull()
      .references(() => processes.id),
    version: integer('version').notNull(),
    name: text('name').notNull(),
    description: text('description'),
    applicableWhen: jsonb('applicable_when'),
    /** The validated stages, in order (see src/processes/definition.ts). */
    stages: jsonb('stages').$type<unknown[]>().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    ...actorColumnDefinitions(),
  },
  (t) => [primaryKey({ columns: [t.processId, t.version] })],
);

export const caseProcessStatuses = ['active', 'finished', 'switched'] as const;
export type CaseProcessStatus = (typeof caseProcessStatuses)[number];

/** A case's run through one process version. At most one is active per case; switched and finished ones stay as history. */
export const caseProcesses = pgTable(
  'case_processes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => cases.id),
    processId: uuid('process_id')
      .notNull()
      .references(() => processes.id),
    processVersion: integer('process_version').notNull(),
    status: text('status', { enum: caseProcessStatuses }).notNull().default('active'),
    activeStage: text('active_stage'),
    /** The stages taken to reach the active (or last) stage, in order: a move on appends, a move back removes the last. */
    path: jsonb('path').$type<string[]>().notNull().default([]),
    /** Checklist steps completed: { "<stage>/<step>": { at, actorName } }. Field steps are read from the case. */
    checked: jsonb('checked').$type<Record<string, { at: string; actorName: string }>>().notNull().default({}),
    startedAt: timestamp('started_at', { withTimezone: true, mode: 'date' }).notNull(),
    endedAt: timestamp('ended_at', { withTimezone: true, mode: 'date' }),
    /** Optimistic concurrency for the process commands (ETag W/"<version>"). */
    version: integer('version').notNull().default(1),
  },
  (t) => [
    uniqueIndex('case_processes_one_active').on(t.caseId).where(sql`${t.status} = 'active'`),
    index('case_processes_case_idx').on(t.caseId, t.startedAt),
    index('case_processes_process_idx').on(t.processId, t.status),
  ],
);

export const stageExits = ['next', 'back', 'switched', 'finished', 'migrated'] as const;
export type StageExit = (typeof stageExits)[number];

/** Each stay in a stage: entered, left (how), and who moved the case in and out. */
export const caseProcessStages = pgTable(
  'case_process_stages',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    caseProcessId: uuid('case_process_id')
      .notNull()
      .references(() => caseProcesses.id),
    stage: text('stage').notNull(),
    enteredAt: timestamp('entered_at', { withTimezone: true, mode: 'date' }).notNull(),
    leftAt: timestamp('left_at', { withTimezone: true, mode: 'date' }),
    exit: text('exit', { enum: stageExits }),
    ...actorColumnDefinitions(),
  },
  (t) => [index('case_process_stages_instance_idx').on(t.caseProcessId, t.id)],
);
