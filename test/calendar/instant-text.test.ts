/** The API edge: ISO text ↔ epoch ms (spec §1.6: instants carry an offset). */
import { describe, expect, it } from 'vitest';
import { CalendarError } from '../../src/calendar/index.js';
import { formatInZone, formatLabel, parseInstant } from '../../src/calendar/instant-text.js';

const code = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (e) {
    return e instanceof CalendarError ? e.code : 'not a CalendarError';
  }
  return undefined;
};

describe('parseInstant', () => {
  it('reads Z and ±HH:MM offsets, with or without seconds and milliseconds', () => {
    const ms = Date.UTC(2025, 5, 12, 19, 0);
    expect(parseInstant('2025-06-12T19:00Z')).toBe(ms);
    expect(parseInstant('2025-06-12T15:00:00-04:00')).toBe(ms);
    expect(parseInstant('2025-06-13T00:45:00.000+05:45')).toBe(ms);
    expect(parseInstant('2025-06-12T19:00:00.123Z')).toBe(ms + 123);
    expect(parseInstant('2025-06-12T19:00:00.123000Z')).toBe(ms + 123);
  });

  it('gives the same instant for every offset that names it', () => {
    expect(parseInstant('2025-11-02T01:30:00-04:00')).toBe(parseInstant('2025-11-02T05:30:00Z'));
    expect(parseInstant('2025-11-02T01:30:00-05:00')).toBe(parseInstant('2025-11-02T06:30:00Z'));
  });

  it('rejects local times without an offset with INSTANT_WITHOUT_OFFSET', () => {
    for (const text of ['2025-11-02T01:30', '2025-11-02T01:30:00', '2025-11-02 01:30', '2025-11-02']) {
      expect(code(() => parseInstant(text))).toBe('INSTANT_WITHOUT_OFFSET');
    }
  });

  it('rejects dates that do not exist, garbage and sub-millisecond precision with INSTANT_INVALID', () => {
    for (const text of ['2025-02-30T10:00:00Z', 'tomorrow', '2025-06-12T25:00:00Z', '2025-06-12T10:00:00.1234Z', '']) {
      expect(code(() => parseInstant(text))).toBe('INSTANT_INVALID');
    }
  });
});

describe('formatInZone and formatLabel', () => {
  it('shows an instant in a zone with its offset', () => {
    const ms = parseInstant('2026-11-24T09:00:00Z');
    expect(formatInZone(ms, 'Europe/Paris')).toBe('2026-11-24T10:00:00+01:00');
    expect(formatInZone(ms + 5, 'Asia/Kathmandu')).toBe('2026-11-24T14:45:00.005+05:45');
  });

  it('gives a short human label', () => {
    expect(formatLabel(parseInstant('2026-11-24T09:00:00Z'), 'Europe/Paris')).toBe('Tue 24 Nov 10:00 Europe/Paris');
  });

  it('rejects an unknown zone', () => {
    expect(code(() => formatInZone(0, 'Mars/Base'))).toBe('ARGUMENT_INVALID');
  });
});
