import { and, asc, eq } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client.js';
import { processes, processVersions } from '../../db/schema/index.js';
import { actorColumns, type Actor } from '../audit/actor.js';
import { badRequest, notFound, preconditionFailed } from '../errors.js';
import { paginate, type PageRequest } from '../paging.js';
import { definitionProblems, type ProcessDefinition, type Stage } from './definition.js';
import type { Condition } from '../sla/conditions.js';
import { stableJson } from '../calendar/stable-json.js';

/** Process definitions: every save of a changed definition is a new version; versions never change. */
export type ProcessRow = typeof processes.$inferSelect;
export type ProcessVersionRow = typeof processVersions.$inferSelect;

export interface ProcessInput extends ProcessDefinition {
  active?: boolean;
  rank?: number;
}

export interface LoadedProcess {
  process: ProcessRow;
  version: ProcessVersionRow;
  definition: ProcessDefinition;
}

export const definitionOf = (v: ProcessVersionRow): ProcessDefinition => ({
  name: v.name,
  description: v.description,
  applicableWhen: (v.applicableWhen as Condition | null) ?? null,
  stages: v.stages as Stage[],
});

/** 400 naming the first problem's field (all of them in `errors`). */
function assertValid(d: ProcessDefinition): void {
  const problems = definitionProblems(d);
  if (!problems.length) return;
  const [first] = problems;
  throw badRequest(first.code, `${first.field}: ${first.message}`, { field: first.field, errors: problems.map((p) => ({ field: p.field, code: p.code, message: p.message })) });
}

const versionValues = (processId: string, version: number, d: ProcessDefinition, now: Date, actor: Actor) => ({
  processId,
  version,
  name: d.name,
  description: d.description ?? null,
  applicableWhen: d.applicableWhen ?? null,
  stages: d.stages,
  createdAt: now,
  ...actorColumns(actor),
});

export async function createProcess(db: Db, input: ProcessInput, now: Date, actor: Actor): Promise<LoadedProcess> {
  assertValid(input);
  return db.transaction(async (tx) => {
    const [process] = await tx
      .insert(processes)
      .values({ name: input.name, active: input.active ?? true, rank: input.rank ?? 100, currentVersion: 1, createdAt: now, updatedAt: now })
      .returning();
    const [version] = await tx.insert(processVersions).values(versionValues(process.id, 1, input, now, actor)).returning();
    return { process, version, definition: definitionOf(version) };
  });
}

// Stored JSON comes back with its keys reordered (jsonb): compare in a stable key order.
const sameDefinition = (a: ProcessDefinition, b: ProcessDefinition) =>
  stableJson([a.name, a.description ?? null, a.applicableWhen ?? null, a.stages]) === stableJson([b.name, b.description ?? null, b.applicableWhen ?? null, b.stages]);

/**
 * Replaces the definition (If-Match names the current version). A changed definition becomes the next
 * version; running instances stay on the version they pinned until an admin migrates them.
 */
export async function replaceProcess(db: Db, id: string, input: ProcessInput, expectedVersion: number | undefined, now: Date, actor: Actor): Promise<LoadedProcess> {
  assertValid(input);
  return db.transaction(async (tx) => {
    const [row] = await tx.select().from(processes).where(eq(processes.id, id)).for('update');
    if (!row) throw notFound('process', id);
    if (expectedVersion !== undefined && expectedVersion !== row.currentVersion) {
      throw preconditionFailed(`The process changed since you read it (version ${row.currentVersion}, If-Match had ${expectedVersion}); read it again and retry.`, {
        currentVersion: row.currentVersion,
      });
    }
    const current = await loadVersion(tx, id, row.currentVersion);
    const changed = !sameDefinition(definitionOf(current), input);
    const nextVersion = changed ? row.currentVersion + 1 : row.currentVersion;
    if (changed) await tx.insert(processVersions).values(versionValues(id, nextVersion, input, now, actor));
    const [process] = await tx
      .update(processes)
      .set({ name: input.name, active: input.active ?? row.active, rank: input.rank ?? row.rank, currentVersion: nextVersion, updatedAt: now })
      .where(eq(processes.id, id))
      .returning();
    const version = changed ? await loadVersion(tx, id, nextVersion) : current;
    return { process, version, definition: definitionOf(version) };
  });
}

async function loadVersion(db: DbOrTx, processId: string, version: number): Promise<ProcessVersionRow> {
  const [v] = await db.select().from(processVersions).where(and(eq(processVersions.processId, processId), eq(processVersions.version, version)));
  if (!v) throw notFound('process version', `${processId}@${version}`);
  return v;
}

export async function getProcess(db: DbOrTx, id: string, version?: number): Promise<LoadedProcess> {
  const [process] = await db.select().from(processes).where(eq(processes.id, id));
  if (!process) throw notFound('process', id);
  const v = await loadVersion(db, id, version ?? process.currentVersion);
  return { process, version: v, definition: definitionOf(v) };
}

export function listProcesses(db: DbOrTx, page: PageRequest) {
  const keys = [
    { expr: processes.rank, type: 'int' as const },
    { expr: processes.createdAt, type: 'timestamptz' as const },
    { expr: processes.id, type: 'uuid' as const },
  ];
  return paginate({ keys, order: 'asc', scope: 'processes' }, page, async (p) => {
    const rows = await db.select({ process: processes, cursorKey: p.cursorKey }).from(processes).where(p.after).orderBy(...p.orderBy).limit(p.limit);
    const out = [];
    for (const r of rows) out.push({ ...r, loaded: await getProcess(db, r.process.id) });
    return out;
  });
}

/** Active processes with their current definitions, in the order they are tried on a new case. */
export async function activeProcesses(db: DbOrTx): Promise<LoadedProcess[]> {
  const rows = await db
    .select({ process: processes, version: processVersions })
    .from(processes)
    .innerJoin(processVersions, and(eq(processVersions.processId, processes.id), eq(processVersions.version, processes.currentVersion)))
    .where(eq(processes.active, true))
    .orderBy(asc(processes.rank), asc(processes.createdAt), asc(processes.id));
  return rows.map((r) => ({ process: r.process, version: r.version, definition: definitionOf(r.version) }));
}
