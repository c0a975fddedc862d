/**
 * What-if business-time computations for the API (POST /v1/business-time/deadline and /elapsed): the
 * calendar is a stored one (current or named version), an inline definition, or 24x7 in UTC when neither
 * is given (like an SLA without a calendar). Every engine error becomes a 4xx with its stable code.
 */
import type { DbOrTx } from '../../db/client.js';
import {
  businessDaysToMinutes,
  compileCalendar,
  explainDeadline,
  explainElapsed,
  type CalendarDefinition,
  type CompiledCalendar,
  type Pause,
} from '../calendar/index.js';
import { formatInZone, formatLabel } from '../calendar/instant-text.js';
import { AppError, invalidField } from '../errors.js';
import { loadCalendarVersion } from './calendar-versions.js';
import { instantField, withCalendarErrors } from './calendar-errors.js';
import type { Static } from '@sinclair/typebox';
import type { DeadlineRequest, DeadlineResponse, ElapsedRequest, ElapsedResponse } from './calendar-schemas.js';
import { getCalendar } from './calendars.js';

const TWENTY_FOUR_SEVEN: CalendarDefinition = { timeZone: 'UTC', is24x7: true };

export interface ChosenCalendar {
  compiled: CompiledCalendar;
  id?: string;
  version?: number;
}

interface CalendarChoice {
  calendarId?: string;
  version?: number;
  calendar?: unknown;
}

export async function chooseCalendar(db: DbOrTx, body: CalendarChoice): Promise<ChosenCalendar> {
  if (body.calendarId !== undefined && body.calendar !== undefined) {
    throw invalidField('body.calendar', 'cannot be combined with body.calendarId: give a stored calendar or an inline one');
  }
  if (body.version !== undefined && body.calendarId === undefined) throw invalidField('body.version', 'needs body.calendarId');
  if (body.calendarId !== undefined) {
    const pinned = await loadCalendarVersion(db, body.calendarId, body.version);
    if (!pinned) {
      await getCalendar(db, body.calendarId); // 404 CALENDAR_NOT_FOUND when the calendar itself is missing
      throw new AppError('CALENDAR_VERSION_NOT_FOUND', 404, `body.version: the calendar has no version ${body.version}`, {
        field: 'body.version',
        id: body.calendarId,
        version: body.version,
      });
    }
    const compiled = withCalendarErrors(() => compileCalendar(pinned.definition as CalendarDefinition), { definitionField: 'calendar.definition' });
    return { compiled, id: pinned.id, version: pinned.version };
  }
  if (body.calendar !== undefined) {
    return { compiled: withCalendarErrors(() => compileCalendar(body.calendar as CalendarDefinition), { definitionField: 'body.calendar' }) };
  }
  return { compiled: compileCalendar(TWENTY_FOUR_SEVEN) };
}

function parsePauses(pauses: ReadonlyArray<{ from: string; to?: string | null }> | undefined): Pause[] {
  return (pauses ?? []).map((p, i) => {
    const from = instantField(p.from, `body.pauses[${i}].from`);
    const to = p.to === undefined || p.to === null ? Infinity : instantField(p.to, `body.pauses[${i}].to`);
    if (to < from) throw invalidField(`body.pauses[${i}].to`, `must not be before body.pauses[${i}].from`);
    return { from, to };
  });
}

function timeView(ms: number, zone: string) {
  return { utc: new Date(ms).toISOString(), local: formatInZone(ms, zone), label: formatLabel(ms, zone) };
}

function calendarUsed(c: ChosenCalendar) {
  return {
    ...(c.id !== undefined ? { id: c.id } : {}),
    ...(c.version !== undefined ? { version: c.version } : {}),
    timeZone: c.compiled.timeZone,
    businessDayMinutes: c.compiled.businessDayMinutes,
  };
}

/** The stored calendar's id and version (rows written without them in the definition still say which). */
function explanationRef(c: ChosenCalendar, fromEngine: { id?: string; version?: number | string }) {
  return c.id !== undefined ? { id: c.id, version: c.version } : { ...fromEngine };
}

function durationMinutes(cal: CompiledCalendar, d: DeadlineRequest['duration']): number {
  if ('minutes' in d) return d.minutes;
  if ('hours' in d) return d.hours * 60;
  return withCalendarErrors(() => businessDaysToMinutes(cal, d.businessDays), { field: 'body.duration.businessDays' });
}

export type DeadlineAnswer = Static<typeof DeadlineResponse>;
export type ElapsedAnswer = Static<typeof ElapsedResponse>;

/** The engine's explanations are deeply readonly; the answers are plain JSON of the same shape. */
type DeepMutable<T> = T extends readonly (infer U)[] ? DeepMutable<U>[] : T extends object ? { -readonly [K in keyof T]: DeepMutable<T[K]> } : T;
const asJson = <T>(value: T) => value as DeepMutable<T>;

export async function whatIfDeadline(db: DbOrTx, body: DeadlineRequest): Promise<DeadlineAnswer> {
  const start = instantField(body.start, 'body.start');
  const pauses = parsePauses(body.pauses);
  const chosen = await chooseCalendar(db, body);
  const cal = chosen.compiled;
  const minutes = durationMinutes(cal, body.duration);
  const explanation = withCalendarErrors(() => explainDeadline(cal, start, minutes, { boundary: body.boundary ?? 'fill', pauses }), { field: 'body.duration' });
  return {
    deadline: timeView(explanation.result.ms, cal.timeZone),
    businessMinutes: explanation.businessMinutes,
    calendar: calendarUsed(chosen),
    explanation: { ...asJson(explanation), calendar: explanationRef(chosen, explanation.calendar) },
  };
}

export async function whatIfElapsed(db: DbOrTx, body: ElapsedRequest): Promise<ElapsedAnswer> {
  const from = instantField(body.from, 'body.from');
  const to = instantField(body.to, 'body.to');
  const pauses = parsePauses(body.pauses);
  const chosen = await chooseCalendar(db, body);
  const cal = chosen.compiled;
  const explanation = withCalendarErrors(() => explainElapsed(cal, from, to, { pauses }));
  return {
    businessMinutes: explanation.businessMinutes,
    from: timeView(from, cal.timeZone),
    to: timeView(to, cal.timeZone),
    calendar: calendarUsed(chosen),
    explanation: { ...asJson(explanation), calendar: explanationRef(chosen, explanation.calendar) },
  };
}
