/**
 * Resolving holiday lists into a calendar definition (pure). A stored calendar version carries the holidays
 * of the lists it uses IN its definition, so a version pinned by a running KPI instance never changes when a
 * list changes later: the list change creates a new calendar version instead (see holiday-lists.ts).
 */
import { stableJson } from '../calendar/stable-json.js';

export interface HolidayListContent {
  id: string;
  name: string;
  version: number;
  holidays: ReadonlyArray<{ date: string; name?: string }>;
}

/** Metadata the service sets on stored definitions; a client's own `id`/`version` keys are replaced. */
const SERVICE_KEYS = ['id', 'version'] as const;

/** The definition as written, without the service-owned metadata keys. */
export function sourceOf(definition: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(definition)) if (!(SERVICE_KEYS as readonly string[]).includes(k) && v !== undefined) out[k] = v;
  return out;
}

/**
 * The definition a calendar version stores: the source with the lists' holidays appended to its own
 * (a list holiday without a name is named after its list), exact repeats (same date and name) dropped, and
 * `id`/`version` set to the stored calendar's.
 */
export function resolveDefinition(
  source: Record<string, unknown>,
  lists: readonly HolidayListContent[],
  meta: { id: string; version: number },
): Record<string, unknown> {
  const own = Array.isArray(source.holidays) ? (source.holidays as Array<{ date: string; name?: string }>) : [];
  const merged: Array<{ date: string; name?: string }> = [];
  const seen = new Set<string>();
  const add = (h: { date: string; name?: string }) => {
    const key = `${h.date}\u0000${h.name ?? ''}`;
    if (seen.has(key)) return;
    seen.add(key);
    merged.push(h.name === undefined ? { date: h.date } : { date: h.date, name: h.name });
  };
  own.forEach(add);
  for (const list of lists) for (const h of list.holidays) add({ date: h.date, name: h.name ?? list.name });
  const { holidays: _ignored, ...rest } = sourceOf(source);
  return {
    ...rest,
    ...(merged.length > 0 || source.holidays !== undefined ? { holidays: merged } : {}),
    id: meta.id,
    version: meta.version,
  };
}

/** True when two resolved definitions describe the same business time (metadata aside). */
export function sameBusinessTime(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  return stableJson(sourceOf(a)) === stableJson(sourceOf(b));
}
