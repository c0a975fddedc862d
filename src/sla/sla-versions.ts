/**
 * SLA versions: every PUT of an SLA writes a new version (settings in `sla_versions`, items tagged with
 * `sla_items.sla_version`) and older versions stay as they were. A case pins the version its clocks follow
 * (`cases.sla_version`); re-evaluation, pause, resume and reopening read that version, also after the
 * SLA was replaced or deleted. Only an explicit apply may move a case to a newer version.
 */
import { and, asc, eq, isNull } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { cases, slaItems, slas, slaVersions } from '../../db/schema/index.js';
import { AppError, notFound } from '../errors.js';
import { toItemView, type SlaItemRow } from './sla-definitions.js';
import type { SlaVersionView } from './sla-schemas.js';

export type SlaVersionRow = typeof slaVersions.$inferSelect;

/** One version of an SLA as clocks follow it, with where the SLA itself stands now. */
export interface PinnedSla {
  settings: SlaVersionRow;
  items: SlaItemRow[];
  currentVersion: number;
  deletedAt: Date | null;
}

/** Whether a case status pauses the clocks of this SLA version (spec §2.8). */
export function isPausingStatus(settings: Pick<SlaVersionRow, 'allowPause' | 'pausingStatuses'>, status: string): boolean {
  return settings.allowPause && settings.pausingStatuses.includes(status);
}

/** The version a case that gets this SLA now pins: the current one, or null when the SLA is deleted. */
export async function currentSlaVersion(db: DbOrTx, slaId: string): Promise<number | null> {
  const [row] = await db.select({ version: slas.version }).from(slas).where(and(eq(slas.id, slaId), isNull(slas.deletedAt)));
  return row?.version ?? null;
}

/** Any version of an SLA, deleted or not (running clocks keep following it). */
export async function loadSlaVersion(db: DbOrTx, slaId: string, version: number): Promise<PinnedSla | undefined> {
  const [row] = await db
    .select({ settings: slaVersions, currentVersion: slas.version, deletedAt: slas.deletedAt })
    .from(slaVersions)
    .innerJoin(slas, eq(slas.id, slaVersions.slaId))
    .where(and(eq(slaVersions.slaId, slaId), eq(slaVersions.version, version)));
  if (!row) return undefined;
  const items = await db
    .select()
    .from(slaItems)
    .where(and(eq(slaItems.slaId, slaId), eq(slaItems.slaVersion, version)))
    .orderBy(asc(slaItems.position));
  return { ...row, items };
}

export async function getSlaVersion(db: DbOrTx, slaId: string, version: number): Promise<SlaVersionView> {
  const loaded = await loadSlaVersion(db, slaId, version);
  if (!loaded) {
    const [sla] = await db.select({ name: slas.name, version: slas.version }).from(slas).where(eq(slas.id, slaId));
    if (!sla) throw notFound('SLA', slaId);
    throw new AppError('SLA_VERSION_NOT_FOUND', 404, `The SLA "${sla.name}" has no version ${version} (its current version is ${sla.version}).`, {
      id: slaId,
      version,
      currentVersion: sla.version,
    });
  }
  const { settings: s } = loaded;
  return {
    id: s.slaId,
    version: s.version,
    current: s.version === loaded.currentVersion,
    currentVersion: loaded.currentVersion,
    deleted: loaded.deletedAt !== null,
    name: s.name,
    description: s.description,
    calendarId: s.calendarId,
    allowPause: s.allowPause,
    pausingStatuses: s.pausingStatuses,
    createdAt: s.createdAt.toISOString(),
    items: loaded.items.map(toItemView),
  };
}

/** Which SLA version a case's clocks follow, for `GET /v1/cases/{id}/sla` (null: the case has no SLA). */
export interface CaseSlaPin {
  id: string;
  name: string;
  version: number;
  currentVersion: number;
  deleted: boolean;
}

export async function caseSlaPin(db: DbOrTx, caseId: string): Promise<CaseSlaPin | null> {
  const [row] = await db
    .select({ id: slaVersions.slaId, name: slaVersions.name, version: slaVersions.version, currentVersion: slas.version, deletedAt: slas.deletedAt })
    .from(cases)
    .innerJoin(slaVersions, and(eq(slaVersions.slaId, cases.slaId), eq(slaVersions.version, cases.slaVersion)))
    .innerJoin(slas, eq(slas.id, cases.slaId))
    .where(eq(cases.id, caseId));
  if (!row) return null;
  const { deletedAt, ...pin } = row;
  return { ...pin, deleted: deletedAt !== null };
}
