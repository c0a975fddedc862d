/** Stored previews (`change_previews`) and how the API shows them. */
import { eq } from 'drizzle-orm';
import type { Db, DbOrTx, Tx } from '../../db/client.js';
import { changePreviews, type ChangePreviewKind, type PreviewDecision, type PreviewTarget } from '../../db/schema/index.js';
import { actorColumns, type Actor } from '../audit/actor.js';
import { AppError } from '../errors.js';
import { changes, totalsOf } from './preview-rules.js';
import type { PreviewView } from './preview-schemas.js';

export type PreviewRow = typeof changePreviews.$inferSelect;

export interface NewPreview {
  kind: ChangePreviewKind;
  subjectId: string;
  baseVersion: number;
  proposed: Record<string, unknown> | null;
  target: PreviewTarget;
  decisions: PreviewDecision[];
  asOf: Date;
}

export async function storePreview(db: DbOrTx, p: NewPreview, actor: Actor): Promise<PreviewRow> {
  const [row] = await db
    .insert(changePreviews)
    .values({ ...p, totals: totalsOf(p.decisions), ...actorColumns(actor), createdAt: p.asOf })
    .returning();
  return row;
}

const previewNotFound = (id: string) => new AppError('PREVIEW_NOT_FOUND', 404, `No preview with id "${id}"; make one with POST .../preview.`, { id });

export async function loadPreview(db: DbOrTx, id: string, lock?: Tx): Promise<PreviewRow> {
  const q = (lock ?? db).select().from(changePreviews).where(eq(changePreviews.id, id));
  const [row] = lock ? await q.for('update') : await q;
  if (!row) throw previewNotFound(id);
  return row;
}

export async function markApplied(tx: Tx, id: string, at: Date, actor: Actor): Promise<void> {
  await tx.update(changePreviews).set({ appliedAt: at, appliedBy: actor.name }).where(eq(changePreviews.id, id));
}

export function previewView(row: PreviewRow, page: { offset: number; limit: number } = { offset: 0, limit: 100 }): PreviewView {
  const changed = row.decisions.filter(changes);
  const slice = changed.slice(page.offset, page.offset + page.limit);
  const next = page.offset + page.limit < changed.length ? page.offset + page.limit : null;
  return {
    id: row.id,
    kind: row.kind,
    subjectId: row.subjectId,
    baseVersion: row.baseVersion,
    proposed: row.proposed !== null,
    target: row.target,
    asOf: row.asOf.toISOString(),
    createdAt: row.createdAt.toISOString(),
    appliedAt: row.appliedAt?.toISOString() ?? null,
    totals: row.totals,
    changes: slice.map((d) => ({
      instanceId: d.instanceId,
      caseId: d.caseId,
      caseNumber: d.caseNumber,
      kpi: d.kpi,
      movement: d.movement as 'earlier' | 'later' | 'ended',
      old: d.old,
      new: d.new,
      newlyBreached: (d.new?.breached ?? false) && !d.old.breached,
      noLongerBreached: d.new !== null && !d.new.breached && d.old.breached,
    })),
    changesTotal: changed.length,
    nextOffset: next,
  };
}

/** The answer of the work inside a transaction that is rolled back (a preview writes nothing). */
class RolledBack<T> extends Error {
  constructor(readonly value: T) {
    super('preview: rolled back');
  }
}

/**
 * Runs `work` in a transaction and rolls it back: a proposal is written exactly as its PUT would write
 * it (same checks, same holiday resolution, same versions), looked at, and undone.
 */
export async function dryRun<T>(db: Db, work: (tx: Tx) => Promise<T>): Promise<T> {
  try {
    await db.transaction(async (tx) => {
      throw new RolledBack(await work(tx));
    });
  } catch (err) {
    if (err instanceof RolledBack) return err.value as T;
    throw err;
  }
  throw new Error('unreachable: the dry run did not roll back');
}

/** The same writes with a transaction handle (their own `transaction` becomes a savepoint). */
export const asDb = (tx: Tx) => tx as unknown as Db;
