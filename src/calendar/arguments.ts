/** Checks on the numbers callers pass in: instants, durations, pauses. */
import { END_DAY, MIN_DAY, MS_PER_DAY, MS_PER_MINUTE } from './civil-date.js';
import { CalendarError, invalidArgument } from './errors.js';
import { type Pause, mergePauses } from './pauses.js';

const MIN_MS = MIN_DAY * MS_PER_DAY;
const END_MS = END_DAY * MS_PER_DAY;

/** An instant: integer epoch ms within the supported years. */
export function checkInstant(ms: number, name: string): number {
  if (typeof ms !== 'number' || !Number.isInteger(ms)) {
    throw invalidArgument(`${name} must be an instant as whole epoch milliseconds, got ${String(ms)}`);
  }
  if (ms < MIN_MS || ms >= END_MS) throw new CalendarError('OUT_OF_RANGE', `${name} must be in the years 1900..2399`);
  return ms;
}

/**
 * Business minutes → ms. Fractions are fine as long as they are whole milliseconds: nothing is
 * rounded except floating-point noise below a microsecond (e.g. `elapsedMs / 60000` read back).
 */
export function minutesToMs(minutes: number, name: string): number {
  if (typeof minutes !== 'number' || !Number.isFinite(minutes) || minutes < 0) {
    throw invalidArgument(`${name} must be a finite number of minutes >= 0, got ${String(minutes)}`);
  }
  const raw = minutes * MS_PER_MINUTE;
  const ms = Math.round(raw);
  if (Math.abs(raw - ms) > FLOAT_NOISE_MS) throw invalidArgument(`${name} must be a whole number of milliseconds, got ${minutes} minutes`);
  return ms;
}

const FLOAT_NOISE_MS = 1e-3;

export function checkPauses(pauses: readonly Pause[] | undefined): Pause[] {
  if (pauses === undefined || pauses.length === 0) return [];
  pauses.forEach((p, i) => {
    if (p === null || typeof p !== 'object') throw invalidArgument(`pauses[${i}] must be { from, to }`);
    checkInstant(p.from, `pauses[${i}].from`);
    if (p.to !== Infinity) checkInstant(p.to, `pauses[${i}].to`);
    if (p.to < p.from) throw invalidArgument(`pauses[${i}] ends before it starts`);
  });
  return mergePauses(pauses);
}
