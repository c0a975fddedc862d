/** Stored previews (`change_previews`) and how the API shows them. */
import { eq } from 'drizzle-orm';
import type { Db, DbOrTx, Tx } from '../../db/client.js';
import { changePreviews, type ChangePreviewKind, type PreviewDecision, type PreviewTarget } from '../../db/schema/index.js';
import { actorColumns, type Actor } from '../audit/actor.js';
import { AppError } from '../errors.js';
import { changes, totalsOf } from './preview-rules.js';
import type { PreviewView } from './preview-schemas.js';

type StoredRow = typeof changePreviews.$inferSelect;
export type PreviewRow = Omit<StoredRow, 'decisions'> & { decisions: PreviewDecision[] };

/**
 * A decision as stored: a tuple with instants as epoch ms (10,000 of them are a few MB of JSON as
 * objects, a third of that as tuples, and the insert is most of a preview's time).
 */
type StoredDecision = [
  instanceId: string,
  caseId: string,
  caseNumber: string,
  kpi: string,
  fingerprint: string,
  movement: PreviewDecision['movement'],
  oldWarning: number | null,
  oldFailure: number | null,
  oldBreached: 0 | 1,
  newWarning: number | null,
  newFailure: number | null,
  newBreached: 0 | 1 | null,
  calendarId: string | null,
  calendarVersion: number | null,
  newItemPosition: number | null,
];

const ms = (text: string | null) => (text === null ? null : Date.parse(text));
const text = (epoch: number | null) => (epoch === null ? null : new Date(epoch).toISOString());

function encode(d: PreviewDecision): StoredDecision {
  return [
    d.instanceId,
    d.caseId,
    d.caseNumber,
    d.kpi,
    d.fingerprint,
    d.movement,
    ms(d.old.warningAt),
    ms(d.old.failureAt),
    d.old.breached ? 1 : 0,
    d.new ? ms(d.new.warningAt) : null,
    d.new ? ms(d.new.failureAt) : null,
    d.new ? (d.new.breached ? 1 : 0) : null,
    d.calendar?.id ?? null,
    d.calendar?.version ?? null,
    d.newItemPosition ?? null,
  ];
}

function decode(t: StoredDecision): PreviewDecision {
  const [instanceId, caseId, caseNumber, kpi, fingerprint, movement, oW, oF, oB, nW, nF, nB, calId, calVersion, position] = t;
  return {
    instanceId,
    caseId,
    caseNumber,
    kpi,
    fingerprint,
    movement,
    old: { warningAt: text(oW), failureAt: text(oF), breached: oB === 1 },
    new: nB === null ? null : { warningAt: text(nW), failureAt: text(nF), breached: nB === 1 },
    calendar: calId === null ? null : { id: calId, version: calVersion! },
    ...(position === null ? {} : { newItemPosition: position }),
  };
}

const decoded = (row: StoredRow): PreviewRow => ({ ...row, decisions: (row.decisions as StoredDecision[]).map(decode) });

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
  const stored = p.decisions.map(encode);
  const [row] = await db
    .insert(changePreviews)
    .values({ ...p, decisions: stored, totals: totalsOf(p.decisions), ...actorColumns(actor), createdAt: p.asOf })
    .returning({ id: changePreviews.id, appliedAt: changePreviews.appliedAt, appliedBy: changePreviews.appliedBy });
  return { ...p, ...row, totals: totalsOf(p.decisions), ...actorColumns(actor), createdAt: p.asOf };
}

const previewNotFound = (id: string) => new AppError('PREVIEW_NOT_FOUND', 404, `No preview with id "${id}"; make one with POST .../preview.`, { id });

export async function loadPreview(db: DbOrTx, id: string, lock?: Tx): Promise<PreviewRow> {
  const q = (lock ?? db).select().from(changePreviews).where(eq(changePreviews.id, id));
  const [row] = lock ? await q.for('update') : await q;
  if (!row) throw previewNotFound(id);
  return decoded(row);
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
