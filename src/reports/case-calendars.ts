import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { calendarVersions } from '../../db/schema/index.js';
import { compileCalendar, type CalendarDefinition, type CompiledCalendar } from '../calendar/index.js';

const ALWAYS_OPEN: CalendarDefinition = { timeZone: 'UTC', is24x7: true };
const alwaysOpen = compileCalendar(ALWAYS_OPEN);

/**
 * Compiled calendar versions for the facts refresher. Versions never change (spec §1.8), so a compiled one
 * is kept for the life of the process; the map is bounded because a long-lived process may see many.
 */
export class CalendarVersionCache {
  private readonly compiled = new Map<string, CompiledCalendar>();

  constructor(private readonly capacity = 200) {}

  /** The pinned calendar version, or 24x7 when the KPI had no calendar (or the version is gone). */
  async get(db: DbOrTx, calendarId: string | null, version: number | null): Promise<CompiledCalendar> {
    if (calendarId === null || version === null) return alwaysOpen;
    const key = `${calendarId}@${version}`;
    const hit = this.compiled.get(key);
    if (hit) return hit;
    const [row] = await db
      .select({ definition: calendarVersions.definition })
      .from(calendarVersions)
      .where(and(eq(calendarVersions.calendarId, calendarId), eq(calendarVersions.version, version)));
    const cal = row ? compileCalendar(row.definition as unknown as CalendarDefinition) : alwaysOpen;
    if (this.compiled.size >= this.capacity) this.compiled.delete(this.compiled.keys().next().value as string);
    this.compiled.set(key, cal);
    return cal;
  }
}

export const calendarVersionCache = new CalendarVersionCache();
