/**
 * The API edge: ISO-8601 text ↔ epoch ms. Uses luxon, so it is kept out of the pure engine
 * (index.ts never imports this file). Spec §1.6: an instant must carry its offset.
 */
import { DateTime } from 'luxon';
import { CalendarError } from './errors.js';

const WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.(\d{1,9}))?)?(?:Z|[+-]\d{2}:\d{2})$/i;
const WITHOUT_OFFSET = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?)?$/i;

/**
 * "2025-06-12T15:00:00-04:00" or "...Z" → epoch ms. A local time without an offset is ambiguous
 * (on a fall-back night it names two instants) and is rejected with INSTANT_WITHOUT_OFFSET; anything
 * else that is not such an instant (bad date, sub-millisecond digits) with INSTANT_INVALID.
 */
export function parseInstant(iso: string): number {
  if (typeof iso !== 'string') throw new CalendarError('INSTANT_INVALID', `an instant must be an ISO 8601 string, got ${typeof iso}`);
  const m = WITH_OFFSET.exec(iso);
  if (!m) {
    if (WITHOUT_OFFSET.test(iso)) {
      throw new CalendarError(
        'INSTANT_WITHOUT_OFFSET',
        `"${iso}" has no UTC offset: write it as an instant such as "${iso.length === 10 ? `${iso}T00:00` : iso.replace(' ', 'T')}Z" or with "+02:00"`,
      );
    }
    throw new CalendarError('INSTANT_INVALID', `"${iso}" is not an ISO 8601 instant such as "2025-06-12T15:00:00-04:00"`);
  }
  if (m[1] && m[1].length > 3 && !/^0+$/.test(m[1].slice(3))) {
    throw new CalendarError('INSTANT_INVALID', `"${iso}" is more precise than a millisecond`);
  }
  const dt = DateTime.fromISO(iso, { setZone: true });
  if (!dt.isValid) throw new CalendarError('INSTANT_INVALID', `"${iso}" is not a valid instant: ${dt.invalidExplanation ?? dt.invalidReason}`);
  return dt.toMillis();
}

/** ISO 8601 in `zone` with its offset, e.g. "2025-11-24T10:00:00+01:00" (milliseconds when non-zero). */
export function formatInZone(ms: number, zone: string): string {
  return inZone(ms, zone).toISO({ suppressMilliseconds: true }) as string;
}

/** A short human label, e.g. "Tue 24 Nov 10:00 Europe/Paris". */
export function formatLabel(ms: number, zone: string): string {
  return `${inZone(ms, zone).toFormat('ccc d LLL HH:mm')} ${zone}`;
}

function inZone(ms: number, zone: string): DateTime {
  const dt = DateTime.fromMillis(ms, { zone, locale: 'en-US' });
  if (!dt.isValid) throw new CalendarError('ARGUMENT_INVALID', `cannot show ${ms} in zone "${zone}": ${dt.invalidReason}`);
  return dt;
}
