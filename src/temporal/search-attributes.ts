/**
 * Custom search attributes of the SLA service (typed API).
 *
 * Workflow-safe: imports only `@temporalio/common`, so workflow code may import this file.
 * Registered by dev-server.ts: on the dev server with `--search-attribute` plus the operator service
 * (a persisted DB may predate an attribute), on the time-skipping test server through the operator
 * service only (`ensureSearchAttributes`, used by test/support/temporal.ts); on a cluster by
 * deploy/temporal/scripts/create-namespace.sh, whose list a test keeps equal to this one.
 *
 * SQL/SQLite visibility has a fixed number of custom columns per type per namespace
 * (3 DATETIME, 3 BOOL, 10 KEYWORD), so keep this list small.
 * Search attribute values are not encrypted by payload codecs: no PII here.
 */
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

export const slaSearchAttributes = {
  /** Case id (opaque, no PII). */
  caseId: defineSearchAttributeKey('SlaCaseId', SearchAttributeType.KEYWORD),
  /** Human-facing case number, e.g. "CAS-000042". */
  caseNumber: defineSearchAttributeKey('SlaCaseNumber', SearchAttributeType.KEYWORD),
  /** KPI name, e.g. "first_response". */
  kpi: defineSearchAttributeKey('SlaKpi', SearchAttributeType.KEYWORD),
  /** Clock state (`KpiState`): in_progress | nearing_noncompliance | noncompliant | paused | succeeded | canceled. */
  state: defineSearchAttributeKey('SlaState', SearchAttributeType.KEYWORD),
  /** Current failure (breach) deadline. */
  failureAt: defineSearchAttributeKey('SlaFailureAt', SearchAttributeType.DATETIME),
  /** Current warning deadline (absent when the item has no warning). */
  warningAt: defineSearchAttributeKey('SlaWarningAt', SearchAttributeType.DATETIME),
  /** True once the failure deadline passed without the KPI being met. */
  breached: defineSearchAttributeKey('SlaBreached', SearchAttributeType.BOOL),
} as const;

export type SlaSearchAttributeKey = (typeof slaSearchAttributes)[keyof typeof slaSearchAttributes];

/** All custom attributes: what dev-server.ts and the test envs register. */
export const allSlaSearchAttributes: SlaSearchAttributeKey[] = Object.values(slaSearchAttributes);
