/**
 * A brute-force reference for business time, independent of the engine's machinery: no offset
 * tables, no day blocks, no weekly templates, no jumps. Each local date's intervals come straight
 * from the normalised calendar; each wall-clock boundary is resolved by asking a fresh
 * Intl.DateTimeFormat about candidate offsets ('compatible': earliest valid instant, or the later
 * candidate inside a gap); then it is plain interval arithmetic over the instants.
 * Slow (milliseconds per day): for short spans only.
 */
import type { MinuteInterval, NormalisedCalendar } from '../../../src/calendar/index.js';

const MIN = 60_000;
const DAY = 86_400_000;

export class Oracle {
  private readonly fmt: Intl.DateTimeFormat;
  private readonly offsetCache = new Map<number, number>();
  private readonly dayCache = new Map<number, [number, number][]>();

  constructor(private readonly cal: NormalisedCalendar) {
    this.fmt = new Intl.DateTimeFormat('en-US', {
      timeZone: cal.timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
  }

  /** Business ms in [a, b), a <= b. */
  elapsedMs(a: number, b: number): number {
    let sum = 0;
    for (let dn = this.dayOf(a) - 1; dn <= this.dayOf(b) + 1; dn++) {
      for (const [x, y] of this.dayIntervals(dn)) sum += Math.max(0, Math.min(y, b) - Math.max(x, a));
    }
    return sum;
  }

  /** Earliest t >= open(s) with elapsed(s, t) >= budget; 'next-open' moves a closing time on. */
  deadline(s: number, budgetMs: number, fill: boolean, maxDays = 40): number | undefined {
    let rem = budgetMs;
    const first = this.dayOf(s) - 1;
    for (let dn = first; dn < first + maxDays; dn++) {
      for (const [x, y] of this.dayIntervals(dn)) {
        if (y <= s) continue;
        const a = Math.max(x, s);
        if (rem < y - a || (rem === y - a && fill)) return a + rem;
        rem -= y - a;
      }
    }
    return undefined;
  }

  /** Open intervals of local date `dn` as instants, clipped to the date, merged. */
  dayIntervals(dn: number): [number, number][] {
    const cached = this.dayCache.get(dn);
    if (cached) return cached;
    const start = this.toUtc(dn * DAY);
    const end = this.toUtc((dn + 1) * DAY);
    const raw = this.localIntervals(dn)
      .map(([s, e]): [number, number] => [Math.max(start, this.toUtc(dn * DAY + s * MIN)), Math.min(end, this.toUtc(dn * DAY + e * MIN))])
      .filter(([x, y]) => y > x)
      .sort((p, q) => p[0] - q[0]);
    const merged: [number, number][] = [];
    for (const [x, y] of raw) {
      const last = merged[merged.length - 1];
      if (last && x <= last[1]) last[1] = Math.max(last[1], y);
      else merged.push([x, y]);
    }
    this.dayCache.set(dn, merged);
    return merged;
  }

  private localIntervals(dn: number): readonly MinuteInterval[] {
    const date = new Date(dn * DAY).toISOString().slice(0, 10);
    if (this.cal.holidays.some((h) => h.date === date)) return [];
    const special = this.cal.specialHours.find((s) => s.date === date);
    const jsDay = new Date(dn * DAY).getUTCDay(); // 0 = Sunday
    let open: MinuteInterval[] = [...(special ? special.intervals : this.cal.weekly[(jsDay + 6) % 7])];
    for (const c of this.cal.closures.filter((c) => c.date === date)) {
      open = open.flatMap(([s, e]): MinuteInterval[] =>
        c.to <= s || c.from >= e ? [[s, e]] : ([[s, c.from], [c.to, e]] as MinuteInterval[]).filter(([x, y]) => y > x),
      );
    }
    return open;
  }

  private dayOf(ms: number): number {
    let dn = Math.floor((ms + this.offset(ms)) / DAY);
    while (ms < this.toUtc(dn * DAY)) dn--;
    while (ms >= this.toUtc((dn + 1) * DAY)) dn++;
    return dn;
  }

  private toUtc(wall: number): number {
    const candidates = new Set<number>();
    for (const h of [-48, -24, -12, 0, 12, 24, 48]) candidates.add(this.offset(wall + h * 3_600_000));
    const valid: number[] = [];
    const all: number[] = [];
    for (const o of candidates) {
      const t = wall - o;
      all.push(t);
      if (this.offset(t) === o) valid.push(t);
    }
    return valid.length > 0 ? Math.min(...valid) : Math.max(...all);
  }

  private offset(ms: number): number {
    const second = Math.floor(ms / 1000) * 1000;
    let o = this.offsetCache.get(second);
    if (o === undefined) {
      const p = Object.fromEntries(this.fmt.formatToParts(second).map((x) => [x.type, x.value]));
      o = Date.UTC(+p.year, +p.month - 1, +p.day, +p.hour, +p.minute, +p.second) - second;
      this.offsetCache.set(second, o);
    }
    return o;
  }
}
