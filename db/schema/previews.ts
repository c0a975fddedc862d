import { pgTable, text, timestamp, uuid, integer, jsonb, index } from 'drizzle-orm/pg-core';
import { actorColumnDefinitions } from './audit.js';

export const changePreviewKinds = ['calendar', 'holiday_list', 'sla'] as const;
export type ChangePreviewKind = (typeof changePreviewKinds)[number];

/** The versions a preview decided on: each calendar's version, and for an SLA change the SLA's version. */
export interface PreviewTarget {
  calendars: Array<{ id: string; version: number }>;
  slaVersion?: number;
}

/** What applying does to one running KPI instance (compact: 10,000 of them fit one row). */
export interface PreviewDecision {
  instanceId: string;
  caseId: string;
  caseNumber: string;
  kpi: string;
  /** The instance (and, for an SLA change, its case) as it was previewed; any difference makes the preview stale. */
  fingerprint: string;
  old: { warningAt: string | null; failureAt: string | null; breached: boolean };
  /** Null: under the new SLA version no item applies to this KPI any more, so its clock ends. */
  new: { warningAt: string | null; failureAt: string | null; breached: boolean } | null;
  movement: 'earlier' | 'later' | 'unchanged' | 'ended';
  /** SLA change: the position of the new version's item the clock follows from now on (ids are only made when applied). */
  newItemPosition?: number;
  /** The calendar version the instance follows after applying (null: 24x7). */
  calendar: { id: string; version: number } | null;
}

export interface PreviewTotals {
  instances: number;
  movedEarlier: number;
  movedLater: number;
  unchanged: number;
  ended: number;
  newlyBreached: number;
  noLongerBreached: number;
}

/**
 * Preview before apply (issue #16): what applying a change would do to every running KPI instance in
 * its scope, kept until an admin applies it (`applied_at`). Applying uses exactly these decisions.
 */
export const changePreviews = pgTable(
  'change_previews',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: text('kind', { enum: changePreviewKinds }).notNull(),
    /** The calendar, holiday list or SLA. */
    subjectId: uuid('subject_id').notNull(),
    /** The subject's version when previewed (a proposal is written on top of it when applied). */
    baseVersion: integer('base_version').notNull(),
    /** The proposed new definition (the body of the PUT it stands for); null: the current version is applied. */
    proposed: jsonb('proposed').$type<Record<string, unknown> | null>(),
    target: jsonb('target').$type<PreviewTarget>().notNull(),
    totals: jsonb('totals').$type<PreviewTotals>().notNull(),
    /** One `PreviewDecision` per instance in scope, stored as a tuple (see src/previews/preview-store.ts). */
    decisions: jsonb('decisions').$type<unknown[]>().notNull(),
    /** The instant breaches were judged at. */
    asOf: timestamp('as_of', { withTimezone: true, mode: 'date' }).notNull(),
    ...actorColumnDefinitions(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
    appliedAt: timestamp('applied_at', { withTimezone: true, mode: 'date' }),
    appliedBy: text('applied_by'),
  },
  (t) => [index('change_previews_subject_idx').on(t.kind, t.subjectId, t.createdAt)],
);
