/**
 * The running KPI instances a change reaches, each read once with its case (one query per scope, never
 * one per instance): for a calendar, the open instances pinned to an older version of it; for an SLA,
 * the open instances of the cases that pinned another version of it.
 */
import { and, asc, eq, inArray, isNull, ne } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { cases, slaKpiInstances } from '../../db/schema/index.js';
import type { CaseRow } from '../cases/case-lifecycle.js';
import { fingerprintOf, type RunningInstance } from './preview-rules.js';

export type InstanceRow = typeof slaKpiInstances.$inferSelect;

export interface ScopedInstance extends RunningInstance {
  row: InstanceRow;
  caseRow: CaseRow;
}

function scoped(row: InstanceRow, caseRow: CaseRow, withCase: boolean): ScopedInstance {
  return {
    id: row.id,
    caseId: row.caseId,
    caseNumber: caseRow.number,
    kpi: row.kpi,
    applicableFrom: row.applicableFrom,
    pauses: row.pauses,
    pausedSince: row.pausedSince,
    warningAt: row.warningAt,
    failureAt: row.failureAt,
    failedAt: row.failedAt,
    fingerprint: fingerprintOf({ ...row, ...(withCase ? { caseUpdatedAt: caseRow.updatedAt, caseSlaVersion: caseRow.slaVersion } : {}) }),
    row,
    caseRow,
  };
}

/** Open instances on an older version of each calendar than `targets` names, oldest first. */
export async function calendarScope(db: DbOrTx, targets: ReadonlyMap<string, number>): Promise<ScopedInstance[]> {
  if (targets.size === 0) return [];
  const rows = await db
    .select({ instance: slaKpiInstances, caseRow: cases })
    .from(slaKpiInstances)
    .innerJoin(cases, eq(cases.id, slaKpiInstances.caseId))
    .where(and(inArray(slaKpiInstances.calendarId, [...targets.keys()]), isNull(slaKpiInstances.endedAt)))
    .orderBy(asc(slaKpiInstances.createdAt), asc(slaKpiInstances.id));
  return rows
    .filter((r) => r.instance.calendarVersion !== null && r.instance.calendarVersion < targets.get(r.instance.calendarId!)!)
    .map((r) => scoped(r.instance, r.caseRow as CaseRow, false));
}

/** Open instances of the cases that follow another version of the SLA than `version`, by case. */
export async function slaScope(db: DbOrTx, slaId: string, version: number): Promise<ScopedInstance[]> {
  const rows = await db
    .select({ instance: slaKpiInstances, caseRow: cases })
    .from(slaKpiInstances)
    .innerJoin(cases, eq(cases.id, slaKpiInstances.caseId))
    .where(and(eq(cases.slaId, slaId), ne(cases.slaVersion, version), isNull(slaKpiInstances.endedAt)))
    .orderBy(asc(slaKpiInstances.caseId), asc(slaKpiInstances.createdAt), asc(slaKpiInstances.id));
  return rows.map((r) => scoped(r.instance, r.caseRow as CaseRow, true));
}
