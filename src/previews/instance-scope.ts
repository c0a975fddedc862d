/**
 * The running KPI instances a change reaches, read once with what the decision needs (one query per
 * scope, never one per instance; only the columns used, the fingerprint computed by the database): for
 * a calendar, the open instances pinned to an older version of it; for an SLA, the open instances of the
 * cases that pinned another version of it, with their case (its fields select the new item).
 */
import { and, asc, eq, getTableColumns, inArray, isNull, ne, or, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { cases, slaKpiInstances as i } from '../../db/schema/index.js';
import type { CaseRow } from '../cases/case-lifecycle.js';
import { caseFieldCatalog } from '../sla/case-fields.js';
import type { RunningInstance } from './preview-rules.js';

export interface ScopedInstance extends RunningInstance {
  calendarId: string | null;
  calendarVersion: number | null;
  warningMinutes: number | null;
  failureMinutes: number;
  warnedAt: Date | null;
  pausedBusinessMinutes: number;
}

/** Everything the decision depends on: mirror writes, pauses, ends and re-pins all change it. */
const instanceFingerprint = sql<string>`concat_ws('|', ${i.updatedAt}::text, ${i.mirrorSeq}::text, coalesce(${i.endedAt}::text, ''), ${i.pauses}::text, coalesce(${i.calendarVersion}::text, ''), ${i.slaItemId}::text)`;

function columns(fingerprint: SQL<string>) {
  return {
    id: i.id,
    caseId: i.caseId,
    caseNumber: cases.number,
    kpi: i.kpi,
    applicableFrom: i.applicableFrom,
    pauses: i.pauses,
    pausedSince: i.pausedSince,
    warningAt: i.warningAt,
    failureAt: i.failureAt,
    warnedAt: i.warnedAt,
    failedAt: i.failedAt,
    pausedBusinessMinutes: i.pausedBusinessMinutes,
    calendarId: i.calendarId,
    calendarVersion: i.calendarVersion,
    warningMinutes: sql<number | null>`(${i.itemSnapshot}->>'warningMinutes')::integer`,
    failureMinutes: sql<number>`coalesce((${i.itemSnapshot}->>'failureMinutes')::integer, 0)`,
    fingerprint: sql<string>`md5(${fingerprint})`,
  };
}

/** Open instances on an older version of each calendar than `targets` names, oldest first. */
export async function calendarScope(db: DbOrTx, targets: ReadonlyMap<string, number>, lock = false): Promise<ScopedInstance[]> {
  if (targets.size === 0) return [];
  const older = [...targets].map(([id, version]) => and(eq(i.calendarId, id), sql`${i.calendarVersion} < ${version}`)!);
  const q = db
    .select(columns(instanceFingerprint))
    .from(i)
    .innerJoin(cases, eq(cases.id, i.caseId))
    .where(and(inArray(i.calendarId, [...targets.keys()]), isNull(i.endedAt), or(...older)))
    .orderBy(asc(i.createdAt), asc(i.id));
  return lock ? q.for('update', { of: i }) : q;
}

/**
 * Applying: the cases locked FOR UPDATE in id order, as every case change locks its case first, so a
 * change committed meanwhile shows in the scope read next (and makes the preview stale), and one that
 * comes later waits for the apply and sees its result.
 */
export async function lockCases(tx: DbOrTx, ids: readonly string[]): Promise<void> {
  const sorted = [...ids].sort();
  for (let k = 0; k < sorted.length; k += 1000) {
    await tx.select({ id: cases.id }).from(cases).where(inArray(cases.id, sorted.slice(k, k + 1000))).orderBy(asc(cases.id)).for('update');
  }
}

export interface SlaScope {
  instances: ScopedInstance[];
  /** Whole rows with `full`, else only what SLA conditions read (src/sla/case-fields.ts). */
  cases: Map<string, CaseRow>;
}

/** The case columns a condition can read, and the free-form fields. */
function factColumns() {
  const all = getTableColumns(cases);
  const picked = Object.fromEntries(Object.entries(all).filter(([name]) => name in caseFieldCatalog || name === 'fields' || name === 'id'));
  return picked as Pick<typeof all, 'id' | 'fields'> & Partial<typeof all>;
}

/** Open instances of the cases that follow another version of the SLA than `version`, with those cases. */
export async function slaScope(db: DbOrTx, slaId: string, version: number, full = false): Promise<SlaScope> {
  const inScope = and(eq(cases.slaId, slaId), ne(cases.slaVersion, version));
  const fingerprint = sql<string>`concat_ws('|', ${instanceFingerprint}, ${cases.updatedAt}::text, ${cases.slaVersion}::text)`;
  const q = db
    .select(columns(fingerprint))
    .from(i)
    .innerJoin(cases, eq(cases.id, i.caseId))
    .where(and(inScope, isNull(i.endedAt)))
    .orderBy(asc(i.caseId), asc(i.createdAt), asc(i.id));
  // Applying (`full`): the instance rows locked too, so a mirror write of their workflows waits for it.
  const instances = full ? await q.for('update', { of: i }) : await q;
  const caseRows = (await db
    .select(full ? getTableColumns(cases) : factColumns())
    .from(cases)
    .where(and(inScope, sql`exists (select 1 from ${i} where ${i.caseId} = ${cases.id} and ${i.endedAt} is null)`))) as CaseRow[];
  return { instances, cases: new Map(caseRows.map((c) => [c.id, c])) };
}
