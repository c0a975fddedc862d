import { and, desc, eq, inArray } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { caseEvents, cases } from '../../db/schema/index.js';
import { conflict, notFound, preconditionFailed, unprocessable } from '../errors.js';
import type { CaseDraft, CaseLifecycle, CaseRow } from './case-lifecycle.js';
import { isActive } from './case-status.js';
import { actorColumns, type Actor } from '../audit/actor.js';

/** What case commands need from the lifecycle: emitting inside the transaction. */
export type CaseEvents = Pick<CaseLifecycle, 'emit'>;

/**
 * Reads a case and locks its row until the transaction ends, so commands on one case run one after the
 * other; 404 CASE_NOT_FOUND when it does not exist. With `expectedVersion` (from If-Match) a stale read is 412.
 */
export async function lockCase(tx: Tx, id: string, expectedVersion?: number): Promise<CaseRow> {
  const [row] = await tx.select().from(cases).where(eq(cases.id, id)).for('update');
  if (!row) throw notFound('case', id);
  if (expectedVersion !== undefined && row.version !== expectedVersion) {
    throw preconditionFailed(`The case changed since you read it (If-Match names version ${expectedVersion}); read it again and reapply your change.`, {
      etag: `W/"${row.version}"`,
    });
  }
  return row;
}

/**
 * Writes changes to a case as `UPDATE ... WHERE id = ? AND version = ?`, bumping the version. Under the
 * row lock of lockCase it cannot miss; if it ever does, the answer is 412 like any lost race.
 */
export async function writeCase(tx: Tx, before: CaseRow, set: Partial<CaseDraft>, now: Date): Promise<CaseRow> {
  const [row] = await tx
    .update(cases)
    .set({ ...set, updatedAt: now, version: before.version + 1 })
    .where(and(eq(cases.id, before.id), eq(cases.version, before.version)))
    .returning();
  if (!row) throw preconditionFailed('The case changed while this request was processed; read it again and retry.');
  return row;
}

/** Writes a case event with the actor that caused it (the request's API key, or a system actor). */
export async function recordCaseEvent(
  tx: Tx,
  event: { caseId: string; kind: string; summary: string; data?: Record<string, unknown>; occurredAt: Date; actor: Actor },
  now: Date,
): Promise<void> {
  const { actor, ...values } = event;
  await tx.insert(caseEvents).values({ ...values, data: values.data ?? {}, ...actorColumns(actor), createdAt: now });
}

/** 409 CASE_NOT_ACTIVE for changes to a resolved or cancelled case. */
export function assertActive(c: CaseRow): void {
  if (!isActive(c.status)) {
    throw conflict('CASE_NOT_ACTIVE', `Case ${c.number} is ${c.status}; reopen it first (POST /v1/cases/{id}/reopen).`, { caseStatus: c.status });
  }
}

/** Clock skew tolerated for client-reported instants. */
export const FUTURE_TOLERANCE_MS = 60_000;

export const statusEventKinds = ['created', 'status_changed', 'resolved', 'cancelled', 'reopened'];

/**
 * Checks a client-reported instant (`at`) for something that happened to the case and returns the instant
 * to record: not before the case was created and, for status changes, not before the last status change
 * (so pause intervals never overlap); not in the future, except that up to a minute of client clock skew
 * is accepted and recorded as now (so a later command that defaults to now is never "before" it).
 * 422 INVALID_EVENT_TIME otherwise.
 */
export async function checkEventTime(tx: Tx, c: CaseRow, reported: Date, now: Date, options: { statusChange: boolean }): Promise<Date> {
  const at = reported > now ? now : reported;
  const refuse = (reason: string, details: Record<string, unknown> = {}) =>
    unprocessable('INVALID_EVENT_TIME', `body.at ${reason}`, { field: 'body.at', at: reported.toISOString(), ...details });
  if (reported.getTime() > now.getTime() + FUTURE_TOLERANCE_MS) throw refuse('is in the future', { now: now.toISOString() });
  if (at < c.createdAt) throw refuse('is before the case was created', { createdAt: c.createdAt.toISOString() });
  if (!options.statusChange) return at;
  const [last] = await tx
    .select({ occurredAt: caseEvents.occurredAt })
    .from(caseEvents)
    .where(and(eq(caseEvents.caseId, c.id), inArray(caseEvents.kind, statusEventKinds)))
    .orderBy(desc(caseEvents.occurredAt))
    .limit(1);
  if (last && at < last.occurredAt) {
    throw refuse('is before the last status change of the case', { lastStatusChangeAt: last.occurredAt.toISOString() });
  }
  return at;
}
