/**
 * Custom search attributes of the SLA service (typed API).
 *
 * Workflow-safe: imports only `@temporalio/common`, so workflow code may import this file.
 * Registered on the dev server with `--search-attribute` (see dev-server.ts) and on the
 * time-skipping test server through the operator service (test/support/temporal.ts).
 *
 * SQL/SQLite visibility has a fixed number of custom columns per type per namespace
 * (3 DATETIME, 3 BOOL, 10 KEYWORD), so keep this list small.
 * Search attribute values are not encrypted by payload codecs: no PII here.
 */
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

export const slaSearchAttributes = {
  /** Case id (opaque, no PII). */
  caseId: defineSearchAttributeKey('SlaCaseId', SearchAttributeType.KEYWORD),
  /** Human-facing case number, e.g. "CASE-123". */
  caseNumber: defineSearchAttributeKey('SlaCaseNumber', SearchAttributeType.KEYWORD),
  /** KPI name, e.g. "first_response". */
  kpi: defineSearchAttributeKey('SlaKpi', SearchAttributeType.KEYWORD),
  /** Clock state, e.g. ACTIVE | PAUSED | WARNED | BREACHED | MET | CANCELLED. */
  state: defineSearchAttributeKey('SlaState', SearchAttributeType.KEYWORD),
  /** Current failure (breach) deadline. */
  failureAt: defineSearchAttributeKey('SlaFailureAt', SearchAttributeType.DATETIME),
  /** Current warning deadline. */
  warningAt: defineSearchAttributeKey('SlaWarningAt', SearchAttributeType.DATETIME),
  /** True once the failure deadline passed without the KPI being met. */
  breached: defineSearchAttributeKey('SlaBreached', SearchAttributeType.BOOL),
} as const;

export type SlaSearchAttributeKey = (typeof slaSearchAttributes)[keyof typeof slaSearchAttributes];

/** All custom attributes, e.g. for `createLocal({ server: { searchAttributes } })`. */
export const allSlaSearchAttributes: SlaSearchAttributeKey[] = Object.values(slaSearchAttributes);
