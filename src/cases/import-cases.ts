/**
 * Bringing existing cases in from another helpdesk (POST /v1/cases/import). Each case is imported in its
 * own transaction, all or nothing: it is created at its real opening instant (`createdAt = openedAt`, so
 * its SLA clocks start there), then its history is replayed through the ordinary case commands in time
 * order (status changes, first response, resolution), so entitlements and SLA clocks see exactly what a
 * case worked here would have produced; finally the lifecycle's `onImported` lets the SLA clocks settle
 * what the replay queued (see src/sla/imported-clocks.ts) and an `imported` event records the import.
 * The instants were checked at the edge (in the past, in order); what needs the database (customers,
 * owners, queues, entitlements) fails the one case, with the problem, and the others go on.
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { caseEvents, cases, type CaseStatus } from '../../db/schema/index.js';
import type { Actor } from '../audit/actor.js';
import { AppError } from '../errors.js';
import type { CaseLifecycle } from './case-lifecycle.js';
import { changeStatus, recordFirstResponse, resolveCase } from './case-commands.js';
import { recordCaseEvent } from './case-store.js';
import { createCase, type CreateCaseInput } from './create-case.js';

export const MAX_IMPORT_CASES = 1000;

export interface ImportCaseItem extends CreateCaseInput {
  externalId?: string | null;
  openedAt: Date;
  /** Active statuses the case went through, in time order (it opens in_progress). */
  statusHistory?: Array<{ status: Exclude<CaseStatus, 'resolved' | 'cancelled'>; at: Date }>;
  firstResponseAt?: Date | null;
  resolved?: { at: Date; resolution: string } | null;
}

export interface ImportProblem {
  code: string;
  message: string;
  field?: string;
}

export type ImportResult =
  | { index: number; externalId: string | null; status: 'created'; caseId: string; number: string }
  | { index: number; externalId: string | null; status: 'failed'; problem: ImportProblem };

export interface ImportOptions {
  fireOverdueActions: boolean;
  actor: Actor;
  log?: { error(obj: object, msg: string): void };
}

type Step =
  | { kind: 'status'; at: Date; status: NonNullable<ImportCaseItem['statusHistory']>[number]['status']; field: string }
  | { kind: 'first_response'; at: Date; field: string }
  | { kind: 'resolved'; at: Date; resolution: string; field: string };

/** The history in time order; at equal instants the listed order holds, and the resolution comes last. */
function stepsOf(item: ImportCaseItem, prefix: string): Step[] {
  const steps: Step[] = (item.statusHistory ?? []).map((h, j) => ({ kind: 'status', at: h.at, status: h.status, field: `${prefix}.statusHistory[${j}].at` }));
  if (item.firstResponseAt) steps.push({ kind: 'first_response', at: item.firstResponseAt, field: `${prefix}.firstResponseAt` });
  steps.sort((a, b) => a.at.getTime() - b.at.getTime());
  if (item.resolved) steps.push({ kind: 'resolved', at: item.resolved.at, resolution: item.resolved.resolution, field: `${prefix}.resolved.at` });
  return steps;
}

/** The case ids already imported under these external ids (from the `imported` events). */
async function alreadyImported(db: Db, externalIds: string[]): Promise<Map<string, { caseId: string; importedAt: Date }>> {
  if (externalIds.length === 0) return new Map();
  const rows = await db
    .select({ externalId: sql<string>`${caseEvents.data}->>'externalId'`, caseId: caseEvents.caseId, occurredAt: caseEvents.occurredAt })
    .from(caseEvents)
    .where(and(eq(caseEvents.kind, 'imported'), inArray(sql`${caseEvents.data}->>'externalId'`, externalIds)));
  return new Map(rows.map((r) => [r.externalId, { caseId: r.caseId, importedAt: r.occurredAt }]));
}

/** A replayed history step was refused: the problem, at the field of that step. */
class StepFailed extends Error {
  constructor(
    readonly problem: AppError,
    readonly field: string,
  ) {
    super(problem.message);
  }
}

/** Field names of the single-case commands (`body.queueId`, `body.at`) as paths into the import request. */
function fieldOf(err: AppError, prefix: string): string | undefined {
  const field = typeof err.details.field === 'string' ? err.details.field : undefined;
  return field?.startsWith('body.') ? `${prefix}.${field.slice('body.'.length)}` : field;
}

async function importOne(
  db: Db,
  lifecycle: Pick<CaseLifecycle, 'emit'>,
  item: ImportCaseItem,
  prefix: string,
  options: ImportOptions,
  now: Date,
): Promise<{ id: string; number: string }> {
  const { actor } = options;
  return db.transaction(async (tx) => {
    // The case commands open their own transactions: inside this one they are savepoints, so the whole
    // case still commits or rolls back as one.
    const txDb = tx as unknown as Db;
    const { externalId, openedAt, statusHistory: _h, firstResponseAt: _f, resolved: _r, ...fields } = item;
    const created = await createCase(txDb, lifecycle, fields, openedAt, actor);
    let status: CaseStatus = created.status;
    for (const step of stepsOf(item, prefix)) {
      try {
        if (step.kind === 'status') {
          if (step.status === status) continue; // a repeated status changes nothing
          status = (await changeStatus(txDb, lifecycle, { id: created.id, status: step.status, at: step.at, actor }, now)).status;
        } else if (step.kind === 'first_response') {
          await recordFirstResponse(txDb, lifecycle, { id: created.id, at: step.at, actor }, now);
        } else {
          status = (await resolveCase(txDb, lifecycle, { id: created.id, resolution: step.resolution, at: step.at, actor }, now)).status;
        }
      } catch (err) {
        throw err instanceof AppError ? new StepFailed(err, step.field) : err;
      }
    }
    const [c] = await tx.update(cases).set({ updatedAt: now }).where(eq(cases.id, created.id)).returning();
    await lifecycle.emit('onImported', tx, c, { importedAt: now, fireOverdueActions: options.fireOverdueActions });
    const summary = `Imported (opened ${openedAt.toISOString()}${externalId ? `, external id ${externalId}` : ''})`;
    await recordCaseEvent(
      tx,
      { caseId: c.id, kind: 'imported', summary, data: { externalId: externalId ?? null, openedAt: openedAt.toISOString(), fireOverdueActions: options.fireOverdueActions }, occurredAt: now, actor },
      now,
    );
    // Every event of the case, the replayed ones too, was recorded now (their occurredAt says when it happened).
    await tx.update(caseEvents).set({ createdAt: now }).where(eq(caseEvents.caseId, c.id));
    return { id: c.id, number: c.number };
  });
}

/**
 * Imports the cases one by one (each in its own transaction) and answers one result per case, in request
 * order. After each commit the lifecycle's `afterCommit` hands the case's clock commands to delivery.
 */
export async function importCases(
  db: Db,
  lifecycle: Pick<CaseLifecycle, 'emit' | 'afterCommit'>,
  items: ImportCaseItem[],
  options: ImportOptions,
  now: Date,
): Promise<ImportResult[]> {
  const known = await alreadyImported(db, items.flatMap((i) => (i.externalId ? [i.externalId] : [])));
  const results: ImportResult[] = [];
  for (const [index, item] of items.entries()) {
    const externalId = item.externalId ?? null;
    const prefix = `body.cases[${index}]`;
    const fail = (problem: ImportProblem) => results.push({ index, externalId, status: 'failed', problem });
    const earlier = externalId ? known.get(externalId) : undefined;
    if (earlier) {
      fail({
        code: 'CASE_ALREADY_IMPORTED',
        message: `${prefix}.externalId "${externalId}" was already imported as case ${earlier.caseId} at ${earlier.importedAt.toISOString()}.`,
        field: `${prefix}.externalId`,
      });
      continue;
    }
    try {
      const c = await importOne(db, lifecycle, item, prefix, options, now);
      results.push({ index, externalId, status: 'created', caseId: c.id, number: c.number });
      await lifecycle.afterCommit(c.id);
    } catch (err) {
      if (err instanceof StepFailed) fail({ code: err.problem.code, message: err.problem.message, field: err.field });
      else if (err instanceof AppError) fail({ code: err.code, message: err.message, field: fieldOf(err, prefix) });
      else {
        options.log?.error({ err, index, externalId }, 'case import failed unexpectedly');
        fail({ code: 'INTERNAL', message: 'This case could not be imported because of an unexpected error (logged with the request id); nothing of it was written.' });
      }
    }
  }
  return results;
}
